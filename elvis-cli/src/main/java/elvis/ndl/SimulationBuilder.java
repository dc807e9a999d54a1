package elvis.ndl;

import elvis.modnet.ModNet;
import elvis.modnet.ModuleFactory;
import elvis.modnet.ModuleRegistry;
import elvis.ndl.model.ModuleSpec;
import elvis.sim.RandomStream;
import elvis.Simulation;
import elvis.app.ApplicationFactory;
import elvis.app.ApplicationRegistry;
import elvis.config.Arguments;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.ndl.model.AppSpec;
import elvis.ndl.model.EventSpec;
import elvis.ndl.model.Attachment;
import elvis.ndl.model.Ipv4;
import elvis.ndl.model.LinkSpec;
import elvis.ndl.model.MachineGroup;
import elvis.ndl.model.NdlSimulation;
import elvis.ndl.model.NetworkSpec;
import elvis.ndl.model.ProtocolSpec;
import elvis.ndl.model.RouteSpec;
import elvis.ndl.model.IpfwSpec;
import elvis.dummynet.Dummynet;
import elvis.dummynet.rules.DummynetLines;
import elvis.dummynet.rules.IpfwExtensions;
import elvis.dummynet.rules.Ipfw;
import elvis.dummynet.rules.IpfwError;
import elvis.dummynet.rules.RuleSet;
import elvis.ndl.model.Subnet;
import elvis.ndl.model.TapSpec;
import elvis.sim.RealtimeSimulator;
import elvis.socket.HostNames;
import elvis.partition.PartitionPlan;
import elvis.protocol.dhcp.DhcpClient;
import elvis.protocol.ipv4.Ipv4Config;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.icmp.Icmp;
import elvis.protocol.icmp.IcmpConfig;
import elvis.protocol.tcp.TcpConfig;
import elvis.protocol.udp.Udp;
import elvis.app.DnsResolver;
import elvis.app.DnsServer;
import elvis.app.ResolveThenStart;
import elvis.ndl.model.DnsTree;
import elvis.protocol.dns.DnsName;
import elvis.protocol.dns.DnsRecord;
import elvis.protocol.dns.RecursiveResolver;
import elvis.protocol.dns.Rdata;
import elvis.protocol.dns.ResolvConf;
import elvis.protocol.dns.StubResolver;
import elvis.protocol.dns.Zone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Turns a validated description into a {@link Simulation}: networks with their link attributes,
 * machine instances with the planned addresses, routes, and applications made by the registry.
 * Instances of a group are created in order, so group g occupies a contiguous run of machines.
 */
public final class SimulationBuilder {
    public static final long DEFAULT_SEED = 1;

    /**
     * The built simulation and how the description maps onto it: the whole model, or one partition of
     * a {@link PartitionPlan}. A partition's {@code networks} has null for the networks other
     * partitions run; its machines of group g are the instances {@code instances[g]} lists (null: all of
     * the group's), in order. {@code echoes} are the times of events this partition schedules that are
     * another partition's too (a cut link's down times, seen by both halves): a partitioned run's event
     * count leaves out those it dispatched, so that it is the sequential run's.
     */
    public record Built(Simulation simulation, NdlSimulation model, List<Network> networks, int[] firstMachineOfGroup,
                        long[][] instances, int partition, long[] echoes) {
        /** The machines of group {@code g} built here. */
        public List<Machine> machines(int g) {
            return simulation.machines().subList(firstMachineOfGroup[g], firstMachineOfGroup[g] + builtCount(g));
        }

        /** How many machines of group {@code g} were built here. */
        public int builtCount(int g) { return instances[g] == null ? (int) model.machines().get(g).count() : instances[g].length; }

        /** The instance number (1-based) of the {@code j}-th machine of group {@code g} built here. */
        public long instance(int g, int j) { return instances[g] == null ? j + 1 : instances[g][j]; }

        /** Instance {@code instance} of group {@code g}, or null when another partition builds it. */
        public Machine machine(int g, long instance) {
            int j;
            if (instances[g] == null) j = (int) instance - 1;
            else if ((j = java.util.Arrays.binarySearch(instances[g], instance)) < 0) return null;
            return simulation.machines().get(firstMachineOfGroup[g] + j);
        }

        /** Events this partition dispatched, of {@code dispatched} its kernel counted, when the run ended at {@code endNs}: without echoes. */
        public long ownEvents(long dispatched, long endNs) {
            long n = dispatched;
            for (long t : echoes) if (t <= endNs) n--;
            return n;
        }

        /**
         * The networks bridged to TAP devices ({@code tap=}), in the file's order: the command opens their bridges,
         * this package does no I/O.
         */
        public List<Tapped> tapped() {
            List<Tapped> t = new ArrayList<>();
            for (int n = 0; n < networks.size(); n++) if (model.networks().get(n).tap() != null) t.add(new Tapped(networks.get(n), model.networks().get(n).tap()));
            return t;
        }
    }

    /** A network bridged to a TAP device, and the host's side the file asks for. */
    public record Tapped(Network network, TapSpec tap) { }

    /** Which kernel the simulation runs on. */
    public enum Clock {
        /** The deterministic sequential kernel: virtual time runs as fast as the machine can (the default). */
        VIRTUAL,
        /** A {@link RealtimeSimulator}: virtual time follows the wall clock, so TAP devices can be bridged (docs/live.md). */
        REALTIME
    }

    /** Thrown when an application rejects its arguments; the diagnostics point at the file. */
    public static final class BuildException extends Exception {
        private final List<Diagnostic> diagnostics;

