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

    /** r0..r(n-1) in a chain as {@link OspfTest#chain}, the last redistributing static routes. */
    static OspfTest.Chain chainRedistributingAtTheEnd(int n) {
        return OspfTest.chain(n, LinkConfig.UNLIMITED.withDelay(MS), i -> {
            OspfConfig c = config(ip("1.1.1." + (i + 1)), passive(0));
            return i == n - 1 ? c.withRedistribution(Set.of("static"), 20, true) : c;
        });
    }
}
