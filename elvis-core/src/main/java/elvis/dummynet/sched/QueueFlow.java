package elvis.dummynet.sched;

import elvis.dummynet.FlowQueue;
import elvis.message.Message;
import elvis.sim.RandomStream;

/** A flow whose packets wait in a dummynet flow queue, which applies its limit, its AQM and its counters. */
final class QueueFlow extends SchedFlow {
    final FlowQueue queue;

    QueueFlow(FlowQueue queue) {
        super(queue.weight());
        this.queue = queue;
    }

    @Override public int length() { return queue.length(); }
    @Override public long bytes() { return queue.bytes(); }
    @Override int headLength() { return queue.headLength(); }
    @Override Message head() { return queue.peek(0); }
    @Override long headArrival() { return queue.headArrival(); }
    @Override boolean append(Message packet, long now) { return queue.append(packet, now); }
    @Override Message poll(long now) { return queue.poll(now); }
    @Override Message pollMarked(long now) { return queue.pollMarked(now); }
    @Override boolean appendMarked(Message packet, long now) { return queue.appendMarked(packet, now); }
    @Override RandomStream random() { return queue.random(); }
    @Override void refused() { queue.refusedByAqm(); }

    @Override
    void dropHead(boolean byAqm) {
        if (byAqm) queue.dropHeadByAqm();
        else queue.dropHead();
    }
}
