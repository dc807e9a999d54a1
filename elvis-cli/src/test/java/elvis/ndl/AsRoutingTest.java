package elvis.ndl;

import elvis.Simulation;
import elvis.app.ApplicationRegistry;
import elvis.app.Traceroute;
import elvis.machine.Machine;
import elvis.ndl.model.NdlSimulation;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import elvis.routing.bgp.Bgp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static elvis.ndl.NdlTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** What the builder makes of the [AS] level: daemons per AS, BGP sessions per peering and iBGP, default routes for hosts; traceroute across ASes. */
class AsRoutingTest {
    static final long S = 1_000_000_000L;

    /** Two stubs (AS 65001, AS 65003) buying transit from AS 65002, whose two routers run RIP between them. */
    static final String CHAIN = """
            [Simulation seed='7']
            [AS asn='65001' igp='static' block='10.1.0.0/24']
              [Networks]
                [Network id='lan1']
              [Machines]
                [Machine name='a1' router='true']
                  [Networks]
                    [Network id='lan1']
                [Machine name='ha' count='2']
                  [Networks]
                    [Network id='lan1']
            [AS asn='65002' igp='rip' block='10.2.0.0/24']
              [Networks]
                [Network id='core' latency='1ms']
              [Machines]
                [Machine name='t1' router='true']
                  [Networks]
                    [Network id='core']
                [Machine name='t2' router='true']
                  [Networks]
                    [Network id='core']
            [AS asn='4200000003' igp='static' block='10.3.0.0/24']
              [Networks]
                [Network id='lan3']
              [Machines]
                [Machine name='c1' router='true']
                  [Networks]
                    [Network id='lan3']
                [Machine name='hc']
                  [Networks]
                    [Network id='lan3']
            [Peerings]
              [Peering a='t1' b='a1' relationship='customer' latency='5ms']
              [Peering a='t2' b='c1' relationship='customer' latency='5ms']
            """;

    private static SimulationBuilder.Built build(String text) throws Exception {
        NdlResult r = parse(text);
        assertThat(r.errors()).as(r.render()).isEmpty();
        return SimulationBuilder.build(r.simulation().orElseThrow(), ApplicationRegistry.load());
    }

