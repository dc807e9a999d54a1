package elvis.bench;

import elvis.link.CutFrame;
import elvis.parallel.Exchange;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A partition transport that measures how long its partition spent in the window loop's collectives:
 * waiting for the slowest partition (load imbalance) plus the synchronisation itself. The rest of a
 * partition's run time is its own work.
 */
final class TimedExchange implements Exchange {
    private final Exchange inner;
    private long waitNs;
    private LongSupplier events;
    private long[] atWindowEnd = new long[1024];
    private int windows;

    TimedExchange(Exchange inner) { this.inner = inner; }

    long waitNs() { return waitNs; }

    /** Records {@code events} (the partition's kernel's count) at the end of each window, when its frames are exchanged. */
    void countEvents(LongSupplier events) { this.events = events; }

    /** The partition's events dispatched by the end of each window so far. */
    long[] eventsAtWindowEnds() { return Arrays.copyOf(atWindowEnd, windows); }

    @Override public int partition() { return inner.partition(); }

    @Override public int partitions() { return inner.partitions(); }

    @Override public void neighbours(int[] partitions) { inner.neighbours(partitions); }

    @Override
    public List<CutFrame> exchange(List<CutFrame> outgoing) {
        if (events != null) {
            if (windows == atWindowEnd.length) atWindowEnd = Arrays.copyOf(atWindowEnd, windows * 2);
            atWindowEnd[windows++] = events.getAsLong();
        }
        long t = System.nanoTime();
        try {
            return inner.exchange(outgoing);
        } finally {
            waitNs += System.nanoTime() - t;
        }
    }

    @Override
    public long[][] allGather(long[] values) {
        long t = System.nanoTime();
        try {
            return inner.allGather(values);
        } finally {
            waitNs += System.nanoTime() - t;
        }
    }

    @Override public byte[][] gather(byte[] bytes) { return inner.gather(bytes); }

    @Override public void abort(String why) { inner.abort(why); }

    @Override public void close() { inner.close(); }
}
