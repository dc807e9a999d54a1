package elvis.dummynet;

import elvis.message.Message;
import elvis.sim.RandomStream;

/**
 * One scheduler+link instance: the scheduler over its flow queues, the serializer and the delay
 * line (dummynet's {@code dn_sch_inst} with its {@code delay_line}).
 * <p>
 * Timing (R-DN-3): the scheduler chooses when the line frees; a packet of L bytes chosen at s
 * leaves at departure = s + 8L/B (its last bit) and is delivered at departure + delay, so
 * departure_i = max(arrival_i, departure_{i-1}) + 8·L_i/B. L is the length of the message handed
 * to the engine: the IPv4 packet (header included) at the IP layer, the Ethernet frame (header, no
 * FCS) at layer 2. Times are the exact rationals rounded up to the ns; the remainder is carried
 * through a busy period so a long run keeps the exact rate. A delay profile adds its draw to the
 * busy time; {@code burst} credit lets bytes through without serialization time; with a tick,
 * releases and delays are rounded up to tick multiples (the serializer itself stays exact).
 */
final class SchedInstance implements Runnable {
    final Dummynet engine;
    final SchedNode node;
    final long flowHigh, flowLow;
    final int hashCode32;
    final Scheduler scheduler;
    SchedInstance hashNext;
    private FlowQueue single;               // singleQueue schedulers: the one queue
    private int queues;                     // live flow queues
    private int waiting;                    // packets in its queues
    private int inFlight;                   // packets in the delay line

    // The packet being handed over (read by FlowQueue.append), and the one just polled.
    long inMeta;
    Reinject inBack;
    int inOffset;
    private int polledSlot = PacketSlots.NONE;

    // Serializer.
    private long busyFloor;                 // exact end of the last packet = busyFloor + frac / bps
    private long frac;
    private long busyUntil;                 // the line frees (ns, rounded up)
    private long creditBits;                // burst credit
    private long idleSince;
    private boolean pending;                // a serve event is scheduled
    private int stale;                      // serve events due now that an offer pre-empted: they do nothing
    private long lastRelease;               // delay line order
    private RandomStream random;
    private final DelayLine line = new DelayLine();

    SchedInstance(SchedNode node, long flowHigh, long flowLow, int serial) {
        this.engine = node.engine;
        this.node = node;
        this.flowHigh = flowHigh;
        this.flowLow = flowLow;
        this.hashCode32 = serial * 0x61C88647;
        this.scheduler = node.type.newInstance(node.sched);
        this.idleSince = engine.sim().now();
        this.creditBits = node.pipe.burstBytes() * 8;    // a new instance has been idle forever (dummynet's zeroed idle_time)
    }

    int waiting() { return waiting; }
    int queueCount() { return queues; }
    FlowQueue single() { return single; }
    void single(FlowQueue q) { single = q; }

    void queueCreated(FlowQueue q) {
        queues++;
        scheduler.queueCreated(q);
    }

    void queueRemoved(FlowQueue q) {
        queues--;
        if (single == q) single = null;
        scheduler.queueRemoved(q);
    }

    /** Whether nothing here holds packets or time: the instance may expire. */
    boolean idle(long now) { return waiting == 0 && inFlight == 0 && !pending && busyUntil <= now && creditFull(now); }

    private boolean creditFull(long now) {
        long burst = node.pipe.burstBytes() * 8;
        return burst == 0 || Math.min(burst, creditBits + node.pipe.rate().capacity(idleSince, now)) >= burst;
    }

