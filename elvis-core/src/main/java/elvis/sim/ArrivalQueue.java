package elvis.sim;

import java.util.Arrays;

/**
 * Pending arrivals over point-to-point links, a binary min-heap on (time, link, seq) in parallel
 * arrays (no object per entry). It stays small: a pipe without jitter keeps one entry however many
 * frames it has in flight, so a lookup is a few compares.
 */
final class ArrivalQueue {
    private long[] times = new long[16], links = new long[16], seqs = new long[16];
    private Runnable[] actions = new Runnable[16];
    private int size;
    private long headTime = Long.MAX_VALUE;   // times[0], or Long.MAX_VALUE when empty: read once per event

    int size() { return size; }

    long peekTime() { return headTime; }

    void add(long time, long link, long seq, Runnable action) {
        if (size == times.length) grow();
        int i = size++;
        while (i > 0) {                                   // sift up
            int parent = (i - 1) >>> 1;
            if (!less(time, link, seq, parent)) break;
            put(i, parent);
            i = parent;
        }
        times[i] = time;
        links[i] = link;
        seqs[i] = seq;
        actions[i] = action;
        headTime = times[0];
    }

    /** Removes the earliest arrival; the queue must not be empty. */
    Runnable poll() {
        Runnable first = actions[0];
        int n = --size;
        long time = times[n], link = links[n], seq = seqs[n];
        Runnable action = actions[n];
        actions[n] = null;
        if (n > 0) {
            int i = 0;
            while (true) {                                // sift the last entry down from the root
                int child = 2 * i + 1;
                if (child >= n) break;
                if (child + 1 < n && less(times[child + 1], links[child + 1], seqs[child + 1], child)) child++;
                if (!less(times[child], links[child], seqs[child], time, link, seq)) break;
                put(i, child);
                i = child;
            }
            times[i] = time;
            links[i] = link;
            seqs[i] = seq;
            actions[i] = action;
        }
        headTime = n > 0 ? times[0] : Long.MAX_VALUE;
        return first;
    }

    private boolean less(long time, long link, long seq, int j) { return less(time, link, seq, times[j], links[j], seqs[j]); }

    private static boolean less(long t1, long l1, long s1, long t2, long l2, long s2) {
        if (t1 != t2) return t1 < t2;
        if (l1 != l2) return l1 < l2;
        return s1 < s2;
    }

    private void put(int to, int from) {
        times[to] = times[from];
        links[to] = links[from];
        seqs[to] = seqs[from];
        actions[to] = actions[from];
    }

    private void grow() {
        int n = times.length * 2;
        times = Arrays.copyOf(times, n);
        links = Arrays.copyOf(links, n);
        seqs = Arrays.copyOf(seqs, n);
        actions = Arrays.copyOf(actions, n);
    }
}
