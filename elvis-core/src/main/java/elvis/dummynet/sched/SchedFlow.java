package elvis.dummynet.sched;

import elvis.message.Message;

/**
 * One flow as a scheduler sees it: a FIFO of packets with a weight, plus the per-flow state the
 * schedulers of this package keep (dummynet's {@code dn_queue} with the scheduler's extension).
 * The ring grows by doubling and never shrinks, so a flow in steady state allocates nothing per packet.
 */
public class SchedFlow {
    final int weight;
    private Message[] ring = new Message[4];
    private int head, count;
    private long bytes;

    // Scheduler state, used by the scheduler that made the flow.
    /** WF2Q+ and QFQ: virtual start and finish times (fixed point), and 1/weight in the same units. */
    long start, finish, inverseWeight;
    /** DRR and FQ: byte credit. */
    long credit;
    /** DRR's ring, QFQ's slot list, FQ's new/old lists. */
    SchedFlow next;
    /** WF2Q+: position in the heap {@link #heap} holds it, -1 when in none. */
    int heapIndex = -1;
    FlowHeap heap;
    /** QFQ: the group index; FQ: which list the flow is on (0 none, 1 new, 2 old). */
    int slot;

    SchedFlow(int weight) {
        if (weight < 1) throw new IllegalArgumentException("weight must be at least 1: " + weight);
        this.weight = weight;
    }

    public int weight() { return weight; }

    /** Packets waiting. */
    public int length() { return count; }

    /** Bytes waiting. */
    public long bytes() { return bytes; }

    public boolean isEmpty() { return count == 0; }

    void offer(Message packet) {
        if (count == ring.length) grow();
        ring[(head + count) & (ring.length - 1)] = packet;
        count++;
        bytes += packet.length();
    }

    /** Length of the head packet; the flow must not be empty. */
    int headLength() { return ring[head].length(); }

    Message poll() {
        Message packet = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        count--;
        bytes -= packet.length();
        return packet;
    }

    /** Index in the ring of the packet {@code i} places behind the head: for parallel per-packet arrays. */
    int ringIndex(int i) { return (head + i) & (ring.length - 1); }

    int capacity() { return ring.length; }

    private void grow() {
        Message[] more = new Message[ring.length * 2];
        for (int i = 0; i < count; i++) more[i] = ring[(head + i) & (ring.length - 1)];
        ring = more;
        head = 0;
        grown();
    }

    /** Called after the ring doubled and was re-based to index 0 (subclasses with parallel arrays follow). */
    void grown() {}
}
