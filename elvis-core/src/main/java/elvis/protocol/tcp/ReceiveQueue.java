package elvis.protocol.tcp;

import elvis.message.Message;

import java.util.Map;
import java.util.TreeMap;

/**
 * Segments that arrived beyond RCV.NXT, kept sorted and without overlap, and the SACK blocks that
 * describe them (RFC 2018 §4: the first block holds the newest segment, then the most recently
 * reported blocks). Pieces and their contiguous runs (blocks) are kept in two sorted maps, so that
 * storing a segment, taking the next in-order one and building a SACK option each cost O(log n),
 * however many segments a large window holds behind one hole.
 */
final class ReceiveQueue {
    private final TreeMap<Long, Message> pieces = new TreeMap<>();    // start offset -> data; disjoint
    private final TreeMap<Long, Long> blocks = new TreeMap<>();       // left -> right of each maximal contiguous run
    private final long[] reported = new long[TcpSegment.MAX_SACK_BLOCKS];   // left edges in the last SACK option, newest first
    private int reportedCount;
    private long newest = -1;

    boolean isEmpty() { return pieces.isEmpty(); }

    /** Contiguous runs of held data: the SACK blocks there are to report (without reporting them). */
    int blockCount() { return blocks.size(); }

    /** Stores data at offset {@code start}, trimming what is already held. */
    void add(long start, Message data) {
        long end = start + data.length();
        newest = start;
        long at = start;
        Map.Entry<Long, Message> before = pieces.floorEntry(start);
        if (before != null) at = Math.max(at, before.getKey() + before.getValue().length());
        // Fill only the gaps between held pieces within [start, end).
        while (at < end) {
            Map.Entry<Long, Message> next = pieces.ceilingEntry(at);
            long gapEnd = next == null ? end : Math.min(end, next.getKey());
            if (gapEnd > at) {
                pieces.put(at, data.slice((int) (at - start), (int) (gapEnd - at)));
                addBlock(at, gapEnd);
            }
            at = next == null || next.getKey() >= end ? end : next.getKey() + next.getValue().length();
        }
    }

    /** Merges [left, right), which overlaps no held piece, into the blocks it touches. */
    private void addBlock(long left, long right) {
        Map.Entry<Long, Long> below = blocks.floorEntry(left);
        if (below != null && below.getValue() == left) {
            left = below.getKey();
            blocks.remove(left);
        }
        Long above = blocks.remove(right);
        blocks.put(left, above != null ? above : right);
    }

    /** Removes and returns the first piece if it starts at or before {@code rcvNxt}, trimmed to begin there; else null. */
    Message takeAt(long rcvNxt) {
        Map.Entry<Long, Message> first;
        while ((first = pieces.firstEntry()) != null && first.getKey() <= rcvNxt) {
            pieces.pollFirstEntry();
            long start = first.getKey(), end = start + first.getValue().length();
            Map.Entry<Long, Long> block = blocks.pollFirstEntry();      // the first piece opens the first block
            if (block.getValue() > end) blocks.put(end, block.getValue());
            if (end > rcvNxt) return first.getValue().slice((int) (rcvNxt - start));
        }
        return null;
    }

    /**
     * Writes up to {@code max} SACK blocks as (left, right) offsets into {@code out}; returns how many.
     * Offsets are relative to the connection's IRS.
     */
    int sackBlocks(long[] out, int max) {
        if (pieces.isEmpty()) { reportedCount = 0; return 0; }
        int count = addBlockContaining(newest, out, 0, max);
        for (int k = 0; k < reportedCount && count < max; k++) count = addBlockContaining(reported[k], out, count, max);
        for (Map.Entry<Long, Long> b : blocks.descendingMap().entrySet()) {
            if (count >= max) break;
            count = addBlock(b.getKey(), b.getValue(), out, count);
        }
        reportedCount = count;
        for (int k = 0; k < count; k++) reported[k] = out[2 * k];
        return count;
    }

    private int addBlockContaining(long offset, long[] out, int count, int max) {
        if (count >= max) return count;
        Map.Entry<Long, Long> b = blocks.floorEntry(offset);
        return b == null || b.getValue() <= offset ? count : addBlock(b.getKey(), b.getValue(), out, count);
    }

    private static int addBlock(long left, long right, long[] out, int count) {
        for (int k = 0; k < count; k++) if (out[2 * k] == left) return count;
        out[2 * count] = left;
        out[2 * count + 1] = right;
        return count + 1;
    }
}
