package elvis.machine;

import elvis.link.Network;
import elvis.sim.Simulator;
import elvis.sim.trace.TraceSource;
import elvis.sim.trace.TraceUnit;
import elvis.sim.trace.Tracing;
import elvis.util.Extensions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated host or router: devices (NICs), the protocols its {@link StackSpec} lists, per-machine
 * state of higher layers (extensions), applications, and the drops and failures counted on it. It
 * knows no protocol: they find each other through the stack ({@code Ipv4.of(machine)}).
 * Kept small on purpose (a few hundred bytes) so a million machines fit in a desktop's memory:
 * tables and counters are allocated on first use, empty arrays are shared.
 */
public final class Machine {
    private static final Nic[] NO_NICS = new Nic[0];
    private static final Application[] NO_APPLICATIONS = new Application[0];

    private final Simulator sim;
    private final String name;
    private final StackSpec stack;
    private final Object[] protocols;     // by the stack's slot; null until made (lazy ones)
    private Nic[] nics = NO_NICS;
    private Application[] applications = NO_APPLICATIONS;
    private Rare rare;                    // created on first need: most machines never drop, fail nor extend

    /** What few machines have: higher layers' state, drops, failures. One field keeps the machine small. */
    private static final class Rare {
        Extensions extensions;            // per-machine state of higher layers (e.g. sockets)
        DropCause[] causes;               // drop counts by cause, in the order the causes first occurred
        long[] counts;
        int dropCauses;
        List<Failure> failures;
    }

    private Rare rare() {
        Rare r = rare;
        if (r == null) rare = r = new Rare();
        return r;
    }

    public Machine(Simulator sim, String name, StackSpec stack) {
        this.sim = sim;
        this.name = name;
        this.stack = stack;
        this.protocols = new Object[stack.size()];
        for (int i = 0; i < protocols.length; i++) {
            if (stack.creation(i) == StackSpec.Creation.EAGER && protocols[i] == null) protocolAt(i);
        }
    }

    public Simulator sim() { return sim; }

    /**
     * The packet filter this machine's network layer consults (e.g. an {@code Ipv4Filter}), or null.
     * Each of its devices holds it ({@link Nic#packetFilter()}), where the layer finds it per packet.
     */
    public Object packetFilter() { return nics.length == 0 ? null : nics[0].packetFilter(); }

    /**
     * Sets (null: removes) the packet filter of every device of this machine, and of those added
     * later; a machine without devices has no packets to filter, so it cannot hold one.
     */
    public void packetFilter(Object filter) {
        if (nics.length == 0 && filter != null) throw new IllegalStateException(name + " has no device to filter packets on");
        for (Nic nic : nics) nic.packetFilter(filter);
    }
    public String name() { return name; }
    public StackSpec stack() { return stack; }

    /** This machine's {@code key} protocol, made now if it was not yet; throws when the stack has none. */
    public <T> T protocol(ProtocolKey<T> key) {
        int slot = stack.slot(key);
        if (slot < 0) throw new IllegalStateException(name + "'s protocol stack " + stack.names() + " has no " + key);
        return key.type().cast(protocolAt(slot));
    }

    /** This machine's {@code key} protocol if its stack has it and it was made, else null; makes nothing. */
    public <T> T existing(ProtocolKey<T> key) {
        int slot = stack.slot(key);
        return slot < 0 ? null : key.type().cast(protocols[slot]);
    }

    /** The protocol at {@code slot} of the stack, made now if needed. */
    private Object protocolAt(int slot) {
        Object p = protocols[slot];
        if (p == null) {
            p = stack.create(slot, this);
            if (protocols[slot] != null) throw new IllegalStateException("protocol " + stack.key(slot) + " of " + name + " made twice");
            protocols[slot] = p;
        }
        return p;
    }

    /**
     * The protocol at {@code slot} (null when the stack has none), made now even when it is made only
     * on local use: for a packet only that protocol can answer (TCP's reset to a closed port).
     */
    public Object protocolToAnswer(int slot) { return slot < 0 ? null : protocolAt(slot); }

    /** The protocol at {@code slot} if it was made, else null. */
    Object made(int slot) { return protocols[slot]; }

    /**
     * What this machine's devices act on among broadcasts changed (a socket bound or closed, an
     * address, forwarding): each device's network asks again ({@link Nic#floodInterest}).
     */
    public void floodInterestChanged() {
        for (Nic nic : nics) nic.network().interestChanged(nic.port());
    }

