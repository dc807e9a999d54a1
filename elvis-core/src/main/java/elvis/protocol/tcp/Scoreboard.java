package elvis.protocol.tcp;

/**
 * The sender's record of SACKed ranges above SND.UNA (RFC 6675 §3), as sorted disjoint
 * [start, end) ranges of sequence offsets in two arrays. Lookups are binary searches, so an ACK costs
 * O(log n) in the number of holes however large the window; inserting or merging a range moves the
 * ranges above it with one array copy.
 */
final class Scoreboard {
    /** RFC 6675 §2 DupThresh. */
    static final int DUP_THRESH = 3;

    private long[] starts = new long[4], ends = new long[4];
    private int n;
    private long sackedBytes;

    boolean isEmpty() { return n == 0; }
    long sackedBytes() { return sackedBytes; }
    /** One past the highest SACKed offset, or 0 when nothing is SACKed. */
    long highest() { return n == 0 ? 0 : ends[n - 1]; }

    void clear() { n = 0; sackedBytes = 0; }

    /** Records [start, end), merging with what it overlaps or touches; returns how many bytes were not SACKed before. */
    long add(long start, long end) {
        if (end <= start) return 0;
        long before = sackedBytes;
        int i = firstEndingAtOrAbove(start);
        int j = i;
        while (j < n && starts[j] <= end) {
            start = Math.min(start, starts[j]);
            end = Math.max(end, ends[j]);
            sackedBytes -= ends[j] - starts[j];
            j++;
        }
        int removed = j - i;
        if (removed == 0) {
            if (n == starts.length) { starts = java.util.Arrays.copyOf(starts, n * 2); ends = java.util.Arrays.copyOf(ends, n * 2); }
            System.arraycopy(starts, i, starts, i + 1, n - i);
            System.arraycopy(ends, i, ends, i + 1, n - i);
            n++;
        } else if (removed > 1) {
            System.arraycopy(starts, j, starts, i + 1, n - j);
            System.arraycopy(ends, j, ends, i + 1, n - j);
            n -= removed - 1;
        }
        starts[i] = start;
        ends[i] = end;
        sackedBytes += end - start;
        return sackedBytes - before;
    }

    /** Drops what lies below the new cumulative acknowledgement. */
    void ackedTo(long una) {
        int k = 0;
        while (k < n && ends[k] <= una) { sackedBytes -= ends[k] - starts[k]; k++; }
        if (k > 0) {
            System.arraycopy(starts, k, starts, 0, n - k);
            System.arraycopy(ends, k, ends, 0, n - k);
            n -= k;
        }
        if (n > 0 && starts[0] < una) { sackedBytes -= una - starts[0]; starts[0] = una; }
    }

    boolean isSacked(long off) {
        int k = firstEndingAbove(off);
        return k < n && starts[k] <= off;
    }

    /** The index of the first range whose end is at or above {@code off} (n if none). */
    private int firstEndingAtOrAbove(long off) { return firstEndingAbove(off - 1); }

    /** The index of the first range whose end is above {@code off} (n if none): the range holding off, or the next. */
    private int firstEndingAbove(long off) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= off) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /**
     * RFC 6675 §4 IsLost() for every offset at once: an unSACKed offset is lost when DupThresh SACKed
     * ranges lie above it, or more than (DupThresh − 1)·SMSS SACKed bytes. Both counts only grow
     * downwards, so the lost offsets are exactly the unSACKed ones below the returned offset (0: none).
     */
    long lostBelow(int smss) {
        long above = 0;
        for (int k = n - 1; k >= 0; k--) {             // at most DUP_THRESH ranges are visited
            above += ends[k] - starts[k];
            if (n - k >= DUP_THRESH || above > (DUP_THRESH - 1L) * smss) return starts[k];
        }
        return 0;
    }

    /** One past the highest offset below {@code limit} that is not SACKed. */
    long highestUnsackedEnd(long limit) {
        for (int k = n - 1; k >= 0; k--) {
            if (ends[k] < limit) return limit;
            if (starts[k] < limit) limit = starts[k];
        }
        return limit;
    }

    /** The end of the highest SACKed range that ends at or below {@code off}, or 0. */
    long sackedEndBelow(long off) {
        int k = firstEndingAbove(off) - 1;
        return k >= 0 ? ends[k] : 0;
    }

    /** The first offset at or after {@code from} that is not SACKed. */
    long skipSacked(long from) {
        int k = firstEndingAbove(from);
        return k < n && starts[k] <= from ? ends[k] : from;
    }

    /** The first SACKed offset above {@code from}, or {@code limit}. */
    long nextSacked(long from, long limit) {
        int k = firstEndingAbove(from);
        if (k < n && starts[k] <= from) k++;
        return k < n ? Math.min(starts[k], limit) : limit;
    }

    /** Bytes in [from, to) that are not SACKed; visits only the ranges that overlap it. */
    long unsackedBetween(long from, long to) {
        if (to <= from) return 0;
        long covered = 0;
        for (int k = firstEndingAbove(from); k < n && starts[k] < to; k++) covered += Math.min(to, ends[k]) - Math.max(from, starts[k]);
        return to - from - covered;
    }
}
