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
    record R(String name, boolean local, long localPref, int asPathLength, int origin, int neighborAs, long med,
             boolean ebgp, long igpCost, int bgpId, int clusterListLength, int peerAddress) implements Decision.Candidate {
        R with(String n) { return new R(n, local, localPref, asPathLength, origin, neighborAs, med, ebgp, igpCost, bgpId, clusterListLength, peerAddress); }
    }

    /** A route that wins every step after whichever one a test changes. */
    static final R GOOD = new R("good", false, 100, 2, 0, 65001, 0, true, 0, 1, 0, 1);
    /** Worse than GOOD at every step. */
    static final R BAD = new R("bad", false, 100, 2, 0, 65001, 50, false, 10, 9, 3, 9);

    static String best(R... rs) {
        return rs[Decision.best(List.of(rs))].name();
    }

    @Test
    void emptyAndSingle() {
        assertThat(Decision.best(List.of())).isEqualTo(-1);
        assertThat(Decision.best(List.of(GOOD))).isZero();
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
            assertThat(all.get(Decision.best(all)).name()).isEqualTo("B");
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
