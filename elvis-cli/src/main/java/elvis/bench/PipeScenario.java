package elvis.bench;

import elvis.dummynet.Dummynet;
import elvis.dummynet.Flowset;
import elvis.dummynet.IpfwConfig;
import elvis.dummynet.Reinject;
import elvis.link.FrameReceiver;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.message.Message;
import elvis.sim.Simulator;

import java.lang.management.ManagementFactory;

/**
 * One busy pipe, kept busy by a closed loop: {@value #IN_FLIGHT} packets circulate, each one handed
 * back to the pipe as soon as it comes out, until {@code packets} have passed. Today's link pipe
 * ({@link Network}'s FIFO egress) and a dummynet pipe are driven the same way, so one run compares
 * them. With {@code flows} > 1 the packets cycle over that many source addresses and a mask makes
 * one instance per address: a sched mask on a FIFO pipe (dynamic pipes, each with its own line),
 * a flow mask on a queue for any other scheduler (one flow queue per address in one instance).
 */
final class PipeScenario {
    static final int IN_FLIGHT = 1000, PACKET_BYTES = 1500;
    static final long BANDWIDTH = 1_000_000_000L, DELAY_NS = 1_000_000;

    /** {@code heapPerInstance}: heap bytes per flow instance made (-1 for the link pipe). */
    record Result(long packets, long events, long wallNs, long allocatedBytes, double heapPerInstance) {
        double packetsPerSecond() { return packets / (wallNs / 1e9); }
        double nsPerPacket() { return (double) wallNs / packets; }
    }

    private PipeScenario() {}

    /** Today's link: a point-to-point network's FIFO pipe. */
    static Result linkPipe(long packets) {
        Simulator sim = Simulator.sequential(1);
        Network net = Network.pointToPoint(sim, "bench", LinkConfig.UNLIMITED.withBandwidth(BANDWIDTH).withDelay(DELAY_NS).withQueuePackets(2 * IN_FLIGHT));
        long dst = 0x02_00_00_00_00_02L;
        byte[] h = new byte[14];
        for (int i = 0; i < 6; i++) h[i] = (byte) (dst >>> (40 - 8 * i));
        Message frame = Message.zeros(PACKET_BYTES - 14).prepend(h);
        int[] portA = new int[1];
        long[] left = {packets}, delivered = {0};
        portA[0] = net.attach(0x02_00_00_00_00_01L, receiver("a", (f, fcs) -> { }));
        net.attach(dst, receiver("b", (f, fcs) -> {
            delivered[0]++;
            if (left[0]-- > 0) net.transmit(portA[0], f);
        }));
        return measure(sim, () -> {
            for (int i = 0; i < IN_FLIGHT && left[0]-- > 0; i++) net.transmit(portA[0], frame);
        }, delivered, -1);
    }

    private interface Receive { void receive(Message frame, long fcs); }

    private static FrameReceiver receiver(String name, Receive r) {
        return new FrameReceiver() {
            @Override public void receive(Message frame, long fcs) { r.receive(frame, fcs); }
            @Override public String name() { return name; }
        };
    }

    /** A dummynet pipe with scheduler {@code type}, over {@code flows} masked flows. */
    static Result dummynet(String type, int flows, long packets) {
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = new Dummynet(sim);
        dn.setExpireNs(Long.MAX_VALUE / 4);          // every instance stays active for the whole run
        boolean fifo = type.equals("fifo");
        String mask = flows > 1 ? " mask src-ip 0xffffffff" : "";
        IpfwConfig.Extensions none = IpfwConfig.Extensions.NONE;
        IpfwConfig.apply(dn, "pipe 1 config bw 1Gbit/s delay 1ms queue 2000 buckets 65536" + (fifo ? mask : ""), "bench", 1, none);
        Flowset target;
        if (fifo) {
            target = dn.pipe("1");
        } else {
            IpfwConfig.apply(dn, "sched 1 config type " + type, "bench", 2, none);
            IpfwConfig.apply(dn, "queue 1 config pipe 1 queue 2000 buckets 65536" + mask, "bench", 3, none);
            target = dn.queue("1");
        }
        Message[] byFlow = new Message[flows];
        Message payload = Message.zeros(PACKET_BYTES - 20);
        for (int f = 0; f < flows; f++) {
            byte[] ip = new byte[20];
            ip[0] = 0x45;
            ip[2] = (byte) (PACKET_BYTES >>> 8);
            ip[3] = (byte) PACKET_BYTES;
            ip[9] = 17;
            int src = 0x0a000000 + f;
            for (int i = 0; i < 4; i++) ip[12 + i] = (byte) (src >>> (24 - 8 * i));
            byFlow[f] = payload.prepend(ip);
        }
        long[] left = {packets}, delivered = {0}, next = {0};
        Reinject[] loop = new Reinject[1];
        loop[0] = (p, meta) -> {
            delivered[0]++;
            if (left[0]-- > 0) {
                int f = (int) (next[0]++ % flows);
                dn.divert(target, byFlow[f], 0, 0, loop[0]);
            }
        };
        // Every instance exists before the clock starts: the figures are per packet, not per creation.
        long heapBefore = usedHeap();
        Reinject discard = (p, meta) -> { };
        for (int f = 0; f < flows; f++) dn.divert(target, byFlow[f], 0, 0, discard);
        sim.run();
        double heapPerInstance = flows < 1000 ? -1 : (double) (usedHeap() - heapBefore) / flows;   // too small to see below
        return measure(sim, () -> {
            for (int i = 0; i < IN_FLIGHT && left[0]-- > 0; i++) dn.divert(target, byFlow[(int) (next[0]++ % flows)], 0, 0, loop[0]);
        }, delivered, heapPerInstance);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static Result measure(Simulator sim, Runnable start, long[] delivered, double heapPerInstance) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long allocatedBefore = threads.isThreadAllocatedMemorySupported() ? threads.getThreadAllocatedBytes(thread) : -1;
        long eventsBefore = sim.eventsDispatched();
        long wallStart = System.nanoTime();
        sim.at(sim.now(), start);
        sim.run();
        long wall = System.nanoTime() - wallStart;
        long allocated = allocatedBefore < 0 ? -1 : threads.getThreadAllocatedBytes(thread) - allocatedBefore;
        return new Result(delivered[0], sim.eventsDispatched() - eventsBefore, wall, allocated, heapPerInstance);
    }

}
