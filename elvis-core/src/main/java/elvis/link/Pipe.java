package elvis.link;

import elvis.dummynet.profile.LinkConditions;
import elvis.message.Message;
import elvis.sim.Arrival;
import elvis.sim.RandomStream;
import elvis.sim.Simulator;

import java.util.zip.CRC32;

/**
 * One direction of a link, after dummynet: classifier, queue discipline, serializer (the link's
 * bandwidth), then the delay line (the propagation delay, {@link Wire}).
 * <p>
 * With a discipline that {@linkplain Discipline#decidesAtEnqueue decides at enqueue} (FIFO, the
 * default) the pipe knows the moment a frame is offered when it will leave,
 * t_out = max(now, previous t_out) + 8L/B, and when it arrives, t_out + delay (+ jitter); the
 * queue is only a ring of start times, and each frame costs a single kernel event per hop. With
 * any other discipline (prio) a later frame may overtake a waiting one, so the frames wait in a
 * {@link QueueDisc} and one dequeue event runs each time the serializer frees.
 *
 * <p>Queue semantics: the frame being serialized does not count against the queue limit; the limit
 * is on frames (or bytes) waiting behind it. A frame that would exceed it is tail-dropped.
 * Loss happens on the wire: a lost frame has used its transmission time.
 *
 * <p>Down: while the pipe (its network or its port) is down, offered frames are dropped, and when
 * it goes down the frames waiting in its queue are dropped (cause {@link LinkDrop#LINK_DOWN}). The
 * frame in transmission and those on the wire arrive: they have left the sender, as a frame
 * already on the cable does when the far switch port fails.
 */
public final class Pipe {
    /** {@link #offer}: the frame waits in a discipline's queue, its start not yet known. */
    static final long QUEUED = -2;

    private final Simulator sim;
    private long wireFrames;                // frames put on the wire so far: the next one's number
    private LinkConfig config;
    private final Network network;
    private final int port;
    private final PipeStats stats = new PipeStats();
    private RandomStream random;       // created on first draw
    private long lastDeparture;         // when the link finishes its last accepted frame
    private boolean down;
    private Dequeue dequeue;            // null for a discipline that decides at enqueue

    // FIFO fast path: frames waiting to start transmission, as start times and sizes in a ring (allocated on first wait).
    private long[] waitStart;
    private int[] waitBytes;
    private int waitHead, waitCount;
    // An int: it is only compared against a byte limit (at most 1 GiB), and sums wrap exactly; it leaves
    // room for conditionState within the pipe's 88 bytes (a pipe per receiving port: footprint counts).
    private int waitingBytes;
    private final Wire wire = new Wire();
    private LinkConditions.State conditionState;    // made on the first frame of a pipe with conditions

    Pipe(Simulator sim, LinkConfig config, Network network, int port) {
        this.sim = sim;
        this.network = network;
        this.port = port;
        configure(config);
    }

    public LinkConfig config() { return config; }
    public PipeStats stats() { return stats; }
    /** "network>machine/ethN": made on demand, so that a pipe (one per receiving port) stays small. */
    public String name() { return network.name() + ">" + network.portName(port); }
    /** False while the pipe's network or its port is down. */
    public boolean isUp() { return !down; }

    /** Frames waiting behind the one in transmission, as of now. */
    public int queuedPackets() {
        if (dequeue != null) return dequeue.queue == null ? 0 : dequeue.queue.length();
        purgeStarted(sim.now());
        return waitCount;
    }

    /** A new configuration, before the pipe has carried a frame (frames in flight keep the times they were given). */
    void configure(LinkConfig config) {
        if (stats.offered > 0) throw new IllegalStateException("pipe " + name() + " has carried frames: configure it before traffic");
        this.config = config;
        dequeue = config.discipline().decidesAtEnqueue() ? null : new Dequeue(config.discipline());
    }

