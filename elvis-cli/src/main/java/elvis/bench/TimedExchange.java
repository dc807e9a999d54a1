package elvis.bench;

import elvis.link.CutFrame;
import elvis.parallel.Exchange;

import java.util.List;

/**
 * A partition transport that measures how long its partition spent in the window loop's collectives:
 * waiting for the slowest partition (load imbalance) plus the synchronisation itself. The rest of a
 * partition's run time is its own work.
 */
final class TimedExchange implements Exchange {
    private final Exchange inner;
    private long waitNs;

    TimedExchange(Exchange inner) { this.inner = inner; }

    long waitNs() { return waitNs; }

    @Override public int partition() { return inner.partition(); }

    @Override public int partitions() { return inner.partitions(); }

    @Override public void neighbours(int[] partitions) { inner.neighbours(partitions); }

    @Override
    public List<CutFrame> exchange(List<CutFrame> outgoing) {
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
