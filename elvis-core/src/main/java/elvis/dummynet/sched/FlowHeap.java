package elvis.dummynet.sched;

/**
 * A binary min-heap of flows keyed by their virtual start or finish time, compared modulo 2^64 so
 * that timestamps may wrap. Each flow records its position, so removal and re-keying are O(log n).
 */
final class FlowHeap {
    private final boolean byStart;
    private SchedFlow[] items = new SchedFlow[16];
    private int size;

    FlowHeap(boolean byStart) { this.byStart = byStart; }

    int size() { return size; }

    boolean isEmpty() { return size == 0; }

    SchedFlow min() { return items[0]; }

    private long key(SchedFlow f) { return byStart ? f.start : f.finish; }

    /** a before b, modulo 2^64 */
    private boolean less(SchedFlow a, SchedFlow b) { return key(a) - key(b) < 0; }

    void add(SchedFlow f) {
        if (size == items.length) items = java.util.Arrays.copyOf(items, size * 2);
        f.heap = this;
        place(f, size++);
        up(f.heapIndex);
    }

    void remove(SchedFlow f) {
        int i = f.heapIndex;
        SchedFlow last = items[--size];
        items[size] = null;
        f.heap = null;
        f.heapIndex = -1;
        if (last == f) return;
        place(last, i);
        update(last);
    }

    SchedFlow removeMin() {
        SchedFlow f = items[0];
        remove(f);
        return f;
    }

    /** Restores the order after {@code f}'s key changed. */
    void update(SchedFlow f) {
        int i = f.heapIndex;
        if (i > 0 && less(f, items[(i - 1) >>> 1])) up(i);
        else down(i);
    }

    private void place(SchedFlow f, int i) {
        items[i] = f;
        f.heapIndex = i;
    }

    private void up(int i) {
        SchedFlow f = items[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(f, items[parent])) break;
            place(items[parent], i);
            i = parent;
        }
        place(f, i);
    }

    private void down(int i) {
        SchedFlow f = items[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && less(items[child + 1], items[child])) child++;
            if (!less(items[child], f)) break;
            place(items[child], i);
            i = child;
        }
        place(f, i);
    }
}
