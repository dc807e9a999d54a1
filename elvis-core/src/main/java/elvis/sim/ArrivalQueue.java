package elvis.sim;

import java.util.Arrays;

/**
 * Pending arrivals over point-to-point links, a binary min-heap on (time, link, seq). An entry's
 * three keys sit side by side in one array (no object per entry, one cache line per step of a
 * sift), its action in a parallel one. It stays small: a pipe without jitter keeps one entry however
 * many frames it has in flight.
 */
final class ArrivalQueue {
    private long[] keys = new long[3 * 16];      // entry i: keys[3i] time, keys[3i + 1] link, keys[3i + 2] seq
    private Runnable[] actions = new Runnable[16];
    private int size;
    private long headTime = Long.MAX_VALUE;   // the root's time, or Long.MAX_VALUE when empty: read once per event

    int size() { return size; }

    long peekTime() { return headTime; }

    void add(long time, long link, long seq, Runnable action) {
        if (size == actions.length) grow();
        long[] k = keys;
        int i = size++;
        while (i > 0) {                                   // sift up: move parents down into the hole
            int parent = (i - 1) >>> 1, p = 3 * parent;
            if (!less(time, link, seq, k[p], k[p + 1], k[p + 2])) break;
            move(i, parent);
            i = parent;
        }
        set(i, time, link, seq, action);
        headTime = k[0];
    }

    /** Removes the earliest arrival; the queue must not be empty. */
    Runnable poll() {
        long[] k = keys;
        Runnable first = actions[0];
        int n = --size, last = 3 * n;
        long time = k[last], link = k[last + 1], seq = k[last + 2];
        Runnable action = actions[n];
        actions[n] = null;
        if (n > 0) {
            int i = 0;
            while (true) {                                // sift the last entry down from the root
                int child = 2 * i + 1;
                if (child >= n) break;
                int c = 3 * child;
                if (child + 1 < n && less(k[c + 3], k[c + 4], k[c + 5], k[c], k[c + 1], k[c + 2])) {
                    child++;
                    c += 3;
                }
                if (!less(k[c], k[c + 1], k[c + 2], time, link, seq)) break;
                move(i, child);
                i = child;
            }
            set(i, time, link, seq, action);
        }
        headTime = n > 0 ? k[0] : Long.MAX_VALUE;
        return first;
    }

    private static boolean less(long t1, long l1, long s1, long t2, long l2, long s2) {
        return t1 != t2 ? t1 < t2 : l1 != l2 ? l1 < l2 : s1 < s2;
    }

    private void move(int to, int from) {
        System.arraycopy(keys, 3 * from, keys, 3 * to, 3);
        actions[to] = actions[from];
    }

    private void set(int i, long time, long link, long seq, Runnable action) {
        keys[3 * i] = time;
        keys[3 * i + 1] = link;
        keys[3 * i + 2] = seq;
        actions[i] = action;
    }

    private void grow() {
        keys = Arrays.copyOf(keys, keys.length * 2);
        actions = Arrays.copyOf(actions, actions.length * 2);
    }
}
