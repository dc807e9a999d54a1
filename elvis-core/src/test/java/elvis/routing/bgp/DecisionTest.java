package elvis.routing.bgp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per step of RFC 4271 §9.1.2.2 (and RFC 4456 §9), in order: each pits a route that is
 * better at that step against one that is better at every later step, so a step applied out of
 * order or skipped picks the wrong one.
 */
class DecisionTest {
    static final long LOCAL_AS = 65000;

    record Peer(int address, long asn, int routerId) implements BgpPeer {
        @Override public int localAddress() { return 1; }
        @Override public long localAsn() { return LOCAL_AS; }
        @Override public int localRouterId() { return 1; }
    }

    /** A route described by the quantities each step reads. */
    record R(String name, boolean local, long localPref, int asPathLength, int origin, int neighborAs, long med,
             boolean ebgp, long igpCost, int bgpId, int clusterListLength, int peerAddress) {
        R with(String n) { return new R(n, local, localPref, asPathLength, origin, neighborAs, med, ebgp, igpCost, bgpId, clusterListLength, peerAddress); }

        BgpRoute route() {
            long[] path = new long[asPathLength];
            for (int i = 0; i < path.length; i++) path[i] = i == 0 ? neighborAs : 100 + i;
            PathAttributes a = PathAttributes.builder().localPref(localPref).asPath(AsPath.sequence(path)).origin(origin).med(med)
                    .clusterList(new int[clusterListLength]).nextHop(7).build();
            return new BgpRoute(new elvis.routing.Prefix(0x0A000000, 8), a, local ? null : new Peer(peerAddress, ebgp ? neighborAs : LOCAL_AS, bgpId), igpCost);
        }
    }

    /** A route that wins every step after whichever one a test changes. */
    static final R GOOD = new R("good", false, 100, 2, 0, 65001, 0, true, 0, 1, 0, 1);
    /** Worse than GOOD at every step. */
    static final R BAD = new R("bad", false, 100, 2, 0, 65001, 50, false, 10, 9, 3, 9);

    static String best(R... rs) {
        List<BgpRoute> routes = new ArrayList<>();
        for (R r : rs) routes.add(r.route());
        return rs[Decision.best(routes)].name();
    }

    @Test
    void emptyAndSingle() {
        assertThat(Decision.best(List.of())).isEqualTo(-1);
        assertThat(Decision.best(List.of(GOOD.route()))).isZero();
    }

    @Test
    void step0_aLocallyOriginatedRouteWinsOverAnyLearntOne() {
        R local = new R("local", true, 100, 0, 2, 65000, 0, false, 0, 0, 0, 0);
        R customer = new R("customer", false, 200, 1, 0, 666, 0, true, 0, 1, 0, 1);   // a hijacker's route at customer preference
        assertThat(best(customer, local)).isEqualTo("local");
    }

    @Test
    void step1_highestLocalPref_asUnsigned() {
        R high = new R("high", false, 0xFFFF_FFFFL, 9, 2, 65009, 99, false, 99, 99, 9, 99);
        assertThat(best(GOOD, high)).isEqualTo("high");
        assertThat(best(new R("low", false, 50, 1, 0, 1, 0, true, 0, 0, 0, 0), BAD.with("hundred"))).isEqualTo("hundred");
    }

    @Test
    void stepA_shortestAsPath() {
        R shortP = new R("short", false, 100, 1, 2, 65009, 99, false, 99, 99, 9, 99);
        assertThat(best(GOOD, shortP)).isEqualTo("short");
    }

    @Test
    void stepB_lowestOrigin() {
        R igp = new R("igp", false, 100, 2, 0, 65001, 99, false, 99, 99, 9, 99);
        R egp = new R("egp", false, 100, 2, 1, 65001, 0, true, 0, 1, 0, 1);
        R incomplete = new R("incomplete", false, 100, 2, 2, 65001, 0, true, 0, 0, 0, 0);
        assertThat(best(incomplete, egp, igp)).isEqualTo("igp");
        assertThat(best(incomplete, egp)).isEqualTo("egp");
    }