        BuildException(List<Diagnostic> diagnostics) {
            super(diagnostics.getFirst().message(), null, false, false);
            this.diagnostics = diagnostics;
        }

        public List<Diagnostic> diagnostics() { return diagnostics; }
    }

    /** Thrown when the build was asked to stop (the command line was interrupted) before it finished. */
    public static final class Stopped extends Exception {
        Stopped() { super("stopped", null, false, false); }
    }

    private final NdlSimulation model;
    private final ApplicationRegistry registry;
    private final BooleanSupplier stop;
    private final Clock clock;
    private final Map<String, Integer> groupByName = new HashMap<>();
    private final List<Diagnostic> errors = new ArrayList<>();

    private final PartitionPlan plan;      // null: the whole model
    private final int part;               // the partition built
    private final List<Long> echoes = new ArrayList<>();

    private SimulationBuilder(NdlSimulation model, ApplicationRegistry registry, BooleanSupplier stop, Clock clock, PartitionPlan plan, int part) {
        this.model = model;
        this.registry = registry;
        this.stop = stop;
        this.clock = clock;
        this.plan = plan;
        this.part = part;
        for (int g = 0; g < model.machines().size(); g++) groupByName.put(model.machines().get(g).name(), g);
    }

    public static Built build(NdlSimulation model, ApplicationRegistry registry) throws BuildException {
        try {
            return new SimulationBuilder(model, registry, () -> false, Clock.VIRTUAL, null, 0).build();
        } catch (Stopped never) {
            throw new AssertionError(never);
        }
    }

    /**
     * Builds partitions {@code partitions} of {@code plan}, each its own {@link Simulation} with the
     * run's seed: only its machines and networks, and of each cut link a half with the far end
     * attached ({@link Simulation#attachRemote}). Every MAC address, port number, random stream and
     * event order is the whole build's restricted to the partition, so the partitions run together
     * ({@link elvis.parallel.PartitionRunner}) give the sequential run's results.
     */
    public static List<Built> build(NdlSimulation model, ApplicationRegistry registry, BooleanSupplier stop, PartitionPlan plan, int[] partitions)
            throws BuildException, Stopped {
        List<Built> built = new ArrayList<>(partitions.length);
        for (int p : partitions) {
            if (p < 0 || p >= plan.partitions()) throw new IllegalArgumentException("no partition " + p + " in a plan of " + plan.partitions());
            built.add(new SimulationBuilder(model, registry, stop, Clock.VIRTUAL, plan, p).build());
        }
        return built;
    }

    /** Builds, checking {@code stop} before each machine: a build of millions of machines can take a while. */
    public static Built build(NdlSimulation model, ApplicationRegistry registry, BooleanSupplier stop) throws BuildException, Stopped {
        return build(model, registry, stop, Clock.VIRTUAL);
    }

    /**
     * Builds on the kernel {@code clock} names. A description with {@code tap=} needs {@link Clock#REALTIME}: on the
     * virtual clock it is refused (BuildException at the tap), before any machine is made.
     */
    public static Built build(NdlSimulation model, ApplicationRegistry registry, BooleanSupplier stop, Clock clock) throws BuildException, Stopped {
        return new SimulationBuilder(model, registry, stop, clock, null, 0).build();
    }

