package elvis.ndl;

import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Intervals;
import elvis.config.QueueLimit;
import elvis.config.Schema;
import elvis.config.Suggest;
import elvis.config.Units;
import elvis.config.Units.BadValue;
import elvis.config.Values;
import elvis.link.Discipline;
import elvis.dummynet.profile.BandwidthTrace;
import elvis.dummynet.profile.LinkConditions;
import elvis.util.SourceError;
import elvis.link.LinkConfig;
import elvis.ndl.model.AddressPlan;
import elvis.ndl.model.AddressPlanner;
import elvis.ndl.model.AppSpec;
import elvis.ndl.model.PartitionPin;
import elvis.ndl.model.AsSpec;
import elvis.ndl.model.BlockCarver;
import elvis.ndl.model.PeeringSpec;
import elvis.ndl.model.ArgValue;
import elvis.ndl.model.Attachment;
import elvis.ndl.model.Ipv4;
import elvis.ndl.model.IpfwSpec;
import elvis.ndl.model.LinkSpec;
import elvis.ndl.model.LinkSpec.ArpMode;
import elvis.ndl.model.TapSpec;
import elvis.ndl.model.LinkSpec.NetworkType;
import elvis.ndl.model.MachineGroup;
import elvis.ndl.model.ModuleSpec;
import elvis.modnet.ModuleFactory;
import elvis.modnet.ModuleRegistry;
import elvis.ndl.model.NdlSimulation;
import elvis.ndl.model.NetworkSpec;
import elvis.ndl.model.PoolEntry;
import elvis.ndl.model.DnsTree;
import elvis.ndl.model.EventSpec;
import elvis.ndl.model.ProtocolSpec;
import elvis.protocol.dns.DnsName;
import elvis.protocol.dns.ResolvConf;
import elvis.protocol.ipv4.Ipv4Config;
import elvis.protocol.icmp.IcmpConfig;
import elvis.protocol.tcp.TcpConfig;
import elvis.routing.Prefix;
import elvis.ndl.model.RouteSpec;
import elvis.ndl.model.Subnet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a syntax tree against the NDL schema and turns it into an {@link NdlSimulation}. Every problem
 * is reported; the model is produced only when there is none. No step does work proportional to a
 * machine count, so {@code count='10000000'} validates as fast as {@code count='1'}.
 */
final class Validator {

    static final long MAX_COUNT = 10_000_000;
    private static final long MAX_RUN = 8760 * 3600 * Units.NANOS_PER_SECOND;
    private static final List<String> ALL_SECTIONS = List.of("Networks", "Network", "IP", "Machines", "Machine",
            "Protocols", "Protocol", "Applications", "Application", "Routes", "Route", "Ipfw", "Line", "Simulation", "DNS", "Module",
            "Events", "Event", "AS", "Peerings", "Peering");
    /** The ModNet module types on the class path (elvis-web adds its own). */
    private static final ModuleRegistry MODULE_TYPES = ModuleRegistry.load();
    private static final List<String> PROTOCOLS = List.of("IPv4", "UDP", "TCP", "ARP", "ICMP", "DNS");
    private static final Pattern MACHINE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern INSTANCE_NAME = Pattern.compile("(.+)-([0-9]{1,9})");

    private final SourceText source;
    private final List<Diagnostic> diagnostics;
    private final NdlSchema schema;
    /** A [Network]'s keys: the network's declared attributes, then the link's. */
    private final List<String> networkKeys;
    /** A machine's [Network] entry's keys: id, ip, and the link attributes a port may set. */
    private final List<String> attachmentKeys;

    private final List<Net> nets = new ArrayList<>();
    private final Map<String, Integer> netIndex = new LinkedHashMap<>();
    private final List<Group> groups = new ArrayList<>();
    private final Map<String, Integer> groupIndex = new LinkedHashMap<>();
    /** Networks written with count='N' (N > 1), by id: their links are the nets from netIndex(id) on, named id-1 … id-N. */
    private final Map<String, Integer> linkCounts = new HashMap<>();
    /** A [Network] lost its id to a syntax error, so an "unknown id" may be that one. */
    private boolean someNetworkIdLost;

    /** A network while it is checked: its spec plus what membership tests need. */
    private static final class Net {
        final String id;
        final Node node;
        LinkSpec link = LinkSpec.DEFAULT;
        TapSpec tap;
        final List<PoolEntry> pool = new ArrayList<>();
        Subnet subnet;
        /** A [IP subnet=...] entry fixes the subnet; otherwise it may widen to fit the machines. */
        boolean subnetGiven;
        /** Pool addresses outside the subnet, as prefixes reached on the link through routes. */
        List<Subnet> onLink = List.of();
        /** An [IP] entry was wrong, so membership tests may fail only because of it: don't report those. */
        boolean uncertain;
        /** Its count could not be used, so the machines on it are not counted against type='p2p' either. */
        boolean countFailed;
        /** Pool entries sorted by first address, for membership tests. */
        List<PoolEntry> sorted = List.of();
        final Map<Long, AddressPlanner.Claim> claims = new HashMap<>();

        Net(String id, Node node) {
            this.id = id;
            this.node = node;
        }

