package elvis.machine;

import elvis.link.Network;
import elvis.protocol.arp.Arp;
import elvis.protocol.arp.NeighborDirectory;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpSegment;
import elvis.protocol.udp.Udp;
import elvis.sim.Simulator;
import elvis.sim.trace.Tracing;
import elvis.util.Extensions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A simulated host or router: NICs plus a protocol graph (Ethernet, ARP, IPv4, UDP, TCP) and applications.
 * Kept small on purpose (a few hundred bytes) so a million machines fit in a desktop's memory:
 * tables and counters are allocated on first use.
 */
public final class Machine {
    private final Simulator sim;
    private final String name;
    private Nic[] nics = new Nic[0];
    private final Ethernet ethernet;
    private final Arp arp;
    private final Ipv4 ipv4;
    private Udp udp;                      // created when first used
    private Tcp tcp;                      // created when first used
    private Extensions extensions;   // per-machine state of higher layers (e.g. sockets), created on first use
    private Application[] applications = new Application[0];
    private long[] drops;                 // indexed by Drop.ordinal(), created on the first drop
    private List<Failure> failures;       // created on the first one

    public Machine(Simulator sim, String name) {
        this.sim = sim;
        this.name = name;
        this.ethernet = new Ethernet(this);
        this.arp = new Arp(this);
        this.ipv4 = new Ipv4(this);
    }

    public Simulator sim() { return sim; }
    public String name() { return name; }
    public Ethernet ethernet() { return ethernet; }
    public Arp arp() { return arp; }
    public Ipv4 ipv4() { return ipv4; }
    /** UDP, added to the protocol graph on first use. */
    public Udp udp() {
        if (udp == null) {
            udp = new Udp(this);
            ipv4.register(Udp.PROTOCOL, udp);
        }
        return udp;
    }

    /** TCP, added to the protocol graph on first use. */
    public Tcp tcp() {
        if (tcp == null) {
            tcp = new Tcp(this);
            ipv4.register(TcpSegment.PROTOCOL, tcp);
        }
        return tcp;
    }

    /**
     * Per-machine state that a higher layer keeps with the machine (the socket layer's port table),
     * created by {@code create} on first use. Lets layers above the machine add state without the
     * machine knowing them.
     */
    public <T> T extension(Class<T> type, java.util.function.Function<Machine, T> create) {
        if (extensions == null) extensions = new Extensions();
        return extensions.get(type, this, create);
    }

    /** The interfaces, in the order they were added (eth0, eth1, ...). */
    public List<Nic> nics() { return List.of(nics); }

    public int nicCount() { return nics.length; }

    public Nic nic(int index) { return nics[index]; }

    /**
     * Adds an interface on {@code network} with address {@code ip}/{@code prefixLength}.
     * With a {@code directory}, neighbours are pre-resolved through it instead of by ARP requests.
     */
    public Nic addNic(Network network, long mac, int ip, int prefixLength, NeighborDirectory directory) {
        if (prefixLength < 0 || prefixLength > 32) throw new IllegalArgumentException("prefix length must be 0..32: " + prefixLength);
        Nic nic = new Nic(this, nics.length, mac, network, ip, prefixLength, directory);
        nics = Arrays.copyOf(nics, nics.length + 1);
        nics[nics.length - 1] = nic;
        return nic;
    }

    public void addApplication(Application app) {
        applications = Arrays.copyOf(applications, applications.length + 1);
        applications[applications.length - 1] = app;
    }

    public List<Application> applications() { return List.of(applications); }

    /** Starts every application (called by the simulation at time 0). */
    public void start() {
        for (Application app : applications) guard(app, () -> app.start(this));
    }

    /**
     * Runs application code so that an exception fails that application alone: it is recorded
     * with the machine's name and the simulation continues.
     */
    public void guard(Application app, Runnable code) {
        try {
            code.run();
        } catch (RuntimeException | StackOverflowError e) {
            fail(app, e);
        }
    }

    /** Records that {@code app} failed with {@code cause}; the simulation continues. */
    public void fail(Application app, Throwable cause) {
        failed(Failure.Kind.APPLICATION, app.name() + " on " + name + " at " + sim.now() + " ns: " + cause);
    }

    /**
     * Runs protocol work (a packet's processing, a protocol timer) so that an exception, which would
     * be a bug in a protocol, drops that work and is recorded on this machine instead of ending
     * the whole simulation.
     */
    public void protect(String what, Runnable code) {
        try {
            code.run();
        } catch (RuntimeException | StackOverflowError e) {
            internalError(what, e);
        }
    }

    /** Records an exception thrown by protocol code doing {@code what}; see {@link #protect}. */
    public void internalError(String what, Throwable cause) {
        failed(Failure.Kind.INTERNAL_ERROR, "internal error in " + what + " on " + name + " at " + sim.now() + " ns: " + cause);
    }

    private void failed(Failure.Kind kind, String message) {
        if (failures == null) failures = new ArrayList<>(1);
        failures.add(new Failure(kind, message));
    }

    /** Applications and protocol code that threw here, in order. */
    public List<Failure> failures() { return failures == null ? List.of() : failures; }

    public long failures(Failure.Kind kind) {
        return failures == null ? 0 : failures.stream().filter(f -> f.kind() == kind).count();
    }

    public void drop(Drop cause) {
        if (drops == null) drops = new long[Drop.values().length];
        drops[cause.ordinal()]++;
        Tracing t = Tracing.of(sim);             // "<machine>/drop": the cause, as results name it
        if (t.active()) cause.trace(t, this);
    }

    public long drops(Drop cause) { return drops == null ? 0 : drops[cause.ordinal()]; }

    public long totalDrops() {
        long n = 0;
        if (drops != null) for (long d : drops) n += d;
        return n;
    }

    @Override
    public String toString() { return name; }
}