    private Built build() throws BuildException, Stopped {
        long seed = model.seed().orElse(DEFAULT_SEED);
        if (clock == Clock.VIRTUAL) {
            for (NetworkSpec n : model.networks()) {
                if (n.tap() != null) errors.add(new Diagnostic(Diagnostic.Severity.ERROR, n.tap().pos(), "network '" + n.id() + "' is bridged to TAP device '"
                        + n.tap().device() + "', which needs the wall clock: run it with 'elvis emulate FILE' (sets up the host's side) or 'elvis run --realtime FILE'"));
            }
            if (!errors.isEmpty()) throw new BuildException(errors);
        }
        if (plan != null && plan.partitions() > 1 && model.globalRouting())
            throw new IllegalArgumentException("routing='global' computes every route over the whole model: it runs in one partition");
        Simulation sim = clock == Clock.REALTIME ? new Simulation(new RealtimeSimulator(seed)) : new Simulation(seed);
        // Names of machines built elsewhere resolve too: those built here as Simulation.resolve does, the others from the plan.
        if (plan != null) HostNames.install(sim.kernel(), name -> sim.find(name) != null ? sim.resolve(name) : hostAddress(name));
        int[][] cutEnds = plan == null ? null : cutEnds();
        List<Network> networks = new ArrayList<>();
        for (int n = 0; n < model.networks().size(); n++) {
            NetworkSpec spec = model.networks().get(n);
            if (plan != null && plan.networkPartition(n) != part && !(plan.isCut(n) && (cutEnds[n][0] == part || cutEnds[n][1] == part))) {
                networks.add(null);                           // another partition's
                continue;
            }
            LinkSpec l = spec.link();
            LinkConfig config = l.config();      // its down times are the network's: Network schedules them
            Simulation.Resolution resolution = l.arp() == LinkSpec.ArpMode.STATIC ? Simulation.Resolution.STATIC : Simulation.Resolution.ARP;
            networks.add(l.type() == LinkSpec.NetworkType.P2P ? sim.link(spec.id(), config, resolution) : sim.network(spec.id(), config, resolution));
            // Both halves of a cut link schedule its down times; the partition of its lower end counts them.
            if (plan != null && plan.isCut(n) && part != Math.min(cutEnds[n][0], cutEnds[n][1])) echo(config.down());
        }
        // Networks joined by bridges are one link layer: one directory of neighbours, each other's subnets on the link.
        int[] domain = new int[networks.size()];
        for (int n = 0; n < domain.length; n++) domain[n] = n;
        for (MachineGroup group : model.machines()) {
            if (!group.bridge()) continue;
            List<Network> joined = group.networks().stream().map(a -> networks.get(a.network())).toList();
            if (!joined.contains(null)) sim.joinLinkLayer(joined);         // a bridge and its networks are in one partition
            int root = domainRoot(domain, group.networks().getFirst().network());
            for (Attachment a : group.networks()) domain[domainRoot(domain, a.network())] = root;
        }
        List<List<Integer>> joinedWith = new ArrayList<>();       // per network, the others of its bridged domain
        boolean bridged = model.machines().stream().anyMatch(MachineGroup::bridge);
        java.util.Map<Integer, List<Integer>> byRoot = new java.util.HashMap<>();
        if (bridged) for (int n = 0; n < domain.length; n++) byRoot.computeIfAbsent(domainRoot(domain, n), r -> new ArrayList<>()).add(n);
        for (int n = 0; n < domain.length; n++) {
            List<Integer> others = new ArrayList<>(bridged ? byRoot.get(domainRoot(domain, n)) : List.of());
            others.remove((Integer) n);
            joinedWith.add(others);
        }
        DnsPlan dns = model.dns().map(this::dnsPlan).orElse(null);
        modnet = registerModules(sim);
        int[] first = new int[model.machines().size()];
        long[][] instances = new long[model.machines().size()][];
        List<List<PortDown>> portDowns = new ArrayList<>();        // per network, its ports with their own configuration, in attach order
        for (int n = 0; n < networks.size(); n++) portDowns.add(List.of());
        int[] gateways = AsRouting.defaultGateways(model);
        for (int g = 0; g < model.machines().size(); g++) {
            MachineGroup group = model.machines().get(g);
            first[g] = sim.machines().size();
            if (plan != null) instances[g] = builtInstances(g);
            List<PreparedApp> apps = group.applications().stream().map(this::prepare).toList();
            TcpConfig tcp = tcpConfig(group);   // shared by the group's machines: it is immutable
            Ipv4Config ipv4 = ipv4Config(group);
            IcmpConfig icmp = icmpConfig(group);
            // A listed transport is there from the start, so that the machine answers it (a SYN to a
            // closed port gets a RST) even when no application of its own uses it.
            boolean listsUdp = group.protocols().stream().anyMatch(p -> p.name().equals("UDP"));
            ProtocolSpec resolvConf = group.protocols().stream().filter(p -> p.name().equals("DNS")).findFirst().orElse(null);
            for (long i = 1; i <= group.count(); i++) {
                if (stop.getAsBoolean()) throw new Stopped();
                for (int k = 0; k < group.networks().size(); k++) {
                    Attachment at = group.networks().get(k);
                    if (at.port().isPresent()) portDowns.set(at.network(i), add(portDowns.get(at.network(i)), new PortDown(group.instanceName(i) + "/eth" + k, at.port().get().down())));
                }
                if (plan != null && plan.partition(g, i) != part) {
                    farMachine(sim, networks, g, i);
                    continue;
                }
                if (group.bridge()) {
                    Machine m = sim.bridge(group.instanceName(i), group.networks().stream().map(a -> networks.get(a.network())).toList());
                    for (int k = 0; k < group.networks().size(); k++) {
                        Attachment at = group.networks().get(k);
                        if (at.port().isPresent()) networks.get(at.network()).configurePort(m.nic(k).port(), at.port().get());
                    }
                    if (group.ipfw() != null) ipfw(sim, m, group.ipfw(), errors);
                    continue;
                }
                Machine m = sim.machine(group.instanceName(i));
                List<DhcpClient> dhcp = null;          // added after the file's applications, whose places results count on
                for (int k = 0; k < group.networks().size(); k++) {
                    Attachment at = group.networks().get(k);
                    NetworkSpec spec = model.networks().get(at.network(i));
                    Network network = networks.get(at.network(i));
                    if (network == null) throw new IllegalStateException("partition " + part + " has machine " + m.name() + " but not its network " + spec.id());
                    if (at.dhcp()) {                    // no address until a server gives one
                        var nic = sim.connect(m, network);
                        if (at.port().isPresent()) network.configurePort(nic.device().port(), at.port().get());
                        if (dhcp == null) dhcp = new ArrayList<>(1);
                        dhcp.add(new DhcpClient(nic));
                        continue;
                    }
                    Ipv4 address = model.address(g, i, k);
                    var nic = sim.connect(m, network, address.bits(), spec.prefixFor(address));
                    // One configuration per entry, shared by the group's machines; its down times are the interface's.
                    if (at.port().isPresent()) network.configurePort(nic.device().port(), at.port().get());
                    // The network's addresses outside the interface's own prefix are on this link too.
                    if (!spec.subnet().contains(address)) elvis.protocol.ipv4.Ipv4.of(m).addOnLinkRoute(spec.subnet().base().bits(), spec.subnet().prefix(), nic);
                    for (Subnet s : spec.onLink()) {
                        if (!s.contains(address)) elvis.protocol.ipv4.Ipv4.of(m).addOnLinkRoute(s.base().bits(), s.prefix(), nic);
                    }
                    for (int o : joinedWith.get(at.network(i))) {        // the networks bridges join to this one
                        NetworkSpec other = model.networks().get(o);
                        elvis.protocol.ipv4.Ipv4.of(m).addOnLinkRoute(other.subnet().base().bits(), other.subnet().prefix(), nic);
                        for (Subnet s : other.onLink()) elvis.protocol.ipv4.Ipv4.of(m).addOnLinkRoute(s.base().bits(), s.prefix(), nic);
                    }
                }
                if (group.router()) sim.router(m);
                if (group.disk() != null) elvis.cpu.Disk.install(m, group.disk());
                if (tcp != null) Tcp.of(m).config(tcp);
                if (ipv4 != null) elvis.protocol.ipv4.Ipv4.of(m).config(ipv4);
                if (icmp != null && !icmp.equals(IcmpConfig.DEFAULT)) Icmp.of(m).config(icmp);   // else made on demand
                if (listsUdp) Udp.of(m);
                if (group.cpu() != null) elvis.cpu.Cpu.of(m).configure(group.cpu().cores(), group.cpu().costs());
                if (resolvConf != null) configureResolver(m, resolvConf, g, i);
                else if (dns != null) {
                    ResolvConf rc = ResolvConf.of(m);
                    rc.nameservers(dns.resolver);
                    rc.searchDomain(dns.tree.domain());
                }
                for (RouteSpec r : group.routes()) {
                    try {
                        elvis.protocol.ipv4.Ipv4.of(m).addRoute(r.destination().base().bits(), r.destination().prefix(), gateway(group, i, r.via()));
                    } catch (IllegalArgumentException e) {
                        errors.add(new Diagnostic(Diagnostic.Severity.ERROR, r.pos(), e.getMessage()));
                    }
                }
                if (gateways[g] != 0) elvis.protocol.ipv4.Ipv4.of(m).addRoute(0, 0, gateways[g]);
                if (group.ipfw() != null) ipfw(sim, m, group.ipfw(), errors);
                if (!group.modules().isEmpty()) {
                    modnet.apply(m, group.modules().toArray(String[]::new));
                    modulePriorities(m, group.modules());
                }
                if (dns != null && dns.serves(group)) dns.addServer(m);
                else for (PreparedApp app : apps) addApplication(m, g, i, app, dhcp == null ? null : dhcp.getFirst());
                if (dhcp != null) for (DhcpClient c : dhcp) m.addApplication(c);
                if (errors.size() >= 20) break;   // one bad argument repeats per instance: stop early
            }
        }
        if (errors.isEmpty()) AsRouting.start(model, new Built(sim, model, networks, first, instances, part, new long[0]), errors);
        for (EventSpec e : model.events()) schedule(sim, networks, e);
        // The routing events of down times are recorded by partition 0 alone: its list is the run's.
        if (plan == null || part == 0) recordDownTimes(sim, portDowns);
        if (!errors.isEmpty()) throw new BuildException(errors.stream().distinct().toList());
        if (model.globalRouting()) elvis.routing.global.GlobalRouting.install(sim.kernel(), sim.machines());
        return new Built(sim, model, networks, first, instances, part, echoes.stream().mapToLong(Long::longValue).toArray());
    }

