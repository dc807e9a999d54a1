package elvis.dummynet.sched;

import elvis.dummynet.FlowQueue;
import elvis.dummynet.aqm.AqmConfig;
import elvis.dummynet.aqm.ipfw.DummynetAqm;
import elvis.message.Message;

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
    @Override long headArrival() { return queue.headArrival(); }
    @Override boolean append(Message packet, long now) { return queue.append(packet, now); }
    @Override Message poll(long now) { return queue.poll(now); }
    @Override void dropHead() { queue.dropHead(); }
    @Override void useAqm(AqmConfig config) { queue.useAqm(new DummynetAqm(config).newController(queue.flowset().config())); }
}
