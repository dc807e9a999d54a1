package elvis;

import elvis.link.FrameReceiver;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.machine.StackSpec;
import elvis.protocol.Stacks;
import elvis.protocol.arp.Arp;
import elvis.protocol.arp.NeighborDirectory;
import elvis.protocol.arp.NoResolution;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.NeighborResolution;
import elvis.sim.Simulator;
import elvis.socket.HostNames;
import elvis.socket.Process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds and runs a simulation in a few lines:
 * <pre>{@code
 * var sim = new Simulation(42);
 * var lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(1_000_000));
 * var a = sim.machine("a"); sim.connect(a, lan, "10.0.0.1/24");
 * var b = sim.machine("b"); sim.connect(b, lan, "10.0.0.2/24");
 * b.addApplication(new CountDatagrams(7, 1, null));
 * a.addApplication(new SendDatagrams(Ipv4Address.parse("10.0.0.2"), 7, Message.ofUtf8("hi"), 1, 0, 0));
 * sim.run();
 * }</pre>
 * MAC addresses are handed out in order, unique in the simulation.
 */
public final class Simulation {
    /** How machines on a network learn each other's MAC addresses. */
    public enum Resolution {
        /** Pre-resolved by the builder: no ARP traffic (the default; scales to millions of hosts). */
        STATIC,
        /** Real ARP requests and replies. */
        ARP,
        /** None: every frame goes to the one peer (a point-to-point link). */
        NONE
    }

    private final Simulator kernel;
    private final List<Network> networks = new ArrayList<>();
    private final Map<Network, Resolution> resolutions = new IdentityHashMap<>();
    private final Map<Network, NeighborDirectory> directories = new IdentityHashMap<>();
    private final List<Machine> machines = new ArrayList<>();
    private Map<String, Machine> byName;   // built on first lookup
    private Map<Long, String> linkKeys;    // point-to-point link names by ordering key, created on first link
    private long nextMac = 0x02_00_00_00_00_01L;   // locally administered, unicast
    private boolean started, shutdown;

    public Simulation(long seed) { this(Simulator.sequential(seed)); }

    /** A simulation on a kernel of the caller's: a {@link elvis.sim.RealtimeSimulator} for live emulation. */
    public Simulation(Simulator kernel) {
        this.kernel = kernel;
        HostNames.install(kernel, this::resolve);   // getaddrinfo of blocking programs
    }

    public Simulator kernel() { return kernel; }

    /** A switched Ethernet segment whose every egress pipe has {@code config}; neighbours pre-resolved. */
    public Network network(String name, LinkConfig config) { return network(name, config, Resolution.STATIC); }

    public Network network(String name, LinkConfig config, Resolution resolution) {
        return add(new Network(kernel, name, config), resolution);
    }

    /** A point-to-point link (both directions {@code config}). */
    public Network link(String name, LinkConfig config, Resolution resolution) {
        // Arrivals over the link are ordered by a key derived from its name (Simulator#arrival): two
        // names with one key would make that order depend on scheduling. Never seen, but checked.
        if (linkKeys == null) linkKeys = new HashMap<>();
        String clash = linkKeys.putIfAbsent(Network.linkKey(name), name);
        if (clash != null) throw new IllegalArgumentException(clash.equals(name) ? "two point-to-point links are called " + name
                : "point-to-point links " + clash + " and " + name + " have the same ordering key: rename one");
        return add(Network.pointToPoint(kernel, name, config), resolution);
    }

    private Network add(Network n, Resolution resolution) {
        if (resolution == Resolution.NONE && !n.isPointToPoint())
            throw new IllegalArgumentException("network " + n.name() + ": only a point-to-point link can do without neighbour resolution");
        networks.add(n);
        resolutions.put(n, resolution);
        if (resolution == Resolution.STATIC) directories.put(n, new NeighborDirectory());
        return n;
    }

    /** A machine with the Internet stack ({@link Stacks#INTERNET}). */
    public Machine machine(String name) { return machine(name, Stacks.INTERNET); }

    /** A machine with protocol stack {@code stack} (shared by every machine of its kind). */
    public Machine machine(String name, StackSpec stack) {
        Machine m = new Machine(kernel, name, stack);
        machines.add(m);
        if (byName != null) byName.put(name, m);
        return m;
    }

