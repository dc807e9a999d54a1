package elvis.protocol.tcp;

/**
 * When each segment of new sequence space left, so that RTT samples (RFC 6298) have the simulator's
 * nanosecond precision instead of the timestamp clock's tick: a ring of (end offset, send time) in
 * sending order, from SND.UNA on. Karn's rule: a retransmission voids the times of what it covers.
 */
final class SendTimes {
    private static final long VOID = -1;
    private long[] ends = new long[8], times = new long[8];
    private int head, count;
    private long lastStart, lastEnd;

    /** New sequence space up to {@code end} (beyond all recorded) was sent at {@code now}. */
    void sent(long end, long now) {
        if (count == ends.length) grow();
        int i = (head + count++) & (ends.length - 1);
        ends[i] = end;
        times[i] = now;
    }

    /** [from, to) was sent again: no segment it overlaps may give a sample. */
    void resent(long from, long to) {
        int mask = ends.length - 1;
        int lo = 0, hi = count;                      // the first segment ending after from
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[(head + mid) & mask] <= from) lo = mid + 1;
            else hi = mid;
        }
        for (int k = lo; k < count; k++) {
            int i = (head + k) & mask;
            times[i] = VOID;
            if (ends[i] >= to) return;
        }
    }

    /**
     * Forgets the segments that end at or below {@code una}; returns the send time of the newest of them,
     * or -1 when there is none or any of them was sent more than once: such an ACK may answer the
     * retransmission that filled a hole, so no segment it covers can be timed (Karn).
     */
    long ackedTo(long una) {
        long t = VOID;
        boolean resent = false;
        while (count > 0 && ends[head] <= una) {
            t = times[head];
            resent |= t == VOID;
            lastStart = lastEnd;
            lastEnd = ends[head];
            head = (head + 1) & (ends.length - 1);
            count--;
        }
        return resent ? VOID : t;
    }

    /** The end of the newest segment {@link #ackedTo} forgot. */
    long lastEnd() { return lastEnd; }

    /** Where that segment started (the end of the one recorded before it). */
    long lastStart() { return lastStart; }

    private void grow() {
        int n = ends.length;
        long[] e = new long[2 * n], t = new long[2 * n];
        for (int k = 0; k < count; k++) {
            e[k] = ends[(head + k) & (n - 1)];
            t[k] = times[(head + k) & (n - 1)];
        }
        ends = e;
        times = t;
        head = 0;
    }
}
