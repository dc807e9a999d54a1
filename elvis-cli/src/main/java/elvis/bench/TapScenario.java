package elvis.bench;

import elvis.Simulation;
import elvis.link.FrameReceiver;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.live.HostSetup;
import elvis.live.LiveException;
import elvis.live.Tap;
import elvis.live.TapBridge;
import elvis.live.TapStats;
import elvis.message.Message;
import elvis.sim.Lateness;
import elvis.sim.RealtimeSimulator;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The live-traffic benchmarks: real-time lateness of an idle simulation, and frames per second
 * through a {@link TapBridge} in each direction.
 *
 * <p>Frames: the bridged TAP device and a second TAP device that this benchmark opens itself (the
 * generator) are both moved into a network namespace of their own and joined there by a Linux
 * bridge. Outside → simulated: a thread writes frames into the generator's descriptor; Linux
 * receives them on the generator device, forwards them through its bridge to the bridged device,
 * and the TapBridge's reader takes them into the simulation, where the switch floods them (their
 * destination is an address no port owns) to one counting port. Simulated → outside: that port
 * sends frames towards an address learned behind the generator device; the TapBridge writes them to
 * its device, Linux forwards them to the generator device, and the generator thread reads and counts
 * them there. The generator is a plain write (or read) per frame on a TAP descriptor, the cheapest
 * way into Linux's stack without native code of the benchmark's own, and it offers frames faster
 * than the bridge takes them, so the figure is the bridge's; what it could not take shows as drops.
 */
final class TapScenario {
    /** Frames on the TAP carry no FCS: a "64-byte" frame is 60 bytes there, a 1500-byte packet's frame 1514. */
    static int wireBytes(int frameSize) { return frameSize == 64 ? 60 : frameSize + 14; }

    private static final long SINK_MAC = 0x02_EE_00_00_00_01L;     // where outside frames go: no port owns it, so the switch floods them
    private static final long GEN_MAC = 0x02_EE_00_00_00_02L;      // the generator's frames' source: Linux's bridge learns it behind the generator device
    private static final int ETHERTYPE = 0x88B5;                   // IEEE local experimental: no stack acts on it
    private static final long QUIET_NS = 300_000_000;              // a direction is done when no frame came for this long

    record LatenessResult(long seconds, long periodNs, long timers, long events, double meanNs, long p50Ns, long p99Ns, long maxNs) { }

