package elvis.routing.bgp;

import elvis.routing.Prefix;
import elvis.routing.Relationship;
import org.junit.jupiter.api.Test;

import static elvis.routing.Relationship.CUSTOMER;
import static elvis.routing.Relationship.NONE;
import static elvis.routing.Relationship.PEER;
import static elvis.routing.Relationship.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

class NeighborPolicyTest {
    static final long AS = 65001;
    static final Prefix P = new Prefix(0x0A010000, 16);

    static PathAttributes route(int... communities) {
        return PathAttributes.builder().asPath(AsPath.sequence(65002, 65003)).nextHop(0x0A000002).communities(communities).build();
    }

    static NeighborPolicy gr(Relationship r) { return new NeighborPolicy(AS, true, r, Policy.PERMIT_ALL, Policy.PERMIT_ALL); }

    @Test
    void relationshipSetsLocalPrefAndTags() {
        assertThat(gr(CUSTOMER).onImport(P, route()).localPref()).isEqualTo(200);
        assertThat(gr(PEER).onImport(P, route()).localPref()).isEqualTo(100);
        assertThat(gr(PROVIDER).onImport(P, route()).localPref()).isEqualTo(50);
        assertThat(gr(CUSTOMER).onImport(P, route()).communities()).containsExactly(Communities.parse("65001:1000"));
        assertThat(gr(PEER).onImport(P, route()).communities()).containsExactly(Communities.parse("65001:2000"));
        assertThat(gr(PROVIDER).onImport(P, route()).communities()).containsExactly(Communities.parse("65001:3000"));
        assertThat(gr(NONE).onImport(P, route()).localPref()).as("no relationship, no change").isEqualTo(-1);
        assertThat(GaoRexford.tag(4_200_000_000L, PEER)).as("a 4-octet AS tags with AS_TRANS").isEqualTo(Communities.parse("23456:2000"));
    }

    @Test
    void aNeighbourCannotForgeOurTags() {
        int forged = GaoRexford.tag(AS, CUSTOMER), theirs = Communities.parse("65002:7");
        PathAttributes in = gr(PROVIDER).onImport(P, route(forged, theirs));
        assertThat(in.communities()).containsExactlyInAnyOrder(theirs, GaoRexford.tag(AS, PROVIDER));
        assertThat(gr(NONE).onImport(P, route(forged, theirs)).communities()).containsExactly(theirs);
        // over iBGP the tags are the AS's own and stay
        NeighborPolicy ibgp = new NeighborPolicy(AS, false, NONE, Policy.PERMIT_ALL, Policy.PERMIT_ALL);
        assertThat(ibgp.onImport(P, route(forged)).communities()).containsExactly(forged);
    }

    @Test
    void exportIsValleyFree() {
        Relationship[] learnt = {CUSTOMER, PEER, PROVIDER};
        for (Relationship from : learnt) {
            PathAttributes r = gr(from).onImport(P, route());
            for (Relationship to : learnt) {
                boolean expected = from == CUSTOMER || to == CUSTOMER;
                assertThat(gr(to).onExport(P, r) != null).as("learnt from a %s, to a %s", from, to).isEqualTo(expected);
            }
            assertThat(gr(NONE).onExport(P, r)).as("no relationship, no restriction").isNotNull();
        }
        PathAttributes own = PathAttributes.builder().build();
        for (Relationship to : learnt) assertThat(gr(to).onExport(P, own)).as("our own routes go to a %s", to).isNotNull();
    }

    @Test
    void tagsNeverLeaveTheAsButStayInside() {
        PathAttributes r = gr(CUSTOMER).onImport(P, route(Communities.parse("65002:7")));
        assertThat(gr(PEER).onExport(P, r).communities()).containsExactly(Communities.parse("65002:7"));
        NeighborPolicy ibgp = new NeighborPolicy(AS, false, PEER, Policy.PERMIT_ALL, Policy.PERMIT_ALL);
        assertThat(ibgp.relationship()).as("relationships are for eBGP neighbours").isEqualTo(NONE);
        assertThat(ibgp.onExport(P, r).communities()).contains(GaoRexford.tag(AS, CUSTOMER));
    }

    @Test
    void wellKnownCommunities_rfc1997() {
        NeighborPolicy ebgp = gr(NONE), ibgp = new NeighborPolicy(AS, false, NONE, Policy.PERMIT_ALL, Policy.PERMIT_ALL);
        assertThat(ebgp.onExport(P, route(Communities.NO_EXPORT))).isNull();
        assertThat(ibgp.onExport(P, route(Communities.NO_EXPORT))).isNotNull();
        assertThat(ebgp.onExport(P, route(Communities.NO_ADVERTISE))).isNull();
        assertThat(ibgp.onExport(P, route(Communities.NO_ADVERTISE))).isNull();
    }

    @Test
    void importAndExportPoliciesApplyAfterTheRelationship() {
        NeighborPolicy p = new NeighborPolicy(AS, true, CUSTOMER,
                Policy.parse("deny prefix 10.1.0.0/16 le 32 origin-as 666; permit prefix 10.0.0.0/8 le 24 set local_pref 250 community 65001:42"),
                Policy.parse("permit community 65001:42 set med 30 no-community 65001:42; deny"));
        PathAttributes in = p.onImport(P, route());
        assertThat(in.localPref()).as("the policy's setting wins").isEqualTo(250);
        assertThat(in.communities()).containsExactlyInAnyOrder(GaoRexford.tag(AS, CUSTOMER), Communities.parse("65001:42"));
        assertThat(p.onImport(P, PathAttributes.builder().asPath(AsPath.sequence(65002, 666)).build())).as("denied").isNull();
        assertThat(p.onImport(new Prefix(0x0B000000, 8), route())).as("implicit deny").isNull();
        PathAttributes out = p.onExport(P, in);
        assertThat(out.med()).isEqualTo(30);
        assertThat(out.communities()).as("policy edits, then our tags stripped").isEmpty();
        assertThat(p.onExport(P, route())).isNull();
        assertThat(p.onExport(P, in.toBuilder().localPref(7).build()).localPref()).as("unset values kept for the speaker to handle").isEqualTo(7);
    }
}