    /** A port with its own configuration ({@code port=} on the machine's entry): its name and down times. */
    private record PortDown(String port, elvis.config.Intervals down) { }

    private static <T> List<T> add(List<T> list, T item) {
        List<T> more = list.isEmpty() ? new ArrayList<>(2) : list;
        more.add(item);
        return more;
    }

    /** The times of events this partition schedules that the owner of {@code down} schedules too. */
    private void echo(elvis.config.Intervals down) {
        for (elvis.config.Intervals.Interval i : down.list()) {
            echoes.add(i.fromNs());
            if (i.toNs() != Long.MAX_VALUE) echoes.add(i.toNs());
        }
    }

    /** Per cut link, the partitions of its two ends in attach order. */
    private int[][] cutEnds() {
        int[][] ends = new int[model.networks().size()][];
        for (int g = 0; g < model.machines().size(); g++) {
            MachineGroup group = model.machines().get(g);
            for (long i = 1; i <= group.count(); i++) {
                for (Attachment at : group.networks()) {
                    int n = at.network(i);
                    if (!plan.isCut(n)) continue;
                    if (ends[n] == null) ends[n] = new int[] {plan.partition(g, i), -1};
                    else ends[n][1] = plan.partition(g, i);
                }
            }
        }
        for (int n = 0; n < ends.length; n++) {
            if (plan.isCut(n) && (ends[n] == null || ends[n][1] < 0))
                throw new IllegalArgumentException("network " + model.networks().get(n).id() + " is cut but has no two ends");
        }
        return ends;
    }

    /** The instances of group {@code g} this partition builds, or null when it builds them all. */
    private long[] builtInstances(int g) {
        long count = model.machines().get(g).count();
        int n = 0;
        for (long i = 1; i <= count; i++) if (plan.partition(g, i) == part) n++;
        if (n == count) return null;
        long[] in = new long[n];
        n = 0;
        for (long i = 1; i <= count; i++) if (plan.partition(g, i) == part) in[n++] = i;
        return in;
    }

    /** Far machines' devices on this partition's halves of cut links, by machine name: {network, port} each. */
    private final Map<String, List<int[]>> farPorts = new HashMap<>();

