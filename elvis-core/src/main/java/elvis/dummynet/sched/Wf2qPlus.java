package elvis.dummynet.sched;

import elvis.message.Message;

/**
 * WF2Q+ (Bennett and Zhang; dummynet's default scheduler): each backlogged flow has a virtual start
 * S and finish F = S + L/w; the scheduler sends the packet of the smallest F among the flows that
 * are eligible (S &le; V). The system virtual time V advances by L/&Sigma;w per packet sent and jumps
 * to the smallest S when no flow is eligible. Three heaps, as in dummynet: eligible flows by F,
 * ineligible flows by S, and flows that went idle by F, which keep their weight in &Sigma;w until V
 * passes their F (so a flow cannot gain by going idle and coming back). O(log N) per packet.
 * Times are fixed point with {@link #FRAC_BITS} fractional bits and compared modulo 2^64.
 */
public final class Wf2qPlus implements FlowScheduler {
    static final int FRAC_BITS = 32;
    /** dummynet's bound on a weight. */
    public static final int MAX_WEIGHT = 65536;

    private final FlowHeap eligible = new FlowHeap(false);
    private final FlowHeap ineligible = new FlowHeap(true);
    private final FlowHeap idle = new FlowHeap(false);
    private long virtualTime;
    /** Weights of backlogged flows and of idle flows whose F is still ahead of V. */
    private long weightSum;

    @Override
    public void attach(SchedFlow flow) {
        if (flow.weight > MAX_WEIGHT) throw new IllegalArgumentException("wf2q+ weight must be 1.." + MAX_WEIGHT + ": " + flow.weight);
        flow.inverseWeight = (1L << FRAC_BITS) / flow.weight;
    }

    @Override
    public void detach(SchedFlow flow) {
        if (!flow.isEmpty()) throw new IllegalStateException("a flow with packets waiting cannot be detached");
        if (flow.heap == idle) {
            idle.remove(flow);
            weightSum -= flow.weight;
        }
    }

    @Override
    public boolean enqueue(SchedFlow flow, Message packet, long now) {
        boolean wasIdle = flow.isEmpty();
        if (!flow.append(packet, now)) return false;
        if (!wasIdle) return true;
        if (flow.heap == idle) idle.remove(flow);  // its weight still counts
        else weightSum += flow.weight;
        // S = max(F, V): a flow that returns before V reached its F does not start earlier
        flow.start = flow.finish - virtualTime > 0 ? flow.finish : virtualTime;
        flow.finish = flow.start + (long) packet.length() * flow.inverseWeight;
        file(flow);
        return true;
    }

    @Override
    public Message dequeue(long now) {
        while (true) {
            if (eligible.isEmpty()) {
                if (ineligible.isEmpty()) return null;
                long minStart = ineligible.min().start;
                if (minStart - virtualTime > 0) virtualTime = minStart;
                promote();
            }
            SchedFlow f = eligible.min();
            Message packet = f.poll(now);    // null when the queue's AQM dropped what was left
            if (packet != null) virtualTime += ((long) packet.length() << FRAC_BITS) / weightSum;
            eligible.remove(f);
            if (f.isEmpty()) {
                idle.add(f);
            } else {
                f.start = f.finish;
                f.finish = f.start + (long) f.headLength() * f.inverseWeight;
                file(f);
            }
            while (!idle.isEmpty() && idle.min().finish - virtualTime <= 0) weightSum -= idle.removeMin().weight;
            promote();
            if (packet != null) return packet;
        }
    }

    private void file(SchedFlow f) {
        if (f.start - virtualTime <= 0) eligible.add(f);
        else ineligible.add(f);
    }

    /** Moves the flows that V has reached from the ineligible heap to the eligible one. */
    private void promote() {
        while (!ineligible.isEmpty() && ineligible.min().start - virtualTime <= 0) eligible.add(ineligible.removeMin());
    }

    /** Flows counted in &Sigma;w (for tests). */
    long weightSum() { return weightSum; }
}
