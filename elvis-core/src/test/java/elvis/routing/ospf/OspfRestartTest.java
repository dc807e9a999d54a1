package elvis.routing.ospf;

import elvis.link.LinkConfig;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Route;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static elvis.routing.ospf.OspfTest.MS;
import static elvis.routing.ospf.OspfTest.S;
import static elvis.routing.ospf.OspfTest.config;
import static elvis.routing.ospf.OspfTest.ip;
import static elvis.routing.ospf.OspfTest.ospfRoutes;
import static elvis.routing.ospf.OspfTest.passive;
import static org.assertj.core.api.Assertions.assertThat;

/** A router whose machine goes down and up reboots cold, and its neighbours' copies of its old LSAs are outdone (RFC 2328 §13.4). */
class OspfRestartTest {
    static Lsa lsa(Ospf o, int type, int adv) {
        return o.database().stream().filter(l -> l.type == type && l.advRouter == adv).findFirst().orElseThrow();
    }

    @Test
    void aRebootedRoutersNewLsasSupersedeItsOldOnesAndRoutesReconverge() {
        // r2 is an ASBR too, so that its AS-external LSA goes through the same.
        OspfTest.Chain c = OspfTest.chain(3, LinkConfig.UNLIMITED.withDelay(MS), i -> {
            OspfConfig k = config(ip("1.1.1." + (i + 1)), passive(0));
            return i == 1 ? k.withRedistribution(Set.of("static"), 20, true) : k;
        });
        Machine r1 = c.routers().get(1);
        Ospf o0 = c.daemons().get(0), o1 = c.daemons().get(1), o2 = c.daemons().get(2);
        Ipv4.of(r1).addRoute(ip("172.16.0.0"), 16, ip("192.168.1.9"));
        int r1Id = ip("1.1.1.2");
        c.sim().runUntil(1900 * S);                                 // past LSRefreshTime: r1's LSAs are at their second instance
        List<String> before = ospfRoutes(c.routers().get(0)).stream().map(Route::toString).toList();
        int oldRouterSeq = lsa(o0, Lsa.ROUTER, r1Id).seq, oldExternalSeq = lsa(o0, Lsa.AS_EXTERNAL, r1Id).seq;
        assertThat(oldRouterSeq).isGreaterThan(Lsa.INITIAL_SEQUENCE);
        assertThat(oldExternalSeq).isEqualTo(Lsa.INITIAL_SEQUENCE + 1);

        c.sim().kernel().at(1900 * S, () -> c.sim().setMachineUp(r1, false));
        c.sim().runUntil(1901 * S);
        assertThat(o1.database()).as("a reboot loses the database").isEmpty();
        assertThat(o1.neighbors()).isEmpty();
        assertThat(ospfRoutes(r1)).isEmpty();
        assertThat(OspfExternalTest.external(r1)).isEmpty();
        assertThat(ospfRoutes(c.routers().get(0))).as("r0 heard its link go down").noneMatch(r -> r.toString().contains("192.168.1.0"));

        c.sim().kernel().at(1910 * S, () -> c.sim().setMachineUp(r1, true));
        c.sim().runUntil(1911 * S);
        assertThat(lsa(o1, Lsa.ROUTER, r1Id).seq).as("a cold start begins at InitialSequenceNumber").isEqualTo(Lsa.INITIAL_SEQUENCE);
        c.sim().runUntil(2000 * S);
        for (Ospf o : List.of(o0, o1, o2)) {
            Lsa router = lsa(o, Lsa.ROUTER, r1Id), external = lsa(o, Lsa.AS_EXTERNAL, r1Id);
            assertThat(router.seq).as("§13.4: past the old instance, in every database").isGreaterThan(oldRouterSeq).isEqualTo(lsa(o1, Lsa.ROUTER, r1Id).seq);
            assertThat(external.seq).as("the AS-external LSA one past its old instance").isEqualTo(oldExternalSeq + 1);
            assertThat(external.age).isLessThan(Lsa.MAX_AGE);
        }
        assertThat(o1.neighbors()).containsExactly("r1/eth1 1.1.1.1 Full", "r1/eth2 1.1.1.3 Full");
        assertThat(ospfRoutes(c.routers().get(0)).stream().map(Route::toString).toList()).isEqualTo(before);
        assertThat(OspfExternalTest.external(c.routers().get(0))).extracting(Route::toString).containsExactly("172.16.0.0/16 via 10.0.0.2 (ospf_external metric 20)");
        for (Machine m : c.routers()) assertThat(m.failures()).isEmpty();
    }
}
