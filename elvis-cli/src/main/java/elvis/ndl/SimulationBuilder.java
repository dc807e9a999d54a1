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

    /** The built simulation and how the description maps onto it. */
    public record Built(Simulation simulation, NdlSimulation model, List<Network> networks, int[] firstMachineOfGroup) {
        /** The machines of group {@code g}. */
        public List<Machine> machines(int g) {
            return simulation.machines().subList(firstMachineOfGroup[g], firstMachineOfGroup[g] + (int) model.machines().get(g).count());
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

    private SimulationBuilder(NdlSimulation model, ApplicationRegistry registry, BooleanSupplier stop, Clock clock) {
        this.model = model;
        this.registry = registry;
        this.stop = stop;
        this.clock = clock;
        for (int g = 0; g < model.machines().size(); g++) groupByName.put(model.machines().get(g).name(), g);
    }

    public static Built build(NdlSimulation model, ApplicationRegistry registry) throws BuildException {
        try {
            return new SimulationBuilder(model, registry, () -> false, Clock.VIRTUAL).build();
        } catch (Stopped never) {
            throw new AssertionError(never);
        }
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
        return new SimulationBuilder(model, registry, stop, clock).build();
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
        Simulation sim = clock == Clock.REALTIME ? new Simulation(new RealtimeSimulator(seed)) : new Simulation(seed);
        List<Network> networks = new ArrayList<>();
        for (NetworkSpec n : model.networks()) {
            LinkSpec l = n.link();
            LinkConfig config = l.config();      // its down times are the network's: Network schedules them
            Simulation.Resolution resolution = l.arp() == LinkSpec.ArpMode.STATIC ? Simulation.Resolution.STATIC : Simulation.Resolution.ARP;
            networks.add(l.type() == LinkSpec.NetworkType.P2P ? sim.link(n.id(), config, resolution) : sim.network(n.id(), config, resolution));
        }
        // Networks joined by bridges are one link layer: one directory of neighbours, each other's subnets on the link.
        int[] domain = new int[networks.size()];
        for (int n = 0; n < domain.length; n++) domain[n] = n;
        for (MachineGroup group : model.machines()) {
            if (!group.bridge()) continue;
            List<Network> joined = group.networks().stream().map(a -> networks.get(a.network())).toList();
            sim.joinLinkLayer(joined);
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
        int[] gateways = AsRouting.defaultGateways(model);
        for (int g = 0; g < model.machines().size(); g++) {
            MachineGroup group = model.machines().get(g);
            first[g] = sim.machines().size();
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
        if (errors.isEmpty()) AsRouting.start(model, sim, first, errors);
        for (EventSpec e : model.events()) schedule(sim, networks, e, errors);
        recordDownTimes(sim, networks);
        if (!errors.isEmpty()) throw new BuildException(errors.stream().distinct().toList());
        if (model.globalRouting()) elvis.routing.global.GlobalRouting.install(sim.kernel(), sim.machines());
        return new Built(sim, model, networks, first);
    }

    /**
     * Records the links' and interfaces' {@code down} times (the link layer schedules them) as routing events, so the
     * run report gives the convergence after each.
     */
    private static void recordDownTimes(Simulation sim, List<Network> networks) {
        for (Network n : networks) {
            recordDown(sim, n.config().down(), "link " + n.name());
            for (int p = 0; p < n.portCount(); p++)
                if (n.config(p) != n.config()) recordDown(sim, n.config(p).down(), "link " + n.name() + " port " + n.portName(p));
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
     * act in file order.
     */
    private static void schedule(Simulation sim, List<Network> networks, EventSpec e, List<Diagnostic> errors) {
        if (e.kind() == EventSpec.Kind.ANNOUNCE || e.kind() == EventSpec.Kind.WITHDRAW) {
            Machine speaker = sim.find(e.machine());
            elvis.routing.bgp.Bgp bgp = speaker == null ? null : speaker.applications().stream()
                    .filter(a -> a instanceof elvis.routing.bgp.Bgp).map(a -> (elvis.routing.bgp.Bgp) a).findFirst().orElse(null);
            if (bgp == null) {
                errors.add(new Diagnostic(Diagnostic.Severity.ERROR, e.pos(), "'" + e.machine() + "' speaks no BGP, so it cannot "
                        + (e.kind() == EventSpec.Kind.ANNOUNCE ? "announce" : "withdraw") + " a route: name a router of an [AS] with a [Peering]"));
                return;
            }
            elvis.routing.Prefix p = e.prefix().orElseThrow();
            boolean announce = e.kind() == EventSpec.Kind.ANNOUNCE;
            String what = e.machine() + (announce ? " announce " : " withdraw ") + p;
            sim.kernel().at(e.atNs(), () -> {
                elvis.routing.RoutingStats.of(sim.kernel()).event(what);
                speaker.guard(bgp, () -> { if (announce) bgp.announce(p); else bgp.withdraw(p); });
            });
            return;
        }
        boolean up = e.kind() == EventSpec.Kind.UP;
        Machine m = e.machine() == null ? null : sim.find(e.machine());
        List<Network> links = e.networks().stream().map(networks::get).toList();
        String what = (m == null ? "" : "machine " + e.machine() + (links.isEmpty() ? "" : " on "))
                + (links.isEmpty() ? "" : "link " + String.join(",", links.stream().map(Network::name).distinct().toList()))
                + (up ? " up" : " down");
        elvis.routing.RoutingStats stats = elvis.routing.RoutingStats.of(sim.kernel());   // convergence is measured from each event
        if (m == null) {
            sim.kernel().at(e.atNs(), () -> { stats.event(what); for (Network n : links) n.setUp(up); });
        } else if (links.isEmpty()) {
            sim.kernel().at(e.atNs(), () -> { stats.event(what); sim.setMachineUp(m, up); });
        } else {
            sim.kernel().at(e.atNs(), () -> {
                stats.event(what);
                for (int k = 0; k < m.nicCount(); k++) {
                    if (links.contains(m.nic(k).network())) m.nic(k).network().setPortUp(m.nic(k).port(), up);
                }
            });
        }
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