    /** An idle simulation whose only work is a timer re-armed every {@code periodNs}, run in real time for {@code seconds}. */
    static LatenessResult lateness(long seconds, long periodNs) {
        RealtimeSimulator kernel = new RealtimeSimulator(1);
        Simulation sim = new Simulation(kernel);
        long[] timers = new long[1];
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            timers[0]++;
            kernel.schedule(periodNs, tick[0]);
        };
        kernel.schedule(periodNs, tick[0]);
        sim.runUntil(seconds * 1_000_000_000L);
        Lateness l = kernel.lateness();
        return new LatenessResult(seconds, periodNs, timers[0], kernel.eventsDispatched(), l.meanNs(), l.quantileNs(0.5), l.quantileNs(0.99), l.maxNs());
    }

    /**
     * One direction of one frame size. In: {@code offered} frames written into Linux, {@code delivered}
     * of them reached the simulated sink, {@code linuxDrops} overflowed the bridged device's queue
     * while the bridge's reader fell behind. Out: {@code offered} frames sent in the simulation,
     * {@code delivered} written to the device by the bridge; after the bridge, the outside reader
     * read {@code received} of them from the generator device and {@code linuxDrops} overflowed that
     * device's queue (the reader's slowness, not the bridge's). Rates are over the wall time from the
     * first frame offered to the last delivered. CPU times are the threads' own (user and system).
     */
    record Direction(String direction, long offered, long offeredWallNs, long delivered, long deliveredWallNs,
                     long bridgeDrops, long linuxDrops, long received, long kernelCpuNs, long readerCpuNs) {
        /** CPU time per delivered frame of the kernel's thread and of the bridge's reader: what the bridge costs, whatever else the machine runs. */
        double kernelCpuNsPerFrame() { return delivered == 0 ? 0 : (double) kernelCpuNs / delivered; }
        double readerCpuNsPerFrame() { return delivered == 0 ? 0 : (double) readerCpuNs / delivered; }

        double offeredPerSecond() { return offered / (offeredWallNs / 1e9); }
        double deliveredPerSecond() { return deliveredWallNs <= 0 ? 0 : delivered / (deliveredWallNs / 1e9); }
    }

    record FramesResult(int frameSize, int wireBytes, Direction in, Direction out) { }

    /** Why the frame scenarios cannot run here, or null. */
    static String framesUnavailable() {
        String why = Tap.unavailable();
        return why != null ? why : HostSetup.unavailable();
    }

    /** {@code frames} frames of {@code frameSize} bytes each way, after a warm-up of {@code warmup} frames each way. */
    static FramesResult frames(int frameSize, long frames, long warmup) throws LiveException, InterruptedException {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000) | 0x1000000).substring(1);
        String ns = "eltn" + id, bridged = "eltb" + id, generator = "eltg" + id, linuxBridge = "elts" + id;
        RealtimeSimulator kernel = new RealtimeSimulator(1);
        Simulation sim = new Simulation(kernel);
        Network lan = sim.network("bench", LinkConfig.UNLIMITED, Simulation.Resolution.ARP);
        Sink sink = new Sink();
        int port = sim.attachExternal(lan, sink);
        int len = wireBytes(frameSize);
        try (HostSetup host = new HostSetup(); Tap gen = Tap.open(generator); TapBridge bridge = TapBridge.attach(sim, lan, bridged)) {
            host.namespace(ns);
            // No IPv6 on the devices: its router solicitations and MLD reports would be frames the benchmark did not send.
            HostSetup.run(HostSetup.inNamespace(ns, "sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1"));
            HostSetup.run(HostSetup.inNamespace(ns, "ip", "link", "add", linuxBridge, "type", "bridge"));
            host.moveLink(bridged, ns);
            host.moveLink(generator, ns);
            HostSetup.run(HostSetup.inNamespace(ns, "ip", "link", "set", bridged, "master", linuxBridge));
            HostSetup.run(HostSetup.inNamespace(ns, "ip", "link", "set", generator, "master", linuxBridge));
            HostSetup.run(HostSetup.inNamespace(ns, "ip", "link", "set", linuxBridge, "up"));

            byte[] inFrame = frame(len, SINK_MAC, GEN_MAC);
            Message outFrame = Message.wrap(frame(len, GEN_MAC, SINK_MAC));
            Driver driver = new Driver(kernel, lan, port, sink, gen, bridge, inFrame, outFrame, ns, bridged, generator, warmup, frames);
            Thread t = Thread.ofPlatform().name("elvis-bench-generator").start(driver);
            sim.runUntil(Long.MAX_VALUE);                 // ends when the driver injects stop
            t.join();
            if (driver.failure != null) throw driver.failure;
            return new FramesResult(frameSize, len, driver.in, driver.out);
        }
    }

    /** An Ethernet frame of {@code len} bytes from {@code src} to {@code dst}, local experimental EtherType, zeros after. */
    private static byte[] frame(int len, long dst, long src) {
        byte[] f = new byte[len];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) (dst >>> (40 - 8 * i));
            f[6 + i] = (byte) (src >>> (40 - 8 * i));
        }
        f[12] = (byte) (ETHERTYPE >>> 8);
        f[13] = (byte) ETHERTYPE;
        return f;
    }

    /** The simulated end: counts the benchmark's frames that reach its port, and when the last came. */
    private static final class Sink implements FrameReceiver {
        volatile long frames, last;

        @Override
        public void receive(Message frame, long fcs) {
            if (frame.length() < 14 || frame.u16(12) != ETHERTYPE) return;   // Linux's own frames, if any
            last = System.nanoTime();
            frames = frames + 1;                          // one writer: the kernel's thread
        }

        @Override
        public String name() { return "bench-sink"; }
    }

    /** The outside: writes frames in, then reads them out, then stops the kernel. */
    private static final class Driver implements Runnable {
        final RealtimeSimulator kernel;
        final Network lan;
        final int port;
        final Sink sink;
        final Tap gen;
        final TapBridge bridge;
        final byte[] inFrame;
        final Message outFrame;
        final String ns, bridged, generator;
        final long warmup, frames;
        final long kernelThread = Thread.currentThread().threadId();   // made by the thread that then runs the kernel
        final long readerThread;
        Direction in, out;
        volatile LiveException failure;

        Driver(RealtimeSimulator kernel, Network lan, int port, Sink sink, Tap gen, TapBridge bridge, byte[] inFrame, Message outFrame,
               String ns, String bridged, String generator, long warmup, long frames) {
            this.kernel = kernel;
            this.lan = lan;
            this.port = port;
            this.sink = sink;
            this.gen = gen;
            this.bridge = bridge;
            this.inFrame = inFrame;
            this.outFrame = outFrame;
            this.ns = ns;
            this.bridged = bridged;
            this.generator = generator;
            this.warmup = warmup;
            this.frames = frames;
            // The bridge's reader, found by the name TapBridge gives it (-1 if that ever changes: its CPU time then reads -1).
            this.readerThread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("elvis-tap-" + bridged))
                    .mapToLong(Thread::threadId).findFirst().orElse(-1);
        }

        static long cpu(long thread) { return thread < 0 ? -1 : ManagementFactory.getThreadMXBean().getThreadCpuTime(thread); }

        @Override
        public void run() {
            try {
                if (warmup > 0) inward(warmup);
                in = inward(frames);
                if (warmup > 0) outward(warmup);
                out = outward(frames);
            } catch (LiveException e) {
                failure = e;
            } catch (InterruptedException e) {
                failure = new LiveException("interrupted");
            } catch (RuntimeException e) {
                failure = new LiveException("the benchmark's generator failed: " + e, e);
            } finally {
                kernel.inject(kernel::stop);
            }
        }

        /** Writes {@code n} frames into the generator device; counts what reaches the simulated sink. */
        Direction inward(long n) throws LiveException, InterruptedException {
            long sink0 = sink.frames;
            TapStats s0 = bridge.stats();
            long linux0 = counter(bridged, "tx_dropped");
            long kernel0 = cpu(kernelThread), reader0 = cpu(readerThread);
            long start = System.nanoTime();
            for (long i = 0; i < n; i++) {
                if (!gen.write(inFrame, 0, inFrame.length)) throw new LiveException("the generator device " + generator + " refused a frame");
            }
            long offeredNs = System.nanoTime() - start;
            awaitQuiet(() -> sink.frames);
            long delivered = sink.frames - sink0;
            TapStats s1 = bridge.stats();
            // From the first frame written to the last one the sink got.
            return new Direction("in", n, offeredNs, delivered, delivered == 0 ? 0 : sink.last - start,
                    (s1.flood() - s0.flood()) + (s1.malformed() - s0.malformed()) + (s1.oversized() - s0.oversized()),
                    counter(bridged, "tx_dropped") - linux0, delivered, cpu(kernelThread) - kernel0, cpu(readerThread) - reader0);
        }

        /** The sink's port sends {@code n} frames towards the generator's address; counts what the bridge writes and the generator device reads. */
        Direction outward(long n) throws LiveException, InterruptedException {
            TapStats s0 = bridge.stats();
            long linux0 = counter(generator, "tx_dropped");
            long kernel0 = cpu(kernelThread);
            Source source = new Source(kernel, lan, port, outFrame, n);
            kernel.inject(source);
            byte[] buf = new byte[Tap.MAX_FRAME];
            long got = 0, last = 0;
            while (true) {
                int r = gen.read(buf, (int) (QUIET_NS / 1_000_000));
                if (r < 0) throw new LiveException("the generator device " + generator + " is gone");
                if (r == 0) {
                    if (source.endNs != 0) break;         // all written, and nothing more for a while
                    continue;
                }
                if (r >= 14 && (buf[12] & 0xff) << 8 == (ETHERTYPE & 0xff00) && (buf[13] & 0xff) == (ETHERTYPE & 0xff)) got++;
            }
            long kernelCpu = cpu(kernelThread) - kernel0;  // the kernel then idles, parked: no CPU time
            TapStats s1 = bridge.stats();
            long span = source.endNs - source.startNs;
            return new Direction("out", n, span, s1.framesOut() - s0.framesOut(), span,
                    s1.writeFailed() - s0.writeFailed(), counter(generator, "tx_dropped") - linux0, got, kernelCpu, 0);
        }

        /** Waits until {@code count} has not changed for {@link #QUIET_NS}. */
        static void awaitQuiet(java.util.function.LongSupplier count) throws InterruptedException {
            long seen = -1;
            while (count.getAsLong() != seen) {
                seen = count.getAsLong();
                TimeUnit.NANOSECONDS.sleep(QUIET_NS);
            }
        }

        /** A statistics counter of {@code device} in the benchmark's namespace. */
        long counter(String device, String name) throws LiveException {
            return Long.parseLong(HostSetup.run(HostSetup.inNamespace(ns, "cat", "/sys/class/net/" + device + "/statistics/" + name)).strip());
        }
    }

    /** Sends its frames in batches from the kernel's thread, each batch as soon as the previous one is out, until {@code n}. */
    private static final class Source implements Runnable {
        static final int BATCH = 64;
        final RealtimeSimulator kernel;
        final Network lan;
        final int port;
        final Message frame;
        final long n;
        long sent;
        volatile long startNs, endNs;                     // wall clock when the first frame was sent, and when the last was written

        Source(RealtimeSimulator kernel, Network lan, int port, Message frame, long n) {
            this.kernel = kernel;
            this.lan = lan;
            this.port = port;
            this.frame = frame;
            this.n = n;
        }

        @Override
        public void run() {
            if (sent == 0) startNs = System.nanoTime();
            for (int i = 0; i < BATCH && sent < n; i++, sent++) lan.transmit(port, frame);
            if (sent < n) kernel.schedule(1_000, this);   // 64 frames per microsecond: more than any bridge takes, so the kernel never waits
            else kernel.schedule(0, () -> endNs = System.nanoTime());   // after the last batch's arrivals at the bridge's port, which are earlier events of this instant
        }
    }
}
