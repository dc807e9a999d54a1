package elvis.dummynet.sched;

import elvis.dummynet.aqm.AqmConfig;
import elvis.dummynet.aqm.CoDel;
import elvis.dummynet.aqm.Pie;
import elvis.message.Message;

/**
 * The flow queueing of RFC 8290 that dummynet's {@code fq_codel} and {@code fq_pie} share: each
 * flow has its own AQM controller (CoDel, RFC 8289, or PIE, RFC 8033), which its queue applies
 * (dropping or, with ECN, marking), and a byte credit; flows
 * that just became active wait on a list of new flows that is served before the list of old ones,
 * so a sparse flow (a ping, a DNS query, a TCP handshake) goes out ahead of the bulk flows' queues.
 * A flow serves while its credit is positive, then earns a quantum and goes to the back of the old
 * list (DRR). When the packets of all flows exceed {@code limit}, packets are dropped from the head
 * of the flow holding the most bytes: up to half its packets, at most {@link #BATCH} (Linux's batch
 * drop, which keeps the search for the fattest flow off the per-packet path under overload).
 * Weights are ignored, as in dummynet.
 * <p>
 * Per packet O(1) (amortized over the old list's rotations), besides the AQM's own work.
 */
public final class FlowQueueing implements FlowScheduler {
    /** RFC 8290's and dummynet's defaults: quantum 1514 bytes, limit 10240 packets, 1024 flows. */
    public static final int DEFAULT_QUANTUM = 1514, DEFAULT_LIMIT = 10240, DEFAULT_FLOWS = 1024;
    /** dummynet's bounds on quantum, limit and flows. */
    public static final int MAX_QUANTUM = 9000, MAX_LIMIT = 20480, MAX_FLOWS = 65536;
    static final int BATCH = 64;
    private static final int NONE = 0, NEW = 1, OLD = 2;

    private final int quantum, limit, flows;
    private final AqmConfig aqm;
    private SchedFlow newHead, newTail, oldHead, oldTail;
    /** Packets in all attached flows. */
    private int backlog;

    /** {@code aqm}: {@link CoDel} for fq_codel, {@link Pie} for fq_pie. */
    public FlowQueueing(int quantum, int limit, int flows, AqmConfig aqm) {
        if (quantum < 1 || quantum > MAX_QUANTUM) throw new IllegalArgumentException("quantum must be 1.." + MAX_QUANTUM + " bytes: " + quantum);
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + " packets: " + limit);
        if (flows < 1 || flows > MAX_FLOWS) throw new IllegalArgumentException("flows must be 1.." + MAX_FLOWS + ": " + flows);
        if (aqm == null) throw new IllegalArgumentException("flow queueing needs an AQM (codel or pie)");
        this.quantum = quantum;
        this.limit = limit;
        this.flows = flows;
        this.aqm = aqm;
    }

    /** FQ-CoDel with RFC 8290's defaults: CoDel target 5 ms, interval 100 ms. */
    public static FlowQueueing fqCodel() { return new FlowQueueing(DEFAULT_QUANTUM, DEFAULT_LIMIT, DEFAULT_FLOWS, CoDel.DEFAULT); }

    /** FQ-PIE with dummynet's defaults (PIE's RFC 8033 defaults: target 15 ms, tupdate 15 ms). */
    public static FlowQueueing fqPie() { return new FlowQueueing(DEFAULT_QUANTUM, DEFAULT_LIMIT, DEFAULT_FLOWS, Pie.DEFAULT); }

    public int quantum() { return quantum; }
    public int limit() { return limit; }
    /** dummynet's number of flow buckets; here flows never share a queue (see docs/dummynet.md, Schedulers). */
    public int flows() { return flows; }
    public AqmConfig aqm() { return aqm; }

    /** Packets waiting in all flows. */
    public int backlog() { return backlog; }

    @Override
    public void attach(SchedFlow flow) {
        flow.useAqm(aqm);
        flow.slot = NONE;
    }

    @Override
    public void detach(SchedFlow flow) {
        if (!flow.isEmpty()) throw new IllegalStateException("a flow with packets waiting cannot be detached");
        if (flow.slot != NONE) unlink(flow);
    }

    @Override
    public boolean enqueue(SchedFlow flow, Message packet, long now) {
        int before = flow.length();
        boolean accepted = flow.append(packet, now);    // the flow's AQM may refuse it (PIE) or mark it
        backlog += flow.length() - before;
        if (!accepted) return false;
        if (flow.slot == NONE) {
            flow.credit = quantum;
            flow.slot = NEW;
            flow.next = null;
            if (newTail == null) newHead = flow;
            else newTail.next = flow;
            newTail = flow;
        }
        if (backlog > limit) dropFromFattest();
        return true;
    }

    private void dropFromFattest() {
        SchedFlow fattest = null;
        for (SchedFlow f = newHead; f != null; f = f.next) if (fattest == null || f.bytes() > fattest.bytes()) fattest = f;
        for (SchedFlow f = oldHead; f != null; f = f.next) if (fattest == null || f.bytes() > fattest.bytes()) fattest = f;
        int drops = Math.min(BATCH, Math.max(1, fattest.length() / 2));
        for (int i = 0; i < drops; i++) fattest.dropHead();
        backlog -= drops;
    }

    @Override
    public Message dequeue(long now) {
        while (true) {
            SchedFlow f = newHead != null ? newHead : oldHead;
            if (f == null) return null;
            boolean wasNew = f == newHead;
            if (f.credit <= 0) {
                f.credit += quantum;
                unlink(f);
                appendOld(f);
                continue;
            }
            Message packet = take(f, now);
            if (packet == null) {
                unlink(f);
                if (wasNew) appendOld(f);    // so that it cannot come back as new at once (RFC 8290 section 4.2)
                continue;
            }
            f.credit -= packet.length();
            return packet;
        }
    }

    /** The flow's next packet, after its AQM has had its say (CoDel may drop heads); null when none is left. */
    private Message take(SchedFlow f, long now) {
        int before = f.length();
        Message packet = f.poll(now);
        backlog -= before - f.length();
        return packet;
    }

    private void appendOld(SchedFlow f) {
        f.slot = OLD;
        f.next = null;
        if (oldTail == null) oldHead = f;
        else oldTail.next = f;
        oldTail = f;
    }

    /** Removes a flow from the head of its list (the only place flows leave, except detach of an idle one). */
    private void unlink(SchedFlow f) {
        if (f.slot == NEW) {
            if (newHead == f) {
                newHead = f.next;
                if (newHead == null) newTail = null;
            } else {
                unlinkInner(f, newHead, true);
            }
        } else if (f.slot == OLD) {
            if (oldHead == f) {
                oldHead = f.next;
                if (oldHead == null) oldTail = null;
            } else {
                unlinkInner(f, oldHead, false);
            }
        }
        f.next = null;
        f.slot = NONE;
    }

    private void unlinkInner(SchedFlow f, SchedFlow head, boolean isNew) {
        SchedFlow prev = head;
        while (prev.next != f) prev = prev.next;
        prev.next = f.next;
        if (f.next == null) {
            if (isNew) newTail = prev;
            else oldTail = prev;
        }
    }
}