        boolean contains(Ipv4 a) {
            if (subnet != null && subnet.contains(a) && a.compareTo(subnet.firstHost()) >= 0
                    && a.compareTo(subnet.lastHost()) <= 0) {
                return true;
            }
            int lo = 0;
            int hi = sorted.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                PoolEntry e = sorted.get(mid);
                if (a.compareTo(e.first()) < 0) {
                    hi = mid - 1;
                } else if (a.compareTo(e.last()) > 0) {
                    lo = mid + 1;
                } else {
                    return true;
                }
            }
            return false;
        }
    }


    /** A machine group while it is checked. */
    private static final class Group {
        final String name;
        final long count;
        final Node node;
        boolean router;
        boolean bridge;
        /** The AS whose [Machines] it is in, or null. */
        AsCtx as;
        /** An end of a [Peering]. */
        boolean border;
        boolean pcap;
        /** Its machines' processors, or null when it declares neither cores nor costs. */
        elvis.cpu.Cpu.Config cpu;
        /** Its machines' disk, or null without one. */
        elvis.cpu.Disk.Config disk;
        /** Its machines have name servers ([Protocol name='DNS'] or the [DNS] tree), so names may be DNS names. */
        boolean dns;
        /** A network entry could not be resolved because of another error, so its address checks are skipped. */
        boolean uncertain;
        final List<Att> atts = new ArrayList<>();
        final List<ProtocolSpec> protocols = new ArrayList<>();
        final List<AppSpec> apps = new ArrayList<>();
        final List<RouteSpec> routes = new ArrayList<>();
        IpfwSpec ipfw;
        List<String> modules = List.of();
        PartitionPin partition;

        Group(String name, long count, Node node) {
            this.name = name;
            this.count = count;
            this.node = node;
        }
    }

    /** A scratch simulation where ipfw lines are read to check them; made for the first [Ipfw]. */
    private elvis.Simulation ipfwCheck;
    private final List<IpfwRule> ipfwRules = new ArrayList<>();

    private record IpfwRule(elvis.dummynet.rules.Rule rule, IpfwSpec.Line line) {}

    private static final class Att {
        final int net;
        final Pos pos;
        Ipv4 claimed;
        Pos claimPos;
        /** The link towards the machine, when its entry sets link attributes. */
        LinkConfig port;
        /** DHCP gives the address (dhcp='true', or the original dhcp_client application); where it was said. */
        boolean dhcp;
        Pos dhcpPos;
        /** On a network with count: instance i is on link net + i - 1. */
        boolean perLink;

        Att(int net, Pos pos) {
            this.net = net;
            this.pos = pos;
        }
    }

    Validator(SourceText source, List<Diagnostic> diagnostics, NdlSchema schema) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.schema = schema;
        List<String> keys = new ArrayList<>(schema.network().names());
        keys.addAll(schema.link().names());
        this.networkKeys = List.copyOf(keys);
        List<String> entryKeys = new ArrayList<>(List.of("id", "ip", "dhcp"));
        entryKeys.addAll(schema.port().names());
        this.attachmentKeys = List.copyOf(entryKeys);
    }

    /** The model, or empty when any error was reported (now or before, by the parser). */
    Optional<NdlSimulation> validate(List<Node> roots) {
        Node networks = null;
        Node machines = null;
        Node simulation = null;
        Node dns = null;
        Node events = null;
        Node peerings = null;
        List<Node> moduleNodes = new ArrayList<>();
        List<Node> asNodes = new ArrayList<>();
        for (Node root : children(roots, "the top level", List.of("Networks", "Machines", "Simulation", "DNS", "Module", "Events", "AS", "Peerings"))) {
            switch (root.name()) {
                case "Networks" -> networks = once(networks, root);
                case "Machines" -> machines = once(machines, root);
                case "DNS" -> dns = once(dns, root);
                case "Events" -> events = once(events, root);
                case "Module" -> moduleNodes.add(root);
                case "AS" -> asNodes.add(root);
                case "Peerings" -> peerings = once(peerings, root);
                default -> simulation = once(simulation, root);
            }
        }
        for (Node m : moduleNodes) module(m);        // before machines, which name them
        Pos start = new Pos(source.file(), 1, 1);
        if (!asNodes.isEmpty()) attachedCounts(roots);
        if (networks == null) {
            if (asNodes.isEmpty()) error(start, "missing required section [Networks]");
        } else {
            networks(networks, null);
        }
        for (Node a : asNodes) autonomousSystem(a);
        OptionalLong seed = OptionalLong.empty();
        OptionalLong until = OptionalLong.empty();
        boolean globalRouting = false;
        if (simulation != null) {
            noChildren(simulation);
            knownKeys(simulation, List.of("seed", "until", "routing"));
            seed = optionalLong(simulation.arg("seed").flatMap(a -> check(a, () -> Units.seed(a.value()))));
            until = optionalLong(simulation.arg("until").flatMap(this::until));
            Optional<Arg> routing = simulation.arg("routing");
            if (routing.isPresent() && !List.of("static", "global").contains(routing.get().value()))
                error(routing.get().valuePos(), "routing must be 'static' or 'global', not '" + routing.get().value() + "'"
                        + Suggest.hint(routing.get().value(), List.of("static", "global")));
            globalRouting = routing.isPresent() && routing.get().value().equals("global");
        }
        Optional<DnsTree> tree = dns == null ? Optional.empty() : dnsTree(dns);
        treeDeclared = dns != null;
        if (machines == null) {
            if (asNodes.isEmpty()) error(start, "missing required section [Machines]");
        } else {
            machineNames(machines, null);
        }
        for (AsCtx a : ases) {
            if (a.machines != null) machineNames(a.machines, a);
            else if (a.node.complete()) error(a.node.pos(), "[AS] needs a [Machines] section with its routers");
        }
        for (Group g : List.copyOf(groups)) machine(g);
        if (peerings != null) peerings(peerings);
        List<EventSpec> eventSpecs = events == null ? List.of() : events(events);
        ipfwTargets();
        namedMachinesHaveAddresses();
        if (until.isEmpty() && (simulation == null || simulation.arg("until").isEmpty())) {
            groups.stream().flatMap(g -> g.atts.stream()).filter(a -> a.dhcp).findFirst().ifPresent(a -> warning(a.dhcpPos,
                    "DHCP clients renew their leases for ever: without [Simulation until='...'] (or run --until) the run does not end"));
        }
        if (tree.isPresent()) dnsMachines(tree.get(), dns);
        AddressPlan plan = addressPlan();
        tapAddresses(plan);
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            return Optional.empty();
        }
        return Optional.of(new NdlSimulation(seed, until, networkSpecs(), machineGroups(), plan, tree, List.copyOf(moduleSpecs.values()),
                globalRouting, eventSpecs, asSpecs(), peeringSpecs));
    }

    /** A [DNS] section was written (even a wrong one): machines may then name DNS names. */
    private boolean treeDeclared;

    /** [DNS domain=... network=... ttl=...]: checked now; its machines are added once the others are known. */
    private Optional<DnsTree> dnsTree(Node n) {
        noChildren(n);
        knownKeys(n, List.of("domain", "network", "ttl"));
        Optional<Arg> domain = required(n, "domain");
        Optional<Arg> network = required(n, "network");
        Optional<String> name = domain.flatMap(a -> {
            String d = a.value().endsWith(".") ? a.value().substring(0, a.value().length() - 1) : a.value();
            try {
                if (d.isEmpty()) throw new IllegalArgumentException("the root is not a domain machines can be named in");
                DnsName.of(d);
                return Optional.of(d.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                error(a.valuePos(), "'" + a.value() + "' is not a domain name: " + e.getMessage());
                return Optional.empty();
            }
        });
        Optional<Integer> net = network.flatMap(a -> {
            Integer i = netIndex.get(a.value());
            if (i == null) error(a.valuePos(), "unknown network '" + a.value() + "' in [DNS]" + Suggest.hint(a.value(), netIndex.keySet()));
            return Optional.ofNullable(i);
        });
        long ttl = n.arg("ttl").flatMap(a -> check(a, () -> Units.duration(a.value(), "ttl", (long) Integer.MAX_VALUE * Units.NANOS_PER_SECOND, "68y")))
                .orElse(3600 * Units.NANOS_PER_SECOND) / Units.NANOS_PER_SECOND;
        if (name.isEmpty() || net.isEmpty()) return Optional.empty();
        return Optional.of(new DnsTree(name.get(), net.get(), ttl, n.pos()));
    }

    /** The tree's servers: one machine each on its network, with an address from its pool; their applications are the builder's. */
    private void dnsMachines(DnsTree tree, Node node) {
        List<String> names = new ArrayList<>(List.of(DnsTree.ROOT));
        if (tree.hasTld()) names.add(DnsTree.TLD);
        names.addAll(List.of(DnsTree.AUTH, DnsTree.RESOLVER));
        for (String name : names) {
            Integer clash = groupIndex.get(name);
            if (clash != null) {
                error(tree.pos(), "[DNS] adds a machine called '" + name + "', but machine '" + name + "' is declared at line "
                        + groups.get(clash).node.pos().line() + "; rename it");
                continue;
            }
            Group g = new Group(name, 1, node);
            g.atts.add(new Att(tree.network(), tree.pos()));
            g.dns = true;
            // Listed so that results show them; the builder makes them from the address plan.
            g.apps.add(new AppSpec(name.equals(DnsTree.RESOLVER) ? "dns_resolver" : "dns_server", Map.of(), Map.of(), tree.pos()));
            groupIndex.put(name, groups.size());
            groups.add(g);
        }
    }

    private static OptionalLong optionalLong(Optional<Long> v) {
        return v.map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    private Optional<Long> until(Arg a) {
        Optional<Long> v = check(a, () -> Units.duration(a.value(), "until", MAX_RUN, "8760h"));
        if (v.isPresent() && v.get() == 0) {
            error(a.valuePos(), "until must be greater than 0");
            return Optional.empty();
        }
        return v;
    }

    private Node once(Node seen, Node node) {
        if (seen != null) {
            error(node.pos(), "duplicate section [" + node.name() + "] (first at line " + seen.pos().line() + ")");
            return seen;
        }
        return node;
    }

    // ---- networks ----

    private void networks(Node section, AsCtx as) {
        noArgs(section);
        for (Node n : children(section.children(), "[Networks]", List.of("Network"))) {
            knownKeys(n, networkKeys);
            Optional<Arg> id = required(n, "id");
            if (id.isEmpty()) {
                someNetworkIdLost |= !n.complete();
                continue;
            }
            Net net = new Net(id.get().value(), n);
            Integer previous = netIndex.putIfAbsent(net.id, nets.size());
            if (previous != null) {
                error(id.get().valuePos(), "duplicate network id '" + net.id + "' (first defined at line "
                        + nets.get(previous).node.pos().line() + ")");
                continue;
            }
            nets.add(net);
            Values network = settings(n, schema.network());
            net.link = link(n, network);
            net.tap = tap(n, net);
            Subnet carved = null;
            int index = nets.size() - 1;
            if (as != null) {
                if (as.block != null && n.children().stream().noneMatch(c -> c.name().equals("IP"))) {
                    carved = carve(as, attached.getOrDefault(net.id, 0L), "network '" + net.id + "'");
                    net.uncertain |= carved == null;
                }
            }
            pool(net, carved);
            int links = network.get(LinkSpec.COUNT);
            if (links > 1) net.countFailed = !links(net, links, n.arg("count").orElseThrow());
            else net.countFailed = n.arg("count").filter(c -> !c.value().equals("1")).isPresent();   // reported as out of range
            if (as != null) for (int i = index; i < nets.size(); i++) as.networks.add(i);    // with count, each of its links
        }
    }

    /**
     * A [Network count='N']: replaces {@code net} by its N point-to-point links, {@code id-1} … {@code id-N},
     * link i on the i-th /30 of the network's one subnet entry; false when it cannot (reported).
     */
    private boolean links(Net net, int links, Arg count) {
        if (net.link.type() != NetworkType.P2P) {
            error(count.keyPos(), "count='" + links + "' makes point-to-point links: add type='p2p' to network '" + net.id + "'");
            return false;
        }
        if (net.uncertain) return false;
        if (net.pool.size() != 1 || net.pool.getFirst().subnet().isEmpty()) {
            error(count.keyPos(), "network '" + net.id + "' with count takes exactly one [IP subnet='...'] entry, cut into one /30 per link");
            return false;
        }
        Subnet block = net.pool.getFirst().subnet().get();
        long room = block.prefix() > 30 ? 0 : 1L << (30 - block.prefix());
        if (room < links) {
            int prefix = 30 - (32 - Integer.numberOfLeadingZeros(links - 1));
            error(net.pool.getFirst().pos(), "subnet " + block + " holds " + room + " /30 link" + (room == 1 ? "" : "s") + ", not " + links
                    + "; e.g. [IP subnet='" + Subnet.around(block.base(), Math.max(0, prefix)) + "']");
            return false;
        }
        int first = nets.size() - 1;
        nets.removeLast();
        linkCounts.put(net.id, links);
        for (int i = 1; i <= links; i++) {
            Net link = new Net(net.id + "-" + i, net.node);
            link.link = net.link;
            Subnet s = new Subnet(new Ipv4(block.base().bits() + 4 * (i - 1)), 30);
            link.pool.add(new PoolEntry(s.firstHost(), s.lastHost(), Optional.of(s), net.pool.getFirst().pos()));
            link.sorted = link.pool;
            link.subnet = s;
            link.subnetGiven = true;
            Integer clash = netIndex.putIfAbsent(link.id, first + i - 1);
            if (clash != null) {
                error(count.valuePos(), "network '" + net.id + "' with count='" + links + "' names its links " + net.id + "-1 … " + net.id + "-"
                        + links + ", but network '" + link.id + "' is defined at line " + nets.get(clash).node.pos().line());
                link.uncertain = true;
            }
            nets.add(link);
        }
        return true;
    }

    private LinkSpec link(Node n, Values network) {
        // A tapped network's Linux hosts are in no directory of ours: it resolves by ARP unless the file says otherwise (an error).
        boolean tapped = !network.get(LinkSpec.TAP).isEmpty() && n.arg(LinkSpec.ARP.name()).isEmpty();
        return new LinkSpec(linkConfig(n, schema.link().defaults(), schema.link()),
                tapped ? ArpMode.DYNAMIC : ArpMode.valueOf(network.get(LinkSpec.ARP).toUpperCase(Locale.ROOT)), network.get(LinkSpec.PCAP),
                NetworkType.valueOf(network.get(LinkSpec.TYPE).toUpperCase(Locale.ROOT)));
    }

    // ---- live emulation: tap= and the host's side ----

    /** Linux's rule for interface names (dev_valid_name): 1 to 15 bytes, no '/', ':' or white space, not "." or "..". */
    private static final Pattern INTERFACE_NAME = Pattern.compile("[^/:\\s]{1,15}");
    /** Network namespace names we create: plain enough to type in `ip netns exec NAME`, a file name under /run/netns. */
    private static final Pattern NAMESPACE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");
    /** The first network with each TAP device name and each namespace that has a default route, for duplicates. */
    private final Map<String, Net> tapDevices = new HashMap<>();
    private final Map<String, Net> gatewayNamespaces = new HashMap<>();

    /** The network's tap= and tap_* keys, checked where they are written; null when it has no tap. */
    private TapSpec tap(Node n, Net net) {
        Optional<Arg> tap = n.arg(LinkSpec.TAP.name());
        Optional<Arg> netns = n.arg(LinkSpec.TAP_NETNS.name()), address = n.arg(LinkSpec.TAP_ADDRESS.name()), gateway = n.arg(LinkSpec.TAP_GATEWAY.name());
        if (tap.isEmpty()) {
            for (Optional<Arg> a : List.of(netns, address, gateway))
                a.ifPresent(x -> error(x.keyPos(), "'" + x.key() + "' sets up the host's side of a TAP device: it needs tap='NAME' on network '" + net.id + "'"));
            return null;
        }
        boolean ok = true;
        String device = tap.get().value();
        if (device.equals(".") || device.equals("..") || !INTERFACE_NAME.matcher(device).matches()) {
            error(tap.get().valuePos(), "'" + device + "' is not an interface name: 1 to 15 characters, no '/', ':' or spaces");
            ok = false;
        } else if (tapDevices.putIfAbsent(device, net) instanceof Net first) {
            error(tap.get().valuePos(), "TAP device '" + device + "' already bridges network '" + first.id + "' (line " + first.node.pos().line() + "): one network per device");
            ok = false;
        }
        if (net.link.type() == NetworkType.P2P) {
            error(tap.get().keyPos(), "tap needs a switched network (the device is one more port of its switch), not type='p2p'");
            ok = false;
        }
        Optional<Arg> arp = n.arg(LinkSpec.ARP.name());
        if (arp.isPresent() && arp.get().value().equals("static")) {
            error(arp.get().valuePos(), "a tapped network resolves by ARP (the Linux side is in no directory of ours): drop arp='static' or write arp='dynamic'");
            ok = false;
        }
        String ns = null;
        if (netns.isPresent()) {
            ns = netns.get().value();
            if (!NAMESPACE_NAME.matcher(ns).matches()) {
                error(netns.get().valuePos(), "'" + ns + "' is not a namespace name we create: letters, digits, '.', '_', '-', at most 64, not starting with '.' or '-'");
                ok = false;
            }
        }
        TapSpec.Cidr cidr = null;
        if (address.isPresent()) {
            String v = address.get().value();
            int slash = v.indexOf('/');
            Optional<Ipv4> ip = slash < 0 ? Optional.empty() : Ipv4.parse(v.substring(0, slash));
            int prefix = -1;
            if (slash >= 0 && v.substring(slash + 1).matches("[0-9]{1,2}")) prefix = Integer.parseInt(v.substring(slash + 1));
            if (ip.isEmpty() || prefix < 1 || prefix > 30) {
                error(address.get().valuePos(), "tap_address takes an address and prefix length 1..30, e.g. '10.0.0.100/24', not '" + v + "'");
                ok = false;
            } else {
                cidr = new TapSpec.Cidr(ip.get(), prefix);
                Subnet s = Subnet.around(ip.get(), prefix);
                if (ip.get().equals(s.base()) || ip.get().equals(s.broadcast())) {
                    error(address.get().valuePos(), "tap_address " + v + " is the " + (ip.get().equals(s.base()) ? "subnet's own address" : "broadcast address") + ", not a host's");
                    ok = false;
                }
            }
        }
        Ipv4 via = null;
        if (gateway.isPresent()) {
            via = Ipv4.parse(gateway.get().value()).orElse(null);
            if (via == null) {
                error(gateway.get().valuePos(), "tap_gateway takes an IPv4 address, not '" + gateway.get().value() + "'");
                ok = false;
            } else if (ns == null) {
                error(gateway.get().keyPos(), "tap_gateway sets a default route: it needs tap_netns (elvis never changes the host's own default route)");
                ok = false;
            } else if (cidr == null) {
                if (address.isEmpty()) error(gateway.get().keyPos(), "tap_gateway needs tap_address: the gateway must be on the device's subnet");
                ok = false;
            } else if (!Subnet.around(cidr.address(), cidr.prefix()).contains(via) || via.equals(cidr.address())) {
                error(gateway.get().valuePos(), "tap_gateway " + via + " is not another address on tap_address's subnet " + Subnet.around(cidr.address(), cidr.prefix()));
                ok = false;
            } else if (gatewayNamespaces.putIfAbsent(ns, net) instanceof Net first) {
                error(gateway.get().keyPos(), "namespace '" + ns + "' already has its default route from network '" + first.id + "' (line " + first.node.pos().line() + ")");
                ok = false;
            }
        }
        return ok ? new TapSpec(device, ns, cidr, via, tap.get().keyPos()) : null;
    }

    /**
     * Once the plan is known: a tapped network's Linux address is in its subnet and is no simulated machine's,
     * and its gateway is a simulated machine's.
     */
    private void tapAddresses(AddressPlan plan) {
        if (tapDevices.isEmpty() || diagnostics.stream().anyMatch(Diagnostic::isError)) return;   // a plan of a wrong file may not hold
        for (int i = 0; i < nets.size(); i++) {
            Net net = nets.get(i);
            if (net.tap == null || net.tap.address() == null) continue;
            Pos at = net.node.arg(LinkSpec.TAP_ADDRESS.name()).orElseThrow().valuePos();
            Ipv4 a = net.tap.address().address();
            if (net.subnet != null && !net.subnet.contains(a)) {
                error(at, "tap_address " + a + " is outside the subnet " + net.subnet + " of network '" + net.id + "'");
                continue;
            }
            long[] owner = plan.owner(i, a);
            if (owner != null) {
                error(at, "tap_address " + a + " is the address of simulated machine '" + instance(groups.get((int) owner[0]), owner[1])
                        + "' on network '" + net.id + "': give the Linux side an address no machine has (or pin the machines' with ip=)");
            }
            if (net.tap.gateway() != null && plan.owner(i, net.tap.gateway()) == null) {
                warning(net.node.arg(LinkSpec.TAP_GATEWAY.name()).orElseThrow().valuePos(), "tap_gateway " + net.tap.gateway()
                        + " is no simulated machine's address on network '" + net.id + "': the namespace's default route leads nowhere");
            }
        }
    }

    private static String instance(Group g, long i) { return g.count == 1 ? g.name : g.name + "-" + i; }

    /**
     * A link direction: {@code base} with the node's arguments that {@code declared} has (the link
     * schema for a [Network], the port's for a machine's entry).
     */
    private LinkConfig linkConfig(Node n, Values base, Schema declared) {
        Values v = settings(n, base, declared);
        // A port that sets one of bandwidth and bandwidth_trace replaces the other it inherits from its network.
        if (n.arg(LinkConfig.BANDWIDTH.name()).isPresent() && n.arg(LinkConfig.BANDWIDTH_TRACE.name()).isEmpty()) v = v.with(LinkConfig.BANDWIDTH_TRACE, "");
        if (n.arg(LinkConfig.BANDWIDTH_TRACE.name()).isPresent() && n.arg(LinkConfig.BANDWIDTH.name()).isEmpty()) v = v.with(LinkConfig.BANDWIDTH, 0L);
        LinkConditions conditions = null;
        try {
            conditions = LinkConditions.load(v.get(LinkConfig.PROFILE), place(n, LinkConfig.PROFILE), v.get(LinkConfig.BANDWIDTH_TRACE),
                    place(n, LinkConfig.BANDWIDTH_TRACE), BandwidthTrace.End.valueOf(v.get(LinkConfig.TRACE_END).toUpperCase(Locale.ROOT)),
                    v.get(LinkConfig.LOSS_MODEL), place(n, LinkConfig.LOSS_MODEL), v.get(LinkConfig.DUPLICATE), v.get(LinkConfig.REORDER),
                    v.get(LinkConfig.REORDER_DELAY), directoryOf(source.file()));
        } catch (SourceError e) {
            // An inline spec's place is in this file; a profile or trace file's error is shown at the attribute naming the file.
            if (e.file().equals(source.file())) error(new Pos(e.file(), e.line(), e.column()), e.reason());
            else {
                LinkConditions.Place at = place(n, !v.get(LinkConfig.PROFILE).isEmpty() && e.file().endsWith(v.get(LinkConfig.PROFILE))
                        ? LinkConfig.PROFILE : LinkConfig.BANDWIDTH_TRACE);
                error(new Pos(at.file(), at.line(), at.column()), e.getMessage());
            }
        } catch (IllegalArgumentException e) {
            error(keyNamedIn(n, e.getMessage()), e.getMessage());
        }
        LinkConfig c = linkConfig(n, v, conditions);
        n.arg(LinkConfig.BANDS.name()).filter(a -> !(c.discipline() instanceof Discipline.Prio))
                .ifPresent(a -> error(a.keyPos(), "'bands' applies only to qdisc='prio'"));
        // red_* belong to red and gred, codel_* to codel, pie_* to pie, ecn to any of them.
        String qdisc = v.get(LinkConfig.QDISC);         // as declared, also when its values did not fit together
        String aqm = qdisc.equals("fifo") || qdisc.equals("prio") ? "" : qdisc.replace("gred", "red");
        for (Attribute<?> a : LinkConfig.AQM_ATTRIBUTES) {
            String owner = a.name().contains("_") ? a.name().substring(0, a.name().indexOf('_')) : aqm;
            n.arg(a.name()).filter(x -> aqm.isEmpty() || !owner.equals(aqm)).ifPresent(x -> error(x.keyPos(), "'" + a.name()
                    + "' applies only to qdisc=" + (owner.isEmpty() ? "'red', 'gred', 'codel' or 'pie'" : owner.equals("red") ? "'red' or 'gred'" : "'" + owner + "'")));
        }
        return c;
    }

    private LinkConfig linkConfig(Node n, Values v, LinkConditions conditions) {
        try {
            return new LinkConfig(v, conditions);
        } catch (IllegalArgumentException e) {       // a combination the attributes' own checks cannot see
            Pos at = keyNamedIn(n, e.getMessage());
            String qdisc = v.get(LinkConfig.QDISC);   // an AQM's values that do not fit together (RED's min_th ≥ max_th): at the qdisc
            if (at.equals(n.pos()) && !qdisc.equals("fifo") && !qdisc.equals("prio")) at = n.arg(LinkConfig.QDISC.name()).map(Arg::valuePos).orElse(at);
            error(at, e.getMessage());
            return new LinkConfig(schema.link().defaults(), (LinkConditions) null);
        }
    }

    /** The first of the node's keys a message names in quotes ('reorder'), else the node: where a combination's error belongs. */
    private static Pos keyNamedIn(Node n, String message) {
        return n.args().stream().filter(a -> message.contains("'" + a.key() + "'")).map(Arg::keyPos).findFirst().orElse(n.pos());
    }

    /** Where the node's value of {@code a} starts, for errors inside an inline spec; the node when it is inherited. */
    private LinkConditions.Place place(Node n, Attribute<?> a) {
        Pos p = n.arg(a.name()).map(Arg::valuePos).orElse(n.pos());
        boolean quoted = n.arg(a.name()).isPresent() && p.col() <= source.line(p.line()).length() && source.line(p.line()).charAt(p.col() - 1) == '\'';
        return new LinkConditions.Place(p.file(), p.line(), p.col() + (quoted ? 1 : 0));
    }

    /** The schema's defaults with the node's arguments it declares; each bad value is reported at its place. */
    private Values settings(Node n, Schema declared) {
        return settings(n, declared.defaults(), declared);
    }

    /** {@code base} with the node's arguments that {@code declared} has. */
    private Values settings(Node n, Values base, Schema declared) {
        Values v = base;
        for (Arg a : n.args()) {
            Optional<Attribute<?>> attribute = declared.find(a.key());
            if (attribute.isPresent()) v = set(v, attribute.get(), a).orElse(v);
        }
        return v;
    }

    /** {@code v} with the argument's value, or empty after reporting why it is not one. */
    private <T> Optional<Values> set(Values v, Attribute<T> attribute, Arg a) {
        return check(a, () -> v.with(attribute, attribute.parse(a.value())));
    }

    /** The network's [IP] entries; a network of an AS that has none gets the subnet carved for it from the AS's block. */
    private void pool(Net net, Subnet carved) {
        if (carved != null) net.pool.add(new PoolEntry(carved.firstHost(), carved.lastHost(), Optional.of(carved), net.node.pos()));
        for (Node ip : children(net.node.children(), "[Network]", List.of("IP"))) {
            noChildren(ip);
            knownKeys(ip, List.of("ip", "range", "subnet"));
            List<Arg> given = ip.args().stream().filter(a -> List.of("ip", "range", "subnet").contains(a.key())).toList();
            if (given.isEmpty()) {
                if (ip.complete()) {
                    error(ip.pos(), "[IP] needs one of 'ip', 'range' or 'subnet'");
                }
                continue;
            }
            for (Arg extra : given.subList(1, given.size())) {
                error(extra.keyPos(), "[IP] takes only one of 'ip', 'range' or 'subnet'");
            }
            Optional<PoolEntry> entry = poolEntry(given.getFirst());
            entry.ifPresent(net.pool::add);
            net.uncertain |= entry.isEmpty();
        }
        if (net.pool.isEmpty()) {
            if (!net.uncertain) {
                error(net.node.pos(), "network '" + net.id + "' has no addresses; add [IP ip=...], [IP range=...] or [IP subnet=...]"
                        + (ases.isEmpty() ? "" : ", or declare it in an [AS] with a block='...'"));
            }
            return;
        }
        List<PoolEntry> sorted = new ArrayList<>(net.pool);
        sorted.sort(Comparator.comparing(PoolEntry::first));
        for (int i = 1; i < sorted.size(); i++) {
            PoolEntry a = sorted.get(i - 1);
            PoolEntry b = sorted.get(i);
            if (b.first().compareTo(a.last()) <= 0) {
                PoolEntry later = a.pos().line() > b.pos().line() ? a : b;
                PoolEntry earlier = later == a ? b : a;
                error(later.pos(), "addresses of this entry are already listed in network '" + net.id + "' at line "
                        + earlier.pos().line());
            }
        }
        net.sorted = sorted;
        PoolEntry first = net.pool.getFirst();
        net.subnetGiven = net.pool.stream().anyMatch(e -> e.subnet().isPresent());
        net.subnet = net.pool.stream().flatMap(e -> e.subnet().stream()).filter(s -> s.contains(first.first()))
                .max(Comparator.comparingInt(Subnet::prefix)).orElse(Subnet.covering(first.first(), first.last(), 24));
    }

    private Optional<PoolEntry> poolEntry(Arg a) {
        String v = a.value();
        switch (a.key()) {
            case "ip" -> {
                return ipv4(a, v).map(ip -> new PoolEntry(ip, ip, Optional.empty(), a.valuePos()));
            }
            case "range" -> {
                int dash = v.indexOf('-');
                Optional<Ipv4> start = dash < 0 ? Optional.empty() : Ipv4.parse(v.substring(0, dash).strip());
                String end = dash < 0 ? "" : v.substring(dash + 1).strip();
                Optional<Ipv4> last = start.flatMap(s -> end.matches("[0-9]{1,3}")
                        ? Optional.of(Integer.parseInt(end)).filter(o -> o <= 255).map(o -> new Ipv4(s.bits() & ~0xff | o))
                        : Ipv4.parse(end));
                if (last.isEmpty()) {
                    error(a.valuePos(), "invalid address range '" + v + "': expected 'a.b.c.d-e' or 'a.b.c.d-a.b.c.e'");
                    return Optional.empty();
                }
                if (last.get().compareTo(start.get()) < 0) {
                    error(a.valuePos(), "address range '" + v + "' ends before it starts");
                    return Optional.empty();
                }
                return Optional.of(new PoolEntry(start.get(), last.get(), Optional.empty(), a.valuePos()));
            }
            default -> {
                return subnet(a, v).map(s -> new PoolEntry(s.firstHost(), s.lastHost(), Optional.of(s), a.valuePos()));
            }
        }
    }

    private Optional<Subnet> subnet(Arg a, String v) {
        int slash = v.indexOf('/');
        Optional<Ipv4> base = slash < 0 ? Optional.empty() : Ipv4.parse(v.substring(0, slash));
        String prefixText = slash < 0 ? "" : v.substring(slash + 1);
        if (base.isEmpty() || !prefixText.matches("[0-9]{1,2}")) {
            error(a.valuePos(), "invalid subnet '" + v + "': expected an address and prefix length such as '10.0.1.0/24'");
            return Optional.empty();
        }
        int prefix = Integer.parseInt(prefixText);
        if (prefix > 32) {
            error(a.valuePos(), "prefix length of subnet '" + v + "' must be between 0 and 32");
            return Optional.empty();
        }
        Subnet around = Subnet.around(base.get(), prefix);
        if (!around.base().equals(base.get())) {
            error(a.valuePos(), "subnet '" + v + "' has host bits set; did you mean '" + around + "'?");
            return Optional.empty();
        }
        return Optional.of(around);
    }

    // ---- autonomous systems ----

    /** An [AS] while it is checked. */
    private static final class AsCtx {
        final Node node;
        long asn;
        String igp = "ospf";
        boolean redistributeBgp;
        Subnet block;
        Arg blockArg;
        BlockCarver carver;
        Node machines;
        final List<Integer> networks = new ArrayList<>();
        final List<Integer> groups = new ArrayList<>();

        PartitionPin partition;

        AsCtx(Node node) { this.node = node; }
    }

    private final List<AsCtx> ases = new ArrayList<>();
    private final Map<Long, AsCtx> asByNumber = new HashMap<>();
    /** Per network id, how many machines the file attaches to it: the size a network carved from a block needs. */
    private final Map<String, Long> attached = new HashMap<>();
    private final List<PeeringSpec> peeringSpecs = new ArrayList<>();

    /** Counts each network's machines from the syntax tree, before anything is validated, so that blocks can be carved in file order. */
    private void attachedCounts(List<Node> roots) {
        for (Node root : roots) {
            if (root.name().equals("AS")) attachedCounts(root.children());
            if (root.name().equals("DNS")) root.arg("network").ifPresent(a -> attached.merge(a.value(), 4L, Long::sum));
            if (!root.name().equals("Machines")) continue;
            for (Node m : root.children()) {
                long count = m.arg("count").map(a -> {
                    try { return Math.max(1, Math.min(MAX_COUNT, Long.parseLong(a.value().strip()))); } catch (NumberFormatException e) { return 1L; }
                }).orElse(1L);
                for (Node c : m.children()) {
                    if (!c.name().equals("Networks")) continue;
                    for (Node e : c.children()) e.arg("id").ifPresent(id -> attached.merge(id.value(), count, Long::sum));
                }
            }
        }
    }

    /** [AS asn='…' igp='…' block='…'] with its [Networks] (checked now) and [Machines] (read with the others). */
    private void autonomousSystem(Node n) {
        knownKeys(n, List.of("asn", "igp", "block", "redistribute_bgp", "partition"));
        AsCtx as = new AsCtx(n);
        ases.add(as);
        as.partition = partitionPin(n);
        required(n, "asn").ifPresent(a -> {
            Optional<Long> v = check(a, () -> Units.wholeNumber(a.value(), "asn", 1, 0xFFFF_FFFFL));
            if (v.isEmpty()) return;
            if (v.get() == 23456) {
                error(a.valuePos(), "AS 23456 is AS_TRANS (RFC 6793), which stands in for 4-byte AS numbers: choose another");
                return;
            }
            as.asn = v.get();
            AsCtx first = asByNumber.putIfAbsent(v.get(), as);
            if (first != null) error(a.valuePos(), "duplicate AS " + v.get() + " (first at line " + first.node.pos().line() + ")");
        });
        n.arg("igp").ifPresent(a -> {
            String v = a.value().toLowerCase(Locale.ROOT);
            if (AsSpec.IGPS.contains(v)) as.igp = v;
            else error(a.valuePos(), "igp must be one of " + String.join(", ", AsSpec.IGPS) + ", not '" + a.value() + "'" + Suggest.hint(a.value(), AsSpec.IGPS));
        });
        n.arg("redistribute_bgp").ifPresent(a -> check(a, () -> Units.bool(a.value(), "redistribute_bgp")).ifPresent(on -> {
            if (on && !as.igp.equals("ospf") && !as.igp.equals("rip"))
                error(a.valuePos(), "redistribute_bgp='true' needs igp='ospf' or igp='rip' to carry the routes, not igp='" + as.igp + "'");
            else as.redistributeBgp = on;
        }));
        n.arg("block").ifPresent(a -> subnet(a, a.value()).ifPresent(b -> {
            as.block = b;
            as.blockArg = a;
            as.carver = new BlockCarver(b);
            for (AsCtx other : ases) {
                if (other != as && other.block != null && other.block.overlaps(b)) {
                    error(a.valuePos(), "block " + b + " overlaps AS " + other.asn + "'s block " + other.block + " (line " + other.node.pos().line() + ")");
                }
            }
        }));
        Node networks = null;
        for (Node c : children(n.children(), "[AS]", List.of("Networks", "Machines"))) {
            if (c.name().equals("Networks")) networks = once(networks, c);
            else as.machines = once(as.machines, c);
        }
        if (networks != null) networks(networks, as);
    }

    /** The next subnet of the AS's block for {@code machines} machines, or null after reporting that the block is full. */
    private Subnet carve(AsCtx as, long machines, String what) {
        int prefix = BlockCarver.prefixFor(machines);
        Subnet s = as.carver.next(prefix);
        if (s == null) {
            error(as.blockArg.valuePos(), "block " + as.block + " of AS " + as.asn + " has no room left for " + what + " (a /" + prefix
                    + " for " + machines + " machines): give the AS a larger block");
        }
        return s;
    }

    /** [Peerings] → [Peering a='…' b='…' relationship='…' (network='…' | link attributes, subnet='…')]. */
    private void peerings(Node section) {
        noArgs(section);
        List<String> keys = new ArrayList<>(List.of("a", "b", "relationship", "network", "subnet"));
        networkKeys.stream().filter(k -> !k.equals("id") && !k.equals("type")).forEach(keys::add);
        Map<Long, Integer> seen = new HashMap<>();
        for (Node p : children(section.children(), "[Peerings]", List.of("Peering"))) {
            noChildren(p);
            knownKeys(p, keys);
            Optional<Group> a = required(p, "a").flatMap(this::peeringEnd);
            Optional<Group> b = required(p, "b").flatMap(this::peeringEnd);
            Optional<String> rel = required(p, "relationship").flatMap(r -> {
                String v = r.value().toLowerCase(Locale.ROOT);
                if (PeeringSpec.RELATIONSHIPS.contains(v)) return Optional.of(v);
                error(r.valuePos(), "relationship must be customer (b is a's customer), peer or provider (b is a's provider), not '" + r.value() + "'"
                        + Suggest.hint(r.value(), PeeringSpec.RELATIONSHIPS));
                return Optional.empty();
            });
            if (a.isEmpty() || b.isEmpty()) continue;
            Group ga = a.get(), gb = b.get();
            if (ga.as == gb.as) {
                error(p.arg("b").orElseThrow().valuePos(), "'" + ga.name + "' and '" + gb.name + "' are both in AS " + ga.as.asn
                        + ": a peering joins two ASes (routers of one AS reach each other through its networks)");
                continue;
            }
            int ia = groupIndex.get(ga.name), ib = groupIndex.get(gb.name);
            Integer first = seen.putIfAbsent((long) Math.min(ia, ib) << 32 | Math.max(ia, ib), p.pos().line());
            if (first != null) {
                error(p.pos(), "'" + ga.name + "' and '" + gb.name + "' already peer (line " + first + ")");
                continue;
            }
            Optional<Integer> network;
            if (p.arg("network").isPresent()) {
                network = sharedNetwork(p, ga, gb);
            } else {
                network = peeringLink(p, ga, gb);
            }
            if (network.isEmpty() || rel.isEmpty()) continue;
            ga.border = gb.border = true;
            peeringSpecs.add(new PeeringSpec(ia, ib, rel.get(), network.get(), ases.indexOf(ga.as), ases.indexOf(gb.as), p.pos()));
        }
    }

    /** A peering's end: one router of an AS. */
    private Optional<Group> peeringEnd(Arg a) {
        Integer i = groupIndex.get(a.value());
        if (i == null) {
            error(a.valuePos(), "unknown machine '" + a.value() + "' in '" + a.key() + "'" + Suggest.hint(a.value(), groupIndex.keySet()));
            return Optional.empty();
        }
        Group g = groups.get(i);
        if (g.as == null) {
            error(a.valuePos(), "machine '" + g.name + "' is in no [AS]: a peering joins border routers of two ASes");
        } else if (!g.router || g.count != 1) {
            error(a.valuePos(), "machine '" + g.name + "' must be one machine with router='true' to end a peering");
        } else {
            return Optional.of(g);
        }
        return Optional.empty();
    }

    /** network='…': both routers are on that network already (an exchange point); the link is the network's. */
    private Optional<Integer> sharedNetwork(Node p, Group a, Group b) {
        Arg at = p.arg("network").orElseThrow();
        for (Arg x : p.args()) {
            if (!List.of("a", "b", "relationship", "network").contains(x.key())) {
                error(x.keyPos(), "'" + x.key() + "' belongs to the peering's own link; a peering over network '" + at.value() + "' uses that network's");
                return Optional.empty();
            }
        }
        Integer n = netIndex.get(at.value());
        if (n == null) {
            error(at.valuePos(), "unknown network '" + at.value() + "'" + Suggest.hint(at.value(), netIndex.keySet()));
            return Optional.empty();
        }
        for (Group g : List.of(a, b)) {
            if (g.atts.stream().noneMatch(x -> x.net == n)) {
                reportUnlessUncertain(g, at.valuePos(), "machine '" + g.name + "' is not on network '" + at.value() + "': add it to the machine's [Networks]");
                return Optional.empty();
            }
        }
        return Optional.of(n);
    }

    /** A point-to-point link of the peering's own, numbered from subnet='…' or else from a's AS's block. */
    private Optional<Integer> peeringLink(Node p, Group a, Group b) {
        Subnet subnet = null;
        Optional<Arg> given = p.arg("subnet");
        if (given.isPresent()) {
            Optional<Subnet> s = subnet(given.get(), given.get().value());
            if (s.isEmpty()) return Optional.empty();
            if (s.get().prefix() > 31) {
                error(given.get().valuePos(), "a peering link's subnet needs two addresses: a /31 or shorter");
                return Optional.empty();
            }
            subnet = s.get();
        } else if (a.as.block == null) {
            error(p.pos(), "AS " + a.as.asn + " has no block to number this link from: give its [AS] a block='…' or the [Peering] a subnet='…'");
            return Optional.empty();
        } else {
            subnet = carve(a.as, 2, "the peering link of '" + a.name + "' and '" + b.name + "'");
            if (subnet == null) return Optional.empty();
        }
        String base = "peering-" + a.name + "-" + b.name;
        String id = base;
        for (int k = 2; netIndex.containsKey(id); k++) id = base + "-" + k;
        Pos at = p.pos();
        List<Arg> args = new ArrayList<>(List.of(new Arg("id", at, id, at), new Arg("type", at, "p2p", at)));
        for (Arg x : p.args()) if (networkKeys.contains(x.key())) args.add(x);
        Node link = new Node("Network", at, args, List.of(), true);
        Net net = new Net(id, link);
        netIndex.put(id, nets.size());
        nets.add(net);
        net.link = link(link, settings(link, schema.network()));
        pool(net, subnet);
        int index = nets.size() - 1;
        a.atts.add(new Att(index, at));
        b.atts.add(new Att(index, at));
        return Optional.of(index);
    }

    private List<AsSpec> asSpecs() {
        return ases.stream().map(a -> new AsSpec(a.asn, a.igp, Optional.ofNullable(a.block), a.networks, a.groups,
                a.groups.stream().filter(g -> groups.get(g).border).toList(), a.redistributeBgp, a.node.pos(), a.partition)).toList();
    }

    // ---- machines ----

    /** Registers a [Machines] section's names (applications may name machines defined later); {@link #machine} reads each afterwards. */
    private void machineNames(Node section, AsCtx as) {
        noArgs(section);
        int firstNew = groups.size();
        List<Node> nodes = children(section.children(), "[Machines]", List.of("Machine"));
        for (Node m : nodes) { // names first: applications may name machines defined later
            knownKeys(m, MACHINE_KEYS);
            Optional<Arg> name = required(m, "name");
            long count = m.arg("count").flatMap(a -> check(a, () -> Units.wholeNumber(a.value(), "count", 1, MAX_COUNT))).orElse(1L);
            if (name.isEmpty()) {
                continue;
            }
            String n = name.get().value();
            if (!MACHINE_NAME.matcher(n).matches()) {
                error(name.get().valuePos(), "machine name '" + n + "' must start with a letter or '_' and contain only letters, digits, '_', '.' and '-'");
                continue;
            }
            Integer previous = groupIndex.putIfAbsent(n, groups.size());
            if (previous != null) {
                error(name.get().valuePos(), "duplicate machine name '" + n + "' (first at line " + groups.get(previous).node.pos().line() + ")");
                continue;
            }
            Group g = new Group(n, count, m);
            g.as = as;
            if (as != null) as.groups.add(groups.size());
            groups.add(g);
        }
        for (Group g : groups.subList(firstNew, groups.size())) {
            Arg name = g.node.arg("name").orElseThrow();
            Matcher im = INSTANCE_NAME.matcher(g.name);
            if (im.matches() && groupIndex.containsKey(im.group(1))) {
                Group other = groups.get(groupIndex.get(im.group(1)));
                long k = Long.parseLong(im.group(2));
                if (other.count > 1 && k >= 1 && k <= other.count) {
                    error(name.valuePos(), "machine name '" + g.name + "' is also the name of machine " + k + " of '"
                            + other.name + "' (count " + other.count + ")");
                }
            }
        }
    }

    /** The keys a [Machine] takes: its own, the processors' and the disk's. */
    private static final List<String> MACHINE_KEYS = List.of("name", "count", "router", "bridge", "pcap", "modules", "partition", "cores", "cpu_costs",
            "disk", "disk_read_iops", "disk_write_iops", "disk_bandwidth", "disk_queue_depth", "disk_latency");

    /**
     * The machine's disk (REQUIREMENTS.md §9.2): {@code disk='ssd'} gives it ModNet's SSD, whose
     * figures the {@code disk_*} keys may change; none without {@code disk}.
     */
    private void disk(Group g) {
        Optional<Arg> kind = g.node.arg("disk");
        List<Arg> figures = g.node.args().stream().filter(a -> a.key().startsWith("disk_") && MACHINE_KEYS.contains(a.key())).toList();
        if (kind.isEmpty()) {
            for (Arg a : figures) error(a.keyPos(), "'" + a.key() + "' sets a figure of the machine's disk: declare the disk with disk='ssd'");
            return;
        }
        if (!kind.get().value().equals("ssd")) {
            error(kind.get().valuePos(), "unknown disk '" + kind.get().value() + "': expected ssd (ModNet's SSD, whose figures the disk_* keys change)");
            return;
        }
        elvis.cpu.Disk.Config d = elvis.cpu.Disk.Config.SSD;
        long read = d.readIops(), write = d.writeIops(), bandwidth = d.bandwidthBps(), depth = d.queueDepth(), latency = d.latencyNs();
        boolean ok = true;
        for (Arg a : figures) {
            Optional<Long> v = switch (a.key()) {
                case "disk_read_iops", "disk_write_iops" -> check(a, () -> Units.wholeNumber(a.value(), a.key(), 1, 1_000_000_000));
                case "disk_bandwidth" -> check(a, () -> Units.bandwidth(a.value(), a.key()))
                        .filter(b -> b > 0 || failed(a, "'disk_bandwidth' must be more than 0"));
                case "disk_queue_depth" -> check(a, () -> Units.wholeNumber(a.value(), a.key(), 1, 65_535));
                default -> check(a, () -> Units.duration(a.value(), a.key(), 1_000_000_000L, "1s"));
            };
            if (v.isEmpty()) { ok = false; continue; }
            switch (a.key()) {
                case "disk_read_iops" -> read = v.get();
                case "disk_write_iops" -> write = v.get();
                case "disk_bandwidth" -> bandwidth = v.get();
                case "disk_queue_depth" -> depth = v.get();
                default -> latency = v.get();
            }
        }
        if (ok) g.disk = new elvis.cpu.Disk.Config(read, write, bandwidth, (int) depth, latency);
    }

    /** A [Machine]'s or [AS]'s {@code partition='N'}, or null without one (or after reporting a bad N). */
    private PartitionPin partitionPin(Node n) {
        Optional<Arg> a = n.arg(PartitionPin.PARTITION.name());
        if (a.isEmpty()) return null;
        return check(a.get(), () -> PartitionPin.PARTITION.parse(a.get().value())).map(p -> new PartitionPin(p, a.get().valuePos())).orElse(null);
    }

    private boolean failed(Arg a, String message) {
        error(a.valuePos(), message);
        return false;
    }


    /** {@code cores} and {@code cpu_costs} (REQUIREMENTS.md §9.1): the machines' processors, none declared by default. */
    private void cpu(Group g) {
        Optional<Arg> cores = g.node.arg("cores"), costs = g.node.arg("cpu_costs");
        if (cores.isEmpty() && costs.isEmpty()) return;
        Optional<Long> n = cores.isEmpty() ? Optional.of(0L)
                : check(cores.get(), () -> Units.wholeNumber(cores.get().value(), "cores", 1, elvis.cpu.Cpu.MAX_CORES));
        elvis.cpu.CpuCosts list = elvis.cpu.CpuCosts.NONE;
        if (costs.isPresent()) {
            try {
                list = elvis.cpu.CpuCosts.parse(costs.get().value());
            } catch (elvis.cpu.CpuCosts.CostError e) {
                error(within(costs.get(), e.offset()), "cpu_costs: " + e.getMessage());
                return;
            }
        }
        if (n.isPresent()) g.cpu = new elvis.cpu.Cpu.Config(n.get().intValue(), list);
    }

    /** Where character {@code offset} of an argument's value is, when the value is on one line (else the value's start). */
    private Pos within(Arg a, int offset) {
        Pos at = a.valuePos();
        String written = source.line(at.line());
        int col = at.col();
        if (col - 1 < written.length() && written.charAt(col - 1) == '\'') col++;
        if (col - 1 + offset > written.length() || a.value().indexOf('\n') >= 0) return at;
        return new Pos(at.file(), at.line(), col + offset);
    }

    private void machine(Group g) {
        cpu(g);
        disk(g);
        g.router = g.node.arg("router").flatMap(a -> check(a, () -> Units.bool(a.value(), "router"))).orElse(false);
        g.pcap = g.node.arg("pcap").flatMap(a -> check(a, () -> Units.bool(a.value(), "pcap"))).orElse(false);
        g.partition = partitionPin(g.node);
        g.bridge = g.node.arg("bridge").flatMap(a -> check(a, () -> Units.bool(a.value(), "bridge"))).orElse(false);
        g.node.arg("modules").ifPresent(a -> g.modules = moduleList(a));
        Node networks = null;
        Node protocols = null;
        Node applications = null;
        Node routes = null;
        Node ipfw = null;
        for (Node c : children(g.node.children(), "[Machine]", List.of("Networks", "Protocols", "Applications", "Routes", "Ipfw"))) {
            if (!c.name().equals("Ipfw")) noArgs(c);
            switch (c.name()) {
                case "Networks" -> networks = once(networks, c);
                case "Protocols" -> protocols = once(protocols, c);
                case "Applications" -> applications = once(applications, c);
                case "Ipfw" -> ipfw = once(ipfw, c);
                default -> routes = once(routes, c);
            }
        }
        if (ipfw != null) ipfw(g, ipfw);
        if (networks == null) {
            error(g.node.pos(), "machine '" + g.name + "' has no [Networks] section");
        } else {
            attachments(g, networks);
        }
        if (protocols != null) {
            protocols(g, protocols);
        }
        if (applications == null) {
            // In an AS a router runs the daemons the [AS] gives it, and a host may be only a destination.
            if (g.as == null) error(g.node.pos(), "machine '" + g.name + "' has no [Applications] section");
        } else {
            applications(g, applications);
        }
        if (routes != null) {
            routes(g, routes);
        }
        if (g.bridge) bridge(g, protocols, applications, routes);
    }

    /** Networks joined by bridges so far (union-find over network indices): a bridge joining two already joined would loop. */
    private int[] bridgeDomain;

    private int domainOf(int n) {
        while (bridgeDomain[n] != n) n = bridgeDomain[n] = bridgeDomain[bridgeDomain[n]];
        return n;
    }

    /** A bridge is one machine with two networks or more, no IP stack and no loop through other bridges. */
    private void bridge(Group g, Node protocols, Node applications, Node routes) {
        Pos at = g.node.arg("bridge").orElseThrow().valuePos();
        if (g.count != 1) error(at, "a bridge is one machine: remove count from '" + g.name + "'");
        if (g.router) error(at, "machine '" + g.name + "' cannot be both a bridge and a router");
        if (protocols != null) error(protocols.pos(), "bridge '" + g.name + "' has no IP stack: it takes no [Protocols]");
        if (routes != null) error(routes.pos(), "bridge '" + g.name + "' has no IP stack: it takes no [Routes]");
        if (applications != null && !applications.children().isEmpty()) error(applications.pos(), "bridge '" + g.name + "' runs no applications");
        for (Att a : g.atts) {
            if (a.claimed != null || a.dhcp) error(a.pos, "bridge '" + g.name + "' has no address on its networks");
        }
        if (g.atts.size() < 2) {
            error(at, "bridge '" + g.name + "' needs two networks or more");
            return;
        }
        if (g.uncertain) return;
        if (bridgeDomain == null) {
            bridgeDomain = new int[nets.size()];
            for (int i = 0; i < bridgeDomain.length; i++) bridgeDomain[i] = i;
        }
        for (int k = 1; k < g.atts.size(); k++) {
            int first = domainOf(g.atts.getFirst().net), other = domainOf(g.atts.get(k).net);
            if (first == other) {
                error(g.atts.get(k).pos, "bridges form a loop through network '" + nets.get(g.atts.get(k).net).id
                        + "' (Elvis has no spanning tree protocol): remove a bridge or a network");
                return;
            }
            bridgeDomain[other] = first;
        }
    }

    private void attachments(Group g, Node section) {
        List<Node> entries = children(section.children(), "[Networks] of a machine", List.of("Network"));
        if (entries.isEmpty() && section.children().isEmpty()) {
            error(section.pos(), "machine '" + g.name + "' is on no network; add [Network id=...]");
        }
        for (Node e : entries) {
            noChildren(e);
            for (Arg a : e.args()) {
                if (networkKeys.contains(a.key()) && !attachmentKeys.contains(a.key())) {
                    error(a.keyPos(), "'" + a.key() + "' is a property of the whole network: set it on the top-level [Network]");
                } else if (!attachmentKeys.contains(a.key())) {
                    error(a.keyPos(), "unknown attribute '" + a.key() + "' for [" + e.name() + "]" + Suggest.hint(a.key(), attachmentKeys));
                }
            }
            Optional<Arg> id = required(e, "id");
            if (id.isEmpty()) {
                g.uncertain |= !e.complete();
                continue;
            }
            Integer index = netIndex.get(id.get().value());
            if (index == null) {
                g.uncertain |= someNetworkIdLost;
                if (!someNetworkIdLost) {
                    error(id.get().valuePos(), "unknown network id '" + id.get().value() + "'"
                            + Suggest.hint(id.get().value(), netIndex.keySet()));
                }
                continue;
            }
            if (g.atts.stream().anyMatch(a -> a.net == index)) {   // a few networks per machine: no set needed
                error(id.get().valuePos(), "machine '" + g.name + "' is already on network '" + id.get().value() + "'");
                continue;
            }
            Att att = new Att(index, e.pos());
            if (e.args().stream().anyMatch(a -> schema.port().find(a.key()).isPresent())) {
                // The network's link, but not its down times: those are the network's, these the interface's.
                Values base = nets.get(index).link.config().values().with(LinkConfig.DOWN, Intervals.NONE);
                att.port = linkConfig(e, base, schema.port());
            }
            Integer links = linkCounts.get(id.get().value());
            if (links != null) {
                onLinks(g, e, att, links);
                continue;
            }
            g.atts.add(att);
            e.arg("dhcp").ifPresent(d -> check(d, () -> Units.bool(d.value(), "dhcp")).ifPresent(on -> {
                att.dhcp = on;
                att.dhcpPos = d.keyPos();
            }));
            if (att.dhcp && e.arg("ip").isPresent()) {
                error(e.arg("ip").get().keyPos(), "machine '" + g.name + "' gets its address on network '" + id.get().value()
                        + "' from DHCP (dhcp='true'); it cannot also pin ip='" + e.arg("ip").get().value() + "'");
                continue;
            }
            e.arg("ip").ifPresent(pin -> ipv4(pin, pin.value()).ifPresent(ip -> {
                if (!nets.get(index).contains(ip)) {
                    reportUnlessUncertain(g, pin.valuePos(), "address '" + ip + "' is outside network '" + nets.get(index).id + "'");
                } else {
                    claim(g, att, ip, pin.valuePos());
                }
            }));
        }
    }

    /**
     * A machine entry for a network written with count: a group of that many machines has one link each,
     * one machine is on every link; addresses come from the links' /30s.
     */
    private void onLinks(Group g, Node e, Att att, int links) {
        String id = e.arg("id").orElseThrow().value();
        for (String key : List.of("ip", "dhcp")) {
            e.arg(key).ifPresent(a -> error(a.keyPos(), "'" + key + "' cannot be set on network '" + id + "', which is " + links
                    + " links: each link's two addresses come from its /30"));
        }
        if (g.count == links) {
            att.perLink = true;
            g.atts.add(att);
        } else if (g.count == 1) {
            for (int i = 0; i < links; i++) {
                Att each = new Att(att.net + i, att.pos);
                each.port = att.port;
                g.atts.add(each);
            }
        } else {
            error(e.arg("id").orElseThrow().valuePos(), "network '" + id + "' is " + links + " point-to-point links: a machine on it is one "
                    + "machine (on every link) or a group of count='" + links + "' (one link each), but '" + g.name + "' has count " + g.count);
            g.uncertain = true;                                   // its routes and the links' machine counts follow from this
            for (int i = 0; i < links; i++) nets.get(att.net + i).countFailed = true;
        }
    }

    /** Records that group g uses address ip on an attachment; one address per machine and network, one machine per address. */
    private void claim(Group g, Att att, Ipv4 ip, Pos pos) {
        Net net = nets.get(att.net);
        if (att.claimed != null) {
            if (!att.claimed.equals(ip)) {
                error(pos, "machine '" + g.name + "' already has address '" + att.claimed + "' on network '" + net.id
                        + "' (line " + att.claimPos.line() + "); it cannot also use '" + ip + "'");
            }
            return;
        }
        if (g.count > 1) {
            error(pos, "machine '" + g.name + "' has count " + g.count + ", so its machines cannot all use the single address '" + ip + "'");
            return;
        }
        AddressPlanner.Claim previous = net.claims.putIfAbsent(ip.unsigned(), new AddressPlanner.Claim(g.name, pos));
        if (previous != null) {
            error(pos, "address '" + ip + "' is already taken by machine '" + previous.machine() + "' (line " + previous.pos().line() + ")");
            return;
        }
        att.claimed = ip;
        att.claimPos = pos;
    }

    private void protocols(Group g, Node section) {
        for (Node p : children(section.children(), "[Protocols]", List.of("Protocol"))) {
            noChildren(p);
            Optional<Arg> name = required(p, "name");
            if (name.isEmpty()) {
                continue;
            }
            String canonical = PROTOCOLS.stream().filter(c -> c.equalsIgnoreCase(name.get().value())).findFirst().orElse(null);
            if (canonical == null) {
                error(name.get().valuePos(), "unknown protocol '" + name.get().value() + "'" + Suggest.hint(name.get().value(), PROTOCOLS));
                continue;
            }
            if (g.protocols.stream().anyMatch(s -> s.name().equals(canonical))) {
                warning(name.get().valuePos(), "protocol '" + canonical + "' is listed twice");
                continue;
            }
            Values settings = null;
            if (canonical.equals("TCP")) {
                settings = parameters(p, canonical, schema.tcp(), TcpConfig::new);
            } else if (canonical.equals("IPv4")) {
                settings = parameters(p, canonical, schema.ipv4(), Ipv4Config::new);
            } else if (canonical.equals("ICMP")) {
                settings = parameters(p, canonical, schema.icmp(), IcmpConfig::new);
            } else if (canonical.equals("DNS")) {
                settings = parameters(p, canonical, ResolvConf.SCHEMA, v -> v);
                nameservers(p);
                g.dns = true;
            } else {
                for (Arg arg : p.args()) {
                    if (!arg.key().equals("name")) {
                        error(arg.keyPos(), "protocol '" + canonical + "' takes no parameters, so not '" + arg.key() + "'"
                                + (schema.tcp().find(arg.key()).isPresent() ? " (it is a TCP parameter)"
                                : schema.ipv4().find(arg.key()).isPresent() ? " (it is an IPv4 parameter)"
                                : schema.icmp().find(arg.key()).isPresent() ? " (it is an ICMP parameter)" : ""));
                    }
                }
            }
            g.protocols.add(new ProtocolSpec(canonical, otherArgs(p), settings, p.pos()));
        }
    }

    /** [Protocol name='DNS']'s name servers: each an address or a machine, at least one. */
    private void nameservers(Node p) {
        Optional<Arg> servers = p.arg(ResolvConf.NAMESERVERS.name());
        if (servers.isEmpty() || servers.get().value().isBlank()) {
            error(servers.map(Arg::valuePos).orElse(p.pos()), "protocol 'DNS' needs 'nameservers': the machines or addresses to ask, separated by commas");
            return;
        }
        for (String server : servers.get().value().split(",")) {
            String v = server.strip();
            if (Ipv4.parse(v).isPresent() || groupIndex.containsKey(v) || DnsTree.RESOLVER.equals(v)) continue;
            Matcher m = INSTANCE_NAME.matcher(v);
            if (m.matches() && groupIndex.containsKey(m.group(1))) continue;
            error(servers.get().valuePos(), "unknown name server '" + v + "' in 'nameservers': not a machine nor an address" + Suggest.hint(v, groupIndex.keySet()));
        }
    }

    /**
     * A protocol's parameters (TCP's, IPv4's, ICMP's, DNS's), checked against its {@code declared} schema: each on its
     * own, so that every bad one is reported at its place (an unknown one is an error), then all
     * together by making the protocol's configuration with {@code make}.
     */
    private Values parameters(Node p, String protocol, Schema declared, java.util.function.Function<Values, ?> make) {
        Values v = declared.defaults();
        boolean allOk = true;
        for (Arg arg : p.args()) {
            if (arg.key().equals("name")) continue;
            Optional<Attribute<?>> attribute = declared.find(arg.key());
            if (attribute.isEmpty()) {
                error(arg.keyPos(), "protocol '" + protocol + "' has no parameter '" + arg.key() + "'" + Suggest.hint(arg.key(), declared.names()));
                allOk = false;
                continue;
            }
            Optional<Values> next = set(v, attribute.get(), arg);
            allOk &= next.isPresent();
            v = next.orElse(v);
        }
        if (allOk) {
            try {
                make.apply(v);
            } catch (IllegalArgumentException e) {
                // Parameters that do not fit together: point at the given one the message names first (its subject).
                Pos at = p.pos();
                int first = Integer.MAX_VALUE;
                for (Arg a : p.args()) {
                    Matcher named = Pattern.compile("\\b" + Pattern.quote(a.key()) + "\\b").matcher(e.getMessage());
                    if (!a.key().equals("name") && named.find() && named.start() < first) {
                        first = named.start();
                        at = a.valuePos();
                    }
                }
                error(at, protocol + " parameters: " + e.getMessage());
            }
        }
        return v;
    }

    private void applications(Group g, Node section) {
        for (Node a : children(section.children(), "[Applications]", List.of("Application"))) {
            noChildren(a);
            Optional<Arg> name = required(a, "name");
            if (name.isEmpty()) {
                continue;
            }
            Optional<Schema> sig = schema.applications().find(name.get().value());
            if (sig.isEmpty()) {
                error(name.get().valuePos(), "unknown application '" + name.get().value() + "'" + Suggest.hint(name.get().value(), schema.applications().names()));
                continue;
            }
            application(g, a, sig.get());
        }
    }

    private void application(Group g, Node a, Schema sig) {
        if (sig.name().equals(DHCP_CLIENT)) dhcpClientAlias(g, a);
        Map<String, ArgValue> values = new LinkedHashMap<>();
        List<String> appModules = List.of();
        List<String> unused = sig.names().stream().filter(p -> a.arg(p).isEmpty()).toList();
        long errorsBefore = diagnostics.stream().filter(Diagnostic::isError).count();
        for (Arg arg : a.args()) {
            if (arg.key().equals("name")) {
                continue;
            }
            if (arg.key().equals("modules") && sig.find("modules").isEmpty()) {     // any application may apply modules to itself
                appModules = moduleList(arg);
                continue;
            }
            Optional<Attribute<?>> param = sig.find(arg.key());
            if (param.isPresent()) {
                argValue(g, arg, param.get()).ifPresent(v -> values.put(arg.key(), v));
            } else if (arg.key().equals("priority")) {  // any application may have a CPU priority
                priority(g, arg);
            } else if (!arg.key().equals("ip")) {       // any application may claim its machine's address with ip=
                Optional<String> near = Suggest.nearest(arg.key(), unused, Math.min(2, Math.max(1, arg.key().length() / 3)));
                warning(arg.keyPos(), "application '" + sig.name() + "' has no argument '" + arg.key() + "'"
                        + (near.isPresent() ? "; did you mean '" + near.get() + "'?"
                                : "; it is ignored (arguments: " + String.join(", ", sig.names()) + ")"));
            }
            if (arg.key().equals("ip")) {
                Ipv4.parse(arg.value()).ifPresent(ip -> claimByApplication(g, ip, arg.valuePos()));
            }
        }
        if (a.complete()) {
            for (Attribute<?> p : sig.attributes()) {
                if (p.isRequired() && a.arg(p.name()).isEmpty()) {
                    error(a.pos(), "application '" + sig.name() + "' needs argument '" + p.name() + "'");
                }
            }
            for (List<String> group : sig.anyOf()) {
                if (group.stream().allMatch(k -> a.arg(k).isEmpty())) {
                    error(a.pos(), "application '" + sig.name() + "' needs " + (group.size() == 1 ? "argument " : "one of ")
                            + String.join(" or ", group.stream().map(k -> "'" + k + "'").toList()));
                }
            }
        }
        if (a.complete() && diagnostics.stream().filter(Diagnostic::isError).count() == errorsBefore) {
            make(a, sig);
        }
        g.apps.add(new AppSpec(sig.name(), appArgs(a, sig), values, a.pos(), appModules));
    }

    /** An application's CPU priority, its weight on the machine's cores: meaningful only where the machine declares cores. */
    private void priority(Group g, Arg arg) {
        if (check(arg, () -> Units.wholeNumber(arg.value(), "priority", 1, elvis.cpu.Cpu.MAX_PRIORITY)).isEmpty()) return;
        if (g.cpu == null || g.cpu.cores() == 0) {
            warning(arg.keyPos(), "priority has no effect: machine '" + g.name + "' declares no cores, so all its work runs at full speed; add cores='N'");
        }
    }

    /** The priority an application's arguments give it (checked by the validator), or 0 when none. */
    static int priority(java.util.Map<String, String> args) {
        String p = args.get("priority");
        return p == null ? 0 : Integer.parseInt(p.strip());
    }

    /**
     * Makes the application once, as a run would, so that what only its factory checks (limits,
     * combinations of arguments) is reported here too: check and run share one validation path.
     * Destinations were checked above; any address stands in for them.
     */
    private void make(Node a, Schema sig) {
        ApplicationFactory factory = schema.applications().factory(sig.name());
        if (factory == null) return;
        try {
            factory.create(new Arguments(appArgs(a, sig)), ApplicationFactory.Context.of(name -> 0x0A000001, directoryOf(source.file())));
        } catch (Arguments.ArgumentException e) {
            error(a.arg(e.key()).map(Arg::valuePos).orElse(a.pos()), "application '" + sig.name() + "': " + e.getMessage());
        } catch (RuntimeException e) {
            error(a.pos(), "application '" + sig.name() + "' cannot be made from these arguments: " + e.getMessage());
        }
    }

    /** The directory files named in a description are relative to: the description's own. */
    static java.nio.file.Path directoryOf(String file) {
        java.nio.file.Path parent = java.nio.file.Path.of(file).getParent();
        return parent == null ? java.nio.file.Path.of("") : parent;
    }

    /** The original Elvis's {@code dhcp_client} application: the machine's first network is configured by DHCP. */
    static final String DHCP_CLIENT = "dhcp_client";

    private void dhcpClientAlias(Group g, Node a) {
        if (g.atts.isEmpty()) return;                     // "on no network" is reported already
        Att first = g.atts.getFirst();
        if (first.claimed != null) {
            error(a.pos(), "application 'dhcp_client' gets machine '" + g.name + "' its address on network '" + nets.get(first.net).id
                    + "' from DHCP, but it already has address '" + first.claimed + "' there (line " + first.claimPos.line() + ")");
            return;
        }
        first.dhcp = true;
        if (first.dhcpPos == null) first.dhcpPos = a.pos();
    }

    private void claimByApplication(Group g, Ipv4 ip, Pos pos) {
        for (Att att : g.atts) {
            if (nets.get(att.net).contains(ip)) {
                if (att.dhcp) {
                    error(pos, "machine '" + g.name + "' gets its address on network '" + nets.get(att.net).id + "' from DHCP (line "
                            + att.dhcpPos.line() + "); an application cannot claim '" + ip + "' there");
                    return;
                }
                claim(g, att, ip, pos);
                return;
            }
        }
        reportUnlessUncertain(g, pos, "address '" + ip + "' is not on any network of machine '" + g.name + "'");
    }

    /** Reports an address the machine's networks do not contain, unless an earlier error may be the cause. */
    private void reportUnlessUncertain(Group g, Pos pos, String message) {
        if (!g.uncertain && g.atts.stream().noneMatch(a -> nets.get(a.net).uncertain)) {
            error(pos, message);
        }
    }

    /** The argument's value by its declaration; {@code g} is the machine group it belongs to. */
    private Optional<ArgValue> argValue(Group g, Arg arg, Attribute<?> p) {
        return switch (p.kind()) {
            case IPV4 -> ipv4(arg, arg.value()).map(ArgValue.Address::new);
            case DESTINATION -> destination(g, arg);
            default -> check(arg, () -> switch (p.parse(arg.value())) {
                case Boolean b -> new ArgValue.Flag(b);
                case Number n when p.kind() == elvis.config.Kind.PROBABILITY -> new ArgValue.Fraction(n.doubleValue());
                case Number n -> new ArgValue.Number(n.longValue());
                case QueueLimit q -> new ArgValue.Text(p.format(q));
                case Object o -> new ArgValue.Text(o.toString());
            });
        };
    }

    /**
     * A machine group name, an instance name {@code name-k}, or an IPv4 address. A group of N machines
     * named as a whole pairs its instances with the caller's (instance i reaches ((i - 1) mod N) + 1),
     * so the caller's group must be at least as large, or some would never be reached.
     */
    /** A machine an argument names, checked once every machine is known (it may be defined further down). */
    private record Named(int group, Arg arg) { }

    private final List<Named> named = new ArrayList<>();

    /** A machine whose every network gives it its address by DHCP has none while the file is read: nothing can name it. */
    private void namedMachinesHaveAddresses() {
        for (Named n : named) {
            Group target = groups.get(n.group());
            if (!target.atts.isEmpty() && target.atts.stream().allMatch(a -> a.dhcp)) {
                error(n.arg().valuePos(), "machine '" + target.name + "' gets its addresses from DHCP, unknown while the file is read, so '"
                        + n.arg().key() + "' cannot name it; give it a fixed address (ip='...') on a network");
            }
        }
    }

    private Optional<ArgValue> destination(Group caller, Arg arg) {
        String v = arg.value();
        Optional<Ipv4> ip = Ipv4.parse(v);
        if (ip.isPresent()) {
            return Optional.of(new ArgValue.Address(ip.get()));
        }
        Integer g = groupIndex.get(v);
        if (g != null) {
            Group target = groups.get(g);
            if (target.count > 1 && caller != null && caller.count < target.count) {
                error(arg.valuePos(), "'" + v + "' is " + target.count + " machines (" + v + "-1 … " + v + "-" + target.count
                        + ") but '" + caller.name + "' is " + (caller.count == 1 ? "one machine" : caller.count + " machines")
                        + ", so some of them would never be reached: name one instance, e.g. '" + v + "-1', or give '"
                        + caller.name + "' count='" + target.count + "' to pair them");
                return Optional.empty();
            }
            named.add(new Named(g, arg));
            return Optional.of(new ArgValue.MachineRef(g, target.count == 1 ? 1 : 0));
        }
        Matcher m = INSTANCE_NAME.matcher(v);
        if (m.matches() && groupIndex.containsKey(m.group(1))) {
            int index = groupIndex.get(m.group(1));
            long k = Long.parseLong(m.group(2));
            long count = groups.get(index).count;
            if (count > 1 && k >= 1 && k <= count) {
                named.add(new Named(index, arg));
                return Optional.of(new ArgValue.MachineRef(index, k));
            }
            String name = groups.get(index).name;
            error(arg.valuePos(), "machine '" + name + "' has no instance " + k
                    + (count == 1 ? " (its count is 1); did you mean '" + name + "'?"
                            : " (instances are " + name + "-1 … " + name + "-" + count + ")"
                            + (k == 0 ? "; did you mean '" + name + "-1'? (the original Elvis numbered copies from 0, Elvis from 1)" : "")));
            return Optional.empty();
        }
        if (v.matches("[0-9.]+")) {
            error(arg.valuePos(), "invalid IPv4 address '" + v + "' in '" + arg.key() + "'");
        } else if (caller != null && (caller.dns || treeDeclared || caller.atts.stream().anyMatch(a -> a.dhcp)) && isDnsName(v)) {
            return Optional.of(new ArgValue.Text(v));      // resolved by the machine's stub resolver when the application starts
        } else if (isDnsName(v) && v.indexOf('.') > 0) {
            error(arg.valuePos(), "unknown machine '" + v + "' in '" + arg.key() + "'; to use it as a DNS name, give machine '"
                    + (caller == null ? "?" : caller.name) + "' name servers with [Protocol name='DNS' nameservers=...] or dhcp='true', or declare a [DNS] tree");
        } else {
            error(arg.valuePos(), "unknown machine '" + v + "' in '" + arg.key() + "'"
                    + Suggest.hint(v, groupIndex.keySet()));
        }
        return Optional.empty();
    }

    private static boolean isDnsName(String v) {
        try {
            DnsName.of(v);
            return !v.isEmpty();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void routes(Group g, Node section) {
        for (Node r : children(section.children(), "[Routes]", List.of("Route"))) {
            noChildren(r);
            knownKeys(r, List.of("to", "via"));
            Optional<Arg> to = required(r, "to");
            Optional<Arg> via = required(r, "via");
            Optional<Subnet> destination = to.flatMap(this::routeDestination);
            Optional<Ipv4> gateway = via.flatMap(a -> ipv4(a, a.value()));
            if (gateway.isPresent() && g.atts.stream().noneMatch(a -> nets.get(a.net).contains(gateway.get()))) {
                reportUnlessUncertain(g, via.get().valuePos(), "gateway '" + gateway.get() + "' is not on any network of machine '" + g.name + "'");
            } else if (destination.isPresent() && gateway.isPresent()) {
                g.routes.add(new RouteSpec(destination.get(), gateway.get(), via.get().valuePos()));
            }
        }
    }

    /**
     * A machine's ipfw lines, each read now against a scratch rule set and the whole file's scratch
     * dummynet (so a rule naming a pipe no line declares is found once every machine was read).
     */
    private void ipfw(Group g, Node section) {
        knownKeys(section, List.of("default"));
        boolean allow = section.arg("default").map(a -> {
            String v = a.value().toLowerCase(Locale.ROOT);
            if (!v.equals("allow") && !v.equals("deny")) error(a.valuePos(), "default must be 'allow' or 'deny', not '" + a.value() + "'");
            return v.equals("allow");
        }).orElse(false);
        if (ipfwCheck == null) ipfwCheck = new elvis.Simulation(0);
        elvis.dummynet.rules.RuleSet rules = elvis.dummynet.rules.RuleSet.detached(ipfwCheck.machine(g.name));
        elvis.dummynet.rules.DummynetLines objects = elvis.dummynet.rules.DummynetLines.of(elvis.dummynet.Dummynet.of(ipfwCheck.kernel()),
                elvis.dummynet.rules.IpfwExtensions.relativeTo(directoryOf(source.file())));
        List<IpfwSpec.Line> lines = new ArrayList<>();
        for (Node l : children(section.children(), "[Ipfw]", List.of("Line"))) {
            noChildren(l);
            knownKeys(l, List.of("ipfw"));
            Optional<Arg> text = required(l, "ipfw");
            if (text.isEmpty()) continue;
            Pos at = text.get().valuePos();
            String written = source.line(at.line());
            if (at.col() - 1 < written.length() && written.charAt(at.col() - 1) == '\'') at = new Pos(at.file(), at.line(), at.col() + 1);
            IpfwSpec.Line line = new IpfwSpec.Line(text.get().value(), at);
            try {
                elvis.dummynet.rules.Rule added = elvis.dummynet.rules.Ipfw.line(line.text(), rules, objects);
                if (added != null) ipfwRules.add(new IpfwRule(added, line));
                lines.add(line);
            } catch (elvis.dummynet.rules.IpfwError e) {
                error(line.at(e.column()), e.getMessage());
            }
        }
        g.ipfw = new IpfwSpec(allow, lines);
    }

    /** Rules whose pipe or queue no line of the file declares. */
    private void ipfwTargets() {
        if (ipfwRules.isEmpty()) return;
        try {
            for (IpfwRule r : ipfwRules) {
                if (r.rule().target() == null) continue;
                var engine = elvis.dummynet.Dummynet.of(ipfwCheck.kernel());
                boolean known = (r.rule().action() == elvis.dummynet.rules.Action.PIPE ? engine.pipeConfigs() : engine.queueConfigs())
                        .containsKey(r.rule().target());
                if (!known) error(r.line().pos(), "rule " + r.rule().number() + " sends to " + r.rule().action().keyword() + " "
                        + r.rule().target() + ", which no line declares (add '" + r.rule().action().keyword() + " " + r.rule().target() + " config ...')");
            }
        } finally {
            ipfwRules.clear();
        }
    }

    private Optional<Subnet> routeDestination(Arg a) {
        String v = a.value();
        if (v.equalsIgnoreCase("default")) {
            return Optional.of(Subnet.DEFAULT_ROUTE);
        }
        if (v.contains("/")) {
            return subnet(a, v);
        }
        Optional<Ipv4> ip = Ipv4.parse(v);
        if (ip.isEmpty()) {
            error(a.valuePos(), "invalid route destination '" + v + "': expected 'default', an address or a subnet such as '10.0.2.0/24'");
        }
        return ip.map(x -> new Subnet(x, 32));
    }

    // ---- events ----

    /** [Events]: each [Event] at a time, about links or a machine, doing one thing. */
    private List<EventSpec> events(Node section) {
        noArgs(section);
        List<EventSpec> specs = new ArrayList<>();
        for (Node e : children(section.children(), "[Events]", List.of("Event"))) {
            noChildren(e);
            knownKeys(e, List.of("at", "link", "machine", "state", "announce", "withdraw"));
            Optional<Long> at = required(e, "at").flatMap(a -> check(a, () -> Units.duration(a.value(), "at", MAX_RUN, "8760h")));
            List<Arg> actions = e.args().stream().filter(a -> List.of("state", "announce", "withdraw").contains(a.key())).toList();
            if (actions.isEmpty()) {
                if (e.complete()) error(e.pos(), "[Event] needs one of state='down|up', announce='PREFIX' or withdraw='PREFIX'");
                continue;
            }
            for (Arg extra : actions.subList(1, actions.size())) error(extra.keyPos(), "[Event] does one thing: state, announce or withdraw");
            Arg action = actions.getFirst();
            Optional<Arg> link = e.arg("link"), machine = e.arg("machine");
            EventSpec.Kind kind = null;
            Optional<Prefix> prefix = Optional.empty();
            if (action.key().equals("state")) {
                kind = switch (action.value().toLowerCase(Locale.ROOT)) {
                    case "down" -> EventSpec.Kind.DOWN;
                    case "up" -> EventSpec.Kind.UP;
                    default -> {
                        error(action.valuePos(), "state must be 'down' or 'up', not '" + action.value() + "'");
                        yield null;
                    }
                };
                if (link.isEmpty() && machine.isEmpty()) error(action.keyPos(), "a state event needs link='NETWORK', machine='NAME' or both");
            } else {
                kind = action.key().equals("announce") ? EventSpec.Kind.ANNOUNCE : EventSpec.Kind.WITHDRAW;
                try {
                    prefix = Optional.of(Prefix.parse(action.value()));
                } catch (IllegalArgumentException bad) {
                    error(action.valuePos(), "'" + action.value() + "' is not a prefix such as '10.1.2.0/24': " + bad.getMessage());
                    kind = null;
                }
                if (machine.isEmpty()) error(action.keyPos(), "a route is announced or withdrawn by a router: add machine='NAME'");
                link.ifPresent(l -> error(l.keyPos(), "link is for state events; a route is announced or withdrawn by machine='NAME' alone"));
            }
            String instance = machine.flatMap(this::eventMachine).orElse(null);
            List<Integer> networks = link.map(l -> eventLinks(l, machine.isPresent() ? instance : null)).orElse(List.of());
            boolean resolved = (machine.isEmpty() || instance != null) && (link.isEmpty() || !networks.isEmpty());
            if (at.isPresent() && kind != null && resolved) specs.add(new EventSpec(at.get(), kind, networks, instance, prefix, e.pos()));
        }
        return specs;
    }

    /** The machine an event names: a machine of its own, or one instance of a group; empty when reported. */
    private Optional<String> eventMachine(Arg a) {
        String name = a.value();
        Integer g = groupIndex.get(name);
        if (g != null) {
            if (groups.get(g).count == 1) return Optional.of(name);
            error(a.valuePos(), "'" + name + "' is " + groups.get(g).count + " machines; an event names one: " + name + "-1 … " + name + "-"
                    + groups.get(g).count);
            return Optional.empty();
        }
        Matcher m = INSTANCE_NAME.matcher(name);
        if (m.matches() && groupIndex.containsKey(m.group(1))) {
            long count = groups.get(groupIndex.get(m.group(1))).count;
            long k = Long.parseLong(m.group(2));
            if (count > 1 && k >= 1 && k <= count) return Optional.of(name);
        }
        error(a.valuePos(), "unknown machine '" + name + "'" + Suggest.hint(name, groupIndex.keySet()));
        return Optional.empty();
    }

    /**
     * The networks an event's link names (each link of a network written with count), or with {@code machine} those
     * of them the machine is on; empty when reported.
     */
    private List<Integer> eventLinks(Arg a, String machine) {
        String id = a.value();
        Integer first = netIndex.get(id);
        if (first == null) {
            error(a.valuePos(), "unknown network '" + id + "'" + Suggest.hint(id, netIndex.keySet()));
            return List.of();
        }
        int links = linkCounts.getOrDefault(id, 1);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < links; i++) all.add(first + i);
        if (machine == null) return all;
        Matcher m = INSTANCE_NAME.matcher(machine);
        Integer g = groupIndex.get(machine);
        long instance = 1;
        if (g == null && m.matches()) {
            g = groupIndex.get(m.group(1));
            instance = Long.parseLong(m.group(2));
        }
        List<Integer> on = new ArrayList<>();
        for (Att att : groups.get(g).atts) {
            int n = att.perLink ? att.net + (int) (instance - 1) : att.net;
            if (all.contains(n)) on.add(n);
        }
        if (on.isEmpty()) error(a.valuePos(), "machine '" + machine + "' is not on network '" + id + "'");
        return on;
    }

    // ---- address plan ----

    /** The address plan (docs/ndl.md, "Address plan"), from what the file gave; see {@link AddressPlanner}. */
    private AddressPlan addressPlan() {
        List<AddressPlanner.Network> networks = nets.stream().map(n -> new AddressPlanner.Network(n.id, n.node.pos(), n.pool,
                n.sorted, n.subnet, n.subnetGiven, n.uncertain, n.claims,
                n.link.type() == NetworkType.P2P && !n.countFailed ? n.node.arg("type").orElseThrow().valuePos() : null)).toList();
        List<AddressPlanner.Group> planned = groups.stream().map(g -> new AddressPlanner.Group(g.name, g.count, g.router, g.uncertain,
                g.atts.stream().map(a -> new AddressPlanner.Attachment(a.net, a.claimed, a.pos, a.dhcp, a.perLink)).toList(), g.routes)).toList();
        AddressPlanner.Plan plan = AddressPlanner.plan(networks, planned, new AddressPlanner.Findings() {
            @Override public void error(Pos pos, String message) { Validator.this.error(pos, message); }
            @Override public void note(Pos pos, String message) { Validator.this.note(pos, message); }
        });
        for (int n = 0; n < nets.size(); n++) {
            nets.get(n).subnet = plan.subnets().get(n);
            nets.get(n).onLink = plan.onLink().get(n);
        }
        return plan.addresses();
    }

    // ---- model ----

    private List<NetworkSpec> networkSpecs() {
        return nets.stream().map(n -> new NetworkSpec(n.id, n.link, n.pool, n.subnet, n.onLink, n.tap, n.node.pos())).toList();
    }

    private List<MachineGroup> machineGroups() {
        return groups.stream().map(g -> new MachineGroup(g.name, g.count, g.router, g.bridge, g.pcap,
                g.atts.stream().map(a -> new Attachment(a.net, nets.get(a.net).id, Optional.ofNullable(a.claimed), a.pos, Optional.ofNullable(a.port), a.dhcp, a.perLink)).toList(),
                g.protocols, g.apps, g.routes, g.ipfw, g.cpu, g.disk, g.node.pos(), g.modules, g.partition)).toList();
    }

    // ---- schema helpers ----

    /** The children whose names are allowed here; reports the others (misplaced or misspelled). */
    private List<Node> children(List<Node> nodes, String where, List<String> allowed) {
        List<Node> ok = new ArrayList<>();
        for (Node c : nodes) {
            if (allowed.contains(c.name())) {
                ok.add(c);
            } else if (ALL_SECTIONS.contains(c.name())) {
                List<String> names = allowed.stream().map(s -> "[" + s + "]").toList();
                error(c.pos(), "[" + c.name() + "] is not allowed in " + where + "; expected "
                        + (names.size() == 1 ? names.getFirst() : "one of " + String.join(", ", names)));
            } else {
                Optional<String> near = Suggest.nearest(c.name(), allowed).or(() -> Suggest.nearest(c.name(), ALL_SECTIONS));
                error(c.pos(), "unknown section [" + c.name() + "]" + near.map(s -> "; did you mean [" + s + "]?").orElse(""));
            }
        }
        return ok;
    }

    private void knownKeys(Node node, List<String> known) {
        for (Arg a : node.args()) {
            if (!known.contains(a.key())) {
                error(a.keyPos(), "unknown attribute '" + a.key() + "' for [" + node.name() + "]" + Suggest.hint(a.key(), known));
            }
        }
    }

    private void noArgs(Node node) {
        if (!node.args().isEmpty()) {
            error(node.args().getFirst().keyPos(), "[" + node.name() + "] takes no arguments");
        }
    }

    private void noChildren(Node node) {
        if (!node.children().isEmpty()) {
            error(node.children().getFirst().pos(), "[" + node.name() + "] cannot contain other sections");
        }
    }

    /** The argument, or empty after reporting it missing (unless a syntax error may have swallowed it). */
    private Optional<Arg> required(Node node, String key) {
        Optional<Arg> a = node.arg(key);
        if (a.isEmpty() && node.complete()) {
            error(node.pos(), "[" + node.name() + "] needs a '" + key + "' argument");
        }
        return a;
    }

    /** An application's arguments for its factory: all but name, and modules unless the application declares it. */
    private static Map<String, String> appArgs(Node a, Schema sig) {
        Map<String, String> args = otherArgs(a);
        if (sig.find("modules").isEmpty()) args.remove("modules");
        return args;
    }

    // ---- ModNet modules ----

    private final Map<String, ModuleSpec> moduleSpecs = new LinkedHashMap<>();

    /** [Module name='...' type='...' params...]: a module registered for the run; its parameters are checked by making it once. */
    private void module(Node n) {
        noChildren(n);
        Optional<Arg> name = required(n, "name");
        Optional<Arg> type = required(n, "type");
        if (name.isEmpty() || type.isEmpty()) return;
        String moduleName = name.get().value();
        if (!MACHINE_NAME.matcher(moduleName).matches()) {
            error(name.get().valuePos(), "module name '" + moduleName + "' must start with a letter or '_' and contain only letters, digits, '_', '.' and '-'");
            return;
        }
        if (moduleSpecs.containsKey(moduleName)) {
            error(name.get().valuePos(), "duplicate module name '" + moduleName + "' (first at line " + moduleSpecs.get(moduleName).pos().line() + ")");
            return;
        }
        ModuleFactory factory = MODULE_TYPES.factory(type.get().value());
        if (factory == null) {
            error(type.get().valuePos(), "unknown module type '" + type.get().value() + "'" + Suggest.hint(type.get().value(), MODULE_TYPES.types()));
            return;
        }
        Schema sig = factory.schema();
        Map<String, String> params = new LinkedHashMap<>();
        long errorsBefore = diagnostics.stream().filter(Diagnostic::isError).count();
        int priority = 0;
        for (Arg arg : n.args()) {
            if (arg.key().equals("name") || arg.key().equals("type")) continue;
            if (arg.key().equals("priority") && sig.find("priority").isEmpty()) {   // any module may have a CPU priority
                priority = check(arg, () -> Units.wholeNumber(arg.value(), "priority", 1, elvis.cpu.Cpu.MAX_PRIORITY)).orElse(0L).intValue();
                continue;
            }
            Optional<Attribute<?>> param = sig.find(arg.key());
            if (param.isEmpty()) {
                error(arg.keyPos(), "module type '" + sig.name() + "' has no parameter '" + arg.key() + "'"
                        + (sig.names().isEmpty() ? "; it takes none" : Suggest.hint(arg.key(), sig.names())));
            } else {
                check(arg, () -> param.get().parse(arg.value()));
            }
            params.put(arg.key(), arg.value());
        }
        if (n.complete()) {
            for (Attribute<?> p : sig.attributes()) {
                if (p.isRequired() && n.arg(p.name()).isEmpty()) error(n.pos(), "module type '" + sig.name() + "' needs parameter '" + p.name() + "'");
            }
        }
        if (diagnostics.stream().filter(Diagnostic::isError).count() != errorsBefore) return;
        try {
            factory.create(new Arguments(params), new ModuleFactory.Context() {
                @Override public String name() { return moduleName; }
                @Override public elvis.sim.RandomStream random() { return elvis.sim.RandomStream.forEntity(0, "module " + moduleName); }
            });
        } catch (Arguments.ArgumentException e) {
            error(n.arg(e.key()).map(Arg::valuePos).orElse(n.pos()), "module '" + moduleName + "': " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            error(n.pos(), "module '" + moduleName + "' cannot be made from these parameters: " + e.getMessage());
            return;
        }
        moduleSpecs.put(moduleName, new ModuleSpec(moduleName, sig.name(), params, priority, n.pos()));
    }

    /** {@code modules='a,b'}: registered module names, in order from the application towards the network. */
    private List<String> moduleList(Arg a) {
        List<String> names = new ArrayList<>();
        for (String part : a.value().split(",", -1)) {
            String m = part.strip();
            if (m.isEmpty()) {
                error(a.valuePos(), "empty module name in '" + a.value() + "': separate names with single commas");
            } else if (!moduleSpecs.containsKey(m)) {
                error(a.valuePos(), "unknown module '" + m + "'" + (moduleSpecs.isEmpty() ? "; register it first with [Module name='" + m + "' type='...']"
                        : Suggest.hint(m, moduleSpecs.keySet())));
            } else {
                names.add(m);
            }
        }
        return names;
    }

    private static Map<String, String> otherArgs(Node node) {
        Map<String, String> args = new LinkedHashMap<>();
        for (Arg a : node.args()) {
            if (!a.key().equals("name")) {
                args.put(a.key(), a.value());
            }
        }
        return args;
    }

    private Optional<Ipv4> ipv4(Arg a, String v) {
        Optional<Ipv4> ip = Ipv4.parse(v);
        if (ip.isEmpty()) {
            error(a.valuePos(), "invalid IPv4 address '" + v + "' in '" + a.key() + "'");
        }
        return ip;
    }

    private interface Parse<T> {
        T get() throws BadValue;
    }

    /** Runs a conversion, reporting its failure at the argument's value. */
    private <T> Optional<T> check(Arg a, Parse<T> parse) {
        try {
            return Optional.of(parse.get());
        } catch (BadValue e) {
            error(a.valuePos(), e.getMessage());
            return Optional.empty();
        }
    }

    private void error(Pos pos, String message) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, pos, message));
    }

    private void note(Pos pos, String message) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.NOTE, pos, message));
    }

    private void warning(Pos pos, String message) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, pos, message));
    }
}
