package elvis.parallel;

import elvis.link.CutFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The partition transport between threads of one process: partitions hand each other their frames
 * (the messages themselves, which are immutable: nothing is copied) and their values through shared
 * slots, and meet at a barrier after each operation. Slots alternate between two sets, so one
 * barrier per operation suffices: a partition writes a set again two operations later, when every
 * partition has passed the barrier in between and so has read it.
 */
public final class InProcessExchange implements Exchange {
    private final Group group;
    private final int partition;
    private int operations;                 // how many operations this partition has made: the same in every partition

    private InProcessExchange(Group group, int partition) {
        this.group = group;
        this.partition = partition;
    }

    /** The transports of {@code partitions} partitions of one run, by partition. */
    public static List<Exchange> group(int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        Group g = new Group(partitions);
        List<Exchange> all = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) all.add(new InProcessExchange(g, p));
        return List.copyOf(all);
    }

    /**
     * What the partitions share: the slots and the barrier. A partition that arrives early spins a
     * while before it blocks: with a thread per core the others come within microseconds, and a
     * window may be that short, while waking a blocked thread costs tens of microseconds. With more
     * partitions than cores it blocks at once, since spinning would take the core the others need.
     */
    private static final class Group {
        private static final int SPINS = 1 << 15;    // about 30 µs of Thread.onSpinWait

        final int size;
        final Object[][] slots;             // [operation % 2][partition]: its frames by destination, or its values
        private final boolean spin;
        private final AtomicInteger arrived = new AtomicInteger();
        private volatile long phase;        // barriers passed: written by the last to arrive, after the slots
        private volatile String failure;    // set once, by fail
        private final Object lock = new Object();

        Group(int size) {
            this.size = size;
            this.slots = new Object[2][size];
            this.spin = size <= Runtime.getRuntime().availableProcessors();
        }

        void await() {
            if (failure != null) throw new PartitionFailure(failure);
            long p = phase;
            if (arrived.incrementAndGet() == size) {
                arrived.set(0);
                phase = p + 1;
                synchronized (lock) {
                    lock.notifyAll();
                }
                return;
            }
            if (spin) {
                for (int i = 0; i < SPINS; i++) {
                    if (phase != p) return;
                    if (failure != null) throw new PartitionFailure(failure);
                    Thread.onSpinWait();
                }
            }
            synchronized (lock) {
                while (phase == p && failure == null) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        fail("a partition's thread was interrupted");
                    }
                }
            }
            if (phase == p) throw new PartitionFailure(failure);
        }

        void fail(String why) {
            synchronized (lock) {
                if (failure == null) failure = why;
                lock.notifyAll();
            }
        }
    }

    @Override public int partition() { return partition; }

    @Override public int partitions() { return group.size; }

    @Override public void neighbours(int[] partitions) { }    // every partition's slot is visible to all

    @Override
    @SuppressWarnings("unchecked")
    public List<CutFrame> exchange(List<CutFrame> outgoing) {
        List<CutFrame>[] byDestination = new List[group.size];
        for (CutFrame f : outgoing) {
            if (byDestination[f.partition()] == null) byDestination[f.partition()] = new ArrayList<>();
            byDestination[f.partition()].add(f);
        }
        Object[] set = group.slots[operations++ & 1];
        set[partition] = byDestination;
        group.await();
        List<CutFrame> in = new ArrayList<>();
        for (Object o : set) {
            List<CutFrame> mine = ((List<CutFrame>[]) o)[partition];
            if (mine != null) in.addAll(mine);
        }
        return in;
    }

    @Override
    public long[][] allGather(long[] values) {
        Object[] set = group.slots[operations++ & 1];
        set[partition] = values.clone();
        group.await();
        long[][] all = new long[group.size][];
        for (int p = 0; p < all.length; p++) all[p] = ((long[]) set[p]).clone();
        return all;
    }

    @Override
    public byte[][] gather(byte[] bytes) {
        Object[] set = group.slots[operations++ & 1];
        set[partition] = bytes;
        group.await();
        if (partition != 0) return null;
        byte[][] all = new byte[group.size][];
        for (int p = 0; p < all.length; p++) all[p] = (byte[]) set[p];
        return all;
    }

    @Override public void abort(String why) { group.fail(why); }

    @Override public void close() { }
}
