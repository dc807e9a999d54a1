package elvis.live;

import elvis.Simulation;
import elvis.link.FrameReceiver;
import elvis.link.Network;
import elvis.link.Pipe;
import elvis.message.Message;
import elvis.sim.RealtimeSimulator;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bridges a simulated switched network to a TAP device: the device is one more port of the network's
 * switch ({@link Simulation#attachExternal}), which learns the MAC addresses behind it. A reader
 * thread (the only thread besides the kernel's) reads frames and injects them into the real-time
 * kernel ({@link elvis.sim.RealtimeSimulator#inject}); frames towards the port are written to the
 * device from the kernel's thread. Frames pass unchanged both ways.
 *
 * <p>Inbound, each frame is checked (at least an Ethernet header, at most the network's MTU plus
 * the header and a VLAN tag), copied into a message and injected with the time it came in (frames
 * already waiting behind it go in the same injection, up to {@link #BURST}). At most
 * {@link #MAX_PENDING} frames may wait for the kernel: beyond that, while the kernel falls behind a
 * flood, frames are dropped and counted rather than queued without bound.
 *
 * <p>Outbound, a frame the link corrupted is dropped as a NIC drops a frame whose FCS does not
 * match (counted as {@code corrupted}); the others are copied into one buffer reused for every frame
 * and written with one write(2) each, which is the TAP interface's unit (no call takes several
 * frames). They go out as the event runs: each frame reaches the port in an event of its own, so
 * holding writes to the event's end would only add delay. Reads are where batching pays: the reader
 * polls only once the device's queue is empty.
 *
 * <p>Attach before the run starts or from the kernel's thread (the network is the kernel's). When
 * the device vanishes (its namespace deleted) the reader stops, {@link TapStats#gone} turns true and
 * the simulation goes on; frames towards the port then count as {@code writeFailed}.
 */
public final class TapBridge implements AutoCloseable {
    /** Frames read but not yet run by the kernel, at most: a flood costs at most this many frames of memory. */
    public static final int MAX_PENDING = 4096;
    private static final int ETHERNET_HEADER = 14, VLAN_TAG = 4;
    /**
     * Most frames injected together: those the reader finds already waiting once it has read one. A
     * burst costs one injection and at most one wake-up of the kernel's thread instead of one per
     * frame, and its frames share the virtual time the burst came in (they were read back to back).
     */
    static final int BURST = 32;
    /** How long a reader's wait lasts before it looks again (close() interrupts sooner through the device). */
    private static final int READ_WAIT_MS = 500;

    private final Tap tap;
    private final RealtimeSimulator kernel;
    private final Network network;
    private final int maxFrame;                 // untagged; a VLAN-tagged frame may have VLAN_TAG more
    private final byte[] out;                   // the kernel thread's write buffer
    private final AtomicInteger pending = new AtomicInteger();
    private final Thread reader;
    private int port = -1;
    private volatile boolean closed;
    private volatile boolean gone;
    // the reader thread's counts (one writer each, so plain volatile increments are exact)
    private volatile long framesIn, bytesIn, malformed, oversized, flood;
    // the kernel thread's counts
    private volatile long framesOut, bytesOut, writeFailed, corrupted;

    private TapBridge(Tap tap, RealtimeSimulator kernel, Network network) {
        this.tap = tap;
        this.kernel = kernel;
        this.network = network;
        this.maxFrame = network.config().mtu() + ETHERNET_HEADER;
        this.out = new byte[Math.max(maxFrame + VLAN_TAG, Tap.MAX_FRAME)];
        this.reader = new Thread(this::readLoop, "elvis-tap-" + tap.name());
        reader.setDaemon(true);
    }

    /**
     * Opens TAP device {@code device} (creating it) and attaches it to {@code network}, a switched
     * network of {@code sim}, whose kernel must be a {@link elvis.sim.RealtimeSimulator}.
     */
    public static TapBridge attach(Simulation sim, Network network, String device) throws LiveException {
        if (!(sim.kernel() instanceof RealtimeSimulator kernel)) {
            throw new LiveException("network " + network.name() + " cannot be bridged to TAP device " + device
                    + ": live frames need the real-time kernel (run with --realtime, or new Simulation(new RealtimeSimulator(seed)))");
        }
        if (network.isPointToPoint()) {
            throw new LiveException("network " + network.name() + " cannot be bridged to TAP device " + device
                    + ": a TAP device joins a switched network, not a point-to-point link");
        }
        Tap tap = Tap.open(device);
        TapBridge bridge = new TapBridge(tap, kernel, network);
        try {
            bridge.port = sim.attachExternal(network, bridge.new Port());
        } catch (IllegalArgumentException e) {
            tap.close();
            throw new LiveException("cannot bridge TAP device " + device + ": " + e.getMessage());
        }
        bridge.reader.start();
        return bridge;
    }

    public String device() { return tap.name(); }

    /** The network this bridge joins, and its port there. */
    public Network network() { return network; }

    public int port() { return port; }

    public TapStats stats() {
        return new TapStats(tap.name(), framesIn, bytesIn, framesOut, bytesOut, malformed, oversized, flood,
                writeFailed, gone || tap.gone(), corrupted);
    }

    /** Stops the reader and closes the device (which disappears unless it was made persistent). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        tap.close();                    // waits for the reader's current wait to end; its next read sees -1
        if (Thread.currentThread() != reader) {
            try {
                reader.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readLoop() {
        byte[] buf = new byte[out.length];
        Message[] burst = new Message[BURST];
        while (!closed) {
            int n, count = 0;
            try {
                n = tap.read(buf, READ_WAIT_MS);
                while (n > 0) {         // then what is already waiting, without waiting: one injection for the burst
                    Message frame = check(buf, n);
                    if (frame != null) burst[count++] = frame;
                    if (count == BURST) break;
                    n = tap.read(buf, 0);
                }
            } catch (LiveException e) {
                n = -1;                 // an error the device never gives while it exists
            }
            if (count > 0) kernel.inject(new Inbound(Arrays.copyOf(burst, count)));
            if (n < 0) {
                if (!closed) gone = true;
                return;
            }
        }
    }

    /** Checks a frame of {@code n} bytes read into {@code buf} and injects it, or counts why not; tests call this directly. */
    void accept(byte[] buf, int n) {
        Message frame = check(buf, n);
        if (frame != null) kernel.inject(new Inbound(new Message[] {frame}));
    }

    /**
     * A frame of {@code n} bytes read into {@code buf} (of which at most buf.length were copied) as a
     * message counted as pending, or null counted as a drop. Linux itself never hands a TAP device a
     * frame shorter than an Ethernet header (packet sockets refuse to send one), so the check for
     * that is a last line of defence.
     */
    private Message check(byte[] buf, int n) {
        if (n < ETHERNET_HEADER) {
            malformed++;
        } else if (n > maxFrame + (((buf[12] & 0xff) << 8 | buf[13] & 0xff) == 0x8100 ? VLAN_TAG : 0)) {
            oversized++;
        } else if (pending.get() >= MAX_PENDING) {
            flood++;
        } else {
            pending.incrementAndGet();
            framesIn++;
            bytesIn += n;
            return Message.wrap(Arrays.copyOf(buf, n));
        }
        return null;
    }

    /** Frames from the device, sent from the port in the order read when the kernel runs them. */
    private final class Inbound implements Runnable {
        private final Message[] frames;

        Inbound(Message[] frames) { this.frames = frames; }

        @Override
        public void run() {
            pending.addAndGet(-frames.length);
            for (Message frame : frames) network.transmit(port, frame);
        }
    }

    /** The device as the network's receiver on the bridge's port: runs in the kernel's thread. */
    private final class Port implements FrameReceiver {
        @Override
        public void receive(Message frame, long fcs) {
            if (closed) return;
            if (fcs != FCS_INTACT && Pipe.crc32(frame) != fcs) {
                corrupted++;            // a NIC discards a frame whose FCS does not match, and so the device's would
                return;
            }
            int n = frame.length();
            if (gone || n > out.length) {
                writeFailed++;
                return;
            }
            frame.copyTo(out, 0);
            if (tap.write(out, 0, n)) {
                framesOut++;
                bytesOut += n;
            } else {
                writeFailed++;
            }
        }

        @Override
        public String name() { return "tap:" + tap.name(); }
    }
}
