package elvis.sim;

import java.util.Arrays;

/**
 * Pending {@link Arrival}s in canonical order: by time through a radix {@link EventQueue} of their
 * own (as fast as the main queue however many links are busy), and the arrivals of the instant being
 * dispatched in a small heap by (link, seq). The heap is filled with every arrival due at that
 * instant before the first runs, and an arrival for the current instant (a link without delay)
 * joins it directly; it usually holds one.
 */
final class ArrivalQueue {
    private final EventQueue later = new EventQueue();
    private Arrival[] batch = new Arrival[8];   // the instant's arrivals, a binary heap on (link, seq)
    private int batchSize;
    private long batchTime;
    private long headTime = Long.MAX_VALUE;     // the earliest time, or Long.MAX_VALUE when empty: read once per event

    int size() { return later.size() + batchSize; }

    long peekTime() { return headTime; }

    /** Adds an arrival due at {@code time}, not before the clock {@code now}. */
    void add(long time, Arrival arrival, long now) {
        if (batchSize > 0 && time == batchTime) push(arrival);
        else {
            later.add(time, arrival, now);
            if (time < headTime) headTime = time;
        }
    }

    /** Removes the earliest arrival; the queue must not be empty. */
    Runnable poll() {
        if (batchSize == 0) {                             // take every arrival of the next instant
            batchTime = later.peekTime();
            Arrival a = (Arrival) later.take();
            if (later.size() == 0 || later.peekTime() != batchTime) {   // the usual case: alone in its instant, no heap
                headTime = later.peekTime();
                return a;
            }
            push(a);
            do push((Arrival) later.take()); while (later.size() > 0 && later.peekTime() == batchTime);
        }
        Arrival first = pop();
        headTime = batchSize > 0 ? batchTime : later.peekTime();
        return first;
    }

    private void push(Arrival a) {
        if (batchSize == batch.length) batch = Arrays.copyOf(batch, batchSize * 2);
        int i = batchSize++;
        if (i > 0) {
            long link = a.link(), seq = a.seq();
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!less(link, seq, batch[parent])) break;
                batch[i] = batch[parent];
                i = parent;
            }
        }
        batch[i] = a;
    }

    private Arrival pop() {
        Arrival first = batch[0];
        int n = --batchSize;
        Arrival last = batch[n];
        batch[n] = null;
        if (n > 0) {
            long link = last.link(), seq = last.seq();
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= n) break;
                if (child + 1 < n && less(batch[child + 1].link(), batch[child + 1].seq(), batch[child])) child++;
                if (!less(batch[child].link(), batch[child].seq(), link, seq)) break;
                batch[i] = batch[child];
                i = child;
            }
            batch[i] = last;
        }
        return first;
    }

    private static boolean less(long link, long seq, Arrival other) { return less(link, seq, other.link(), other.seq()); }

    private static boolean less(long l1, long s1, long l2, long s2) { return l1 != l2 ? l1 < l2 : s1 < s2; }
}
