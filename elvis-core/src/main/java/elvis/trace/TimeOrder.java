package elvis.trace;

import java.util.PriorityQueue;

/**
 * Puts records into time order for a file that must be written in it. Taps report a queued frame's
 * transmission when the frame is offered, ahead of its time, while arrivals and most drops are
 * reported as they happen; so a record is held until simulated time reaches it. No record is ever
 * reported for a time before now, so everything up to now can be written out whenever one comes.
 * Records of the same time keep the order they were reported in.
 */
final class TimeOrder<T> {
    interface Sink<T> { void write(long timeNs, T item); }

    private record Pending<T>(long time, long seq, T item) { }

    private final Sink<T> sink;
    private final PriorityQueue<Pending<T>> pending = new PriorityQueue<>(
            (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private long seq;

    TimeOrder(Sink<T> sink) { this.sink = sink; }

    /** A record for {@code timeNs}, reported at {@code nowNs} (≤ timeNs). */
    void add(long nowNs, long timeNs, T item) {
        if (timeNs < nowNs) throw new IllegalArgumentException("a record for " + timeNs + " reported at " + nowNs);
        flush(nowNs);
        if (timeNs == nowNs) sink.write(timeNs, item);    // every record still pending is later than now
        else pending.add(new Pending<>(timeNs, seq++, item));
    }

    /** Writes the records up to {@code nowNs}. */
    void flush(long nowNs) {
        while (!pending.isEmpty() && pending.peek().time <= nowNs) {
            Pending<T> p = pending.poll();
            sink.write(p.time, p.item);
        }
    }

    /** Writes the records up to {@code nowNs} and forgets the rest, which the run never reached. */
    void finish(long nowNs) {
        flush(nowNs);
        pending.clear();
    }
}
