package elvis.protocol.tcp;

import elvis.message.Message;

/**
 * The application's bytes from the first unacknowledged one on: a ring of the Messages it handed
 * over, addressed by stream position. Segments are slices of these Messages, never copies.
 */
final class SendQueue {
    private Message[] chunks = new Message[8];
    private long[] starts = new long[8];     // stream position of each chunk's first byte
    private int head, count;
    private int cursor;                      // ring index where the last lookup ended (sends are sequential)
    private long base, end;                  // [base, end) is held

    long base() { return base; }
    long end() { return end; }
    long size() { return end - base; }

    void add(Message m) {
        if (m.isEmpty()) return;
        if (count == chunks.length) grow();
        int i = (head + count++) & (chunks.length - 1);
        chunks[i] = m;
        starts[i] = end;
        end += m.length();
    }

    /** Forgets every byte before stream position {@code upTo} (they were acknowledged). */
    void release(long upTo) {
        if (upTo <= base) return;
        base = Math.min(upTo, end);
        while (count > 0) {
            int next = (head + 1) & (chunks.length - 1);
            long chunkEnd = count > 1 ? starts[next] : end;
            if (chunkEnd > base) break;
            chunks[head] = null;
            if (cursor == head) cursor = next;
            head = next;
            count--;
        }
    }

    /**
     * Forgets every byte from stream position {@code newEnd} on (ModNet's yank of unsent data): whole
     * chunks beyond it go, the chunk it falls in is cut to a slice.
     */
    void truncate(long newEnd) {
        if (newEnd >= end) return;
        if (newEnd < base) throw new IllegalArgumentException("truncate to " + newEnd + " below the base " + base);
        int mask = chunks.length - 1;
        while (count > 0) {
            int last = (head + count - 1) & mask;
            if (starts[last] < newEnd) {
                chunks[last] = chunks[last].slice(0, (int) (newEnd - starts[last]));
                break;
            }
            chunks[last] = null;
            if (cursor == last) cursor = head;
            count--;
        }
        end = newEnd;
    }

    /** The bytes [from, from + len) as a message sharing the queued arrays. */
    Message slice(long from, int len) {
        int mask = chunks.length - 1;
        int i = (count > 0 && isHeld(cursor) && starts[cursor] <= from) ? cursor : head;
        // Sends are sequential, so the chunk is nearly always the cursor's or the next; a jump (a
        // retransmission far below, then new data again) is found by binary search, not a walk.
        if (chunkEnd(i) <= from && chunkEnd(i = (i + 1) & mask) <= from) i = chunkHolding(from);
        Message out = null;
        long at = from;
        int left = len;
        while (left > 0) {
            int off = (int) (at - starts[i]);
            int take = (int) Math.min(left, chunkEnd(i) - at);
            Message part = chunks[i].slice(off, take);
            out = out == null ? part : out.concat(part);
            at += take;
            left -= take;
            if (left > 0) i = (i + 1) & mask;
        }
        cursor = i;
        return out == null ? Message.EMPTY : out;
    }

    /** The ring index of the chunk that holds stream position {@code at} (base <= at < end). */
    private int chunkHolding(long at) {
        int mask = chunks.length - 1;
        int lo = 0, hi = count - 1;                  // the last chunk starting at or before at
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[(head + mid) & mask] <= at) lo = mid;
            else hi = mid - 1;
        }
        return (head + lo) & mask;
    }

    private boolean isHeld(int i) { return ((i - head) & (chunks.length - 1)) < count; }

    private long chunkEnd(int i) {
        int next = (i + 1) & (chunks.length - 1);
        return next == ((head + count) & (chunks.length - 1)) ? end : starts[next];
    }

    private void grow() {
        int n = chunks.length;
        Message[] c = new Message[n * 2];
        long[] s = new long[n * 2];
        for (int k = 0; k < count; k++) {
            c[k] = chunks[(head + k) & (n - 1)];
            s[k] = starts[(head + k) & (n - 1)];
        }
        cursor = (cursor - head) & (n - 1);
        chunks = c;
        starts = s;
        head = 0;
    }
}
