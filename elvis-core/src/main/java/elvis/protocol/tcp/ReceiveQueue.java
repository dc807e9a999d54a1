package elvis.protocol.tcp;

import elvis.message.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * Segments that arrived beyond RCV.NXT, kept sorted and without overlap, and the SACK blocks that
 * describe them (RFC 2018 §4: the first block holds the newest segment, then the most recently
 * reported blocks).
 */
final class ReceiveQueue {
    private record Piece(long start, Message data) {
        long end() { return start + data.length(); }
    }

    private final List<Piece> pieces = new ArrayList<>();
    private long[] reported = new long[TcpSegment.MAX_SACK_BLOCKS];   // left edges in the last SACK option, newest first
    private int reportedCount;
    private long newest = -1;

    boolean isEmpty() { return pieces.isEmpty(); }

    /** Contiguous runs of held data: the SACK blocks there are to report (without reporting them). */
    int blockCount() {
        int n = 0;
        for (int i = 0; i < pieces.size(); i++) if (i == 0 || pieces.get(i - 1).end() != pieces.get(i).start) n++;
        return n;
    }

    long bytes() {
        long b = 0;
        for (Piece p : pieces) b += p.data.length();
        return b;
    }

    /** Stores data at offset {@code start}, trimming what is already held. */
    void add(long start, Message data) {
        long end = start + data.length();
        int i = 0;
        while (i < pieces.size() && pieces.get(i).end() <= start) i++;
        newest = start;
        long at = start;
        // Fill only the gaps between held pieces within [start, end).
        while (at < end) {
            long gapEnd = i < pieces.size() ? Math.min(end, pieces.get(i).start) : end;
            if (gapEnd > at) {
                pieces.add(i++, new Piece(at, data.slice((int) (at - start), (int) (gapEnd - at))));
            }
            if (i < pieces.size() && pieces.get(i).start < end) at = Math.max(gapEnd, pieces.get(i++).end());
            else at = end;
        }
    }

    /** Removes and returns the first piece if it starts at or before {@code rcvNxt}, trimmed to begin there; else null. */
    Message takeAt(long rcvNxt) {
        while (!pieces.isEmpty()) {
            Piece p = pieces.getFirst();
            if (p.start > rcvNxt) return null;
            pieces.removeFirst();
            if (p.end() > rcvNxt) return p.data.slice((int) (rcvNxt - p.start));
        }
        return null;
    }

    /**
     * Writes up to {@code max} SACK blocks as (left, right) offsets into {@code out}; returns how many.
     * Offsets are relative to the connection's IRS.
     */
    int sackBlocks(long[] out, int max) {
        if (pieces.isEmpty()) { reportedCount = 0; return 0; }
        int count = 0;
        count = addBlockContaining(newest, out, count, max);
        for (int k = 0; k < reportedCount && count < max; k++) count = addBlockContaining(reported[k], out, count, max);
        for (int k = pieces.size() - 1; k >= 0 && count < max; k--) count = addBlockContaining(pieces.get(k).start, out, count, max);
        reportedCount = count;
        for (int k = 0; k < count; k++) reported[k] = out[2 * k];
        return count;
    }

    private int addBlockContaining(long offset, long[] out, int count, int max) {
        if (count >= max) return count;
        int i = 0;
        while (i < pieces.size() && pieces.get(i).end() <= offset) i++;
        if (i == pieces.size() || pieces.get(i).start > offset) return count;
        while (i > 0 && pieces.get(i - 1).end() == pieces.get(i).start) i--;
        long left = pieces.get(i).start, right = pieces.get(i).end();
        for (int j = i + 1; j < pieces.size() && pieces.get(j).start == right; j++) right = pieces.get(j).end();
        for (int k = 0; k < count; k++) if (out[2 * k] == left) return count;
        out[2 * count] = left;
        out[2 * count + 1] = right;
        return count + 1;
    }
}
