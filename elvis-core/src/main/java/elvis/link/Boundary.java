package elvis.link;

import elvis.message.Message;
import elvis.sim.Arrival;
import elvis.sim.Simulator;
import elvis.util.LongIntMap;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One partition's side of its cut links (a {@link Simulator} extension): the halves of the
 * point-to-point links whose other end another partition runs ({@link Network#attachRemote}).
 *
 * <p><b>Out.</b> A frame towards the far end is queued, serialized and put on the wire by its pipe
 * in this partition as on any link, but the pipe's arrival is held here instead of going into the
 * kernel. It is shipped once this partition has run to its <i>ship time</i>, its arrival less the
 * direction's lead ({@link Network#lead}: the delay, plus the serialization of the smallest frame
 * where bandwidth is limited). By then the frame has started transmission, so its fate is sealed
 * (a pipe going down drops only frames that have not started), and its frame number is final. A
 * window of a parallel run is never longer than the smallest lead, so a frame shipped at the end of
 * the window that contains its ship time still arrives after that window: the far partition has
 * not passed it. Holding arrivals outside the kernel keeps every partition's events exactly the
 * sequential run's events restricted to it.
 *
 * <p><b>In.</b> A frame from another partition is scheduled as the keyed arrival it would have been
 * in a sequential run, with the sender's link key and frame number, so it takes its canonical place
 * among the instant's arrivals ({@link Simulator#arrival}).
 *
 * <p>The first group of methods is the network's; the rest is the partition runner's.
 */
public final class Boundary {
    private final Simulator sim;
    private final PriorityQueue<Held> held = new PriorityQueue<>();
    private final List<Network> halves = new ArrayList<>();
    private final LongIntMap halfByKey = new LongIntMap();     // arrival key of an incoming direction -> index in halves
    private final List<CutFrame> outgoing = new ArrayList<>();
    private long order;             // ties between held arrivals of one ship time, in the order they were held
    private Held shipping;          // the held arrival running now, inside flush
    private long shippingKey, shippingSeq;   // its key and frame number, read before it ran
    private boolean shippedNow;     // whether it shipped its frame
    private long unshipped;         // held arrivals that ran and shipped nothing (a frame dropped on the way)

    private Boundary(Simulator sim) { this.sim = sim; }

    /** The boundary of the partition that runs on {@code sim}. */
    public static Boundary of(Simulator sim) { return sim.extension(Boundary.class, Boundary::new); }

    /** An arrival held until it may be shipped: at {@code shipAt}, for {@code time} at the far end. */
    private record Held(long shipAt, long order, long time, Arrival arrival, Network half) implements Comparable<Held> {
        @Override public int compareTo(Held o) { return shipAt != o.shipAt ? Long.compare(shipAt, o.shipAt) : Long.compare(order, o.order); }
    }

    // ---- the network's side ----

    /** {@code half}'s port {@code remotePort} is the far end, in another partition. */
    void add(Network half, int remotePort) {
        long incoming = half.arrivalKey(1 - remotePort);
        if (halfByKey.containsKey(incoming)) throw new IllegalArgumentException("two cut links are called " + half.name());
        halfByKey.put(incoming, halves.size());
        halves.add(half);
    }

    /** The arrival at {@code time} of a frame on {@code half} towards its far end: held, not scheduled. */
    void hold(Network half, long time, Arrival arrival) {
        held.add(new Held(time - half.lead(half.remotePort()), order++, time, arrival, half));
    }

    /** Called, through the pipe's delivery, by the held arrival now running: its frame goes to the far end. */
    void ship(Message frame, long fcs) {
        Held h = shipping;
        outgoing.add(new CutFrame(h.half.remotePartition(), h.time, shippingKey, shippingSeq, frame, fcs));
        shippedNow = true;
    }

    /** The far end's time of the held arrival now running (what a drop on the way is reported at). */
    long arrivalTime() { return shipping.time; }

    // ---- the partition runner's side ----

    /** True when this partition has cut links. */
    public boolean isEmpty() { return halves.isEmpty(); }

    /** The partitions this one shares cut links with, ascending. */
    public int[] neighbours() {
        return halves.stream().mapToInt(Network::remotePartition).distinct().sorted().toArray();
    }

    /**
     * The smallest lead of this partition's cut directions, both ways (Long.MAX_VALUE without cut
     * links): the longest window this partition allows. Asked when the run starts, after configuration.
     */
    public long lookahead() {
        long min = Long.MAX_VALUE;
        for (Network n : halves) min = Math.min(min, Math.min(n.lead(0), n.lead(1)));
        return min;
    }

    /** The cut link with the smallest lead, for messages (null without cut links). */
    public Network shortestLink() {
        Network best = null;
        for (Network n : halves) if (best == null || Math.min(n.lead(0), n.lead(1)) < Math.min(best.lead(0), best.lead(1))) best = n;
        return best;
    }

    /** The earliest ship time held, Long.MAX_VALUE when none: this partition has work then even with an empty kernel. */
    public long nextShipTime() { return held.isEmpty() ? Long.MAX_VALUE : held.peek().shipAt; }

    /**
     * Ships every held arrival whose ship time is at or before {@code windowEnd} (what they hold
     * next may ship too), after the kernel has run through it; returns the frames for other
     * partitions, in the order shipped.
     */
    public List<CutFrame> flush(long windowEnd) {
        while (!held.isEmpty() && held.peek().shipAt <= windowEnd) {
            Held h = held.poll();
            shipping = h;
            shippingKey = h.arrival.link();            // read before it runs: a wire numbers its frames from its queue
            shippingSeq = h.arrival.seq();
            shippedNow = false;
            h.arrival.run();
            if (!shippedNow) unshipped++;
            shipping = null;
        }
        List<CutFrame> out = List.copyOf(outgoing);
        outgoing.clear();
        return out;
    }

    /** Schedules a frame another partition shipped to this one. */
    public void receive(CutFrame f) {
        int i = halfByKey.get(f.key(), -1);
        if (i < 0) throw new IllegalArgumentException("a frame for an unknown cut link (key " + Long.toHexString(f.key()) + ")");
        Network half = halves.get(i);
        int port = 1 - half.remotePort();
        sim.arrival(f.time(), new Incoming(half, port, f));
    }

    /**
     * Held arrivals that ran without shipping a frame (it was dropped on the way). A sequential run
     * dispatches them as events, so a partitioned run's event count adds them.
     */
    public long unshipped() { return unshipped; }

    /** A frame from another partition: the keyed arrival it is in a sequential run. */
    private static final class Incoming extends Arrival {
        private final Network half;
        private final int port;
        private final CutFrame frame;

        Incoming(Network half, int port, CutFrame frame) {
            this.half = half;
            this.port = port;
            this.frame = frame;
        }

        @Override public long link() { return frame.key(); }
        @Override public long seq() { return frame.seq(); }
        @Override public void run() { half.deliverRemote(port, frame.frame(), frame.fcs()); }
    }
}
