package elvis.routing.ospf;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static elvis.routing.ospf.OspfTest.MS;
import static elvis.routing.ospf.OspfTest.S;
import static elvis.routing.ospf.OspfTest.config;
import static elvis.routing.ospf.OspfTest.ip;
import static elvis.routing.ospf.OspfTest.passive;
import static org.assertj.core.api.Assertions.assertThat;

/** AS-external LSAs (RFC 2328 §12.4.4, §16.4): origination by an ASBR, type 1 and type 2 metrics, flushing, and a cold restart (§13.4). */
class OspfExternalTest {
    static final int EXT = ip("172.16.0.0");

    static List<Route> external(Machine m) {
        return Ipv4.of(m).routes().stream().filter(r -> r.origin() == Origin.OSPF_EXTERNAL).toList();
    }

    static List<Lsa> type5(Ospf o) { return o.database().stream().filter(l -> l.type == Lsa.AS_EXTERNAL).toList(); }

    static Lsa routerLsa(Ospf o, int rid) {
        return o.database().stream().filter(l -> l.type == Lsa.ROUTER && l.advRouter == rid).findFirst().orElseThrow();
    }

    @Test
    void aRedistributedStaticRouteIsATypeTwoExternalRouteEverywhereAndIsFlushedWhenItGoes() {
        OspfTest.Chain c = chainRedistributingAtTheEnd(3);
        Machine r2 = c.routers().get(2);
        c.sim().runUntil(60 * S);
        assertThat(type5(c.daemons().get(0))).isEmpty();
        assertThat(routerLsa(c.daemons().get(0), ip("1.1.1.3")).flags & Lsa.FLAG_E).as("no ASBR before it redistributes").isZero();
        Ipv4.of(r2).addRoute(EXT, 16, ip("192.168.2.9"));           // behind r2's stub LAN
        c.sim().runUntil(61 * S);
        Lsa l = type5(c.daemons().get(0)).getFirst();
        // A.4.5: link-state id the network, mask, E bit (type 2), metric 20, forwarding address 0, tag 0 (a static route has no AS).
        assertThat(List.of(l.id, l.advRouter, l.mask, l.metric, l.forwarding, l.tag)).containsExactly(EXT, ip("1.1.1.3"), ip("255.255.0.0"), 20, 0, 0);
        assertThat(l.type2).isTrue();
        assertThat(l.seq).isEqualTo(Lsa.INITIAL_SEQUENCE);
        assertThat(routerLsa(c.daemons().get(0), ip("1.1.1.3")).flags & Lsa.FLAG_E).as("E bit: an AS boundary router (A.4.2)").isEqualTo(Lsa.FLAG_E);
        // Type 2: the metric alone, not the 2 of the path to r2.
        assertThat(external(c.routers().get(0))).extracting(Route::toString).containsExactly("172.16.0.0/16 via 10.0.0.2 (ospf_external metric 20)");
        assertThat(external(c.routers().get(1))).extracting(Route::toString).containsExactly("172.16.0.0/16 via 10.0.1.2 (ospf_external metric 20)");
        assertThat(external(r2)).as("the ASBR keeps its own route").isEmpty();
        assertThat(Ipv4.of(c.routers().get(0)).lookup(ip("172.16.3.4")).origin()).isEqualTo(Origin.OSPF_EXTERNAL);

        Ipv4.of(r2).removeRoute(new Route(EXT, 16, ip("192.168.2.9"), Ipv4.of(r2).interfaces().getFirst(), Origin.STATIC));
        c.sim().runUntil(c.sim().kernel().now() + 1);               // flushed at once: MaxAge, same sequence number (§14.1)
        Lsa dead = type5(c.daemons().get(2)).getFirst();
        assertThat(dead.age).isEqualTo(Lsa.MAX_AGE);
        assertThat(dead.seq).isEqualTo(Lsa.INITIAL_SEQUENCE);
        c.sim().runUntil(70 * S);
        assertThat(external(c.routers().get(0))).isEmpty();
        assertThat(Ipv4.of(c.routers().get(0)).lookup(ip("172.16.3.4"))).isNull();
        for (Ospf o : c.daemons()) assertThat(type5(o)).as("removed once acknowledged everywhere").isEmpty();
        assertThat(routerLsa(c.daemons().get(0), ip("1.1.1.3")).flags & Lsa.FLAG_E).as("no longer an ASBR").isZero();
        for (Machine m : c.routers()) assertThat(m.failures()).isEmpty();
    }