    /**
     * Offers a frame from port {@code fromPort} for transmission now. Returns when its first bit
     * leaves (now, or later if it waits), also when it will be lost on the wire; {@link #QUEUED}
     * when it waits in a discipline that chooses at dequeue; -1 when it was dropped before
     * transmission (link down, MTU, full queue). Drops are reported to the network's taps.
     */
    long offer(int fromPort, Message frame) {
        int bytes = frame.length();
        stats.offered++;
        stats.bytesOffered += bytes;
        long now = sim.now();
        if (down || network.senderDown(fromPort)) {
            stats.droppedDown++;
            if (network.taps != null) network.dropped(fromPort, port, frame, LinkDrop.LINK_DOWN, now);
            return -1;
        }
        if (bytes - LinkConfig.ETHERNET_HEADER > config.mtu()) {
            stats.droppedMtu++;
            if (network.taps != null) network.dropped(fromPort, port, frame, LinkDrop.MTU, now);
            return -1;
        }
        if (dequeue != null) return dequeue.offer(fromPort, frame, now);
        long start = Math.max(now, lastDeparture);
        if (start > now) {
            purgeStarted(now);
            if ((config.queuePackets() > 0 && waitCount + 1 > config.queuePackets())
                    || (config.queueBytes() > 0 && waitingBytes + bytes > config.queueBytes())) {
                stats.droppedQueue++;
                if (network.taps != null) network.dropped(fromPort, port, frame, LinkDrop.QUEUE, now);
                return -1;
            }
            enqueueWaiting(start, bytes);
            if (network.taps != null) network.queued(port, frame, start);
        }
        return serialize(fromPort, frame, bytes, start, now);
    }

    /** The serializer: the frame's first bit leaves at {@code start}; then the wire's loss, corruption and delay. */
    private long serialize(int fromPort, Message frame, int bytes, long start, long offered) {
        if (config.conditions() != null) return serializeConditioned(fromPort, frame, bytes, start, offered);
        lastDeparture = start + config.transmissionNs(bytes);
        if (config.loss() > 0 && random().chance(config.loss())) {
            stats.droppedLoss++;
            if (network.taps != null) network.dropped(fromPort, port, frame, LinkDrop.LOSS, start);
            return start;
        }
        long arrival = lastDeparture + config.delayNs();
        long jitter = config.jitterNs() > 0 ? random().nextLong(config.jitterNs() + 1) : 0;
        long fcs = FrameReceiver.FCS_INTACT;
        Message delivered = frame;
        if (config.corruption() > 0 && random().chance(config.corruption())) {
            if (config.checkFcs()) fcs = crc32(frame);
            delivered = frame.withBitFlipped(random().nextLong(bytes * 8L));
            stats.corrupted++;
        }
        if (config.jitterNs() > 0) {                 // jitter may reorder frames: each carries its own event
            network.scheduleArrival(port, arrival + jitter, new JitteredFrame(delivered, fcs, wireFrames++, offered, start));
        } else {
            wire.add(delivered, fcs, arrival);
        }
        return start;
    }

