package elvis.routing.bgp;

import elvis.routing.Prefix;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link BgpDecision#STANDARD}: each step of RFC 4271 §9.1.2.2 decides when the earlier ones tie. */
class BgpDecisionTest {
    static final Prefix P = new Prefix(0x0A000000, 8);

    record Peer(int address, long asn, long localAsn, int routerId) implements BgpPeer {
        @Override public int localAddress() { return 1; }
        @Override public int localRouterId() { return 1; }
    }

    static final Peer EBGP_A = new Peer(0x0A000009, 65002, 65001, 9), EBGP_B = new Peer(0x0A000005, 65003, 65001, 5),
            IBGP = new Peer(0x0A000003, 65001, 65001, 3);

    static PathAttributes.Builder attrs(long... path) { return PathAttributes.builder().asPath(AsPath.sequence(path)).nextHop(7); }

    static BgpRoute route(PathAttributes.Builder a, BgpPeer peer) { return new BgpRoute(P, a.build(), peer, 0); }

    static void prefers(BgpRoute better, BgpRoute worse) {
        assertThat(BgpDecision.STANDARD.compare(better, worse)).isNegative();
        assertThat(BgpDecision.STANDARD.compare(worse, better)).isPositive();
    }

    @Test
    void stepsInTheRfcsOrder() {
        // a) LOCAL_PREF beats a shorter path; absent counts as 100.
        prefers(route(attrs(1, 2, 3).localPref(150), EBGP_A), route(attrs(1), EBGP_B));
        prefers(route(attrs(1, 2), EBGP_A), route(attrs(1).localPref(99), EBGP_B));
        // b) shorter AS_PATH beats a lower ORIGIN.
        prefers(route(attrs(1).origin(PathAttributes.INCOMPLETE), EBGP_A), route(attrs(1, 2), EBGP_B));
        // c) lower ORIGIN beats a lower MED.
        prefers(route(attrs(1).med(50), EBGP_A), route(attrs(1).med(10).origin(PathAttributes.EGP), EBGP_B));
        // d) lower MED from the same neighbouring AS beats eBGP over iBGP; between ASes MED is ignored.
        prefers(route(attrs(1).med(5), IBGP), route(attrs(1).med(10), EBGP_A));
        prefers(route(attrs(2).med(10), EBGP_B), route(attrs(1).med(5), EBGP_A));   // then router id 5 < 9
        // e) eBGP over iBGP beats IGP cost.
        prefers(new BgpRoute(P, attrs(1).build(), EBGP_A, 50), new BgpRoute(P, attrs(2).build(), IBGP, 0));
        // f) lower IGP cost beats a lower router id.
        prefers(new BgpRoute(P, attrs(1).build(), IBGP, 1), new BgpRoute(P, attrs(1).build(), new Peer(0x0A000002, 65001, 65001, 2), 2));
        // g) lower identifier (ORIGINATOR_ID when reflected) beats a shorter CLUSTER_LIST.
        prefers(route(attrs(1).originatorId(1).clusterList(1, 2), IBGP), route(attrs(1).clusterList(1), IBGP));
        // h) shorter CLUSTER_LIST, then i) lower peer address.
        prefers(route(attrs(1).originatorId(4).clusterList(1), IBGP), route(attrs(1).originatorId(4).clusterList(1, 2), IBGP));
        prefers(route(attrs(1), new Peer(0x0A000001, 65002, 65001, 9)), route(attrs(1), EBGP_A));
        // Own routes first among equals.
        prefers(route(attrs(), null), route(attrs(), EBGP_A));
    }
}