    @Test
    void anExternalLsaIsRefreshedEveryThirtyMinutesWithTheNextSequenceNumber() {
        OspfTest.Chain c = chainRedistributingAtTheEnd(2);
        Ipv4.of(c.routers().get(1)).addRoute(EXT, 16, ip("192.168.1.9"));
        c.sim().runUntil(1799 * S);
        assertThat(type5(c.daemons().get(0)).getFirst().seq).isEqualTo(Lsa.INITIAL_SEQUENCE);
        c.sim().runUntil(1802 * S);
        assertThat(type5(c.daemons().get(0)).getFirst().seq).isEqualTo(Lsa.INITIAL_SEQUENCE + 1);
        assertThat(external(c.routers().get(0))).hasSize(1);
    }

    /**
     * Two ASBRs redistribute the same prefix: A at cost 1 from r0, B at cost 10 (r0 - x - B, the x-B
     * link costing 9). r0's route per §16.4 step 6: type 1 paths before type 2; type 1 by cost to the
     * ASBR plus metric; type 2 by metric, then by cost to the ASBR.
     */
    @Test
    void twoAsbrsTypeOneAddsTheCostTypeTwoComparesTheMetricThenTheCost() {
        assertThat(viaTwoAsbrs(20, true, 19, true)).as("type 2: 19 < 20, however far B is").isEqualTo("172.16.0.0/16 via 10.0.2.2 (ospf_external metric 19)");
        assertThat(viaTwoAsbrs(20, false, 19, false)).as("type 1: 1 + 20 = 21 < 10 + 19 = 29").isEqualTo("172.16.0.0/16 via 10.0.1.2 (ospf_external metric 21)");
        assertThat(viaTwoAsbrs(100, false, 1, true)).as("a type 1 path beats any type 2 one").isEqualTo("172.16.0.0/16 via 10.0.1.2 (ospf_external metric 101)");
        assertThat(viaTwoAsbrs(20, true, 20, true)).as("equal type 2 metrics: the nearer ASBR").isEqualTo("172.16.0.0/16 via 10.0.1.2 (ospf_external metric 20)");
    }

    @Test
    void anIntraAreaRouteBeatsAnExternalOneToTheSameNetwork() {
        Simulation sim = twoAsbrs(20, true, 20, true);
        Machine a = sim.find("A"), r0 = sim.find("r0");
        Ipv4.of(a).addRoute(ip("192.168.2.0"), 24, ip("192.168.1.9"));      // B's stub LAN, also redistributed by A
        sim.runUntil(60 * S);
        assertThat(((Ospf) r0.applications().getFirst()).database())
                .anyMatch(l -> l.type == Lsa.AS_EXTERNAL && l.id == ip("192.168.2.0"));
        List<Route> to = Ipv4.of(r0).routes().stream().filter(r -> r.prefix() == ip("192.168.2.0")).toList();
        assertThat(to).extracting(Route::toString).containsExactly("192.168.2.0/24 via 10.0.2.2 (ospf metric 11)");
    }

