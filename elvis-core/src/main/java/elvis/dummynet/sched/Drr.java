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

    public Drr() { this(DEFAULT_QUANTUM); }

    public Drr(int quantum) {
        if (quantum < MIN_QUANTUM || quantum > MAX_QUANTUM)
            throw new IllegalArgumentException("rr quantum must be " + MIN_QUANTUM + ".." + MAX_QUANTUM + " bytes: " + quantum);
        this.quantum = quantum;
    }

    public int quantum() { return quantum; }

    @Override
    public void attach(SchedFlow flow) {
        if (flow.weight > MAX_WEIGHT) throw new IllegalArgumentException("rr weight must be 1.." + MAX_WEIGHT + ": " + flow.weight);
    }

    @Override
    public void detach(SchedFlow flow) {
        if (!flow.isEmpty()) throw new IllegalStateException("a flow with packets waiting cannot be detached");
    }

    @Override
    public boolean enqueue(SchedFlow flow, Message packet, long now) {
        boolean wasIdle = flow.isEmpty();
        if (!flow.append(packet, now)) return false;
        if (!wasIdle) return true;
        flow.credit = (long) flow.weight * quantum;
        flow.next = null;
        if (head == null) head = flow;
        else tail.next = flow;
        tail = flow;
        return true;
    }

    @Override
    public Message dequeue(long now) {
        while (head != null) {
            SchedFlow f = head;
            if (f.isEmpty() || f.headLength() <= f.credit) {
                Message packet = f.poll(now);    // null when the queue's AQM dropped what was left
                if (packet != null) f.credit -= packet.length();
                if (f.isEmpty()) {  // leaves the round; its unused credit goes with it
                    head = f.next;
                    if (head == null) tail = null;
                    f.next = null;
                }
                if (packet != null) return packet;
                continue;
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
}
