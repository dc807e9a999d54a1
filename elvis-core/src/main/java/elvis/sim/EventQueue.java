package elvis.sim;

import java.util.Arrays;

/**
 * Pending events other than keyed arrivals (those wait in {@link ArrivalQueue} and win their instant),
 * ordered by (time, insertion sequence): a radix heap (Ahuja, Mehlhorn, Orlin and
 * Tarjan 1990) with 8-bit digits. It exploits the simulation clock: no event is ever added before
 * {@code last}, the time of the latest split (or the clock when the heap took over), which never
 * passes the clock.
 *
 * <p>An event due at t &gt; last goes to the bucket named by the highest 8-bit digit where t
 * differs from {@code last}, and by t's value of that digit; bucket numbers grow with time, so
 * every event of a bucket precedes every event of a higher one. Bucket 0, the {@code due} ring,
 * holds the events due exactly at {@code last}. When it runs dry, the lowest non-empty bucket is
 * split around its minimum, which becomes {@code last}: its events move to {@code due} or to lower
 * buckets. An event moves at most once per digit of how far ahead it was scheduled (three times for a
 * 1 ms timer), each time by a sequential append, so a large queue costs a few cache-friendly passes
 * per event instead of a heap's scattered sift.
 *
 * <p>FIFO among equal times needs no sequence numbers: the bucket depends on the time alone, so
 * events due at the same time always share a bucket; buckets only append, and a split walks its
 * bucket in order, so equal-time events keep their insertion order all the way out.
 *
 * <p>While at most {@link #NEAR} events are pending (a few frames in flight and some timers: the
 * usual state of a small topology) they sit in a sorted ring instead: a new event is placed by a
 * short scan and the next one is taken from the front. The first event beyond that moves them all
 * into the radix heap, which serves until the queue is empty again.
 */
final class EventQueue {
    private static final int DIGIT_BITS = 8;
    private static final int BUCKETS = (64 / DIGIT_BITS) << DIGIT_BITS;   // times are non-negative
    private static final int RETAINED_CAPACITY = 4096;                    // events per bucket kept after a split
    static final int NEAR = 32;                                           // most events the sorted ring holds

    // Few events: a ring sorted by time, FIFO among equal times (used while radix is false).
    private final long[] nearTimes = new long[NEAR];
    // Object[], not Runnable[]: a store into an array of an interface type costs a subtype check
    // per store, and adding an event may move several; each action is cast once, when it leaves.
    private final Object[] nearActions = new Object[NEAR];
    private int nearHead, nearSize;
    private boolean radix;

    // The events due at `last`, a FIFO ring ("now" events go straight here).
    private Runnable[] due = new Runnable[64];
    private int dueHead, dueSize;

    // The later events: append-only buckets, emptied whole by a split.
    private final long[][] times = new long[BUCKETS][];
    private final Runnable[][] actions = new Runnable[BUCKETS][];
    private final int[] sizes = new int[BUCKETS];
    private final long[] minTimes = new long[BUCKETS];            // valid while the bucket is non-empty
    private final long[] nonEmpty = new long[BUCKETS / 64];       // one bit per bucket
    private long nonEmptyWords;                                   // one bit per non-zero word of nonEmpty

    private long last;
    private int size;

    int size() { return size; }

    boolean isEmpty() { return size == 0; }

    /** Adds an event due at {@code time}, which is not before the clock {@code now}. */
    void add(long time, Runnable action, long now) {
        size++;
        if (!radix) {
            if (nearSize < NEAR) {
                addNear(time, action);
                return;
            }
            toRadix(now);
        }
        if (time == last) pushDue(action);
        else append(bucket(time, last), time, action);
    }

    /** Time of the earliest event; Long.MAX_VALUE when empty. */
    long peekTime() {
        if (!radix) return nearSize > 0 ? nearTimes[nearHead] : Long.MAX_VALUE;
        if (dueSize > 0) return last;
        return minTimes[lowestBucket()];
    }

    /** Removes the earliest event; the queue must not be empty. */
    Runnable poll() { return (Runnable) take(); }