    /**
     * Instance {@code i} of group {@code g}, which another partition builds: its MAC addresses are
     * consumed, and its ends of cut links whose other end is here are attached as far ends, with the
     * port configuration a whole build gives them (whose down times are the owner's: echoes here).
     */
    private void farMachine(Simulation sim, List<Network> networks, int g, long i) {
        MachineGroup group = model.machines().get(g);
        for (int k = 0; k < group.networks().size(); k++) {
            Attachment at = group.networks().get(k);
            int n = at.network(i);
            Network half = networks.get(n);
            if (half == null) {
                sim.skipMacs(1);
                continue;
            }
            if (!plan.isCut(n)) throw new IllegalStateException("network " + half.name() + " is in partition " + part
                    + " but machine " + group.instanceName(i) + " on it is in partition " + plan.partition(g, i));
            int port = sim.attachRemote(half, group.instanceName(i) + "/eth" + k, plan.partition(g, i), at.dhcp() ? 0 : model.address(g, i, k).bits());
            if (at.port().isPresent()) {
                half.configurePort(port, at.port().get());
                echo(at.port().get().down());
            }
            farPorts.computeIfAbsent(group.instanceName(i), x -> new ArrayList<>(1)).add(new int[] {n, port});
        }
    }

    /**
     * What the name of a machine another partition builds resolves to for {@code getaddrinfo}: its
     * first address the plan gives (as {@link Simulation#resolve} gives a built machine's first address;
     * one DHCP gives it is not known here), or the address written.
     */
    private int hostAddress(String name) {
        long[] gi = modelMachine(name);
        if (gi == null) {
            var literal = Ipv4.parse(name);
            return literal.isPresent() ? literal.get().bits() : -1;
        }
        List<Attachment> atts = model.machines().get((int) gi[0]).networks();
        for (int k = 0; k < atts.size(); k++) if (!atts.get(k).dhcp()) return model.address((int) gi[0], gi[1], k).bits();
        return -1;
    }