    /**
     * {@link #serialize} on a link with {@link LinkConditions}, in their order: the trace's rate and
     * the profile's delay make the busy time; profile, wire and Gilbert-Elliott loss; latency, jitter,
     * corruption, the reorder delay; a duplicate. Every frame carries its own event, as with jitter
     * (reordering needs it, and link-down then finds each frame's start without recomputing it).
     */
    private long serializeConditioned(int fromPort, Message frame, int bytes, long start, long offered) {
        LinkConditions.State state = conditionState;
        if (state == null) conditionState = state = config.conditions().newState();
        lastDeparture = state.finishNs(start, bytes, config.transmissionNs(bytes), random());
        if (state.profileLost()) {          // counted as loss in the pipe's totals; the state tells the profile's share
            stats.droppedLoss++;
            if (network.taps != null) network.dropped(fromPort, port, frame, LinkDrop.PROFILE, start);
            return start;
        }
        if ((config.loss() > 0 && random().chance(config.loss())) || state.lossModelLoses(random())) {
            stats.droppedLoss++;
            if (network.taps != null) network.dropped(fromPort, port, frame, LinkDrop.LOSS, start);
            return start;
        }
        long arrival = lastDeparture + config.delayNs() + (config.jitterNs() > 0 ? random().nextLong(config.jitterNs() + 1) : 0);
        long fcs = FrameReceiver.FCS_INTACT;
        Message delivered = frame;
        if (config.corruption() > 0 && random().chance(config.corruption())) {
            if (config.checkFcs()) fcs = crc32(frame);
            delivered = frame.withBitFlipped(random().nextLong(bytes * 8L));
            stats.corrupted++;
        }
        arrival += state.reorderNs(random());
        network.scheduleArrival(port, arrival, new JitteredFrame(delivered, fcs, wireFrames++, offered, start));
        if (state.duplicates(random())) network.scheduleArrival(port, arrival, new JitteredFrame(delivered, fcs, wireFrames++, offered, start));
        return start;
    }

    /** This pipe's profile, loss-model, duplication and reordering counters; null before its first frame or without conditions. */
    public LinkConditions.State conditionState() { return conditionState; }

    /** A frame of a jittered pipe, with its own event. */
    private final class JitteredFrame extends Arrival {
        private final Message frame;
        private final long fcs, seq;

        private final long offered, start;      // to tell whether the pipe went down while it waited

        JitteredFrame(Message frame, long fcs, long seq, long offered, long start) {
            this.frame = frame;
            this.fcs = fcs;
            this.seq = seq;
            this.offered = offered;
            this.start = start;
        }

        @Override public long link() { return network.arrivalKey(port); }
        @Override public long seq() { return seq; }

        @Override
        public void run() {
            if (wentDownWhileWaiting(offered, start)) dropWaiting(frame, -2, network.arrivalTime(port));
            else arrive(frame, fcs);
        }
    }

    /** A copy of a frame the network flooded as one event ({@link Network}) was offered and delivered through this pipe. */
    void countFlooded(int bytes) {
        stats.offered++;
        stats.bytesOffered += bytes;
        stats.delivered++;
        stats.bytesDelivered += bytes;
    }

    /** A frame arrives at the far end of a cut link in another partition: counted there (the far partition's half has this pipe's counters of deliveries). */
    void countArrived(int bytes) {
        stats.delivered++;
        stats.bytesDelivered += bytes;
    }

    private void arrive(Message frame, long fcs) {
        if (network.isRemote(port)) {        // counted when it arrives, in the far partition: a run may end before
            network.ship(frame, fcs);
            return;
        }
        countArrived(frame.length());
        network.deliver(port, frame, fcs);
    }

    /**
     * The queue of a discipline that chooses at dequeue, and the event that serves it when the
     * serializer frees (at most one pending).
     */
    private final class Dequeue implements Runnable, QueueDisc.Owner {
        private final Classifier classifier;
        private final int bands;
        private QueueDisc queue;        // made on first wait
        private boolean pending;

        Dequeue(Discipline discipline) {
            this.classifier = discipline.classifier();
            this.bands = discipline.bands();
        }

        long offer(int fromPort, Message frame, long now) {
            // The line freed at this instant and its event has not run yet: its frame was chosen
            // before this one came, as on the FIFO fast path, where a frame starting now has started.
            if (lastDeparture <= now && queue != null && queue.length() > 0) startNext(now);
            if (lastDeparture <= now) return serialize(fromPort, frame, frame.length(), now, now);
            if (queue == null) queue = config.discipline().newQueue(config, this);
            if (!queue.enqueue(frame, classifier.band(frame, bands), now)) {
                stats.droppedQueue++;
                if (network.taps != null) network.dropped(fromPort, port, frame, LinkDrop.QUEUE, now);
                return -1;
            }
            if (network.taps != null) network.queued(port, frame, -1);
            if (!pending) {
                pending = true;
                sim.at(lastDeparture, this);
            }
            return QUEUED;
        }