    /** {@link #poll}, not cast: for a queue of one class (the arrivals'), whose caller casts to it. */
    Object take() {
        size--;
        if (!radix) {
            Object r = nearActions[nearHead];
            nearActions[nearHead] = null;
            nearHead = (nearHead + 1) & (NEAR - 1);
            nearSize--;
            return r;
        }
        if (dueSize == 0) split();
        Runnable r = due[dueHead];
        due[dueHead] = null;
        dueHead = (dueHead + 1) & (due.length - 1);
        dueSize--;
        if (size == 0) radix = false;            // empty: the ring takes over again
        return r;
    }

    /**
     * Places an event after every pending one due no later. The latest goes straight to the back;
     * otherwise the place is found from the front and the shorter side of the ring moves over by one
     * (the next frame of a busy link usually lands near the front, ahead of far-off timers).
     */
    private void addNear(long time, Runnable action) {
        int n = nearSize, mask = NEAR - 1;
        int i = n;
        if (n > 0 && nearTimes[(nearHead + n - 1) & mask] > time) {
            i = 0;
            while (nearTimes[(nearHead + i) & mask] <= time) i++;
            if (i < n - i) {                             // move the i earlier ones one slot towards the front
                nearHead = (nearHead - 1) & mask;
                for (int k = 0; k < i; k++) move((nearHead + k + 1) & mask, (nearHead + k) & mask);
            } else {                                     // move the n - i later ones one slot back
                for (int k = n; k > i; k--) move((nearHead + k - 1) & mask, (nearHead + k) & mask);
            }
        }
        int at = (nearHead + i) & mask;
        nearTimes[at] = time;
        nearActions[at] = action;
        nearSize = n + 1;
    }

    private void move(int from, int to) {
        nearTimes[to] = nearTimes[from];
        nearActions[to] = nearActions[from];
    }

    /** Moves the ring's events, in order, into the (empty) radix heap, based at the clock. */
    private void toRadix(long now) {
        radix = true;
        last = now;
        for (; nearSize > 0; nearSize--) {
            long t = nearTimes[nearHead];
            Runnable a = (Runnable) nearActions[nearHead];
            nearActions[nearHead] = null;
            nearHead = (nearHead + 1) & (NEAR - 1);
            if (t == last) pushDue(a);
            else append(bucket(t, last), t, a);
        }
    }

    /** Empties the lowest bucket around its minimum, which becomes {@code last}. */
    private void split() {
        int b = lowestBucket();
        long min = minTimes[b];
        long[] ts = times[b];
        Runnable[] as = actions[b];
        int n = sizes[b];
        sizes[b] = 0;
        if ((nonEmpty[b >>> 6] &= ~(1L << b)) == 0) nonEmptyWords &= ~(1L << (b >>> 6));
        last = min;
        for (int i = 0; i < n; i++) {
            long t = ts[i];
            Runnable a = as[i];
            as[i] = null;
            if (t == min) pushDue(a);
            else append(bucket(t, min), t, a);          // t and min share the digits above b's: a lower bucket
        }
        if (ts.length > RETAINED_CAPACITY) {            // most buckets sit idle: don't keep big arrays in all of them
            times[b] = null;
            actions[b] = null;
        }
    }

    /** The bucket of an event due at {@code time} &gt; {@code base}. */
    private static int bucket(long time, long base) {
        int digit = (63 - Long.numberOfLeadingZeros(time ^ base)) / DIGIT_BITS;
        return (digit << DIGIT_BITS) | (int) ((time >>> (digit * DIGIT_BITS)) & ((1 << DIGIT_BITS) - 1));
    }

    private int lowestBucket() {
        int word = Long.numberOfTrailingZeros(nonEmptyWords);
        return (word << 6) + Long.numberOfTrailingZeros(nonEmpty[word]);
    }

    private void append(int b, long time, Runnable action) {
        int n = sizes[b];
        if (n == 0 || time < minTimes[b]) minTimes[b] = time;
        if (times[b] == null || n == times[b].length) growBucket(b);
        times[b][n] = time;
        actions[b][n] = action;
        sizes[b] = n + 1;
        nonEmpty[b >>> 6] |= 1L << b;
        nonEmptyWords |= 1L << (b >>> 6);
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
