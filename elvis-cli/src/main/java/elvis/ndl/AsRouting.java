package elvis.ndl;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.ndl.model.AsSpec;
import elvis.ndl.model.Attachment;
import elvis.ndl.model.MachineGroup;
import elvis.ndl.model.NdlSimulation;
import elvis.ndl.model.NetworkSpec;
import elvis.ndl.model.PeeringSpec;
import elvis.routing.Prefix;
import elvis.routing.Relationship;
import elvis.routing.bgp.Bgp;
import elvis.routing.bgp.BgpConfig;
import elvis.routing.bgp.BgpNeighbor;
import elvis.routing.ospf.Ospf;
import elvis.routing.ospf.OspfConfig;
import elvis.routing.rip.Rip;
import elvis.routing.rip.RipConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The routing the [AS] level implies, added once every machine is built: each router of an AS runs
 * its igp (OSPF or RIP with its peering interfaces passive, so that their subnets are known inside but no
 * adjacency or update crosses; or nothing for static), every router of an AS with a peering speaks
 * BGP (eBGP over each peering with its relationship, iBGP in a full mesh between the AS's routers,
 * from each router's first address inside the AS), originating the AS's block (or, without one, its
 * networks' subnets); and each host of an AS gets a default route to the first router on its network.
 */
final class AsRouting {
    private final NdlSimulation model;
    private final SimulationBuilder.Built built;
    private final List<Diagnostic> errors;
    /** Per network, the AS it belongs to, or -1 (an exchange point, a peering link, a network outside ASes). */
    private final int[] networkAs;

    private AsRouting(NdlSimulation model, SimulationBuilder.Built built, List<Diagnostic> errors) {
        this.model = model;
        this.built = built;
        this.errors = errors;
        this.networkAs = networkAs(model);
    }

    private static int[] networkAs(NdlSimulation model) {
        int[] as = new int[model.networks().size()];
        java.util.Arrays.fill(as, -1);
        for (int a = 0; a < model.ases().size(); a++) for (int n : model.ases().get(a).networks()) as[n] = a;
        return as;
    }

    /**
     * Per group, the default gateway its machines get (0: none): a machine that is not a router, has
     * no [Routes] and sits on a network of an AS goes through the first router on that network.
     */
    static int[] defaultGateways(NdlSimulation model) {
        int[] gateway = new int[model.machines().size()];
        if (model.ases().isEmpty()) return gateway;
        int[] as = networkAs(model);
        int[] router = new int[model.networks().size()];        // the first router group on each network, + 1
        int[] routerAtt = new int[model.networks().size()];
        for (int g = model.machines().size() - 1; g >= 0; g--) {
            MachineGroup group = model.machines().get(g);
            if (!group.router()) continue;
            for (int k = 0; k < group.networks().size(); k++) {
                router[group.networks().get(k).network()] = g + 1;
                routerAtt[group.networks().get(k).network()] = k;
            }
        }
        for (int g = 0; g < gateway.length; g++) {
            MachineGroup group = model.machines().get(g);
            if (group.router() || group.bridge() || !group.routes().isEmpty()) continue;
            for (Attachment a : group.networks()) {
                int n = a.network();
                if (a.dhcp() || as[n] < 0 || router[n] == 0) continue;
                gateway[g] = model.address(router[n] - 1, 1, routerAtt[n]).bits();
                break;
            }
        }
        return gateway;
    }

    /** Adds the routing to the machines {@code built} has (in a partitioned run, its partition's: the rest is in the plan's addresses). */
    static void start(NdlSimulation model, SimulationBuilder.Built built, List<Diagnostic> errors) {
        if (!model.ases().isEmpty()) new AsRouting(model, built, errors).start();
    }

    private void start() {
        for (int a = 0; a < model.ases().size(); a++) {
            AsSpec as = model.ases().get(a);
            int index = a;
            boolean speaksBgp = model.peerings().stream().anyMatch(p -> p.asA() == index || p.asB() == index);
            List<int[]> routers = new ArrayList<>(), speakers = new ArrayList<>();     // {group, instance}
            for (int g : as.groups()) {
                MachineGroup group = model.machines().get(g);
                if (group.router()) for (long i = 1; i <= group.count(); i++) routers.add(new int[] {g, (int) i});
            }
            for (int[] r : routers) if (speaksBgp && (!as.redistributeBgp() || as.border().contains(r[0]))) speakers.add(r);
            int s = 0;
            if (as.igp().equals("global")) {
                if (model.globalRouting()) errors.add(new Diagnostic(Diagnostic.Severity.ERROR, as.pos(),
                        "igp='global' inside an AS, and routing='global' on [Simulation] routes every AS already: choose one"));
                else {
                    // The partitioner keeps such an AS's routers together: here all of them, or none.
                    List<Machine> here = routers.stream().map(r -> machine(r[0], r[1])).filter(java.util.Objects::nonNull).toList();
                    if (here.size() == routers.size()) elvis.routing.global.GlobalRouting.installWithin(built.simulation().kernel(), here);
                    else if (!here.isEmpty()) throw new IllegalArgumentException("AS " + as.asn() + " routes globally inside, so its routers must be in one partition");
                }
            }
            for (int[] r : routers) {
                Machine m = machine(r[0], r[1]);     // null: another partition's
                boolean speaker = s < speakers.size() && speakers.get(s) == r;     // speakers keeps the routers' order
                if (speaker) s++;
                if (m == null) continue;
                Application igp = igp(as, r[0], as.redistributeBgp() && speaker);
                if (igp != null) m.addApplication(igp);
                if (speaker) m.addApplication(new Bgp(bgpConfig(a, as, r, speakers)));
            }
        }
    }

    private Machine machine(int group, long instance) { return built.machine(group, instance); }

    /**
     * The router's intra-domain daemon, or null for igp='static' and 'global' (computed for the AS at
     * once); {@code redistributeBgp}: a border router that redistributes its eBGP routes into it (as
     * type 2 externals at OSPF's default metric 20; at RIP's metric 1, with the static routes RIP takes anyway).
     */
    private Application igp(AsSpec as, int group, boolean redistributeBgp) {
        return switch (as.igp()) {
            case "rip" -> {
                RipConfig c = RipConfig.DEFAULT.withPassive(outside(group));
                yield new Rip(redistributeBgp ? c.withRedistribution(java.util.Set.of("static", "bgp"), 1) : c);
            }
            case "ospf" -> {
                OspfConfig c = ospfConfig(group);
                yield new Ospf(redistributeBgp ? c.withRedistribution(java.util.Set.of("bgp"), OspfConfig.DEFAULT_EXTERNAL_METRIC, true) : c);
            }
            default -> null;
        };
    }

    /** The router's interfaces outside the AS (peering links and exchange points), by device index. */
    private java.util.Set<Integer> outside(int group) {
        MachineGroup g = model.machines().get(group);
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        for (int k = 0; k < g.networks().size(); k++) if (networkAs[g.networks().get(k).network()] < 0) out.add(k);
        return out;
    }

    /** OSPF on every interface, passive (advertised, no hello) on those outside the AS: peering links and exchange points. */
    private OspfConfig ospfConfig(int group) {
        List<OspfConfig.Interface> passive = new ArrayList<>();
        for (int k : outside(group)) passive.add(new OspfConfig.Interface(k, 0, 1, true));
        OspfConfig d = OspfConfig.DEFAULT;
        return new OspfConfig(d.routerId(), d.area(), d.helloNs(), d.deadNs(), d.retransmitNs(), d.transmitDelayNs(), d.spfDelayNs(),
                d.spfHoldNs(), d.spfMaxHoldNs(), d.referenceBandwidth(), passive);
    }

    private BgpConfig bgpConfig(int asIndex, AsSpec as, int[] self, List<int[]> routers) {
        List<BgpNeighbor> neighbors = new ArrayList<>();
        for (PeeringSpec p : model.peerings()) {
            boolean isA = p.a() == self[0], isB = p.b() == self[0];
            if (!isA && !isB) continue;
            int other = isA ? p.b() : p.a();
            Relationship rel = switch (p.relationship()) {
                case "customer" -> Relationship.CUSTOMER;
                case "provider" -> Relationship.PROVIDER;
                default -> Relationship.PEER;
            };
            neighbors.add(new BgpNeighbor(addressOn(other, 1, p.network()), model.ases().get(isA ? p.asB() : p.asA()).asn(),
                    isA ? rel : rel.reverse(), false, null, null, addressOn(self[0], self[1], p.network())));
        }
        int local = loopback(asIndex, self[0], self[1]);
        for (int[] r : routers) {
            if (r[0] == self[0] && r[1] == self[1]) continue;
            neighbors.add(new BgpNeighbor(loopback(asIndex, r[0], r[1]), as.asn(), Relationship.NONE, false, null, null, local));
        }
        List<Prefix> networks = new ArrayList<>();
        if (as.block().isPresent()) {
            networks.add(new Prefix(as.block().get().base().bits(), as.block().get().prefix()));
        } else {
            for (int n : as.networks()) {
                NetworkSpec s = model.networks().get(n);
                networks.add(new Prefix(s.subnet().base().bits(), s.subnet().prefix()));
            }
        }
        return BgpConfig.of(as.asn(), neighbors, networks);
    }

    /** The address instance {@code instance} of group {@code g} has on network {@code n}. */
    private int addressOn(int g, long instance, int n) {
        List<Attachment> atts = model.machines().get(g).networks();
        for (int k = 0; k < atts.size(); k++) if (atts.get(k).network() == n) return model.address(g, instance, k).bits();
        throw new IllegalStateException("not on network " + n);
    }

    /** Where a router's iBGP sessions run from: its first address on a network of its AS (else its first address). */
    private int loopback(int asIndex, int g, long instance) {
        List<Attachment> atts = model.machines().get(g).networks();
        for (int k = 0; k < atts.size(); k++) {
            if (networkAs[atts.get(k).network()] == asIndex && !atts.get(k).dhcp()) return model.address(g, instance, k).bits();
        }
        return model.address(g, instance, 0).bits();
    }
}
