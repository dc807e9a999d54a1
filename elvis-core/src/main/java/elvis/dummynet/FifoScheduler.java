package elvis.dummynet;

import elvis.message.Message;

/**
 * First in, first out over one queue (dummynet's {@code fifo}): the default scheduler of a pipe.
 * Several flowsets attached to one FIFO scheduler share its single queue, as in dummynet.
 */
public final class FifoScheduler implements Scheduler {
    public static final Type TYPE = new Type() {
        @Override public String name() { return "fifo"; }
        @Override public Scheduler newInstance(SchedConfig config) { return new FifoScheduler(); }
        @Override public boolean singleQueue() { return true; }
        @Override public String toString() { return "fifo"; }
    };

    private FlowQueue queue;

    @Override
    public boolean enqueue(FlowQueue q, Message packet, long now) {
        queue = q;
        return q.append(packet, now);
    }

    @Override
    public Message dequeue(long now) {
        return queue == null ? null : queue.poll(now);
    }

    @Override
    public void queueRemoved(FlowQueue q) {
        if (queue == q) queue = null;
    }
}