    /**
     * The protocol at {@code slot} for a packet arriving for it (see {@link StackSpec.Demux}): made
     * now unless it is made only on local use, then null while it was not.
     */
    public Object arrivalTarget(int slot) {
        if (slot < 0) return null;
        Object p = protocols[slot];
        if (p != null) return p;
        return stack.creation(slot) == StackSpec.Creation.ON_LOCAL_USE ? null : protocolAt(slot);
    }

    /**
     * Per-machine state that a higher layer keeps with the machine (the socket layer's port table),
     * created by {@code create} on first use. Lets layers above the machine add state without the
     * machine knowing them.
     */
    public <T> T extension(Class<T> type, java.util.function.Function<Machine, T> create) {
        Rare r = rare();
        if (r.extensions == null) r.extensions = new Extensions();
        return r.extensions.get(type, this, create);
    }

    /** The extension of {@code type} if one was made, else null; makes nothing. */
    public <T> T existingExtension(Class<T> type) {
        Rare r = rare;
        return r == null || r.extensions == null ? null : r.extensions.find(type);
    }

    /** The devices, in the order they were added (eth0, eth1, ...). */
    public List<Nic> nics() { return List.of(nics); }

    public int nicCount() { return nics.length; }

    public Nic nic(int index) { return nics[index]; }

    /**
     * Adds a device with address {@code mac} on {@code network}; its frames go to the stack's first
     * protocol. Its network-layer addresses are that protocol's business (Ipv4.addInterface).
     */
    public Nic addNic(Network network, long mac) {
        if (!(protocolAt(0) instanceof DeviceUpper link))
            throw new IllegalStateException(name + ": the first protocol of its stack, " + stack.key(0) + ", does not receive frames from devices");
        Nic nic = new Nic(this, nics.length, mac, network, link);
        if (nics.length > 0) nic.packetFilter(nics[0].packetFilter());
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
        Rare r = rare();
        if (r.failures == null) r.failures = new ArrayList<>(1);
        r.failures.add(new Failure(kind, message));
    }

    /** Applications and protocol code that threw here, in order. */
    public List<Failure> failures() { return rare == null || rare.failures == null ? List.of() : rare.failures; }

    public long failures(Failure.Kind kind) {
        return failures().stream().filter(f -> f.kind() == kind).count();
    }

    /** Counts a packet discarded here for {@code cause}. */
    public void drop(DropCause cause) {
        Tracing t = Tracing.of(sim);             // "<machine>/drop": the cause, as results name it
        if (t.active()) {
            TraceSource s = t.cached(name + "/drop", TraceUnit.TEXT);
            if (s != null) s.text(sim.now(), cause.label());
        }
        Rare r = rare();
        for (int i = 0; i < r.dropCauses; i++) {
            if (r.causes[i] == cause) { r.counts[i]++; return; }
        }
        if (r.causes == null) {
            r.causes = new DropCause[4];
            r.counts = new long[4];
        } else if (r.dropCauses == r.causes.length) {
            r.causes = Arrays.copyOf(r.causes, r.dropCauses * 2);
            r.counts = Arrays.copyOf(r.counts, r.dropCauses * 2);
        }
        r.causes[r.dropCauses] = cause;
        r.counts[r.dropCauses++] = 1;
    }

    public long drops(DropCause cause) {
        Rare r = rare;
        if (r != null) for (int i = 0; i < r.dropCauses; i++) if (r.causes[i] == cause) return r.counts[i];
        return 0;
    }

    /** The packets dropped for a cause called {@code name} (e.g. "MALFORMED"), whichever protocol counted them. */
    public long drops(String name) {
        long n = 0;
        Rare r = rare;
        if (r != null) for (int i = 0; i < r.dropCauses; i++) if (r.causes[i].name().equals(name)) n += r.counts[i];
        return n;
    }

    /** Every cause counted here with its count, in the order the causes first occurred. */
    public Map<DropCause, Long> drops() {
        Map<DropCause, Long> all = new LinkedHashMap<>();
        Rare r = rare;
        if (r != null) for (int i = 0; i < r.dropCauses; i++) all.put(r.causes[i], r.counts[i]);
        return all;
    }

    public long totalDrops() {
        long n = 0;
        Rare r = rare;
        if (r != null) for (int i = 0; i < r.dropCauses; i++) n += r.counts[i];
        return n;
    }

    @Override
    public String toString() { return name; }
}