    @Test
    void stepC_lowestMedOnlyBetweenRoutesFromTheSameNeighbourAs() {
        R lowMed = new R("lowMed", false, 100, 2, 0, 65001, 5, false, 99, 99, 9, 99);
        R highMed = new R("highMed", false, 100, 2, 0, 65001, 10, true, 0, 1, 0, 1);
        assertThat(best(highMed, lowMed)).isEqualTo("lowMed");
        // from another AS the MEDs are not compared: the later steps decide
        R otherAs = new R("otherAs", false, 100, 2, 0, 65002, 10, true, 0, 1, 0, 1);
        assertThat(best(otherAs, lowMed)).isEqualTo("otherAs");
        // MED as unsigned: 0xFFFFFFFF is the highest
        R maxMed = new R("maxMed", false, 100, 2, 0, 65001, 0xFFFF_FFFFL, true, 0, 0, 0, 0);
        assertThat(best(maxMed, lowMed)).isEqualTo("lowMed");
    }

    @Test
    void stepC_theMedStepIsNotTransitiveSoTheResultMustNotDependOnOrder() {
        // A (AS1, MED 10, eBGP, id 1), B (AS2, eBGP, id 2), C (AS1, MED 5, iBGP, id 3).
        // Pairwise: A beats B (id), B beats C (eBGP), C beats A (MED): a comparator would cycle.
        // The RFC removes A (C has a lower MED in AS1), then B (eBGP) beats C.
        R a = new R("A", false, 100, 2, 0, 1, 10, true, 0, 1, 0, 1);
        R b = new R("B", false, 100, 2, 0, 2, 0, true, 0, 2, 0, 2);
        R c = new R("C", false, 100, 2, 0, 1, 5, false, 0, 3, 0, 3);
        List<R> all = new ArrayList<>(List.of(a, b, c));
        Random rnd = new Random(4271);
        for (int i = 0; i < 12; i++) {
            Collections.shuffle(all, rnd);
            assertThat(best(all.toArray(new R[0]))).isEqualTo("B");
        }
    }

    @Test
    void stepD_ebgpOverIbgp() {
        R ebgp = new R("ebgp", false, 100, 2, 0, 65001, 0, true, 99, 99, 9, 99);
        R ibgp = new R("ibgp", false, 100, 2, 0, 65001, 0, false, 0, 1, 0, 1);
        assertThat(best(ibgp, ebgp)).isEqualTo("ebgp");
    }

    @Test
    void stepE_lowestInteriorCost() {
        R near = new R("near", false, 100, 2, 0, 65001, 0, false, 5, 99, 9, 99);
        R far = new R("far", false, 100, 2, 0, 65001, 0, false, 6, 1, 0, 1);
        assertThat(best(far, near)).isEqualTo("near");
    }

    @Test
    void stepF_lowestBgpIdentifierOrOriginatorId_asUnsigned() {
        R low = new R("low", false, 100, 2, 0, 65001, 0, false, 5, 0x7FFF_FFFF, 9, 99);
        R high = new R("high", false, 100, 2, 0, 65001, 0, false, 5, 0x8000_0000, 0, 1);
        assertThat(best(high, low)).isEqualTo("low");
    }

    @Test
    void rfc4456_theOriginatorIdStandsForTheAdvertisersIdentifier() {
        elvis.routing.Prefix p = new elvis.routing.Prefix(0x0A000000, 8);
        PathAttributes.Builder a = PathAttributes.builder().asPath(AsPath.sequence(65001)).nextHop(7);
        BgpRoute reflected = new BgpRoute(p, a.originatorId(2).clusterList(9).build(), new Peer(0x0A000001, LOCAL_AS, 50), 0);
        BgpRoute direct = new BgpRoute(p, a.originatorId(-1).clusterList().build(), new Peer(0x0A000002, LOCAL_AS, 3), 0);
        assertThat(Decision.best(List.of(direct, reflected))).as("originator 2 < router id 3, despite the longer CLUSTER_LIST").isOne();
    }

    @Test
    void rfc4456_shortestClusterListBetweenFAndG() {
        R shortList = new R("short", false, 100, 2, 0, 65001, 0, false, 5, 7, 1, 99);
        R longList = new R("long", false, 100, 2, 0, 65001, 0, false, 5, 7, 2, 1);
        assertThat(best(longList, shortList)).isEqualTo("short");
    }

    @Test
    void stepG_lowestPeerAddress_asUnsigned() {
        R low = new R("low", false, 100, 2, 0, 65001, 0, false, 5, 7, 1, 0x0A000001);
        R high = new R("high", false, 100, 2, 0, 65001, 0, false, 5, 7, 1, 0xC0A80001);
        assertThat(best(high, low)).isEqualTo("low");
    }
}
