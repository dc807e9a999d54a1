package elvis.link;

import elvis.config.Intervals;
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
 * <p>
 * On a switched network whose pipes are transparent ({@link LinkConfig#isTransparent}: no bandwidth
 * limit, loss, corruption nor jitter) a broadcast is one event, which delivers the frame to each
 * receiving port in port order; and with {@link LinkConfig#floodShortcut} (the default) it skips
 * the ports whose receivers declared that they would only count a discard of it
 * ({@link FrameReceiver#floodInterest}), unless something observes the network ({@link #addTap}).
 * The skipped copies are counted ({@link #floodSkipped}); docs/architecture.md says what else they
 * do not count.
 * <p>
 * Each port's egress pipe may have its own configuration ({@link #configurePort}): on a
 * point-to-point link, the pipe towards a port is one direction, so an asymmetric access link is
 * two port configurations. The network, or one port, can go down and up ({@link #setUp},
 * {@link #setPortUp}, or at scheduled times with {@link #downDuring}, {@link #portDownDuring}).
 */
public final class Network {
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private final Simulator sim;
    private Cut cut;                        // the half of a link cut between partitions; null for every other network
    private final String name;
    private final LinkConfig config;
    private final int maxPorts;
    private final long linkKey;             // point-to-point: stable key of the link (even); the port is its low bit
    private final LongIntMap portByMac = new LongIntMap();
    // Point-to-point: the two ends' MACs (BROADCAST until attached), so a unicast frame finds its port without the table.
    private long mac0 = BROADCAST, mac1 = BROADCAST;
    private FrameReceiver[] receivers = new FrameReceiver[4];
    private Pipe[] pipes = new Pipe[4];
    private int ports;
    private Map<Long, int[]> groups;     // multicast MAC -> member ports, created on first join
    private long unknownDestination;
    private int[] bridgePorts;           // ports of transparent bridges: they get unknown and multicast destinations; null when none
    private LongIntMap learned;          // source MACs seen behind bridge ports -> port (a learning switch's table); null when none
    private Flooding flooding;           // made at the first flood that may skip ports
    FrameTap[] taps;                     // null when nothing observes this network
    private Variations variations;       // null while every port has the network's config and all is up

    /** The flood shortcut's state, kept apart: most networks (every point-to-point link) never need it. */
    private static final class Flooding {
        final FloodIndex index = new FloodIndex();
        int[] recipients = new int[8];   // the ports a flood delivers to (one flood runs at a time)
        final int[][] lists = new int[4][];   // the lists a flood merges: every port's, then its keys'
        final int[] counts = new int[4], at = new int[4];
        long skipped;
    }

    /** What only some networks need, kept apart so that a plain network (one per link) stays small. */
    private static final class Variations {
        LinkConfig[] configs;            // egress configuration per port where it differs, else null
        int[] ownConfigPorts = new int[0];   // the ports with a configuration of their own, ascending
        boolean[] portDown;
        int portsDown;
        int[] downPorts = new int[0];    // the ports that are down, ascending (portsDown of them)
        boolean down;
        long[][] downTimes;              // per port, for jittered frames: [0] how many, then when its pipe went down

        Variations(int capacity) {
            configs = new LinkConfig[capacity];
            portDown = new boolean[capacity];
        }
    }

    /** The far end of a cut link: which port it is, the partition that runs it, and this partition's boundary. */
    private record Cut(int remotePort, int partition, Boundary boundary) { }

    public Network(Simulator sim, String name, LinkConfig config) { this(sim, name, config, Integer.MAX_VALUE); }

    private Network(Simulator sim, String name, LinkConfig config, int maxPorts) {
        this.sim = sim;
        this.name = name;
        this.config = config;
        this.maxPorts = maxPorts;
        this.linkKey = maxPorts == 2 ? linkKey(name) : 0;
        for (Intervals.Interval i : config.down().list()) downDuring(i.fromNs(), i.toNs());
    }

    /** The arrival key of the point-to-point link called {@code name}: even, so the direction (port) is its low bit. */
    public static long linkKey(String name) { return RandomStream.nameKey(name) << 1; }

    /**
     * A point-to-point link: both directions have {@code config}, unless {@link #configurePort} sets one. Its arrivals are keyed by the
     * link's name (see {@link Simulator#arrival}), so the name must be unique in the model.
     */
    public static Network pointToPoint(Simulator sim, String name, LinkConfig config) {
        return new Network(sim, name, config, 2);
    }

    /**
     * Schedules an arrival at {@code port}. On a point-to-point link it is keyed
     * ({@link Simulator#arrival}), so it runs before the other events of its instant in an order
     * that survives cutting the run at this link; towards the far end of a cut link it is held by
     * the partition's {@link Boundary} and shipped. On a switched segment, which is never cut, it is
     * an ordinary event.
     */
    void scheduleArrival(int port, long time, Arrival arrival) {
        if (maxPorts != 2) sim.at(time, arrival);
        else if (cut != null && port == cut.remotePort) cut.boundary.hold(this, time, arrival);
        else sim.arrival(time, arrival);
    }

    /** The key of arrivals at {@code port} of a point-to-point link: the link's name and the direction. */
    long arrivalKey(int port) { return linkKey | port; }

    /**
     * Attaches the far end of a link cut between partitions: the NIC called {@code name} with address
     * {@code mac}, which partition {@code partition} runs (its machine is not built here). This
     * network is then this partition's half of the link: frames towards that port are shipped to
     * that partition ({@link Boundary}), and frames from it arrive through {@link Boundary#receive}.
     * Attach both ends in the order a whole build would (the port numbers are the link's), configure
     * the far port as a whole build would (its pipe is here), and schedule the far end's link
     * events here too: each half keeps its own copy of the link's state.
     */
    public int attachRemote(long mac, String name, int partition) {
        if (maxPorts != 2) throw new IllegalArgumentException("network " + this.name + ": only a point-to-point link can be cut between partitions");
        if (cut != null) throw new IllegalStateException("link " + this.name + " has a far end already: a machine on each side is local to one partition");
        int port = attach(mac, new RemotePort(name));
        Boundary b = Boundary.of(sim);
        cut = new Cut(port, partition, b);
        b.add(this, port);
        return port;
    }

    /** The far end of a cut link, as this partition sees it: a name, no machine. */
    private record RemotePort(String name) implements FrameReceiver {
        @Override public void receive(Message frame, long fcs) { throw new IllegalStateException("a frame delivered to far end " + name + " here"); }
    }

    /** True when {@code port} is the far end of a cut link, run by another partition. */
    public boolean isRemote(int port) { return cut != null && port == cut.remotePort; }

    /** The far end's port on a cut link, -1 on any other network. */
    int remotePort() { return cut == null ? -1 : cut.remotePort; }

    /** The partition that runs the far end of this cut link, -1 on any other network. */
    public int remotePartition() { return cut == null ? -1 : cut.partition; }

    /** How long before its arrival at {@code port} a frame has surely started transmission ({@link LinkConfig#leadNs}): the lookahead a cut of this link gives. */
    public long lead(int port) { return config(port).leadNs(); }

    /** A frame arriving at the far end of a cut link (through its held arrival, now shipping): to its partition. */
    void ship(Message frame, long fcs) { cut.boundary.ship(frame, fcs); }

    /** When the frame now reaching {@code port} arrives: now, or for the far end of a cut link its shipped arrival's time. */
    long arrivalTime(int port) { return isRemote(port) ? cut.boundary.arrivalTime() : sim.now(); }

    /** A frame from the far partition arrives at local port {@code port}: counted by that direction's pipe (its other counters are the sender's), then delivered. */
    void deliverRemote(int port, Message frame, long fcs) {
        pipe(port).countArrived(frame.length());
        deliver(port, frame, fcs);
    }

    public String name() { return name; }
    public LinkConfig config() { return config; }
    public int portCount() { return ports; }
    /** True for a link of two ports, where a frame needs no destination to find the other end. */
    public boolean isPointToPoint() { return maxPorts == 2; }

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
            if (variations != null) {
                variations.configs = Arrays.copyOf(variations.configs, n);
                variations.portDown = Arrays.copyOf(variations.portDown, n);
                if (variations.downTimes != null) variations.downTimes = Arrays.copyOf(variations.downTimes, n);
            }
        }
        int port = ports++;
        receivers[port] = receiver;
        portByMac.put(mac, port);
        if (maxPorts == 2) {
            if (port == 0) mac0 = mac;
            else mac1 = mac;
        }
        if (flooding != null) flooding.index.refresh(port, receiver);
        return port;
    }

    /** Most source addresses a network learns behind its bridge ports: beyond, it floods (as a full switch table does), so a flood of made-up addresses cannot grow it. */
    public static final int MAX_LEARNED = 4096;

    /**
     * Port {@code port} belongs to a transparent bridge (or leads outside the model, see
     * {@code Simulation.attachExternal}): it receives the unicast frames whose destination no port of
     * this network owns, unless the switch learned that destination behind another bridge port, and
     * every multicast frame; broadcasts reach it as every port. The switch learns the source address
     * of each frame such a port sends, as a learning switch does (entries do not age; at most
     * {@link #MAX_LEARNED}).
     */
    public void bridgePort(int port) {
        if (port < 0 || port >= ports) throw new IllegalArgumentException("no port " + port + " on " + name);
        bridgePorts = bridgePorts == null ? new int[] {port} : Arrays.copyOf(bridgePorts, bridgePorts.length + 1);
        bridgePorts[bridgePorts.length - 1] = port;
    }

    /** A frame from {@code fromPort}: when that is a bridge port, its unicast source lives behind it. */
    private void learn(int fromPort, Message frame) {
        if (frame.length() < 12) return;
        long src = frame.u48(6);
        if ((src & 0x0100_0000_0000L) != 0 || portByMac.containsKey(src)) return;   // multicast, or a machine's own
        boolean bridge = false;
        for (int p : bridgePorts) bridge |= p == fromPort;
        if (!bridge) return;
        if (learned == null) learned = new LongIntMap();
        if (learned.containsKey(src) || learned.size() < MAX_LEARNED) learned.put(src, fromPort);
    }

    /** The port behind which this network learned {@code mac}, or -1 (tests, inspection). */
    public int learnedPort(long mac) { return learned == null ? -1 : learned.get(mac, -1); }

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
     * Whether the device on {@code port} takes frames sent to multicast address {@code group}: on a
     * switched network the switch sends them to members only, so every one that arrives; on a
     * point-to-point link, which carries them all, only those of groups the port joined.
     */
    public boolean listens(int port, long group) {
        if (maxPorts != 2) return true;
        int[] members = groups == null ? null : groups.get(group);
        if (members != null) for (int m : members) if (m == port) return true;
        return bridgePorts != null;
    }

    /** Port {@code port} no longer receives frames sent to multicast address {@code group}. */
    public void leave(int port, long group) {
        int[] members = groups == null ? null : groups.get(group);
        if (members == null) return;
        int[] fewer = Arrays.stream(members).filter(m -> m != port).toArray();
        if (fewer.length == 0) groups.remove(group); else groups.put(group, fewer);
    }

    /**
     * Sends a frame from {@code fromPort}; the destination MAC is the frame's first six bytes. Taps
     * hear of it now ({@link FrameTap#sent}), of when it starts transmission and of its drops.
     */
    public void transmit(int fromPort, Message frame) {
        FrameTap[] taps = this.taps;
        if (taps != null) for (FrameTap t : taps) t.sent(this, fromPort, frame);
        if (bridgePorts != null) learn(fromPort, frame);
        long dst = frame.length() >= 6 ? frame.u48(0) : -1;
        long start;
        if (dst == BROADCAST) {
            start = flood(fromPort, frame);
        } else if (dst >= 0 && (dst & 0x0100_0000_0000L) != 0) {
            start = -1;
            if (maxPorts == 2) {
                // A cable carries every frame and the far NIC filters multicast itself (listens): so the
                // sender needs no knowledge of the far end's groups, which a cut link's far half cannot have.
                if (ports == 2) start = pipe(1 - fromPort).offer(fromPort, frame);
            } else {
                int[] members = groups == null ? null : groups.get(dst);
                if (members != null) for (int p : members) if (p != fromPort) start = earliest(start, pipe(p).offer(fromPort, frame));
                if (bridgePorts != null) for (int p : bridgePorts) if (p != fromPort) start = earliest(start, pipe(p).offer(fromPort, frame));
            }
        } else {
            int port = maxPorts == 2 ? (dst == mac0 ? 0 : dst == mac1 ? 1 : -1) : dst < 0 ? -1 : portByMac.get(dst, -1);
            if (port < 0 && learned != null) port = learned.get(dst, -1);
            if (port < 0 && bridgePorts != null && (bridgePorts.length > 1 || bridgePorts[0] != fromPort)) {
                start = -1;                                  // a learning switch floods it: only bridges can use it
                for (int p : bridgePorts) if (p != fromPort) start = earliest(start, pipe(p).offer(fromPort, frame));
            } else if (port < 0 || port == fromPort) {
                unknownDestination++;
                if (taps != null) dropped(fromPort, -1, frame, LinkDrop.UNKNOWN_DESTINATION, sim.now());
                return;
            } else {
                start = pipe(port).offer(fromPort, frame);
            }
        }
        if (taps != null && start >= 0) for (FrameTap t : taps) t.transmitting(this, fromPort, frame, start);
    }

    /**
     * Floods a broadcast: through each port's pipe, or, where the pipes are transparent, as one
     * {@link Flood} event. Returns the earliest start of its copies, or -1.
     */
    private long flood(int fromPort, Message frame) {
        long start = -1;
        Variations v = variations;
        if (maxPorts == 2 || !config.isTransparent() || !isUp() || senderDown(fromPort)
                || frame.length() - LinkConfig.ETHERNET_HEADER > config.mtu()) {
            // Each copy through its pipe (where a copy that is dropped, as all are when the frame cannot go, only counts).
            for (int p = 0; p < ports; p++) if (p != fromPort) start = earliest(start, pipe(p).offer(fromPort, frame));
            return start;
        }
        int candidates = ports - 1;
        int[] downAtOffer = null;
        if (v != null) {
            for (int p : v.ownConfigPorts) {     // ports with a configuration of their own keep their own pipes
                if (p == fromPort) continue;
                start = earliest(start, pipe(p).offer(fromPort, frame));
                candidates--;
            }
            if (v.portsDown > 0) {               // a copy towards a port that is down is dropped now, by its pipe
                downAtOffer = new int[v.portsDown];
                int n = 0;
                for (int p : v.downPorts) {
                    if (p != fromPort && v.configs[p] == null) {
                        pipe(p).offer(fromPort, frame);
                        downAtOffer[n++] = p;
                    }
                }
                downAtOffer = Arrays.copyOf(downAtOffer, n);
                candidates -= n;
            }
        }
        if (candidates > 0) {
            sim.at(sim.now() + config.delayNs(), new Flood(frame, fromPort, ports, candidates, downAtOffer));
            start = earliest(start, sim.now());
        }
        return start;
    }

    /**
     * A broadcast on the transparent pipes of a switched network: one event that delivers it, when it
     * arrives, to every port that was up when it was sent (other than the sender's and those with a
     * configuration of their own), in port order; with the flood shortcut only to those that want it.
     */
    private final class Flood implements Runnable {
        private final Message frame;
        private final int fromPort, portsAtOffer, candidates;
        private final int[] downAtOffer;     // ascending, or null

        Flood(Message frame, int fromPort, int portsAtOffer, int candidates, int[] downAtOffer) {
            this.frame = frame;
            this.fromPort = fromPort;
            this.portsAtOffer = portsAtOffer;
            this.candidates = candidates;
            this.downAtOffer = downAtOffer;
        }

        @Override
        public void run() {
            long first = config.floodShortcut() && taps == null ? FloodKey.first(frame) : FloodKey.EVERY_PORT;
            if (first == FloodKey.EVERY_PORT) {
                for (int p = 0, down = 0; p < portsAtOffer; p++) {
                    if (downAtOffer != null && down < downAtOffer.length && downAtOffer[down] == p) { down++; continue; }
                    if (receives(p)) deliverFlooded(p);
                }
                return;
            }
            Flooding f = flooding();
            FloodIndex index = f.index;
            long second = FloodKey.second(frame, first), third = FloodKey.third(frame, first);
            int[][] lists = f.lists;
            int[] counts = f.counts, at = f.at;
            lists[0] = index.ports(FloodKey.EVERY_PORT);
            counts[0] = index.count(FloodKey.EVERY_PORT);
            lists[1] = index.ports(first);
            counts[1] = index.count(first);
            lists[2] = index.ports(second);
            counts[2] = index.count(second);
            lists[3] = index.ports(third);
            counts[3] = third == FloodKey.NONE ? 0 : index.count(third);
            at[0] = at[1] = at[2] = at[3] = 0;
            int down = 0, n = 0;
            // The union of the ascending lists, in port order, taken before delivering: a delivery
            // may change what its machine wants (an ARP cache made), and with it the lists.
            int[] to = f.recipients;
            while (true) {
                int p = Integer.MAX_VALUE;
                for (int l = 0; l < 4; l++) {
                    while (at[l] < counts[l] && lists[l][at[l]] < 0) at[l]++;     // a port that left the list
                    if (at[l] < counts[l] && lists[l][at[l]] < p) p = lists[l][at[l]];
                }
                if (p >= portsAtOffer) break;
                for (int l = 0; l < 4; l++) if (at[l] < counts[l] && lists[l][at[l]] == p) at[l]++;
                if (downAtOffer != null) {
                    while (down < downAtOffer.length && downAtOffer[down] < p) down++;
                    if (down < downAtOffer.length && downAtOffer[down] == p) continue;
                }
                if (!receives(p)) continue;
                if (n == to.length) f.recipients = to = Arrays.copyOf(to, n * 2);
                to[n++] = p;
            }
            Arrays.fill(lists, null);
            for (int i = 0; i < n; i++) deliverFlooded(to[i]);
            f.skipped += candidates - n;
        }

        private boolean receives(int p) { return p != fromPort && (variations == null || variations.configs[p] == null); }

        private void deliverFlooded(int p) {
            pipe(p).countFlooded(frame.length());
            deliver(p, frame, FrameReceiver.FCS_INTACT);
        }
    }

    private Flooding flooding() {
        Flooding f = flooding;
        if (f == null) {
            flooding = f = new Flooding();
            for (int p = 0; p < ports; p++) f.index.refresh(p, receivers[p]);
        }
        return f;
    }

    /**
     * The receiver on {@code port} wants other broadcasts than it said ({@link FrameReceiver#floodInterest}):
     * a socket bound or closed, an address added or removed. Costs nothing until the network floods.
     */
    public void interestChanged(int port) {
        if (flooding != null) flooding.index.refresh(port, receivers[port]);
    }

    /** True when a broadcast now would reach {@code port}, whose receiver declared {@code key} or wants every broadcast (tests, inspection). */
    public boolean floodReaches(int port, long key) {
        return flooding().index.wants(port, key);
    }

    /** Broadcast copies not delivered because their port's receiver would only have counted a discard (the flood shortcut). */
    public long floodSkipped() { return flooding == null ? 0 : flooding.skipped; }

    /** The earlier of two start times, where a negative value means none. */
    private static long earliest(long a, long b) { return a < 0 ? b : b < 0 ? a : Math.min(a, b); }

    /** Called by a pipe whose discipline chose {@code frame} when it starts, when taps are attached. */
    void transmitting(int fromPort, Message frame, long startNs) {
        for (FrameTap t : taps) t.transmitting(this, fromPort, frame, startNs);
    }

    /** The port that owns a frame's source MAC address, or -1. */
    int portOfSource(Message frame) {
        int p = portByMac.get(frame.u48(6), -1);
        return p < 0 && learned != null ? learned.get(frame.u48(6), -1) : p;
    }

    /** Called by a pipe (or the switch) that drops a frame, when taps are attached. */
    void dropped(int fromPort, int toPort, Message frame, LinkDrop cause, long timeNs) {
        for (FrameTap t : taps) t.dropped(this, fromPort, toPort, frame, cause, timeNs);
    }

    /** Called by the pipe towards {@code toPort} when a frame waits in its queue, when taps are attached. */
    void queued(int toPort, Message frame, long startNs) {
        for (FrameTap t : taps) t.queued(this, toPort, frame, startNs);
    }

    /** Called by the pipe towards {@code toPort} when a frame leaves its queue other than at a start reported ahead, when taps are attached. */
    void unqueued(int toPort, Message frame, long plannedStartNs) {
        for (FrameTap t : taps) t.unqueued(this, toPort, frame, plannedStartNs);
    }

    /** The egress pipe towards {@code port}. */
    public Pipe pipe(int port) {
        Pipe p = pipes[port];
        if (p == null) {
            pipes[port] = p = new Pipe(sim, config(port), this, port);
            if (!isUp() || !isPortUp(port)) p.setDown(true);
        }
        return p;
    }

    /** The configuration of the pipe towards {@code port}: its own, or the network's. */
    public LinkConfig config(int port) {
        LinkConfig c = variations == null ? null : variations.configs[port];
        return c == null ? config : c;
    }

    /**
     * Gives the pipe towards {@code port} (the switch port's egress; on a point-to-point link, the
     * direction towards that end) its own configuration, before it carries traffic. The MTU is the
     * network's: every interface on it sends by that one. The configuration's {@link LinkConfig#down}
     * times are the port's (its interface's), scheduled here, so configure a port once.
     */
    public void configurePort(int port, LinkConfig portConfig) {
        checkPort(port);
        if (portConfig.mtu() != config.mtu())
            throw new IllegalArgumentException("port " + portName(port) + ": the mtu is the network's (" + config.mtu() + "), not per port");
        if (pipes[port] != null) pipes[port].configure(portConfig);
        Variations v = variations();
        if (v.configs[port] == null) {
            int[] own = Arrays.copyOf(v.ownConfigPorts, v.ownConfigPorts.length + 1);
            own[own.length - 1] = port;
            Arrays.sort(own);
            v.ownConfigPorts = own;
        }
        v.configs[port] = portConfig;
        for (Intervals.Interval i : portConfig.down().list()) portDownDuring(port, i.fromNs(), i.toNs());
    }

    private Variations variations() {
        if (variations == null) variations = new Variations(receivers.length);
        return variations;
    }

    /** The pipe towards {@code port}, whose frames jitter, went down now: its frames in flight ask {@link #downTimes}. */
    void wentDown(int port, long now) {
        Variations v = variations();           // exists: something went down
        if (v.downTimes == null) v.downTimes = new long[receivers.length][];
        long[] t = v.downTimes[port];
        if (t == null) t = v.downTimes[port] = new long[4];
        else if (t[0] == t.length - 1) t = v.downTimes[port] = Arrays.copyOf(t, t.length * 2);
        t[(int) ++t[0]] = now;
    }

    /** When the pipe towards {@code port} went down ({@code [0]} how many, then the times), or null. */
    long[] downTimes(int port) {
        return variations == null || variations.downTimes == null ? null : variations.downTimes[port];
    }

    public boolean isUp() { return variations == null || !variations.down; }

    /** False while port {@code port} is down (whatever the network's state). */
    public boolean isPortUp(int port) { return variations == null || !variations.portDown[port]; }

    /** True when port {@code port} is down, so the frames it sends are dropped: one null test while nothing ever went down. */
    boolean senderDown(int port) {
        Variations v = variations;
        return v != null && v.portsDown > 0 && v.portDown[port];
    }

    /**
     * Takes the whole network down or up now. While it is down every frame offered is dropped
     * ({@link LinkDrop#LINK_DOWN}); going down drops the frames waiting in every queue.
     */
    public void setUp(boolean up) {
        if (up == isUp()) return;
        boolean[] before = new boolean[ports];
        for (int p = 0; p < ports; p++) before[p] = carrier(p);
        variations().down = !up;
        for (int p = 0; p < ports; p++) if (pipes[p] != null) pipes[p].setDown(!up || !isPortUp(p));
        for (int p = 0; p < ports; p++) if (carrier(p) != before[p]) receivers[p].linkChanged(!before[p]);
    }

    /**
     * True while port {@code port} has a working link: the network and the port are up and, on a
     * point-to-point link, the far end's port too (a cable's carrier). On a LAN a port does not see
     * the others' ports go down: a switch's neighbours learn that from their protocols' timeouts.
     */
    public boolean carrier(int port) {
        if (variations == null) return true;
        return isUp() && isPortUp(port) && (maxPorts != 2 || ports < 2 || isPortUp(1 - port));
    }

    /**
     * Takes port {@code port} (an interface) down or up now. While it is down, frames it sends and
     * frames towards it are dropped ({@link LinkDrop#LINK_DOWN}); going down drops its queue.
     */
    public void setPortUp(int port, boolean up) {
        checkPort(port);
        if (up == isPortUp(port)) return;
        int far = maxPorts == 2 && ports == 2 ? 1 - port : -1;
        boolean was = carrier(port), farWas = far >= 0 && carrier(far);
        Variations v = variations();
        v.portDown[port] = !up;
        v.portsDown += up ? -1 : 1;
        int[] down = new int[v.portsDown];
        int n = 0;
        for (int p : v.downPorts) if (p != port) down[n++] = p;
        if (!up) down[n] = port;
        Arrays.sort(down);
        v.downPorts = down;
        if (pipes[port] != null) pipes[port].setDown(!isUp() || !up);
        if (carrier(port) != was) receivers[port].linkChanged(!was);
        if (far >= 0 && carrier(far) != farWas) receivers[far].linkChanged(!farWas);
    }

    /** The network goes down at {@code fromNs} (as its configuration's {@link LinkConfig#down} times do) and up again at {@code toNs} ({@link Long#MAX_VALUE}: never). */
    public void downDuring(long fromNs, long toNs) {
        checkInterval(fromNs, toNs);
        sim.at(fromNs, () -> setUp(false));
        if (toNs != Long.MAX_VALUE) sim.at(toNs, () -> setUp(true));
    }

    /** Port {@code port} goes down at {@code fromNs} and up again at {@code toNs} ({@link Long#MAX_VALUE}: never). */
    public void portDownDuring(int port, long fromNs, long toNs) {
        checkPort(port);
        checkInterval(fromNs, toNs);
        sim.at(fromNs, () -> setPortUp(port, false));
        if (toNs != Long.MAX_VALUE) sim.at(toNs, () -> setPortUp(port, true));
    }

    private void checkInterval(long fromNs, long toNs) {
        if (fromNs < sim.now() || toNs <= fromNs)
            throw new IllegalArgumentException("down interval must start now or later and end after it starts: " + fromNs + ".." + toNs);
    }

    private void checkPort(int port) {
        if (port < 0 || port >= ports) throw new IllegalArgumentException("network " + name + " has no port " + port);
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
