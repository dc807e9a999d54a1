package elvis.cpu;

import java.math.BigInteger;

/** a·b/c in whole numbers without overflow, rounded one stated way: the CPU model's times are exact to the nanosecond. */
final class Exact {
    private Exact() {}

    /** ⌊a·b/c⌋ for a, b ≥ 0 and c > 0, saturating at Long.MAX_VALUE. */
    static long mulDivFloor(long a, long b, long c) {
        long hi = Math.multiplyHigh(a, b), lo = a * b;
        if (hi == 0 && lo >= 0) return lo / c;
        return saturate(big(hi, lo).divide(BigInteger.valueOf(c)));
    }

    /** ⌈a·b/c⌉ for a, b ≥ 0 and c > 0, saturating at Long.MAX_VALUE. */
    static long mulDivCeil(long a, long b, long c) {
        long hi = Math.multiplyHigh(a, b), lo = a * b;
        if (hi == 0 && lo >= 0) return Math.ceilDiv(lo, c);
        BigInteger[] qr = big(hi, lo).divideAndRemainder(BigInteger.valueOf(c));
        return saturate(qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE));
    }

    /** acc + a·b for non-negative values, saturating at Long.MAX_VALUE: results of runs far longer than any real one stay sane. */
    static long addProduct(long acc, long a, long b) {
        long hi = Math.multiplyHigh(a, b), lo = a * b;
        if (hi != 0 || lo < 0) return Long.MAX_VALUE;
        long sum = acc + lo;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static BigInteger big(long hi, long lo) {
        return BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    }

    private static long saturate(BigInteger v) {
        return v.bitLength() < 64 ? v.longValue() : Long.MAX_VALUE;
    }
}