        /** The serializer is free: the discipline picks the next frame. */
        @Override
        public void run() {
            long now = sim.now();
            if (lastDeparture > now) {          // an offer at this instant served the line first
                sim.at(lastDeparture, this);
                return;
            }
            pending = false;
            if (queue.length() == 0) return;    // dropped when the pipe went down
            startNext(now);
            if (queue.length() > 0) {
                pending = true;
                sim.at(lastDeparture, this);
            }
        }

        private void startNext(long now) {
            Message frame = queue.dequeue(now);
            if (frame == null) return;          // an AQM dropped every frame that waited
            if (network.taps != null) network.unqueued(port, frame, -1);
            int fromPort = network.portOfSource(frame);
            serialize(fromPort, frame, frame.length(), now, now);
            if (network.taps != null) network.transmitting(fromPort, frame, now);
        }

        @Override public RandomStream randomStream() { return random(); }

        @Override
        public void droppedByAqm(Message frame, boolean wasQueued, long now) {
            stats.countAqmDrop();
            if (network.taps == null) return;
            if (wasQueued) network.unqueued(port, frame, -1);
            network.dropped(network.portOfSource(frame), port, frame, LinkDrop.AQM, now);
        }

        @Override public void markedCe() { stats.countEcnMark(); }

        void dropAll(long now) {
            if (queue == null) return;
            for (Message frame = queue.dequeue(now); frame != null; frame = queue.dequeue(now)) dropWaiting(frame, -1);
        }
    }

    /** The pipe goes down or up (its network's or its port's state changed). */
    void setDown(boolean goingDown) {
        if (goingDown == down) return;
        down = goingDown;
        if (!goingDown) return;
        long now = sim.now();
        if (config.jitterNs() > 0 || config.conditions() != null) network.wentDown(port, now);
        if (dequeue != null) {
            dequeue.dropAll(now);
            return;
        }
        purgeStarted(now);
        if (waitCount == 0) return;
        // The line is free at the end of the frame in transmission.
        lastDeparture = Math.max(waitStart[waitHead], wire.dropNotStarted(now));
        waitCount = 0;
        waitingBytes = 0;
    }

    /** Whether a frame offered at {@code offered} to start at {@code start} was still waiting when the pipe went down. */
    private boolean wentDownWhileWaiting(long offered, long start) {
        long[] downTimes = network.downTimes(port);
        if (downTimes == null) return false;
        for (int i = (int) downTimes[0]; i >= 1 && downTimes[i] >= offered; i--) if (downTimes[i] < start) return true;
        return false;
    }

    /**
     * A frame waiting when the pipe went down is dropped. {@code plannedStart}: the start the taps
     * were told when it was queued, -1 when none (it left the queue now), -2 when it has passed (a
     * jittered frame dropped when it would have arrived).
     */
    private void dropWaiting(Message frame, long plannedStart) { dropWaiting(frame, plannedStart, sim.now()); }

    /** As above, reported at {@code time}: a jittered frame is dropped when it would have arrived, which on a cut link is not now. */
    private void dropWaiting(Message frame, long plannedStart, long time) {
        stats.droppedDown++;
        if (network.taps == null) return;
        if (plannedStart != -2) network.unqueued(port, frame, plannedStart);
        network.dropped(network.portOfSource(frame), port, frame, LinkDrop.LINK_DOWN, time);
    }

    /**
     * Frames on the wire of a pipe without jitter, which arrive in the order they were sent. Only the
     * oldest has a kernel event, and delivering it schedules the next: the kernel holds one event per
     * busy pipe however long its queue (a small event queue is a fast one), and a frame costs no closure.
     */
    private final class Wire extends Arrival {
        private Message[] frames = new Message[16];
        private long[] fcs = new long[16];
        private long[] arrivals = new long[16];
        private int head, count;

