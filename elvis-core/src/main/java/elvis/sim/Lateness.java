package elvis.sim;

/**
 * A distribution of lateness values in nanoseconds (how long after its time an event ran): count,
 * mean, maximum and quantiles to within 1/32 of the value, in a fixed 2 KB whatever the count. Values
 * below zero (an event run early, which the real-time kernel never does) count as zero.
 */
public final class Lateness {
    private static final int SUB = 32;                       // sub-buckets per power of two: 3% resolution
    private final long[] buckets = new long[64 * SUB];
    private long count, sum, max;

    public void record(long ns) {
        if (ns < 0) ns = 0;
        buckets[bucket(ns)]++;
        count++;
        sum += ns;
        if (ns > max) max = ns;
    }

    private static int bucket(long ns) {
        if (ns < SUB) return (int) ns;                       // exact below 32 ns
        int exp = 63 - Long.numberOfLeadingZeros(ns);        // ns in [2^exp, 2^(exp+1)), exp >= 5
        int sub = (int) (ns >>> (exp - 5)) & (SUB - 1);
        return (exp - 4) * SUB + sub;
    }

    /** The largest value that falls in bucket {@code b}. */
    private static long upper(int b) {
        if (b < SUB) return b;
        int exp = b / SUB + 4, sub = b % SUB;
        return exp == 63 && sub == SUB - 1 ? Long.MAX_VALUE : ((long) (SUB + sub + 1) << (exp - 5)) - 1;
    }

    public long count() { return count; }

    public long maxNs() { return max; }

    public double meanNs() { return count == 0 ? 0 : (double) sum / count; }

    /** The value that {@code q} (0 < q ≤ 1) of the recorded ones do not exceed, to within 1/32 above; 0 when empty. */
    public long quantileNs(double q) {
        if (!(q > 0 && q <= 1)) throw new IllegalArgumentException("quantile must be in (0, 1]: " + q);
        if (count == 0) return 0;
        long rank = (long) Math.ceil(q * count), seen = 0;
        for (int b = 0; b < buckets.length; b++) {
            seen += buckets[b];
            if (seen >= rank) return Math.min(upper(b), max);
        }
        return max;
    }
}
