package elvis.dummynet.sched;

import elvis.message.Message;

/**
 * Deficit round robin (Shreedhar and Varghese; dummynet's {@code rr}). Backlogged flows wait on a
 * circular list; the head flow sends while its head packet fits its credit, then earns another
 * quantum and goes to the back. A flow's quantum is its weight times {@link #quantum()} bytes.
 * O(1) per packet, amortized, when the quantum is at least the largest packet.
 */
public final class Drr implements FlowScheduler {
    /** dummynet's default and bounds for the quantum step, in bytes. */
    public static final int DEFAULT_QUANTUM = 1500, MIN_QUANTUM = 64, MAX_QUANTUM = 2048;
    /** dummynet's bound on an rr weight. */
    public static final int MAX_WEIGHT = 65536;

    private final int quantum;
    private SchedFlow head, tail;
    private int length;
    private long bytes;

    public Drr() { this(DEFAULT_QUANTUM); }

    public Drr(int quantum) {
        if (quantum < MIN_QUANTUM || quantum > MAX_QUANTUM)
            throw new IllegalArgumentException("rr quantum must be " + MIN_QUANTUM + ".." + MAX_QUANTUM + " bytes: " + quantum);
        this.quantum = quantum;
    }

    public int quantum() { return quantum; }

    @Override
    public SchedFlow newFlow(int weight) {
        if (weight > MAX_WEIGHT) throw new IllegalArgumentException("rr weight must be 1.." + MAX_WEIGHT + ": " + weight);
        return new SchedFlow(weight);
    }

    @Override
    public void removeFlow(SchedFlow flow) {
        if (!flow.isEmpty()) throw new IllegalStateException("a flow with packets waiting cannot be removed");
    }

    @Override
    public void enqueue(SchedFlow flow, Message packet) {
        boolean wasIdle = flow.isEmpty();
        flow.offer(packet);
        length++;
        bytes += packet.length();
        if (!wasIdle) return;
        flow.credit = (long) flow.weight * quantum;
        flow.next = null;
        if (head == null) head = flow;
        else tail.next = flow;
        tail = flow;
    }

    @Override
    public Message dequeue() {
        while (head != null) {
            SchedFlow f = head;
            int len = f.headLength();
            if (len <= f.credit) {
                f.credit -= len;
                Message packet = f.poll();
                length--;
                bytes -= len;
                if (f.isEmpty()) {  // leaves the round; its unused credit goes with it
                    head = f.next;
                    if (head == null) tail = null;
                    f.next = null;
                }
                return packet;
            }
            f.credit += (long) f.weight * quantum;
            if (f != tail) {  // to the back of the round
                head = f.next;
                f.next = null;
                tail.next = f;
                tail = f;
            }
        }
        return null;
    }

    @Override public int length() { return length; }
    @Override public long bytes() { return bytes; }
}
