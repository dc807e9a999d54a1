package elvis.message;

/**
 * Precomputed ones'-complement sums of an array sent many times (a served file; Rusty's "summed-area
 * table", R-RU-4): the folded sum of the bytes before every {@value #BLOCK}-byte boundary, and how
 * many blocks before it hold a nonzero byte. The sum of any range is then two lookups plus the
 * bytes between its ends and the nearest boundaries (fewer than {@value #BLOCK} at each end), so
 * O(1) whatever the range's length, and exactly the direct sum, including its zero: the difference of
 * two prefix sums cannot tell 0x0000 from 0xFFFF, the block counts can. Costs 6 bytes per block
 * (under 10% of the array).
 */
final class ChecksumTable {
    static final int BLOCK = 64;          // even, so every boundary is an even offset

    private final byte[] bytes;
    private final char[] prefix;          // prefix[k]: folded sum of bytes [0, k * BLOCK)
    private final int[] nonZero;          // nonZero[k]: blocks before k * BLOCK holding a nonzero byte

    ChecksumTable(byte[] bytes) {
        this.bytes = bytes;
        int blocks = bytes.length / BLOCK;
        prefix = new char[blocks + 1];
        nonZero = new int[blocks + 1];
        long acc = 0;
        for (int k = 0; k < blocks; k++) {
            long s = Checksum.partial(bytes, k * BLOCK, BLOCK, false);
            acc = Checksum.fold(acc + s);
            prefix[k + 1] = (char) acc;
            nonZero[k + 1] = nonZero[k] + (s != 0 ? 1 : 0);
        }
    }

    /** The folded sum of bytes [from, from + len) of the array, as {@link Checksum#sum} gives it. */
    int sum(int from, int len) {
        int to = from + len;
        int b = (from + BLOCK - 1) / BLOCK, e = to / BLOCK;       // whole blocks [b, e)
        if (b >= e) return Checksum.fold(Checksum.partial(bytes, from, len, false));
        int headLen = b * BLOCK - from;
        int head = Checksum.fold(Checksum.partial(bytes, from, headLen, false));
        int mid = Checksum.fold(prefix[e] + (~prefix[b] & 0xFFFF));           // ones'-complement difference
        if (mid == 0 || mid == 0xFFFF) mid = nonZero[e] == nonZero[b] ? 0 : 0xFFFF;
        int tail = Checksum.fold(Checksum.partial(bytes, e * BLOCK, to - e * BLOCK, false));
        int s = Checksum.combine(head, mid, headLen);
        return Checksum.combine(s, tail, e * BLOCK - from);
    }
}
