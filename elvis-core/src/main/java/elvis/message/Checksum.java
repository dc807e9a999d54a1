package elvis.message;

/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624). Sums are kept unfolded
 * or folded to 16 bits; the checksum field is the ones' complement of the folded sum.
 */
public final class Checksum {
    private Checksum() {}

    /**
     * Sum of 16-bit big-endian words over {@code len} bytes. When {@code oddStart} the bytes begin at
     * an odd offset of the enclosing message, so each byte's weight is swapped (RFC 1071 §2(B)).
     */
    static long partial(byte[] a, int off, int len, boolean oddStart) {
        long acc = 0;
        int i = off, end = off + len;
        // Eight bytes at a time: a ones'-complement sum of 32-bit words folds to the same 16-bit sum.
        for (; i + 8 <= end; i += 8) {
            long v = (long) BIG_ENDIAN_LONG.get(a, i);
            acc += (v >>> 32) + (v & 0xFFFF_FFFFL);
        }
        for (; i + 1 < end; i += 2) acc += ((a[i] & 0xFF) << 8) | (a[i + 1] & 0xFF);
        if (i < end) acc += (a[i] & 0xFF) << 8;
        if (oddStart) acc = swap(fold(acc));
        return acc;
    }

    private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** Folds carries into 16 bits (end-around carry). */
    public static int fold(long acc) {
        // No data-dependent loop: 2^32 and 2^16 are both 1 modulo 0xFFFF, and four steps bring any
        // 64-bit value (read unsigned) below 2^16.
        acc = (acc & 0xFFFF_FFFFL) + (acc >>> 32);
        acc = (acc & 0xFFFF) + (acc >>> 16);
        acc = (acc & 0xFFFF) + (acc >>> 16);
        acc = (acc & 0xFFFF) + (acc >>> 16);
        return (int) acc;
    }

    static int swap(int s) { return ((s & 0xFF) << 8) | (s >>> 8); }

    /** Sum of a message made of a part with sum {@code a} and length {@code lenA}, then a part with sum {@code b}. */
    public static int combine(int a, int b, int lenA) {
        return fold((long) a + ((lenA & 1) == 0 ? b : swap(b)));
    }

    /** The value to store in a checksum field covering data whose sum is {@code sum}. */
    public static int finish(long sum) { return ~fold(sum) & 0xFFFF; }

    /** Ones'-complement sum (folded) of a byte range starting at an even offset. */
    public static int sum(byte[] a, int off, int len) { return fold(partial(a, off, len, false)); }

    /** Checksum of a whole byte range. */
    public static int of(byte[] a, int off, int len) { return finish(partial(a, off, len, false)); }

    /** True when data including its checksum field sums to 0xFFFF (RFC 1071 verification). */
    public static boolean verifies(long sum) { return fold(sum) == 0xFFFF; }

    /**
     * RFC 1624 eqn. 3: the new checksum after one 16-bit word changed from {@code oldWord} to
     * {@code newWord}: HC' = ~(~HC + ~m + m'). Never yields the -0 quirk of eqn. 2.
     */
    public static int update(int oldChecksum, int oldWord, int newWord) {
        return ~fold((~oldChecksum & 0xFFFF) + (~oldWord & 0xFFFF) + (long) (newWord & 0xFFFF)) & 0xFFFF;
    }

    /** Adds the 16-bit words of an int (IPv4 address) into a sum. */
    public static long addInt(long sum, int v) { return sum + (v >>> 16) + (v & 0xFFFF); }
}