    /** The group and instance of the machine called {@code name} ("r", "h-3"), or null. */
    private long[] modelMachine(String name) {
        Integer g = groupByName.get(name);
        if (g != null && model.machines().get(g).count() == 1) return new long[] {g, 1};
        int dash = name.lastIndexOf('-');
        if (dash < 0) return null;
        Integer grp = groupByName.get(name.substring(0, dash));
        if (grp == null) return null;
        try {
            long i = Long.parseLong(name.substring(dash + 1));
            return i >= 1 && i <= model.machines().get(grp).count() && model.machines().get(grp).count() > 1 ? new long[] {grp, i} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Records the links' and interfaces' {@code down} times (the link layer schedules them) as routing events, so the
     * run report gives the convergence after each: every link's, then each port's with its own configuration, in attach order.
     */
    private void recordDownTimes(Simulation sim, List<List<PortDown>> portDowns) {
        for (int n = 0; n < model.networks().size(); n++) {
            String link = "link " + model.networks().get(n).id();
            recordDown(sim, model.networks().get(n).link().config().down(), link);
            for (PortDown p : portDowns.get(n)) recordDown(sim, p.down(), link + " port " + p.port());
        }
    }

    private static void recordDown(Simulation sim, elvis.config.Intervals down, String what) {
        for (elvis.config.Intervals.Interval i : down.list()) {
            elvis.routing.RoutingStats stats = elvis.routing.RoutingStats.of(sim.kernel());
            sim.kernel().at(i.fromNs(), () -> stats.event(what + " down"));
            if (i.toNs() != Long.MAX_VALUE) sim.kernel().at(i.toNs(), () -> stats.event(what + " up"));
        }
    }

    /**
     * Schedules an [Event]: links down or up ({@link Network#setUp}: both ends hear of it), a machine's ports on
     * them ({@link Network#setPortUp}), or a whole machine ({@link Simulation#setMachineUp}). Events of one instant
     * act in file order. In a partitioned run every partition with something to do schedules it (a cut link's
     * halves both do), partition 0 records it for the routing report (alone, so its list is the run's) and counts
     * it; the others' copies are echoes.
     */
    private void schedule(Simulation sim, List<Network> networks, EventSpec e) {
        boolean records = plan == null || part == 0;
        if (e.kind() == EventSpec.Kind.ANNOUNCE || e.kind() == EventSpec.Kind.WITHDRAW) {
            Machine speaker = sim.find(e.machine());
            boolean elsewhere = speaker == null && plan != null && modelMachine(e.machine()) != null;
            elvis.routing.bgp.Bgp bgp = speaker == null ? null : speaker.applications().stream()
                    .filter(a -> a instanceof elvis.routing.bgp.Bgp).map(a -> (elvis.routing.bgp.Bgp) a).findFirst().orElse(null);
            if (bgp == null && !elsewhere) {
                errors.add(new Diagnostic(Diagnostic.Severity.ERROR, e.pos(), "'" + e.machine() + "' speaks no BGP, so it cannot "
                        + (e.kind() == EventSpec.Kind.ANNOUNCE ? "announce" : "withdraw") + " a route: name a router of an [AS] with a [Peering]"));
                return;
            }
            if (bgp == null && !records) return;
            elvis.routing.Prefix p = e.prefix().orElseThrow();
            boolean announce = e.kind() == EventSpec.Kind.ANNOUNCE;
            String what = e.machine() + (announce ? " announce " : " withdraw ") + p;
            at(sim, e.atNs(), records ? what : null, bgp == null ? null : () -> speaker.guard(bgp, () -> { if (announce) bgp.announce(p); else bgp.withdraw(p); }));
            return;
        }
        boolean up = e.kind() == EventSpec.Kind.UP;
        Machine m = e.machine() == null ? null : sim.find(e.machine());
        List<Network> links = e.networks().stream().map(networks::get).filter(java.util.Objects::nonNull).toList();
        String what = (e.machine() == null ? "" : "machine " + e.machine() + (e.networks().isEmpty() ? "" : " on "))
                + (e.networks().isEmpty() ? "" : "link " + String.join(",", e.networks().stream().map(n -> model.networks().get(n).id()).distinct().toList()))
                + (up ? " up" : " down");
        Runnable action = null;
        if (e.machine() == null) {
            if (!links.isEmpty()) action = () -> { for (Network n : links) n.setUp(up); };
        } else if (m != null && e.networks().isEmpty()) {
            action = () -> sim.setMachineUp(m, up);
        } else if (m != null) {
            action = () -> {
                for (int k = 0; k < m.nicCount(); k++) {
                    if (links.contains(m.nic(k).network())) m.nic(k).network().setPortUp(m.nic(k).port(), up);
                }
            };
        } else {                                              // built elsewhere: its ends of this partition's cut links
            List<int[]> far = farPorts.getOrDefault(e.machine(), List.of()).stream()
                    .filter(np -> e.networks().isEmpty() || links.contains(networks.get(np[0]))).toList();
            if (!far.isEmpty()) action = () -> { for (int[] np : far) networks.get(np[0]).setPortUp(np[1], up); };
        }
        if (action == null && !records) return;
        at(sim, e.atNs(), records ? what : null, action);
    }

    /** One [Event] at {@code t}: recorded as {@code what} (null: not here), then {@code action} (null: nothing here); an echo unless recorded. */
    private void at(Simulation sim, long t, String what, Runnable action) {
        if (what == null) echoes.add(t);
        elvis.routing.RoutingStats stats = what == null ? null : elvis.routing.RoutingStats.of(sim.kernel());   // convergence is measured from each event
        sim.kernel().at(t, () -> {
            if (stats != null) stats.event(what);
            if (action != null) action.run();
        });
    }

    /**
     * A route's gateway for instance {@code i}: as written, except that a gateway on the first link of a network
     * with count means the same place on the instance's own link (each machine's router is at its link's end).
     */
    private int gateway(MachineGroup group, long i, Ipv4 via) {
        for (Attachment at : group.networks()) {
            if (!at.perLink() || i == 1) continue;
            Subnet first = model.networks().get(at.network()).subnet();
            if (first.contains(via)) return via.bits() - first.base().bits() + model.networks().get(at.network(i)).subnet().base().bits();
        }
        return via.bits();
    }

    private static int domainRoot(int[] domain, int n) {
        while (domain[n] != n) n = domain[n];
        return n;
    }

    /**
     * Installs a machine's ipfw rules at its IPv4 layer (at its Ethernet layer on a bridge); its pipe and queue lines configure the
     * simulation's dummynet (the same line on every machine of a group configures the same object).
     */
    private static void ipfw(Simulation sim, Machine m, IpfwSpec spec, List<Diagnostic> errors) {
        RuleSet rules = RuleSet.of(m).defaultAllow(spec.defaultAllow());
        for (IpfwSpec.Line line : spec.lines()) {
            // files a line names are relative to the description that wrote it
            DummynetLines objects = DummynetLines.of(Dummynet.of(sim.kernel()), IpfwExtensions.relativeTo(Validator.directoryOf(line.pos().file())));
            try {
                Ipfw.line(line.text(), rules, objects);
            } catch (IpfwError e) {                              // the validator read the same lines: not expected
                errors.add(new Diagnostic(Diagnostic.Severity.ERROR, line.at(e.column()), e.getMessage()));
            }
        }
    }

    /** The TCP configuration of a group that lists TCP, or null when it does not (TCP then joins with the defaults). */
    public static TcpConfig tcpConfig(MachineGroup group) {
        for (ProtocolSpec p : group.protocols()) {
            if (p.name().equals("TCP")) return p.args().isEmpty() ? TcpConfig.DEFAULT : new TcpConfig(p.settings());
        }
        return null;
    }

    /** The IPv4 parameters a group sets, or null when it sets none (its machines keep the defaults and hold nothing for them). */
    public static Ipv4Config ipv4Config(MachineGroup group) {
        for (ProtocolSpec p : group.protocols()) {
            if (p.name().equals("IPv4") && !p.args().isEmpty()) return new Ipv4Config(p.settings());
        }
        return null;
    }

    /** The ICMP configuration of a group that lists ICMP, or null when it does not (ICMP then has the defaults). */
    public static IcmpConfig icmpConfig(MachineGroup group) {
        for (ProtocolSpec p : group.protocols()) {
            if (p.name().equals("ICMP")) return p.args().isEmpty() ? IcmpConfig.DEFAULT : new IcmpConfig(p.settings());
        }
        return null;
    }

    /** An application of a group as every machine of it makes it: its arguments and which of them name destinations, found once. */
    private record PreparedApp(AppSpec spec, Arguments args, List<String> destinations) { }

    private PreparedApp prepare(AppSpec spec) {
        Arguments args = new Arguments(spec.args());
        ApplicationFactory factory = registry.factory(spec.name());
        List<String> destinations = new ArrayList<>(1);
        if (factory != null) {
            for (var attribute : factory.schema().attributes()) {
                if (attribute.kind() == elvis.config.Kind.DESTINATION && args.has(attribute.name())) destinations.add(attribute.name());
            }
        }
        return new PreparedApp(spec, args, List.copyOf(destinations));
    }

    /** [Protocol name='DNS']: the machine's resolv.conf, its name servers resolved as destinations are. */
    private void configureResolver(Machine m, ProtocolSpec spec, int group, long instance) {
        ResolvConf rc = ResolvConf.of(m);
        rc.configure(spec.settings());
        String[] names = spec.settings().get(ResolvConf.NAMESERVERS).split(",");
        int[] servers = new int[names.length];
        for (int k = 0; k < names.length; k++) {
            servers[k] = resolve(names[k].strip(), group, instance);
            if (servers[k] == -1) errors.add(new Diagnostic(Diagnostic.Severity.ERROR, spec.pos(), "name server '" + names[k].strip() + "' has no address"));
        }
        rc.nameservers(servers);
    }

    /** Gives the modules {@code m} applies their declared CPU priorities, where the machine has cores. */
    private void modulePriorities(Machine m, List<String> names) {
        elvis.cpu.Cpu cpu = elvis.cpu.Cpu.existing(m);
        if (cpu == null || cpu.cores() == 0) return;
        for (ModuleSpec spec : model.modules()) {
            if (spec.priority() > 0 && names.contains(spec.name())) cpu.priority(modnet.module(spec.name()), spec.priority());
        }
    }

    /** The run's ModNet with the file's [Module]s registered, or null when it has none (a run without modules holds nothing for them). */
    private ModNet modnet;

    private ModNet registerModules(Simulation sim) throws BuildException {
        if (model.modules().isEmpty()) return null;
        ModNet mn = ModNet.of(sim.kernel());
        ModuleRegistry types = ModuleRegistry.load();
        for (ModuleSpec spec : model.modules()) {
            try {
                mn.register(spec.name(), types.factory(spec.type()).create(new Arguments(spec.args()), new ModuleFactory.Context() {
                    @Override public String name() { return spec.name(); }
                    @Override public RandomStream random() { return sim.kernel().random("module " + spec.name()); }
                }));
            } catch (RuntimeException e) {      // checked by the validator, which made each once
                errors.add(new Diagnostic(Diagnostic.Severity.ERROR, spec.pos(), "module '" + spec.name() + "' could not be created: " + e.getMessage()));
            }
        }
        if (!errors.isEmpty()) throw new BuildException(errors);
        return mn;
    }

    /** Adds the application; on a machine configured by DHCP it starts once the first DHCP interface is bound. */
    private void addApplication(Machine m, int group, long instance, PreparedApp app, DhcpClient dhcp) {
        ApplicationFactory factory = registry.factory(app.spec().name());
        ApplicationFactory.Context context = ApplicationFactory.Context.of(name -> resolve(name, group, instance),
                Validator.directoryOf(app.spec().pos().file()));
        try {
            List<String> looked = app.destinations().isEmpty() ? List.of() : namesToLookUp(m, app, group, instance);
            // Its arguments were checked by the validator, which made it once.
            Application made = looked.isEmpty() ? factory.create(app.args(), context) : new ResolveThenStart(factory, app.args(), looked, context);
            if (!app.spec().modules().isEmpty()) {
                if (!looked.isEmpty()) throw new IllegalArgumentException("modules cannot be applied to an application whose destinations are looked up in DNS");
                modnet.apply(m, made, app.spec().modules().toArray(String[]::new));
                modulePriorities(m, app.spec().modules());
            }
            m.addApplication(dhcp == null || app.spec().name().equals(Validator.DHCP_CLIENT) ? made : dhcp.whenBound(made));
            int priority = Validator.priority(app.spec().args());
            if (priority > 0 && elvis.cpu.Cpu.existing(m) != null && elvis.cpu.Cpu.existing(m).cores() > 0) elvis.cpu.Cpu.of(m).priority(made, priority);
        } catch (Arguments.ArgumentException e) {
            errors.add(new Diagnostic(Diagnostic.Severity.ERROR, app.spec().pos(), "application '" + app.spec().name() + "': " + e.getMessage()));
        } catch (RuntimeException e) {
            errors.add(new Diagnostic(Diagnostic.Severity.ERROR, app.spec().pos(),
                    "application '" + app.spec().name() + "' could not be created: " + e.getMessage()));
        }
    }

    /**
     * The destination arguments looked up in DNS when the application starts. On a machine with name
     * servers, every name but an address and a group of several machines (whose instances are paired
     * with the caller's, which DNS cannot say); elsewhere, the names the file does not declare, which
     * the validator let through because the machine will have name servers (from DHCP).
     */
    private List<String> namesToLookUp(Machine m, PreparedApp app, int group, long instance) {
        boolean configured = StubResolver.configured(m);
        List<String> keys = List.of();
        for (String key : app.destinations()) {
            String v = app.args().string(key);
            if (Ipv4.parse(v).isPresent()) continue;
            Integer g = groupByName.get(v);
            if (g != null && model.machines().get(g).count() > 1) continue;
            if (configured || resolve(v, group, instance) == -1) {
                if (keys.isEmpty()) keys = new ArrayList<>(1);
                keys.add(key);
            }
        }
        return keys;
    }

    // ---- the [DNS] tree ----

    /** The tree's zones, made from the address plan, and where its servers are. */
    private final class DnsPlan {
        final DnsTree tree;
        final int root, tld, auth, resolver;
        final Zone rootZone, tldZone, authZone;

        DnsPlan(DnsTree tree) {
            this.tree = tree;
            root = addressOf(DnsTree.ROOT);
            tld = tree.hasTld() ? addressOf(DnsTree.TLD) : -1;
            auth = addressOf(DnsTree.AUTH);
            resolver = addressOf(DnsTree.RESOLVER);
            DnsName domain = DnsName.of(tree.domain());
            int ttl = (int) tree.ttlSeconds();
            DnsName tldName = tree.hasTld() ? domain.suffix(domain.labelCount() - 1) : null;
            DnsName rootNs = domain.child(DnsTree.ROOT), tldNs = domain.child(DnsTree.TLD), authNs = domain.child(DnsTree.AUTH);
            // Root: delegates the TLD (or the one-label domain) with glue.
            List<DnsRecord> r = new ArrayList<>(List.of(soa(DnsName.ROOT, rootNs, domain, ttl), new DnsRecord(DnsName.ROOT, ttl, new Rdata.Ns(rootNs)),
                    new DnsRecord(rootNs, ttl, new Rdata.A(root))));
            if (tldName != null) {
                r.add(new DnsRecord(tldName, ttl, new Rdata.Ns(tldNs)));
                r.add(new DnsRecord(tldNs, ttl, new Rdata.A(tld)));
            } else {
                r.add(new DnsRecord(domain, ttl, new Rdata.Ns(authNs)));
                r.add(new DnsRecord(authNs, ttl, new Rdata.A(auth)));
            }
            rootZone = Zone.of(DnsName.ROOT, dedupe(r));
            if (tldName != null) {
                tldZone = Zone.of(tldName, List.of(soa(tldName, tldNs, domain, ttl), new DnsRecord(tldName, ttl, new Rdata.Ns(tldNs)),
                        new DnsRecord(domain, ttl, new Rdata.Ns(authNs)), new DnsRecord(authNs, ttl, new Rdata.A(auth)),
                        new DnsRecord(tldNs, ttl, new Rdata.A(tld))));
            } else {
                tldZone = null;
            }
            // The domain: an A record for every machine, at its first address from the plan (a machine
            // whose every address comes from DHCP has none while building, and no record: no dynamic updates).
            List<DnsRecord> a = new ArrayList<>();
            a.add(soa(domain, authNs, domain, ttl));
            a.add(new DnsRecord(domain, ttl, new Rdata.Ns(authNs)));
            for (int g = 0; g < model.machines().size(); g++) {
                MachineGroup group = model.machines().get(g);
                int planned = 0;
                while (planned < group.networks().size() && group.networks().get(planned).dhcp()) planned++;
                if (planned == group.networks().size()) continue;
                for (long i = 1; i <= group.count(); i++) {
                    a.add(new DnsRecord(domain.child(group.instanceName(i).toLowerCase(java.util.Locale.ROOT)), ttl, new Rdata.A(model.address(g, i, planned).bits())));
                }
            }
            authZone = Zone.of(domain, dedupe(a));
        }

        private int addressOf(String machine) { return model.address(groupByName.get(machine), 1, 0).bits(); }

        /** Whether {@code group} is one of the tree's servers, whose applications come from here. */
        boolean serves(MachineGroup group) { return group.pos().equals(tree.pos()); }

        /** Gives the tree's machines their applications as they are made. */
        void addServer(Machine m) {
            switch (m.name()) {
                case DnsTree.ROOT -> m.addApplication(new DnsServer(List.of(rootZone)));
                case DnsTree.TLD -> m.addApplication(new DnsServer(List.of(tldZone)));
                case DnsTree.AUTH -> m.addApplication(new DnsServer(List.of(authZone)));
                case DnsTree.RESOLVER -> m.addApplication(new DnsResolver(new int[] {root}, RecursiveResolver.Limits.DEFAULT));
                default -> { }
            }
        }
    }

    private DnsPlan dnsPlan(DnsTree tree) { return new DnsPlan(tree); }

    private static DnsRecord soa(DnsName zone, DnsName primary, DnsName domain, int ttl) {
        return new DnsRecord(zone, ttl, new Rdata.Soa(primary, domain.child("hostmaster"), 1, 3600, 600, 86400, ttl));
    }

    /** The records without repeats (a machine called like a server host adds the same A record twice). */
    private static List<DnsRecord> dedupe(List<DnsRecord> records) { return List.copyOf(new java.util.LinkedHashSet<>(records)); }

    /**
     * The address a machine reaches {@code name} at: an IPv4 address as written, or the address of
     * the named machine on a network it shares with the caller (else its first). A group of several
     * machines named as a whole is shared round-robin: caller instance i talks to instance
     * ((i - 1) mod count) + 1.
     */
    private int resolve(String name, int fromGroup, long fromInstance) {
        var literal = Ipv4.parse(name);
        if (literal.isPresent()) return literal.get().bits();
        int g;
        long instance;
        Integer whole = groupByName.get(name);
        if (whole != null) {
            g = whole;
            long count = model.machines().get(g).count();
            instance = ((fromInstance - 1) % count) + 1;
        } else {
            int dash = name.lastIndexOf('-');
            if (dash < 0) return -1;
            Integer grp = groupByName.get(name.substring(0, dash));
            if (grp == null) return -1;
            try {
                instance = Long.parseLong(name.substring(dash + 1));
            } catch (NumberFormatException e) {
                return -1;
            }
            g = grp;
            MachineGroup target = model.machines().get(g);
            if (target.count() == 1 || instance < 1 || instance > target.count()) return -1;
        }
        // Addresses DHCP gives are not known while building: such a network entry names nothing.
        List<Attachment> targetNets = model.machines().get(g).networks();
        List<Attachment> ownNets = model.machines().get(fromGroup).networks();
        for (int k = 0; k < targetNets.size(); k++) {
            if (targetNets.get(k).dhcp()) continue;
            for (Attachment own : ownNets) {
                if (own.network(fromInstance) == targetNets.get(k).network(instance)) return model.address(g, instance, k).bits();
            }
        }
        for (int k = 0; k < targetNets.size(); k++) if (!targetNets.get(k).dhcp()) return model.address(g, instance, k).bits();
        return -1;
    }
}
