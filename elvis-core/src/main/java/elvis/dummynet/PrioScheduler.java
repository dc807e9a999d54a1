package elvis.dummynet;

import elvis.message.Message;

/**
 * Strict priority (dummynet's {@code prio}): the non-empty queue of the lowest {@linkplain
 * QueueConfig#priority priority} value (0 = served first, up to {@link #LEVELS} - 1) is served;
 * queues of one level are served in turn, one packet each. A bitmap of busy levels makes the
 * choice O(1).
 */
public final class PrioScheduler implements Scheduler {
    public static final int LEVELS = 32;

    public static final Type TYPE = new Type() {
        @Override public String name() { return "prio"; }
        @Override public Scheduler newInstance(SchedConfig config) { return new PrioScheduler(); }
        @Override public String toString() { return "prio"; }
    };

    /** Per level, a ring of the busy queues (each present once). */
    private final Ring[] levels = new Ring[LEVELS];
    private int busy;                   // bit l set: level l has a busy queue

    @Override
    public boolean enqueue(FlowQueue q, Message packet, long now) {
        boolean wasEmpty = q.length() == 0;
        if (!q.append(packet, now)) return false;
        if (wasEmpty) {
            int level = q.flowset().config().priority();
            if (levels[level] == null) levels[level] = new Ring();
            levels[level].add(q);
            busy |= 1 << level;
        }
        return true;
    }

    @Override
    public Message dequeue(long now) {
        while (busy != 0) {
            int level = Integer.numberOfTrailingZeros(busy);
            Ring ring = levels[level];
            FlowQueue q = ring.peek();
            Message packet = q.poll(now);
            if (q.length() == 0) ring.remove();
            else ring.rotate();
            if (ring.isEmpty()) busy &= ~(1 << level);
            if (packet != null) return packet;      // null: AQM dropped its last packets
        }
        return null;
    }

    @Override
    public void queueRemoved(FlowQueue q) {
        // An expired queue is empty, so it is in no ring.
    }

    /** A FIFO ring of queues. */
    private static final class Ring {
        private FlowQueue[] items = new FlowQueue[4];
        private int head, count;

        void add(FlowQueue q) {
            if (count == items.length) {
                FlowQueue[] more = new FlowQueue[count * 2];
                for (int i = 0; i < count; i++) more[i] = items[(head + i) & (items.length - 1)];
                items = more;
                head = 0;
            }
            items[(head + count++) & (items.length - 1)] = q;
        }

        FlowQueue peek() { return items[head]; }
        boolean isEmpty() { return count == 0; }

        void remove() {
            items[head] = null;
            head = (head + 1) & (items.length - 1);
            count--;
        }

        void rotate() {
            FlowQueue q = items[head];
            remove();
            add(q);
        }
    }
}
