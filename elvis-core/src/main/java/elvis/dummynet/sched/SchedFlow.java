package elvis.dummynet.sched;

import elvis.message.Message;

/**
 * One flow as the schedulers of this package see it: a FIFO of packets with a weight, plus the
 * per-flow state they keep (dummynet's {@code dn_queue} with the scheduler's extension). Where the
 * packets live is the subclass's business: a dummynet {@link elvis.dummynet.FlowQueue} in a
 * simulation ({@link QueueFlow}), a plain ring for standalone use ({@link RingFlow}).
 */
public abstract class SchedFlow {
    final int weight;

    // Scheduler state, used by the scheduler the flow is attached to.
    /** WF2Q+ and QFQ: virtual start and finish times (fixed point), and 1/weight in the same units. */
    long start, finish, inverseWeight;
    /** DRR and FQ: byte credit. */
    long credit;
    /** DRR's round, QFQ's bucket list, FQ's new/old lists. */
    SchedFlow next;
    /** WF2Q+: the heap that holds the flow and its position there; null and -1 when in none. */
    FlowHeap heap;
    int heapIndex = -1;
    /** QFQ: the group index; FQ: the list the flow is on ({@link FlowQueueing}). */
    int slot;

    protected SchedFlow(int weight) {
        if (weight < 1) throw new IllegalArgumentException("weight must be at least 1: " + weight);
        this.weight = weight;
    }

    public final int weight() { return weight; }

    public final boolean isEmpty() { return length() == 0; }

    /** Packets waiting. */
    public abstract int length();

    /** Bytes waiting. */
    public abstract long bytes();

    /** Length of the head packet; the flow must not be empty. */
    abstract int headLength();

    /** When the head packet arrived; the flow must not be empty. */
    abstract long headArrival();

    /** Appends a packet arriving at {@code now}; false when the flow's limit or AQM refuses it. */
    abstract boolean append(Message packet, long now);

    /**
     * Removes the head packet to transmit it at {@code now}, after the flow's AQM had its say (it may
     * drop heads, or set CE); null when none is left.
     */
    abstract Message poll(long now);

    /** Drops the head packet (the scheduler's limit: FQ's drop from the fattest flow). */
    abstract void dropHead();

    /** Gives the flow its own AQM (FQ-CoDel's CoDel, FQ-PIE's PIE), before its first packet. */
    abstract void useAqm(elvis.dummynet.aqm.AqmConfig config);
}