    /** Adds a device to {@code machine} on {@code network} with an IPv4 interface of address "a.b.c.d/len". */
    public Ipv4Interface connect(Machine machine, Network network, String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("expected a.b.c.d/len, got '" + cidr + "'");
        return connect(machine, network, Ipv4Address.parse(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
    }

    public Ipv4Interface connect(Machine machine, Network network, int ip, int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) throw new IllegalArgumentException("prefix length must be 0..32: " + prefixLength);
        NeighborResolution resolution = resolution(machine, network);
        return Ipv4.of(machine).addInterface(machine.addNic(network, nextMac++), ip, prefixLength, resolution);
    }

    /**
     * Attaches {@code receiver}, something outside the model (a TAP device), to switched network
     * {@code network} as one more port of its switch, with a MAC address of its own: the port gets
     * broadcasts, multicasts and unicast frames to addresses no machine owns, and the network learns
     * the source addresses of the frames it sends ({@link Network#bridgePort}). Returns the port.
     */
    public int attachExternal(Network network, FrameReceiver receiver) {
        if (network.isPointToPoint()) throw new IllegalArgumentException("network " + network.name() + ": an outside port needs a switched network, not a point-to-point link");
        if (resolutions.get(network) == null) throw new IllegalArgumentException("network " + network.name() + " was not made by this simulation");
        int port = network.attach(nextMac++, receiver);
        network.bridgePort(port);
        return port;
    }

    /**
     * Consumes the MAC addresses of {@code devices} devices that another partition builds, so that every
     * address a partition hands out is the one a whole build gives.
     */
    public void skipMacs(int devices) { nextMac += devices; }

    /**
     * Attaches the far end of point-to-point link {@code link}, cut between partitions: the device
     * called {@code name} (e.g. "r2/eth1") that partition {@code partition} builds, with the next MAC
     * address, as a whole build would attach it here ({@link Network#attachRemote}). With static
     * resolution its IPv4 address {@code ip} (0: none known while building) joins the link's
     * neighbours. Returns the port.
     */
    public int attachRemote(Network link, String name, int partition, int ip) {
        Resolution r = resolutions.get(link);
        if (r == null) throw new IllegalArgumentException("network " + link.name() + " was not made by this simulation");
        long mac = nextMac++;
        int port = link.attachRemote(mac, name, partition);
        if (r == Resolution.STATIC && ip != 0) directories.get(link).add(ip, mac);
        return port;
    }

    /** Adds a device to {@code machine} on {@code network} with an IPv4 interface that has no address yet (DHCP gives it one). */
    public Ipv4Interface connect(Machine machine, Network network) {
        NeighborResolution resolution = resolution(machine, network);
        return Ipv4.of(machine).addInterface(machine.addNic(network, nextMac++), resolution);
    }

    private NeighborResolution resolution(Machine machine, Network network) {
        Resolution r = resolutions.get(network);
        if (r == null) throw new IllegalArgumentException("network " + network.name() + " was not made by this simulation");
        return switch (r) {
            case STATIC -> directories.get(network);
            case ARP -> Arp.of(machine);
            case NONE -> NoResolution.INSTANCE;
        };
    }

    /**
     * A transparent bridge joining {@code networks} (two or more): a machine with one device on each,
     * relaying frames between them as an 802.1D bridge ({@link elvis.protocol.bridge.Bridge}). The
     * networks become one link layer: their pre-resolved neighbours are one directory, so make the
     * bridge before connecting machines to networks with static resolution. The machines' own
     * routes must still put the other networks' subnets on the link
     * ({@link Ipv4#addOnLinkRoute}).
     */
    public Machine bridge(String name, List<Network> networks) {
        if (networks.size() < 2) throw new IllegalArgumentException("bridge " + name + " needs two networks or more");
        joinLinkLayer(networks);
        Machine m = machine(name, Stacks.BRIDGE);
        for (Network n : networks) {
            var nic = m.addNic(n, nextMac++);
            n.bridgePort(nic.port());
        }
        return m;
    }

    /**
     * Networks a bridge will join share one directory of pre-resolved neighbours (those with static
     * resolution); call it before machines connect to them. Joining networks already joined does nothing.
     */
    public void joinLinkLayer(List<Network> networks) {
        NeighborDirectory shared = null;
        for (Network n : networks) if (directories.get(n) != null) { shared = directories.get(n); break; }
        if (shared == null) return;
        for (Network n : networks) {
            NeighborDirectory d = directories.get(n);
            if (d == null || d == shared) continue;
            if (d.size() > 0)
                throw new IllegalStateException("network " + n.name() + " has machines already: join networks by a bridge before connecting machines to them");
            directories.put(n, shared);
        }
    }

    /** Turns on forwarding: {@code machine} routes packets between its networks. */
    public void router(Machine machine) { Ipv4.of(machine).setForwarding(true); }

    /** Adds a static route "a.b.c.d/len" (or "default") via gateway "a.b.c.d". */
    public void route(Machine machine, String prefix, String gateway) {
        int len = 0, net = 0;
        if (!prefix.equals("default")) {
            int slash = prefix.indexOf('/');
            net = Ipv4Address.parse(slash < 0 ? prefix : prefix.substring(0, slash));
            len = slash < 0 ? 32 : Integer.parseInt(prefix.substring(slash + 1));
        }
        Ipv4.of(machine).addRoute(net, len, Ipv4Address.parse(gateway));
    }

    /**
     * Takes every port of {@code machine} down, or brings them up: a crash or a power cut, and the
     * reboot. Its frames are dropped as {@code link_down} meanwhile; each device hears of it as of a
     * link event ({@link Network#setPortUp}), and so do the far ends of its point-to-point links, so
     * routing daemons there and on the machine learn of it through their interface listeners. A LAN
     * peer learns of it only by its protocol's timeouts. Its applications hear of it first when it goes
     * down and last when it comes back ({@link Application#machineDown}, {@link Application#machineUp}):
     * OSPF and RIP reboot cold.
     */
    public void setMachineUp(Machine machine, boolean up) {
        if (!up) for (Application a : machine.applications()) machine.guard(a, a::machineDown);
        for (int k = 0; k < machine.nicCount(); k++) {
            var nic = machine.nic(k);
            nic.network().setPortUp(nic.port(), up);
        }
        if (up) for (Application a : machine.applications()) machine.guard(a, a::machineUp);
    }

    public List<Network> networks() { return networks; }

    public List<Machine> machines() { return machines; }

    /** The machine called {@code name}, or null. */
    public Machine find(String name) {
        if (byName == null) {
            byName = new HashMap<>();
            for (Machine m : machines) byName.put(m.name(), m);
        }
        return byName.get(name);
    }

    /** The first address of the machine called {@code name}, the address itself if {@code name} is one, or -1. */
    public int resolve(String name) {
        Machine m = find(name);
        if (m != null) {
            Ipv4 ip = m.existing(Ipv4.KEY);
            int a = ip == null ? 0 : ip.address();
            return a == 0 ? -1 : a;
        }
        try {
            return Ipv4Address.parse(name);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** Runs to completion (until no event is pending), then {@link #shutdown shuts down}. */
    public void run() {
        runUntil(Long.MAX_VALUE);
        shutdown();
    }

    /**
     * Runs until virtual time {@code endNs} (the first call also starts every application at time 0).
     * It may be called again to go on; {@link #shutdown} ends the run.
     */
    public void runUntil(long endNs) {
        if (shutdown) throw new IllegalStateException("the simulation has been shut down");
        if (!started) {
            started = true;
            for (Machine m : machines) if (!m.applications().isEmpty()) kernel.schedule(0, m::start);
        }
        kernel.runUntil(endNs);
    }

    /**
     * Ends the run at the current virtual time: the blocking processes still alive are killed in the
     * order they were created, so their {@code finally} blocks run and their sockets close (what that
     * sends is never delivered); being killed there is not a failure. No run may follow. Idempotent.
     */
    public void shutdown() {
        if (shutdown) return;
        shutdown = true;
        Process.killAll(kernel);
    }

    /** Every application with a goal met it. */
    public boolean goalsMet() {
        for (Machine m : machines) {
            if (!m.failures().isEmpty()) return false;
            for (Application a : m.applications()) if (a.hasGoal() && !a.goalMet()) return false;
        }
        return true;
    }
}
