package elvis.dummynet;

import elvis.message.Message;

/**
 * First in, first out (dummynet's {@code fifo}): the default scheduler of a pipe. Packets leave in
 * the order they arrived, whichever of the instance's queues holds them. dummynet's {@code fifo}
 * keeps one queue per instance; here each flowset attached to the pipe keeps its own queue in the
 * instance (its limit, AQM and counters apply to its own packets, not to the first flowset's), and
 * the scheduler keeps the arrival order across them. With one flowset (a pipe alone, the usual
 * case) no order is kept: the queue's own order is the arrival order.
 */
public final class FifoScheduler implements Scheduler {
    public static final Type TYPE = new Type() {
        @Override public String name() { return "fifo"; }
        @Override public Scheduler newInstance(SchedConfig config) { return new FifoScheduler(); }
        @Override public boolean singleQueue() { return true; }
        @Override public String toString() { return "fifo"; }
    };

    private FlowQueue queue;                // the one queue while there is one
    private FlowQueue[] order;              // with several queues: per waiting packet, its queue, in arrival order
    private int head, count;

    @Override
    public boolean enqueue(FlowQueue q, Message packet, long now) {
        if (order == null) {
            if (queue == null || queue == q || queue.length() == 0) {
                queue = q;
                return q.append(packet, now);
            }
            startOrder();
        }
        if (!q.append(packet, now)) return false;
        if (count == order.length) grow();
        order[(head + count++) & (order.length - 1)] = q;
        return true;
    }

    /** A second queue has packets while the first still waits: from now on the order is kept. */
    private void startOrder() {
        order = new FlowQueue[Math.max(4, Integer.highestOneBit(queue.length() * 2 - 1) * 2)];
        for (int i = 0; i < queue.length(); i++) order[i] = queue;
        head = 0;
        count = queue.length();
        queue = null;
    }

    @Override
    public Message dequeue(long now) {
        if (order == null) return queue == null ? null : queue.poll(now);
        while (count > 0) {
            FlowQueue q = order[head];
            order[head] = null;
            head = (head + 1) & (order.length - 1);
            count--;
            if (q.orderSkip > 0) {          // a packet of q its AQM dropped at an earlier dequeue
                q.orderSkip--;
                continue;
            }
            int before = q.length();
            Message packet = q.poll(now);
            // an AQM at dequeue may drop q's next packets too: their places in the order are skipped
            q.orderSkip += before - q.length() - (packet == null ? 0 : 1);
            if (packet != null) return packet;
        }
        return null;
    }

    private void grow() {
        FlowQueue[] more = new FlowQueue[order.length * 2];
        for (int i = 0; i < count; i++) more[i] = order[(head + i) & (order.length - 1)];
        order = more;
        head = 0;
    }

    @Override
    public void queueRemoved(FlowQueue q) {
        if (queue == q) queue = null;
    }
}
