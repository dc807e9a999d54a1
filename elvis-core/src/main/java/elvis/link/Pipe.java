package elvis.link;

import elvis.message.Message;
import elvis.sim.Arrival;
import elvis.sim.RandomStream;
import elvis.sim.Simulator;

import java.util.zip.CRC32;

/**
 * One direction of a link, after dummynet: a FIFO queue drained at the link's bandwidth, then the
 * propagation delay. The moment a frame is offered the pipe knows when it will leave,
 * t_out = max(now, previous t_out) + 8L/B, and when it arrives, t_out + delay (+ jitter), so each
 * frame costs a single kernel event per hop.
 *
 * <p>Queue semantics: the frame being serialized does not count against the queue limit; the limit
 * is on frames (or bytes) waiting behind it. A frame that would exceed it is tail-dropped.
 * Loss happens on the wire: a lost frame has used its transmission time.
 */
public final class Pipe {
    private final Simulator sim;            // the sender's kernel (the receiver's may differ: Network#scheduleArrival)
    private long wireFrames;                // frames put on the wire so far: the next one's number
    private final LinkConfig config;
    private final Network network;
    private final int port;
    private final String name;
    private final PipeStats stats = new PipeStats();
    private RandomStream random;       // created on first draw
    private long lastDeparture;         // when the link finishes its last accepted frame

    // Frames waiting to start transmission: start times and sizes in a ring (allocated on first wait).
    private long[] waitStart;
    private int[] waitBytes;
    private int waitHead, waitCount;
    private long waitingBytes;
    private final Wire wire = new Wire();

    Pipe(Simulator sim, LinkConfig config, Network network, int port, String name) {
        this.sim = sim;
        this.config = config;
        this.network = network;
        this.port = port;
        this.name = name;
    }

    public LinkConfig config() { return config; }
    public PipeStats stats() { return stats; }
    public String name() { return name; }

    /** Frames waiting behind the one in transmission, as of now. */
    public int queuedPackets() { purgeStarted(sim.now()); return waitCount; }

    /**
     * Offers a frame from port {@code fromPort} for transmission now. Returns when its first bit
     * leaves (now, or later if it waits), also when it will be lost on the wire; -1 when it was
     * dropped before transmission (MTU, full queue). Drops are reported to the network's taps.
     */
    long offer(int fromPort, Message frame) {
        int bytes = frame.length();
        stats.offered++;
        stats.bytesOffered += bytes;
        long now = sim.now();
        if (bytes - LinkConfig.ETHERNET_HEADER > config.mtu()) {
            stats.droppedMtu++;
            if (network.taps != null) network.dropped(fromPort, port, frame, LinkDrop.MTU, now);
            return -1;
        }
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
        }
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
            network.scheduleArrival(port, arrival + jitter, new JitteredFrame(delivered, fcs, wireFrames++));
        } else {
            wire.add(delivered, fcs, arrival);
        }
        return start;
    }

    /** A frame of a jittered pipe, with its own event. */
    private final class JitteredFrame extends Arrival {
        private final Message frame;
        private final long fcs, seq;

        JitteredFrame(Message frame, long fcs, long seq) {
            this.frame = frame;
            this.fcs = fcs;
            this.seq = seq;
        }

        @Override protected long link() { return network.arrivalKey(port); }
        @Override protected long seq() { return seq; }
        @Override public void run() { arrive(frame, fcs); }
    }

    private void arrive(Message frame, long fcs) {
        stats.delivered++;
        stats.bytesDelivered += frame.length();
        network.deliver(port, frame, fcs);
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

        @Override protected long link() { return network.arrivalKey(port); }
        @Override protected long seq() { return wireFrames - count; }   // the oldest frame's, the one the event delivers

        @Override
        public void run() {
            Message frame = frames[head];
            long f = fcs[head];
            frames[head] = null;
            head = (head + 1) & (frames.length - 1);
            if (--count > 0) network.scheduleArrival(port, arrivals[head], this);   // before the delivery, as if scheduled when sent
            arrive(frame, f);
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
        if (random == null) random = sim.random(name);
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