    /**
     * Loop avoidance: r0 speaks eBGP to a peer p and redistributes OSPF into BGP. As Cisco's default
     * {@code match internal}, it announces the area's networks but not the AS-external route the ASBR
     * r2 redistributed (an OSPF_EXTERNAL route at r0), which may itself have come from BGP.
     */
    @Test
    void bgpRedistributingOspfTakesTheInternalRoutesAloneNotTheExternalOnes() {
        OspfTest.Chain c = chainRedistributingAtTheEnd(3);
        Simulation sim = c.sim();
        Machine r0 = c.routers().get(0), p = sim.machine("p");
        Network ebgp = sim.link("r0-p", LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.NONE);
        sim.connect(r0, ebgp, "10.9.9.1/30");
        sim.connect(p, ebgp, "10.9.9.2/30");
        var five = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        elvis.routing.bgp.Bgp atR0 = new elvis.routing.bgp.Bgp(new elvis.routing.bgp.BgpConfig(65001, 0,
                List.of(new elvis.routing.bgp.BgpNeighbor(ip("10.9.9.2"), 65002)), List.of(), Set.of("ospf"), 0, 90 * S, 120 * S, five, five));
        elvis.routing.bgp.Bgp atP = new elvis.routing.bgp.Bgp(elvis.routing.bgp.BgpConfig.of(65002,
                List.of(new elvis.routing.bgp.BgpNeighbor(ip("10.9.9.1"), 65001)), List.of()));
        r0.addApplication(atR0);
        p.addApplication(atP);
        Ipv4.of(c.routers().get(2)).addRoute(EXT, 16, ip("192.168.2.9"));
        sim.runUntil(90 * S);
        assertThat(external(r0)).extracting(Route::toString).containsExactly("172.16.0.0/16 via 10.0.0.2 (ospf_external metric 20)");
        assertThat(atP.locRib().keySet()).extracting(Object::toString)
                .as("r1's and r2's networks, learnt by OSPF inside the area").contains("192.168.1.0/24", "192.168.2.0/24", "10.0.1.0/30")
                .doesNotContain("172.16.0.0/16");
    }

    /** §16.4 as a pure computation: through the ASBR or the forwarding address, LSInfinity and unreachable forwarding addresses ignored, the E bit required. */
    @Test
    void spfStageThreeFollowsSection16_4() {
        int r = ip("1.1.1.1"), a = ip("2.2.2.2");
        Lsa root = Lsa.router(OspfPacket.OPTION_E, r, Lsa.INITIAL_SEQUENCE, 0, List.of(
                new Lsa.Link(a, ip("10.0.0.1"), Lsa.POINT_TO_POINT, 3), new Lsa.Link(ip("10.0.0.0"), ip("255.255.255.252"), Lsa.STUB, 3)));
        java.util.function.IntFunction<Lsa> asbr = flags -> Lsa.router(OspfPacket.OPTION_E, a, Lsa.INITIAL_SEQUENCE, flags, List.of(
                new Lsa.Link(r, ip("10.0.0.2"), Lsa.POINT_TO_POINT, 3), new Lsa.Link(ip("192.168.5.0"), ip("255.255.255.0"), Lsa.STUB, 4)));
        List<Lsa> externals = List.of(
                Lsa.external(OspfPacket.OPTION_E, EXT, a, Lsa.INITIAL_SEQUENCE, ip("255.255.0.0"), 10, false, 0, 0),
                Lsa.external(OspfPacket.OPTION_E, ip("198.51.100.0"), a, Lsa.INITIAL_SEQUENCE, ip("255.255.255.0"), 7, true, ip("192.168.5.77"), 0),
                Lsa.external(OspfPacket.OPTION_E, ip("203.0.113.0"), a, Lsa.INITIAL_SEQUENCE, ip("255.255.255.0"), Lsa.LS_INFINITY, true, 0, 0),
                Lsa.external(OspfPacket.OPTION_E, ip("192.0.2.0"), a, Lsa.INITIAL_SEQUENCE, ip("255.255.255.0"), 5, true, ip("10.99.0.1"), 0));
        List<Lsa> lsas = new java.util.ArrayList<>(List.of(root, asbr.apply(Lsa.FLAG_E)));
        lsas.addAll(externals);
        List<Spf.Route> routes = Spf.compute(r, lsas).stream().filter(Spf.Route::external).toList();
        Spf.NextHop viaA = new Spf.NextHop(ip("10.0.0.1"), ip("10.0.0.2"));
        assertThat(routes).containsExactly(
                new Spf.Route(EXT, 16, 13, List.of(viaA), 1, 0),                                  // type 1: 3 to A plus 10
                new Spf.Route(ip("198.51.100.0"), 24, 7, List.of(viaA), 2, 7));                  // type 2 through 192.168.5.0/24 (3 + 4)
        lsas.set(1, asbr.apply(0));
        assertThat(Spf.compute(r, lsas)).as("no E bit: not an ASBR (step 3), whatever the forwarding address").noneMatch(Spf.Route::external);
    }

