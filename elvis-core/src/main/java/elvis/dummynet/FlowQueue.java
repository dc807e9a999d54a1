package elvis.dummynet;

import elvis.message.Message;
import elvis.sim.RandomStream;

/**
 * One queue instance: the packets of one masked flow of a {@link Flowset} within one scheduler
 * instance (dummynet's {@code dn_queue}). It applies its limit (slots or bytes, not counting the
 * packet in transmission) and its AQM controller, stamps each packet's arrival for sojourn times,
 * and keeps the counters. Schedulers use {@link #append} and {@link #poll} and may keep their
 * per-queue state in {@link #schedState}.
 */
public final class FlowQueue {
    private final Flowset flowset;
    private final SchedInstance instance;
    final long flowHigh, flowLow;           // the masked flow id
    final Counters counters = new Counters();
    private Aqm.Controller aqm;
    private RandomStream random;
    FlowQueue hashNext;                      // chaining in the flowset's table
    long idleSince = -1;                     // when it last emptied (for expiry); -1 while it holds packets
    FlowQueue idleNext;                      // the engine's expiry list
    boolean listedIdle;
    long listedAt;
    int inFlight;                            // its packets in the delay line
    int orderSkip;                           // FIFO over several queues: places in its order whose packet AQM dropped

    private final PacketSlots slots;
    private int head = PacketSlots.NONE, tail = PacketSlots.NONE, count;
    private long bytes;

    /** The scheduler's per-queue state (its own object, made in {@link Scheduler#queueCreated}). */
    public Object schedState;

    FlowQueue(Flowset flowset, SchedInstance instance, long flowHigh, long flowLow) {
        this.flowset = flowset;
        this.instance = instance;
        this.flowHigh = flowHigh;
        this.flowLow = flowLow;
        this.slots = instance.engine.slots;
        this.aqm = flowset.config().aqm().newController(flowset.config());
    }

    public Flowset flowset() { return flowset; }
    SchedInstance instance() { return instance; }
    public int weight() { return flowset.config().weight(); }
    /** The rate of the line this queue feeds now, bit/s (0: unlimited): RED's idle decay counts average packets at it. */
    public long lineBitsPerSecond() { return instance.node.pipe.rate().bitsPerSecond(instance.engine.sim().now()); }
    /** Packets waiting (not the one in transmission). */
    public int length() { return count; }
    public long bytes() { return bytes; }
    public Counters counters() { return counters; }
    /** The masked flow id: source address (high 32 bits) and destination address. */
    public long flowIdHigh() { return flowHigh; }
    /** The masked flow id: source port (bits 24..39), destination port (8..23), protocol (0..7). */
    public long flowIdLow() { return flowLow; }
    /** Length of the head packet, 0 when empty. */
    public int headLength() { return count == 0 ? 0 : slots.packet(head).length(); }
    /** When the head packet arrived, or -1 when empty. */
    public long headArrival() { return count == 0 ? -1 : slots.time(head); }

    /**
     * Replaces the queue's AQM controller (from its flowset's {@code aqm}): for schedulers whose
     * algorithm includes one, as FQ-CoDel gives each flow queue its CoDel. Call it in {@link
     * Scheduler#queueCreated}, before the first packet.
     */
    public void useAqm(Aqm.Controller controller) { this.aqm = controller; }

    /** This queue's seeded random stream (for AQM), named after its flowset and flow id. */
    public RandomStream random() {
        if (random == null) random = instance.engine.sim().random("dummynet/" + flowset.kind() + flowset.config().id() + "/" + Long.toHexString(flowHigh) + ":" + Long.toHexString(flowLow));
        return random;
    }

    /**
     * Appends the packet the engine is handing over, at {@code now}: checks the limit and asks AQM.
     * False when it is dropped (the core counts the drop by cause). A MARK verdict sets CE; a
     * packet that cannot carry CE is dropped instead.
     */
    public boolean append(Message packet, long now) {
        int size = packet.length();
        QueueConfig c = flowset.config();
        if ((c.slots() > 0 && count >= c.slots()) || (c.bytes() > 0 && bytes + size > c.bytes())) {
            counters.dropQueue++;
            return false;
        }
        int verdict = aqm.onEnqueue(this, size, now);
        if (verdict == Aqm.DROP || (verdict == Aqm.MARK && (packet = Ecn.markCe(packet, instance.inOffset)) == null)) {
            counters.dropAqm++;
            return false;
        }
        if (verdict == Aqm.MARK) counters.marked++;
        int s = slots.take(packet, instance.inBack, this, now, instance.inMeta, instance.inOffset);
        if (count++ == 0) head = s;
        else slots.next(tail, s);
        tail = s;
        bytes += size;
        idleSince = -1;
        counters.length = count;
        counters.bytes = bytes;
        if (count > counters.maxLength) counters.maxLength = count;
        if (bytes > counters.maxBytes) counters.maxBytes = bytes;
        return true;
    }

    /**
     * Removes and returns the head packet at {@code now} for transmission, after AQM (which may drop
     * heads, counted, and mark); null when the queue is or becomes empty.
     */
    public Message poll(long now) {
        while (count > 0) {
            int s = removeHead();
            Message packet = slots.packet(s);
            int verdict = aqm.onDequeue(this, packet.length(), now - slots.time(s), now);
            if (verdict == Aqm.MARK) {
                Message marked = Ecn.markCe(packet, slots.offset(s));
                if (marked != null) {
                    counters.marked++;
                    packet = marked;
                    slots.packet(s, packet);
                    verdict = Aqm.PASS;
                }
            }
            if (verdict != Aqm.PASS) {
                slots.release(s);
                counters.dropAqm++;
                instance.dropped(this);
                continue;
            }
            instance.polled(s);
            return packet;
        }
        return null;
    }

    /** Drops the head packet (a scheduler over its own limit, as FQ-CoDel drops from the fattest queue); counted as a queue drop. */
    public void dropHead() {
        if (count == 0) return;
        slots.release(removeHead());
        counters.dropQueue++;
        instance.dropped(this);
    }

    /** Unlinks the head slot and returns it (the caller releases it or passes it on). */
    private int removeHead() {
        int s = head;
        bytes -= slots.packet(s).length();
        head = slots.next(s);
        if (--count == 0) tail = head = PacketSlots.NONE;
        counters.length = count;
        counters.bytes = bytes;
        return s;
    }
}