    /** Hands a packet to queue q at now; false when dropped (counted). */
    boolean offer(FlowQueue q, Message packet, int ipOffset, long meta, Reinject back, long now) {
        // The line freed at this instant and its event has not run yet: its choice comes first
        // (as on the link's FIFO path, where a frame starting now has started).
        if (pending && busyUntil <= now) {
            stale++;
            serve(now);
        }
        if (!pending && busyUntil <= now && waiting == 0) startBusy(now);
        inMeta = meta;
        inBack = back;
        inOffset = ipOffset;
        boolean accepted = scheduler.enqueue(q, packet, now);
        inBack = null;
        if (!accepted) {
            engine.maybeIdle(q, now);
            return false;
        }
        waiting++;
        if (!pending) {
            if (busyUntil <= now) serve(now);
            else schedule();
        }
        return true;
    }

    /** The line was idle: burst credit accrues at the line rate while idle, capped at burst (the code's rule). */
    private void startBusy(long now) {
        long burst = node.pipe.burstBytes() * 8;
        if (burst > 0) creditBits = Math.min(burst, creditBits + node.pipe.rate().capacity(idleSince, now));
        idleSince = now;
    }

    private void schedule() {
        pending = true;
        engine.sim().at(busyUntil, this);
    }

    /** The line is free. */
    @Override
    public void run() {
        if (stale > 0) {            // an offer at this instant served the line already
            stale--;
            return;
        }
        serve(engine.sim().now());
    }

    private void serve(long now) {
        pending = false;
        while (waiting > 0) {
            Message packet = scheduler.dequeue(now);
            if (packet == null) break;
            transmit(polledSlot, packet, now);      // polled() has named its slot
            if (busyUntil > now) break;     // unlimited bandwidth sends back to back at once
        }
        if (waiting > 0) schedule();
        else idleSince = Math.max(now, busyUntil);
    }

    /** Called by FlowQueue.poll for the packet it returns. */
    void polled(int slot) {
        waiting--;
        polledSlot = slot;
    }

    /** Called by FlowQueue for a packet dropped after it was queued (AQM at dequeue, head drop). */
    void dropped(FlowQueue q) {
        waiting--;
        engine.maybeIdle(q, engine.sim().now());
    }

    private void transmit(int slot, Message packet, long now) {
        PacketSlots slots = engine.slots;
        FlowQueue q = slots.queue(slot);
        int len = packet.length();
        PipeConfig p = node.pipe;
        long bits = 8L * len;
        if (creditBits > 0) {
            long used = Math.min(creditBits, bits);
            creditBits -= used;
            bits -= used;
        }
        long end = serialize(now, bits);
        boolean lost = false;
        if (p.profile() != null) {
            long draw = p.profile().draw(len, random());
            end += draw & Long.MAX_VALUE;
            busyFloor = end;
            frac = 0;
            lost = draw < 0;
        }
        busyUntil = end;
        PipeConfig.Impairments imp = p.impairments();
        if (lost) {
            q.counters.dropProfile++;
        } else if ((p.loss() > 0 && random().chance(p.loss())) || (imp.lossModel() != null && imp.lossModel().lose(lossState(), random()))) {
            q.counters.dropWire++;
        } else {
            if (p.corruption() > 0 && random().chance(p.corruption())) {
                slots.packet(slot, packet.withBitFlipped(random().nextLong(8L * len)));
                q.counters.corrupted++;
            }
            long tick = node.tickNs;
            long release = tick > 0 ? Math.ceilDiv(end, tick) * tick : end;
            long delay = p.delayNs() + (p.jitterNs() > 0 ? random().nextLong(p.jitterNs() + 1) : 0);
            if (tick > 0) delay = Math.ceilDiv(delay, tick) * tick;
            if (p.reorders()) {        // jitter, reordering, duplication: packets may overtake each other, as on link pipes
                deliverApart(slot, q, release + delay, imp);
                return;
            }
            long at = Math.max(lastRelease, release + delay);     // the delay line keeps order
            lastRelease = at;
            inFlight++;
            q.inFlight++;
            line.add(slot, at);
            return;
        }
        slots.release(slot);
        engine.maybeIdle(q, now);
    }

    private boolean[] lossState;            // Gilbert-Elliott's state, made on first use