        void add(Message frame, long frameFcs, long arrival) {
            if (count == frames.length) grow();
            int tail = (head + count) & (frames.length - 1);
            frames[tail] = frame;
            fcs[tail] = frameFcs;
            arrivals[tail] = arrival;
            wireFrames++;
            if (count++ == 0) network.scheduleArrival(port, arrival, this);
        }

        @Override public long link() { return network.arrivalKey(port); }
        @Override public long seq() { return wireFrames - count; }   // the oldest frame's, the one the event delivers

        @Override
        public void run() {
            Message frame = frames[head];
            long f = fcs[head];
            frames[head] = null;
            head = (head + 1) & (frames.length - 1);
            if (--count > 0) network.scheduleArrival(port, arrivals[head], this);   // before the delivery, as if scheduled when sent
            if (frame != null) arrive(frame, f);            // null: dropped when the pipe went down
        }

        /**
         * The pipe went down at {@code now}: the frames that had not started transmission (the
         * newest) are dropped and removed. The oldest entry has the pending event, so when it is
         * one of them it stays, empty; returns its end of transmission then (the line stays busy
         * until it, so later arrivals keep their order), else {@link Long#MIN_VALUE}.
         */
        long dropNotStarted(long now) {
            int mask = frames.length - 1, first = count;
            while (first > 0) {
                int j = (head + first - 1) & mask;
                if (frames[j] == null || arrivals[j] - config.delayNs() - config.transmissionNs(frames[j].length()) <= now) break;
                first--;
            }
            long busyUntil = Long.MIN_VALUE;
            for (int i = first; i < count; i++) {
                int j = (head + i) & mask;
                dropWaiting(frames[j], arrivals[j] - config.delayNs() - config.transmissionNs(frames[j].length()));
                if (i == 0) busyUntil = arrivals[j] - config.delayNs();
                frames[j] = null;
            }
            int kept = Math.max(first, Math.min(count, 1));
            wireFrames -= count - kept;          // the oldest kept frame keeps its number (seq() counts back from here)
            count = kept;
            return busyUntil;
        }

        private void grow() {
            int n = count * 2, mask = frames.length - 1;
            Message[] fr = new Message[n];
            long[] fc = new long[n], ar = new long[n];
            for (int i = 0; i < count; i++) {
                int j = (head + i) & mask;
                fr[i] = frames[j];
                fc[i] = fcs[j];
                ar[i] = arrivals[j];
            }
            frames = fr;
            fcs = fc;
            arrivals = ar;
            head = 0;
        }
    }

    private RandomStream random() {
        if (random == null) random = sim.random(name());
        return random;
    }

    private void purgeStarted(long now) {
        while (waitCount > 0 && waitStart[waitHead] <= now) {
            waitingBytes -= waitBytes[waitHead];
            waitHead = (waitHead + 1) & (waitStart.length - 1);
            waitCount--;
        }
    }

    private void enqueueWaiting(long start, int bytes) {
        if (waitStart == null) {
            waitStart = new long[16];
            waitBytes = new int[16];
        } else if (waitCount == waitStart.length) {
            long[] s = new long[waitCount * 2];
            int[] b = new int[waitCount * 2];
            for (int i = 0; i < waitCount; i++) {
                int j = (waitHead + i) & (waitStart.length - 1);
                s[i] = waitStart[j];
                b[i] = waitBytes[j];
            }
            waitStart = s;
            waitBytes = b;
            waitHead = 0;
        }
        int tail = (waitHead + waitCount) & (waitStart.length - 1);
        waitStart[tail] = start;
        waitBytes[tail] = bytes;
        waitCount++;
        waitingBytes += bytes;
    }

    /** CRC-32 of a frame: the value of an Ethernet FCS. */
    public static long crc32(Message frame) {
        CRC32 crc = new CRC32();
        frame.forEachSlice((array, off, len) -> {
            if (array != null) crc.update(array, off, len);
            else for (int i = 0; i < len; i++) crc.update(0);
        });
        return crc.getValue();
    }
}
