package elvis.link;

import elvis.message.Message;
import elvis.sim.Arrival;
import elvis.sim.RandomStream;
import elvis.sim.Simulator;
import elvis.util.LongIntMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Ethernet segment: a switch with one egress pipe per port, so a frame costs one event to reach
 * its destination. Broadcast frames go to every other port, multicast frames to the ports that
 * joined the group, unicast frames to the port that owns the destination MAC. Pipes are created on
 * first use, so a 100,000-port network where few ports receive holds few pipes.
 * A point-to-point link is a network of exactly two ports.
 */
public final class Network {
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private final Simulator sim;
    private final Simulator[] endKernels;   // a link cut between partitions: the kernel of each port; else null
    private final String name;
    private final LinkConfig config;
    private final int maxPorts;
    private final long linkKey;             // point-to-point: stable key of the link (even); the port is its low bit
    private final LongIntMap portByMac = new LongIntMap();
    private FrameReceiver[] receivers = new FrameReceiver[4];
    private Pipe[] pipes = new Pipe[4];
    private int ports;
    private Map<Long, int[]> groups;     // multicast MAC -> member ports, created on first join
    private long unknownDestination;
    FrameTap[] taps;                     // null when nothing observes this network

    public Network(Simulator sim, String name, LinkConfig config) { this(sim, null, name, config, Integer.MAX_VALUE); }

    private Network(Simulator sim, Simulator[] endKernels, String name, LinkConfig config, int maxPorts) {
        this.sim = sim;
        this.endKernels = endKernels;
        this.name = name;
        this.config = config;
        this.maxPorts = maxPorts;
        this.linkKey = maxPorts == 2 ? linkKey(name) : 0;
    }

    /** The arrival key of the point-to-point link called {@code name}: even, so the direction (port) is its low bit. */
    public static long linkKey(String name) { return RandomStream.nameKey(name) << 1; }

    /**
     * A point-to-point link: both directions have {@code config}. Its arrivals are keyed by the
     * link's name (see {@link Simulator#arrival}), so the name must be unique in the model.
     */
    public static Network pointToPoint(Simulator sim, String name, LinkConfig config) {
        return new Network(sim, null, name, config, 2);
    }

    /**
     * A point-to-point link cut between two partitions: the end attached first (port 0) lives in
     * kernel {@code end0}, the other in {@code end1}. Each direction's pipe queues and serializes in
     * the sender's kernel and schedules the arrival in the receiver's; the delay is the lookahead
     * that lets the partitions run apart. The runner must not run the two kernels at the same time
     * (a threaded runner would put a mailbox where the arrival is scheduled).
     */
    public static Network pointToPoint(Simulator end0, Simulator end1, String name, LinkConfig config) {
        return new Network(end0, new Simulator[] {end0, end1}, name, config, 2);
    }

    /**
     * Schedules an arrival at {@code port}, in that port's kernel. On a point-to-point link it is
     * keyed ({@link Simulator#arrival}), so it runs before the other events of its instant in an
     * order that survives cutting the run at this link; on a switched segment, which is never cut,
     * it is an ordinary event.
     */
    void scheduleArrival(int port, long time, Arrival arrival) {
        if (maxPorts == 2) kernel(port).arrival(time, arrival);
        else sim.at(time, arrival);
    }

    /** The key of arrivals at {@code port} of a point-to-point link: the link's name and the direction. */
    long arrivalKey(int port) { return linkKey | port; }

    /** The kernel the NIC on {@code port} runs in. */
    Simulator kernel(int port) { return endKernels == null ? sim : endKernels[port]; }

    public String name() { return name; }
    public LinkConfig config() { return config; }
    public int portCount() { return ports; }

    /**
     * Connects a NIC with unicast address {@code mac}; returns its port number.
     */
    public int attach(long mac, FrameReceiver receiver) {
        if ((mac & 0x0100_0000_0000L) != 0 || mac < 0 || mac > BROADCAST)
            throw new IllegalArgumentException("not a unicast MAC address: " + Long.toHexString(mac));
        if (portByMac.containsKey(mac))
            throw new IllegalArgumentException("MAC " + Long.toHexString(mac) + " is already on network " + name);
        if (ports == maxPorts) throw new IllegalStateException("point-to-point link " + name + " already has two ends");
        if (ports == receivers.length) {
            int n = ports * 2;
            receivers = Arrays.copyOf(receivers, n);
            pipes = Arrays.copyOf(pipes, n);
        }
        int port = ports++;
        receivers[port] = receiver;
        portByMac.put(mac, port);
        return port;
    }