    private boolean[] lossState() {
        if (lossState == null) lossState = new boolean[1];
        return lossState;
    }

    /**
     * A packet released at {@code at} on a pipe whose packets may overtake each other: its own event
     * (and a second one for a duplicate), not the FIFO delay line. A reordered packet is held back
     * by the reorder delay so that later ones pass it (as on link pipes).
     */
    private void deliverApart(int slot, FlowQueue q, long at, PipeConfig.Impairments imp) {
        PacketSlots slots = engine.slots;
        Message packet = slots.packet(slot);
        Reinject back = slots.back(slot);
        long meta = slots.meta(slot);
        slots.release(slot);
        if (imp.reorder() > 0 && random().chance(imp.reorder())) {
            at += imp.reorderDelayNs();
            q.counters.reordered++;
        }
        int copies = imp.duplicate() > 0 && random().chance(imp.duplicate()) ? 2 : 1;
        if (copies == 2) q.counters.duplicated++;
        for (int i = 0; i < copies; i++) {
            inFlight++;
            q.inFlight++;
            engine.sim().at(at, new Apart(packet, meta, back, q));
        }
    }

    /** One packet's delivery on a pipe whose packets may overtake each other. */
    private final class Apart implements Runnable {
        private final Message packet;
        private final long meta;
        private final Reinject back;
        private final FlowQueue q;

        Apart(Message packet, long meta, Reinject back, FlowQueue q) {
            this.packet = packet;
            this.meta = meta;
            this.back = back;
            this.q = q;
        }

        @Override
        public void run() { delivered(packet, meta, back, q); }
    }

    /** {@code packet} of {@code q} left the delay line: counted, and handed back to the stack. */
    private void delivered(Message packet, long meta, Reinject back, FlowQueue q) {
        inFlight--;
        q.inFlight--;
        q.counters.packetsOut++;
        q.counters.bytesOut += packet.length();
        engine.maybeIdle(q, engine.sim().now());
        back.reinject(packet, meta);
    }

    /** End of {@code bits} started at now (the line is free), with the carried remainder. */
    private long serialize(long now, long bits) {
        if (!(node.pipe.rate() instanceof LineRate.Constant(long bps))) {
            busyFloor = node.pipe.rate().finish(now, bits);
            frac = 0;
            return busyFloor;
        }
        if (bps == 0) {
            busyFloor = now;
            frac = 0;
            return now;
        }
        if (now != busyUntil) {      // after idle: start exactly now
            busyFloor = now;
            frac = 0;
        }
        long numerator = frac + bits * 1_000_000_000L;
        busyFloor += numerator / bps;
        frac = numerator % bps;
        return frac > 0 ? busyFloor + 1 : busyFloor;
    }

    private RandomStream random() {
        if (random == null) random = engine.sim().random("dummynet/pipe" + node.pipe.id() + "/" + Long.toHexString(flowHigh) + ":" + Long.toHexString(flowLow));
        return random;
    }

    /** Packets after serialization, in release order, linked through their slots; one kernel event for the oldest. */
    private final class DelayLine implements Runnable {
        private int head = PacketSlots.NONE, tail;

        void add(int slot, long at) {
            PacketSlots slots = engine.slots;
            slots.time(slot, at);
            slots.next(slot, PacketSlots.NONE);         // it still links to its old queue's next
            if (head == PacketSlots.NONE) {
                head = slot;
                engine.sim().at(at, this);
            } else {
                slots.next(tail, slot);
            }
            tail = slot;
        }

        @Override
        public void run() {
            PacketSlots slots = engine.slots;
            int s = head;
            Message packet = slots.packet(s);
            Reinject back = slots.back(s);
            FlowQueue q = slots.queue(s);
            long meta = slots.meta(s);
            head = slots.next(s);
            slots.release(s);
            if (head != PacketSlots.NONE) engine.sim().at(slots.time(head), this);
            delivered(packet, meta, back, q);
        }
    }
}