    static String viaTwoAsbrs(int metricA, boolean type2A, int metricB, boolean type2B) {
        Simulation sim = twoAsbrs(metricA, type2A, metricB, type2B);
        sim.runUntil(60 * S);
        List<Route> r = external(sim.find("r0"));
        assertThat(r).hasSize(1);
        return r.getFirst().toString();
    }

    /** A - r0 - x - B, both ASBRs with a static route to 172.16.0.0/16 behind their stub LAN. */
    static Simulation twoAsbrs(int metricA, boolean type2A, int metricB, boolean type2B) {
        Simulation sim = new Simulation(11);
        Machine r0 = sim.machine("r0"), x = sim.machine("x"), a = sim.machine("A"), b = sim.machine("B");
        LinkConfig l = LinkConfig.UNLIMITED.withDelay(MS);
        Network ra = sim.link("ra", l, Simulation.Resolution.NONE), rx = sim.link("rx", l, Simulation.Resolution.NONE), xb = sim.link("xb", l, Simulation.Resolution.NONE);
        sim.connect(r0, ra, "10.0.1.1/30");
        sim.connect(r0, rx, "10.0.2.1/30");
        sim.connect(x, rx, "10.0.2.2/30");
        sim.connect(x, xb, "10.0.3.1/30");
        sim.connect(a, ra, "10.0.1.2/30");
        sim.connect(a, sim.network("lanA", LinkConfig.UNLIMITED), "192.168.1.1/24");
        sim.connect(b, xb, "10.0.3.2/30");
        sim.connect(b, sim.network("lanB", LinkConfig.UNLIMITED), "192.168.2.1/24");
        a.addApplication(new Ospf(config(ip("9.9.9.1"), passive(1)).withRedistribution(Set.of("static"), metricA, type2A)));
        r0.addApplication(new Ospf(config(ip("9.9.9.2"), new OspfConfig.Interface(0, 1, 1, false), new OspfConfig.Interface(1, 1, 1, false))));
        x.addApplication(new Ospf(config(ip("9.9.9.3"), new OspfConfig.Interface(0, 1, 1, false), new OspfConfig.Interface(1, 9, 1, false))));
        b.addApplication(new Ospf(config(ip("9.9.9.4"), new OspfConfig.Interface(0, 9, 1, false), passive(1)).withRedistribution(Set.of("static"), metricB, type2B)));
        Ipv4.of(a).addRoute(EXT, 16, ip("192.168.1.9"));
        Ipv4.of(b).addRoute(EXT, 16, ip("192.168.2.9"));
        return sim;
    }

    /** r0..r(n-1) in a chain as {@link OspfTest#chain}, the last redistributing static routes. */
    static OspfTest.Chain chainRedistributingAtTheEnd(int n) {
        return OspfTest.chain(n, LinkConfig.UNLIMITED.withDelay(MS), i -> {
            OspfConfig c = config(ip("1.1.1." + (i + 1)), passive(0));
            return i == n - 1 ? c.withRedistribution(Set.of("static"), 20, true) : c;
        });
    }
}