    /** Port {@code port} receives frames sent to multicast address {@code group}. */
    public void join(int port, long group) {
        if ((group & 0x0100_0000_0000L) == 0 || group == BROADCAST)
            throw new IllegalArgumentException("not a multicast MAC address: " + Long.toHexString(group));
        if (groups == null) groups = new HashMap<>();
        int[] members = groups.getOrDefault(group, new int[0]);
        for (int m : members) if (m == port) return;
        int[] more = Arrays.copyOf(members, members.length + 1);
        more[members.length] = port;
        groups.put(group, more);
    }

    /**
     * Sends a frame from {@code fromPort}; the destination MAC is the frame's first six bytes. Taps
     * hear of it now ({@link FrameTap#sent}), of when it starts transmission and of its drops.
     */
    public void transmit(int fromPort, Message frame) {
        FrameTap[] taps = this.taps;
        if (taps != null) for (FrameTap t : taps) t.sent(this, fromPort, frame);
        long dst = frame.length() >= 6 ? frame.u48(0) : -1;
        long start;
        if (dst == BROADCAST) {
            start = -1;
            for (int p = 0; p < ports; p++) if (p != fromPort) start = earliest(start, pipe(p).offer(fromPort, frame));
        } else if (dst >= 0 && (dst & 0x0100_0000_0000L) != 0) {
            start = -1;
            int[] members = groups == null ? null : groups.get(dst);
            if (members != null) for (int p : members) if (p != fromPort) start = earliest(start, pipe(p).offer(fromPort, frame));
        } else {
            int port = dst < 0 ? -1 : portByMac.get(dst, -1);
            if (port < 0 || port == fromPort) {
                unknownDestination++;
                if (taps != null) dropped(fromPort, -1, frame, LinkDrop.UNKNOWN_DESTINATION, kernel(fromPort).now());
                return;
            }
            start = pipe(port).offer(fromPort, frame);
        }
        if (taps != null && start >= 0) for (FrameTap t : taps) t.transmitting(this, fromPort, frame, start);
    }

    /** The earlier of two start times, where -1 means none. */
    private static long earliest(long a, long b) { return a < 0 ? b : b < 0 ? a : Math.min(a, b); }

    /** Called by a pipe (or the switch) that drops a frame, when taps are attached. */
    void dropped(int fromPort, int toPort, Message frame, LinkDrop cause, long timeNs) {
        for (FrameTap t : taps) t.dropped(this, fromPort, toPort, frame, cause, timeNs);
    }

    /** The egress pipe towards {@code port}. */
    public Pipe pipe(int port) {
        Pipe p = pipes[port];
        if (p == null) pipes[port] = p = new Pipe(kernel(maxPorts == 2 ? 1 - port : port), config, this, port, name + ">" + receivers[port].name());
        return p;
    }

    /** Called by the pipe towards {@code port} when a frame arrives there. */
    void deliver(int port, Message frame, long fcs) {
        if (taps != null) for (FrameTap t : taps) t.arrived(this, port, frame);
        receivers[port].receive(frame, fcs);
    }

    public void addTap(FrameTap tap) {
        taps = taps == null ? new FrameTap[] {tap} : Arrays.copyOf(taps, taps.length + 1);
        taps[taps.length - 1] = tap;
    }

    /** The name of the receiver (NIC) on {@code port}, e.g. "client/eth0". */
    public String portName(int port) { return receivers[port].name(); }

    /** Unicast frames addressed to no port of this network (dropped). */
    public long unknownDestination() { return unknownDestination; }

    /** Sum of the counters of every pipe. */
    public PipeStats stats() {
        PipeStats total = new PipeStats();
        for (int p = 0; p < ports; p++) if (pipes[p] != null) total.add(pipes[p].stats());
        return total;
    }

    /** Pipes that have carried traffic, in port order. */
    public List<Pipe> activePipes() {
        List<Pipe> list = new ArrayList<>();
        for (int p = 0; p < ports; p++) if (pipes[p] != null) list.add(pipes[p]);
        return list;
    }
}