    private static Machine machine(Simulation sim, String name) {
        return sim.machines().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private static Bgp bgp(Machine m) {
        return m.applications().stream().filter(a -> a instanceof Bgp).map(a -> (Bgp) a).findFirst().orElse(null);
    }

    /** Every link of a count='N' network inside an AS is the AS's: OSPF runs on each (not passive, as on a peering), so each far router learns the core. */
    @Test
    void ospfRunsOnEveryLinkOfACountNetworkInsideTheAs() throws Exception {
        Simulation sim = build("[Simulation seed='3']\n" + AsNdlTest.COUNT_TAILS).simulation();
        sim.runUntil(60 * S);
        for (String t : List.of("t-1", "t-2", "t-3")) {
            Route toCore = Ipv4.of(machine(sim, t)).lookup(Ipv4Address.parse("10.1.0.1"));
            assertThat(toCore).as(t).isNotNull();
            assertThat(toCore.origin()).as(t).isEqualTo(Origin.OSPF);
        }
    }

    @Test
    void routersGetTheirDaemonsAndSessionsHostsADefaultRoute() throws Exception {
        SimulationBuilder.Built b = build(CHAIN);
        Simulation sim = b.simulation();
        Bgp t1 = bgp(machine(sim, "t1"));
        assertThat(t1.config().asn()).isEqualTo(65002);
        // eBGP to a1 (a customer) and iBGP to t2, from t1's address on the core network.
        assertThat(t1.config().neighbors()).hasSize(2);
        assertThat(t1.config().neighbors().get(0).asn()).isEqualTo(65001);
        assertThat(t1.config().neighbors().get(0).relationship()).isEqualTo(elvis.routing.Relationship.CUSTOMER);
        assertThat(bgp(machine(sim, "a1")).config().neighbors().getFirst().relationship()).isEqualTo(elvis.routing.Relationship.PROVIDER);
        assertThat(t1.config().neighbors().get(1).asn()).isEqualTo(65002);
        assertThat(Ipv4Address.format(t1.config().neighbors().get(1).address())).isEqualTo("10.2.0.2");
        assertThat(t1.config().networks()).extracting(Object::toString).containsExactly("10.2.0.0/24");
        assertThat(bgp(machine(sim, "c1")).config().asn()).isEqualTo(4200000003L);
        assertThat(machine(sim, "t1").applications()).extracting(a -> a.name()).contains("rip", "bgp");
        assertThat(machine(sim, "a1").applications()).extracting(a -> a.name()).containsExactly("bgp");   // igp='static'
        assertThat(bgp(machine(sim, "ha-1"))).isNull();
        Route def = Ipv4.of(machine(sim, "ha-1")).lookup(Ipv4Address.parse("10.3.0.9"));
        assertThat(Ipv4Address.format(def.gateway())).isEqualTo("10.1.0.1");
    }

    @Test
    void tracerouteAcrossAsesShowsTheBgpPathsBorderRouters() throws Exception {
        traceAcross(CHAIN);
    }

    /** The same with OSPF inside the transit AS: its peering interfaces are passive, so no adjacency forms with the stubs. */
    @Test
    void withOspfInsideTheTransitAs() throws Exception {
        SimulationBuilder.Built b = traceAcross(CHAIN.replace("igp='rip'", "igp='ospf'"));
        elvis.routing.ospf.Ospf t1 = (elvis.routing.ospf.Ospf) machine(b.simulation(), "t1").applications().stream()
                .filter(a -> a instanceof elvis.routing.ospf.Ospf).findFirst().orElseThrow();
        assertThat(t1.neighbors()).hasSize(1);
        assertThat(machine(b.simulation(), "a1").applications()).extracting(a -> a.name()).containsExactly("bgp");
    }

    /**
     * Two RIP ASes peering (AS 65001 runs RIP too): their peering interfaces are passive, so no RIP update crosses
     * the peering and AS 65002's routes reach a1 through BGP alone.
     */
    @Test
    void twoRipAsesPeerThroughPassiveInterfaces() throws Exception {
        SimulationBuilder.Built b = traceAcross(CHAIN.replace("[AS asn='65001' igp='static'", "[AS asn='65001' igp='rip'"));
        elvis.routing.rip.Rip a1 = rip(machine(b.simulation(), "a1")), t1 = rip(machine(b.simulation(), "t1"));
        assertThat(a1.config().passive()).as("a1's peering link").containsExactly(1);
        assertThat(t1.config().passive()).as("t1's peering link").containsExactly(1);
        assertThat(a1.results()).containsEntry("messages_received", 0L);
        assertThat((Long) t1.results().get("messages_received")).as("from t2, inside the AS").isPositive();
        assertThat(a1.reachable()).as("its LAN and its peering link, nothing of AS 65002").isEqualTo(2);
    }

    /**
     * igp='global' inside the transit AS: routes computed over its two routers and their networks only (the peering
     * subnets included, so iBGP next hops resolve), BGP on top; nothing global reaches the stubs.
     */
    @Test
    void withGlobalRoutingInsideTheTransitAs() throws Exception {
        SimulationBuilder.Built b = traceAcross(CHAIN.replace("igp='rip'", "igp='global'"));
        Simulation sim = b.simulation();
        assertThat(elvis.routing.global.GlobalRouting.installed(sim.kernel())).hasSize(1);
        assertThat(machine(sim, "t1").applications()).extracting(a -> a.name()).containsExactly("bgp");
        // t2 reaches t1's peering link with a1 (a1's address there is the eBGP next hop t1 passes on) by a global route.
        Machine t1 = machine(sim, "t1");
        int peering = 0;
        for (var i : Ipv4.of(t1).interfaces()) if (!i.onLink(Ipv4Address.parse("10.2.0.2"))) peering = i.address();
        Route r = Ipv4.of(machine(sim, "t2")).lookup(peering);
        assertThat(r.origin()).isEqualTo(Origin.GLOBAL);
        for (String stub : List.of("a1", "c1"))
            assertThat(Ipv4.of(machine(sim, stub)).routes()).as(stub).noneMatch(x -> x.origin() == Origin.GLOBAL);
        String both = CHAIN.replace("igp='rip'", "igp='global'").replace("[Simulation seed='7']", "[Simulation seed='7' routing='global']");
        assertThat(errorsOf(both)).contains("routes every AS already");
    }

    private static elvis.routing.rip.Rip rip(Machine m) {
        return m.applications().stream().filter(a -> a instanceof elvis.routing.rip.Rip).map(a -> (elvis.routing.rip.Rip) a).findFirst().orElseThrow();
    }

    /** [Event announce/withdraw]: a stub originates a prefix at 100 s and withdraws it at 200 s; the other stub's router learns and forgets it. */
    @Test
    void scheduledAnnouncementsAndWithdrawals() throws Exception {
        String text = CHAIN + """
                [Events]
                  [Event at='100s' machine='c1' announce='10.9.0.0/24']
                  [Event at='200s' machine='c1' withdraw='10.9.0.0/24']
                """;
        Simulation sim = build(text).simulation();
        Machine a1 = machine(sim, "a1");
        sim.runUntil(99 * S);
        assertThat(bgp(a1).best(elvis.routing.Prefix.parse("10.9.0.0/24"))).isNull();
        sim.runUntil(190 * S);
        assertThat(bgp(a1).best(elvis.routing.Prefix.parse("10.9.0.0/24")).attributes().asPath().toString()).isEqualTo("65002 4200000003");
        assertThat(Ipv4.of(a1).lookup(Ipv4Address.parse("10.9.0.1")).origin()).isEqualTo(Origin.EBGP);
        sim.runUntil(300 * S);
        assertThat(bgp(a1).best(elvis.routing.Prefix.parse("10.9.0.0/24"))).isNull();
        assertThat(Ipv4.of(a1).lookup(Ipv4Address.parse("10.9.0.1"))).isNull();
        assertThat(errorsOf(CHAIN + "[Events]\n  [Event at='1s' machine='hc' announce='10.9.0.0/24']\n"))
                .contains("'hc' speaks no BGP, so it cannot announce a route");
    }

    /**
     * examples/ospf-external.ndl: [AS redistribute_bgp='true'] makes b1 alone speak BGP and redistribute its eBGP
     * routes into OSPF; the interior routers run OSPF only and carry them as type 2 externals (tag: the origin AS);
     * traceroute crosses r3, r2, b1, t1, s1; the withdrawal flushes the LSA (MaxAge) and the route leaves r3.
     */
    @Test
    void redistributeBgpCarriesTheBgpRoutesThroughTheAsOspf() throws Exception {
        SimulationBuilder.Built b = build(java.nio.file.Files.readString(java.nio.file.Path.of("..", "examples", "ospf-external.ndl")));
        Simulation sim = b.simulation();
        assertThat(machine(sim, "b1").applications()).extracting(a -> a.name()).containsExactly("ospf", "bgp");
        assertThat(machine(sim, "r2").applications()).extracting(a -> a.name()).containsExactly("ospf");
        assertThat(bgp(machine(sim, "t1")).config().neighbors()).hasSize(2);                     // b1 and s1: no session to r2 or r3
        sim.runUntil(60 * S);
        elvis.routing.ospf.Ospf r3 = ospf(machine(sim, "r3"));
        int b1Id = ospf(machine(sim, "b1")).routerId();
        elvis.routing.ospf.Lsa ext = r3.database().stream().filter(l -> l.type == elvis.routing.ospf.Lsa.AS_EXTERNAL && l.id == Ipv4Address.parse("10.3.0.0"))
                .findFirst().orElseThrow();
        assertThat(List.of(ext.advRouter, ext.metric, ext.tag, ext.forwarding)).containsExactly(b1Id, 20, 65003, 0);
        assertThat(ext.type2).isTrue();
        Route toServer = Ipv4.of(machine(sim, "r3")).lookup(Ipv4Address.parse("10.3.0.2"));
        assertThat(toServer.origin()).isEqualTo(Origin.OSPF_EXTERNAL);
        assertThat(toServer.metric()).isEqualTo(20);
        Machine h = machine(sim, "h");
        Traceroute t = new Traceroute(Ipv4Address.parse("10.3.0.2"), 30, 1, 2 * S);
        h.addApplication(t);
        t.start(h);
        sim.runUntil(100 * S);
        assertThat(t.reached()).as(String.join("\n", t.output())).isTrue();
        assertThat(hopMachines(b, t)).containsExactly("r3", "r2", "b1", "t1", "s1", "server");
        sim.runUntil(120 * S + 12_000_000L);
        assertThat(r3.database()).as("flushed: at MaxAge in r3's database").anyMatch(l -> l.type == elvis.routing.ospf.Lsa.AS_EXTERNAL
                && l.id == Ipv4Address.parse("10.3.0.0") && l.age == elvis.routing.ospf.Lsa.MAX_AGE);
        assertThat(Ipv4.of(machine(sim, "r3")).lookup(Ipv4Address.parse("10.3.0.2"))).isNull();
        sim.runUntil(160 * S);
        assertThat(r3.database()).as("and removed once acknowledged").noneMatch(l -> l.id == Ipv4Address.parse("10.3.0.0"));
        for (Machine m : sim.machines()) assertThat(m.failures()).as(m.name()).isEmpty();
        assertThat(errorsOfParse(CHAIN.replace("[AS asn='65001' igp='static'", "[AS asn='65001' igp='static' redistribute_bgp='true'")))
                .contains("redistribute_bgp='true' needs igp='ospf' or igp='rip'");
    }

    /** The same with RIP inside: b1 redistributes its eBGP routes at metric 1, tagged with their origin AS (RFC 2453 §4.2). */
    @Test
    void redistributeBgpIntoRip() throws Exception {
        SimulationBuilder.Built b = build(java.nio.file.Files.readString(java.nio.file.Path.of("..", "examples", "ospf-external.ndl"))
                .replace("igp='ospf' block='10.1.0.0/24'", "igp='rip' block='10.1.0.0/24'"));
        Simulation sim = b.simulation();
        sim.runUntil(60 * S);
        Route toServer = Ipv4.of(machine(sim, "r3")).lookup(Ipv4Address.parse("10.3.0.2"));
        assertThat(toServer.origin()).isEqualTo(Origin.RIP);
        assertThat(toServer.metric()).as("1 at b1, one hop to r2, one to r3").isEqualTo(3);
        List<Integer> tags = new ArrayList<>();
        Machine r2 = machine(sim, "r2");
        r2.packetFilter(new elvis.protocol.ipv4.Ipv4Filter() {        // the tag of 10.3.0.0/24 in b1's updates to r2
            @Override public boolean input(elvis.message.Message p, elvis.protocol.ipv4.Ipv4Interface in) {
                if (p.u8(9) != 17 || p.u16(22) != 520) return true;
                for (int at = 32; at + 20 <= p.length(); at += 20) if ((int) p.u32(at + 4) == Ipv4Address.parse("10.3.0.0")) tags.add(p.u16(at + 2));
                return true;
            }
            @Override public boolean output(elvis.message.Message p, elvis.protocol.ipv4.Ipv4Interface out, int nextHop, elvis.protocol.ipv4.Ipv4Interface in) { return true; }
        });
        sim.runUntil(100 * S);
        assertThat(tags).isNotEmpty().containsOnly(65003);
        sim.runUntil(200 * S);
        assertThat(Ipv4.of(machine(sim, "r3")).lookup(Ipv4Address.parse("10.3.0.2"))).as("withdrawn at 120 s").isNull();
    }

    private static elvis.routing.ospf.Ospf ospf(Machine m) {
        return m.applications().stream().filter(a -> a instanceof elvis.routing.ospf.Ospf).map(a -> (elvis.routing.ospf.Ospf) a).findFirst().orElseThrow();
    }

    private static String errorsOfParse(String text) { return parse(text).render(); }

    private static String errorsOf(String text) {
        NdlResult r = parse(text);
        assertThat(r.errors()).as(r.render()).isEmpty();
        try {
            SimulationBuilder.build(r.simulation().orElseThrow(), ApplicationRegistry.load());
            return "";
        } catch (SimulationBuilder.BuildException e) {
            return e.diagnostics().toString();
        }
    }

    private SimulationBuilder.Built traceAcross(String text) throws Exception {
        SimulationBuilder.Built b = build(text);
        Simulation sim = b.simulation();
        sim.runUntil(120 * S);
        Route toC = Ipv4.of(machine(sim, "a1")).lookup(Ipv4Address.parse("10.3.0.2"));
        assertThat(toC).isNotNull();
        assertThat(toC.origin()).isEqualTo(Origin.EBGP);
        assertThat(bgp(machine(sim, "a1")).best(elvis.routing.Prefix.parse("10.3.0.0/24")).attributes().asPath().toString())
                .isEqualTo("65002 4200000003");
        Machine host = machine(sim, "ha-1");
        int target = b.model().address(groupOf(b.model(), "hc"), 1, 0).bits();
        Traceroute t = new Traceroute(target, 30, 1, 2 * S);
        host.addApplication(t);
        t.start(host);
        sim.runUntil(200 * S);
        assertThat(t.reached()).as(String.join("\n", t.output())).isTrue();
        assertThat(hopMachines(b, t)).containsExactly("a1", "t1", "t2", "c1", "hc");
        for (Machine m : sim.machines()) assertThat(m.failures()).as(m.name()).isEmpty();
        return b;
    }

    private static int groupOf(NdlSimulation model, String name) {
        for (int g = 0; g < model.machines().size(); g++) if (model.machines().get(g).name().equals(name)) return g;
        throw new IllegalArgumentException(name);
    }

    /** The machine that answered each hop, from the address it answered from. */
    @SuppressWarnings("unchecked")
    private static List<String> hopMachines(SimulationBuilder.Built b, Traceroute t) {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> hop : (List<Map<String, Object>>) t.results().get("hops")) {
            Map<String, Object> probe = ((List<Map<String, Object>>) hop.get("probes")).getFirst();
            int address = Ipv4Address.parse((String) probe.get("address"));
            String owner = "?";
            for (Machine m : b.simulation().machines()) {
                for (var i : Ipv4.of(m).interfaces()) if (i.address() == address) owner = m.name();
            }
            names.add(owner);
        }
        return names;
    }
}
