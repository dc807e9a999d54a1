package elvis.sim;

import java.util.Arrays;

/**
 * Pending events ordered by (time, insertion sequence): a radix heap (Ahuja, Mehlhorn, Orlin and
 * Tarjan 1990). It exploits the simulation clock: no event is ever due before {@code last}, the
 * time of the latest split (never after the clock). An event due at t lives in bucket
 * b = bit length of (t XOR last), so bucket 0 holds the events due at {@code last}, and every time
 * in bucket b is below every time in bucket b+1. When bucket 0 runs dry, the lowest non-empty
 * bucket is split around its minimum, which becomes {@code last}: its events move to lower
 * buckets. An event moves at most once per bit of how far ahead it was scheduled, always by a
 * sequential append, so large queues cost a few cache-friendly passes instead of a heap's
 * scattered sift per event.
 *
 * <p>FIFO among equal times needs no sequence numbers: the bucket depends on the time alone, so
 * events due at the same time always share a bucket; buckets only append, and a split walks its
 * bucket in order, so equal-time events keep their insertion order all the way to bucket 0.
 */
final class EventQueue {
    private static final int BUCKETS = 64;          // times are non-negative: bit 63 never differs
    private static final long UNKNOWN = -1;

    // Bucket 0: the events due at `last`, a FIFO ring (events scheduled "now" go straight here).
    private Runnable[] due = new Runnable[64];
    private int dueHead, dueSize;

    // Buckets 1..63: append-only arrays, emptied whole when split.
    private final long[][] times = new long[BUCKETS][];
    private final Runnable[][] actions = new Runnable[BUCKETS][];
    private final int[] sizes = new int[BUCKETS];
    private long nonEmpty;                           // bit b set when bucket b (1..63) has events

    private long last;
    private long laterMin = Long.MAX_VALUE;         // earliest time in buckets 1..63, or UNKNOWN
    private int size;

    int size() { return size; }

    boolean isEmpty() { return size == 0; }

    /** Adds an event due at {@code time}, which is not before the clock (hence not before {@code last}). */
    void add(long time, Runnable action) {
        size++;
        long distance = time ^ last;
        if (distance == 0) {
            pushDue(action);
        } else {
            append(64 - Long.numberOfLeadingZeros(distance), time, action);
            if (time < laterMin) laterMin = time;    // stays UNKNOWN (-1) when unknown
        }
    }

    /** Time of the earliest event; Long.MAX_VALUE when empty. Does not move {@code last}. */
    long peekTime() {
        if (dueSize > 0) return last;
        if (laterMin == UNKNOWN) laterMin = minOf(Long.numberOfTrailingZeros(nonEmpty));
        return laterMin;
    }

    /** Removes the earliest event; the queue must not be empty. */
    Runnable poll() {
        if (dueSize == 0) split();
        Runnable r = due[dueHead];
        due[dueHead] = null;
        dueHead = (dueHead + 1) & (due.length - 1);
        dueSize--;
        size--;
        return r;
    }

    /** Moves the lowest non-empty bucket down around its minimum, which becomes {@code last}. */
    private void split() {
        long min = peekTime();
        int b = Long.numberOfTrailingZeros(nonEmpty);
        long[] ts = times[b];
        Runnable[] as = actions[b];
        int n = sizes[b];
        sizes[b] = 0;
        nonEmpty &= ~(1L << b);
        last = min;
        long movedMin = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            long t = ts[i];
            Runnable a = as[i];
            as[i] = null;
            if (t == min) {
                pushDue(a);
            } else {                                 // t and min agree above bit b-1: a lower bucket
                append(64 - Long.numberOfLeadingZeros(t ^ min), t, a);
                if (t < movedMin) movedMin = t;
            }
        }
        // Moved events sit below every other bucket, so their minimum (if any) is the new one.
        laterMin = movedMin != Long.MAX_VALUE ? movedMin : nonEmpty == 0 ? Long.MAX_VALUE : UNKNOWN;
    }

    private long minOf(int b) {
        if (b == BUCKETS) return Long.MAX_VALUE;    // no bucket above 0 has events
        long[] ts = times[b];
        long min = Long.MAX_VALUE;
        for (int i = 0, n = sizes[b]; i < n; i++) min = Math.min(min, ts[i]);
        return min;
    }

    private void append(int b, long time, Runnable action) {
        int n = sizes[b];
        if (times[b] == null || n == times[b].length) growBucket(b);
        times[b][n] = time;
        actions[b][n] = action;
        sizes[b] = n + 1;
        nonEmpty |= 1L << b;
    }

    private void pushDue(Runnable action) {
        if (dueSize == due.length) growDue();
        due[(dueHead + dueSize) & (due.length - 1)] = action;
        dueSize++;
    }

    private void growBucket(int b) {
        int n = times[b] == null ? 16 : times[b].length * 2;
        times[b] = times[b] == null ? new long[n] : Arrays.copyOf(times[b], n);
        actions[b] = actions[b] == null ? new Runnable[n] : Arrays.copyOf(actions[b], n);
    }

    private void growDue() {
        Runnable[] bigger = new Runnable[due.length * 2];
        for (int i = 0; i < dueSize; i++) bigger[i] = due[(dueHead + i) & (due.length - 1)];
        due = bigger;
        dueHead = 0;
    }
}
