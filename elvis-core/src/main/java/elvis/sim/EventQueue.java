package elvis.sim;

import java.util.Arrays;

/**
 * Pending events ordered by (time, insertion sequence): a 4-ary min-heap over primitive arrays for
 * future events, and a FIFO ring for events due at the current instant (the common "do it now"
 * case skips the heap). Every heap entry due at time t was inserted before the clock reached t,
 * so it precedes every FIFO entry for t; draining heap entries due now before the FIFO therefore
 * preserves the total (time, sequence) order without storing sequences in the FIFO.
 */
final class EventQueue {
    private long[] times = new long[64];
    private long[] seqs = new long[64];
    private Runnable[] actions = new Runnable[64];
    private int heapSize;

    private Runnable[] fifo = new Runnable[64];
    private int fifoHead, fifoSize;

    private long nextSeq;

    int size() { return heapSize + fifoSize; }

    boolean isEmpty() { return heapSize == 0 && fifoSize == 0; }

    /** Adds an event due now (the FIFO path). */
    void addNow(Runnable action) {
        if (fifoSize == fifo.length) growFifo();
        fifo[(fifoHead + fifoSize) & (fifo.length - 1)] = action;
        fifoSize++;
        nextSeq++;
    }

    /** Adds an event due at a future time (the heap path). */
    void addLater(long time, Runnable action) {
        if (heapSize == times.length) growHeap();
        long seq = nextSeq++;
        int i = heapSize++;
        // Sift up: move parents down until the slot fits.
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            if (!less(time, seq, times[parent], seqs[parent])) break;
            times[i] = times[parent]; seqs[i] = seqs[parent]; actions[i] = actions[parent];
            i = parent;
        }
        times[i] = time; seqs[i] = seq; actions[i] = action;
    }

    /** Time of the earliest heap event, or Long.MAX_VALUE. The FIFO is always due "now". */
    long peekHeapTime() { return heapSize == 0 ? Long.MAX_VALUE : times[0]; }

    boolean fifoEmpty() { return fifoSize == 0; }

    Runnable pollFifo() {
        Runnable r = fifo[fifoHead];
        fifo[fifoHead] = null;
        fifoHead = (fifoHead + 1) & (fifo.length - 1);
        fifoSize--;
        return r;
    }

    Runnable pollHeap() {
        Runnable top = actions[0];
        int n = --heapSize;
        long t = times[n], s = seqs[n];
        Runnable a = actions[n];
        actions[n] = null;
        if (n > 0) siftDown(t, s, a, n);
        return top;
    }

    private void siftDown(long t, long s, Runnable a, int n) {
        int i = 0;
        while (true) {
            int first = (i << 2) + 1;
            if (first >= n) break;
            int best = first;
            int end = Math.min(first + 4, n);
            for (int c = first + 1; c < end; c++) {
                if (less(times[c], seqs[c], times[best], seqs[best])) best = c;
            }
            if (!less(times[best], seqs[best], t, s)) break;
            times[i] = times[best]; seqs[i] = seqs[best]; actions[i] = actions[best];
            i = best;
        }
        times[i] = t; seqs[i] = s; actions[i] = a;
    }

    private static boolean less(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    private void growHeap() {
        int n = times.length * 2;
        times = Arrays.copyOf(times, n);
        seqs = Arrays.copyOf(seqs, n);
        actions = Arrays.copyOf(actions, n);
    }

    private void growFifo() {
        Runnable[] bigger = new Runnable[fifo.length * 2];
        for (int i = 0; i < fifoSize; i++) bigger[i] = fifo[(fifoHead + i) & (fifo.length - 1)];
        fifo = bigger;
        fifoHead = 0;
    }
}
