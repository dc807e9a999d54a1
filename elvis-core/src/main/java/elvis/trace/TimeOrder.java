package elvis.trace;

import java.util.PriorityQueue;

/**
 * Puts records into the canonical order of a file: by time, then by lane, then in the order they
 * were reported. Taps report a queued frame's transmission when the frame is offered, ahead of its
 * time, while arrivals and most drops are reported as they happen; so a record is held until
 * simulated time has passed it. No record is ever reported for a time before now.
 *
 * <p>A lane is a part of the model that a parallel run never splits between partitions (one side
 * of a point-to-point link, a switched network, a machine, a pipe): the records of one lane are
 * reported by one partition, in the order a sequential run reports them. Ordering an instant's
 * records by lane first makes the order one that every partitioning reproduces
 * ({@link PartitionOutput#merge}), where the order of reporting across lanes is not.
 */
final class TimeOrder<T> {
    interface Sink<T> { void write(long timeNs, long lane, T item); }

    private record Pending<T>(long time, long lane, long seq, T item) { }

    private final Sink<T> sink;
    private final PriorityQueue<Pending<T>> pending = new PriorityQueue<>((a, b) ->
            a.time != b.time ? Long.compare(a.time, b.time) : a.lane != b.lane ? Long.compare(a.lane, b.lane) : Long.compare(a.seq, b.seq));
    private long seq;

    TimeOrder(Sink<T> sink) { this.sink = sink; }

    /** A record for {@code timeNs} in {@code lane}, reported at {@code nowNs} (≤ timeNs). */
    void add(long nowNs, long timeNs, long lane, T item) {
        if (timeNs < nowNs) throw new IllegalArgumentException("a record for " + timeNs + " reported at " + nowNs);
        flush(nowNs);
        pending.add(new Pending<>(timeNs, lane, seq++, item));
    }

    /** Writes the records before {@code nowNs}: a record for now may still come, in a lane that goes first. */
    private void flush(long nowNs) {
        while (!pending.isEmpty() && pending.peek().time < nowNs) write(pending.poll());
    }

    private void write(Pending<T> p) { sink.write(p.time, p.lane, p.item); }

    /** Writes the records up to {@code nowNs}, the run's last instant, and forgets the rest, which the run never reached. */
    void finish(long nowNs) {
        while (!pending.isEmpty() && pending.peek().time <= nowNs) write(pending.poll());
        pending.clear();
    }
}
