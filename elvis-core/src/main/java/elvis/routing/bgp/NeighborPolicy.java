package elvis.routing.bgp;

import elvis.routing.Prefix;
import elvis.routing.Relationship;

/**
 * The policy of one neighbour: its Gao-Rexford relationship (NONE: none), then the configured import
 * and export {@link Policy}. Import: on eBGP, our own relationship tags are removed (a neighbour may
 * not forge them), the relationship sets LOCAL_PREF and its tag, then the import policy may refuse
 * the route or change it (its settings win over the relationship's). Export: RFC 1997's
 * NO_ADVERTISE keeps a route from every peer and NO_EXPORT from eBGP peers; valley-free export to a
 * neighbour with a relationship; then the export policy; our tags never leave the AS.
 */
public final class NeighborPolicy {
    private final long localAsn;
    private final boolean ebgp;
    private final Relationship relationship;
    private final Policy importPolicy, exportPolicy;
    private final int[] ownTags;
    private PathAttributes lastReceived, lastTagged;   // the tagging of the last set received: one per UPDATE, not per prefix

    public NeighborPolicy(long localAsn, boolean ebgp, Relationship relationship, Policy importPolicy, Policy exportPolicy) {
        this.localAsn = localAsn;
        this.ebgp = ebgp;
        this.relationship = ebgp ? relationship : Relationship.NONE;
        this.importPolicy = importPolicy;
        this.exportPolicy = exportPolicy;
        ownTags = GaoRexford.tags(localAsn);
    }

    public Relationship relationship() { return relationship; }

    /** The attributes to keep for a route this neighbour sent, or null to refuse it. */
    public PathAttributes onImport(Prefix prefix, PathAttributes a) {
        if (ebgp && a == lastReceived) a = lastTagged;
        else if (ebgp) {
            lastReceived = a;
            int[] cs = a.communities();
            int[] add = relationship == Relationship.NONE ? Communities.NONE : new int[] {GaoRexford.tag(localAsn, relationship)};
            int[] edited = Communities.edit(cs, add, ownTags);
            if (edited != cs || relationship != Relationship.NONE) {
                PathAttributes.Builder b = a.toBuilder().communities(edited);
                if (relationship != Relationship.NONE) b.localPref(GaoRexford.localPref(relationship));
                a = b.build();
            }
            lastTagged = a;
        }
        return apply(importPolicy, prefix, a, false);
    }

    /** The attributes to advertise a route with to this neighbour (before the speaker's eBGP changes), or null not to. */
    public PathAttributes onExport(Prefix prefix, PathAttributes a) {
        if (a.hasCommunity(Communities.NO_ADVERTISE) || ebgp && a.hasCommunity(Communities.NO_EXPORT)) return null;
        if (relationship != Relationship.NONE && !GaoRexford.exports(GaoRexford.learntFrom(localAsn, a.communities()), relationship)) return null;
        return apply(exportPolicy, prefix, a, ebgp);
    }

    private PathAttributes apply(Policy policy, Prefix prefix, PathAttributes a, boolean stripTags) {
        Policy.Rule rule = policy.evaluate(new Subject(prefix, a, localAsn));
        if (!rule.permit()) return null;
        int[] cs = a.communities();
        int[] edited = rule.communities(cs);
        if (stripTags) edited = Communities.edit(edited, Communities.NONE, ownTags);
        if (edited == cs && rule.setLocalPref() < 0 && rule.setMed() < 0) return a;
        return a.toBuilder().communities(edited).localPref(rule.localPref(a.localPref())).med(rule.med(a.med())).build();
    }

    /** A route as a {@link Policy} reads it. */
    private record Subject(Prefix route, PathAttributes a, long localAsn) implements Policy.Subject {
        public int prefix() { return route.address(); }

        public int length() { return route.length(); }

        public boolean hasCommunity(int community) { return a.hasCommunity(community); }

        public boolean asPathContains(long asn) { return a.asPath().contains(asn); }

        public long originAs() { return a.asPath().isEmpty() ? localAsn : a.asPath().originAs(); }
    }
}
