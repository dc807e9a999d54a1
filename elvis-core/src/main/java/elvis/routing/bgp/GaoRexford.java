package elvis.routing.bgp;

import elvis.routing.Relationship;

/**
 * Gao-Rexford policies in one word: what a neighbour is to us (customer, peer or provider) sets the
 * LOCAL_PREF of the routes it sends (customer 200 over peer 100 over provider 50, so that paying
 * customers' routes win) and tags them with a community naming the relationship, which follows the
 * route through iBGP to the AS's other border routers. Export is valley-free: routes learnt from a
 * peer or a provider go to customers only; customers' routes and our own go to everyone. The tag is
 * {@code A:1000} (customer), {@code A:2000} (peer) or {@code A:3000} (provider), A the local AS
 * (AS_TRANS, 23456, for a 4-octet one, as RFC 6793 does for 2-octet fields); it is removed on the
 * way out of the AS, and a neighbour's copy of it is replaced on the way in. A route with no tag
 * (our own, or one from a neighbour with no relationship) goes to everyone.
 */
public final class GaoRexford {
    private GaoRexford() {}

    public static final long CUSTOMER_PREF = 200, PEER_PREF = 100, PROVIDER_PREF = 50;
    static final int AS_TRANS = 23456;

    /** The LOCAL_PREF given to routes from a neighbour of that relationship (-1: NONE, no change). */
    public static long localPref(Relationship r) {
        return switch (r) {
            case CUSTOMER -> CUSTOMER_PREF;
            case PEER -> PEER_PREF;
            case PROVIDER -> PROVIDER_PREF;
            case NONE -> -1;
        };
    }

    /** The community that marks routes learnt from a neighbour of that relationship in AS {@code localAsn}. */
    public static int tag(long localAsn, Relationship r) {
        int high = localAsn <= 0xFFFF ? (int) localAsn : AS_TRANS;
        return high << 16 | switch (r) {
            case CUSTOMER -> 1000;
            case PEER -> 2000;
            case PROVIDER -> 3000;
            case NONE -> throw new IllegalArgumentException("no tag for NONE");
        };
    }

    /** The relationship a route's communities say it was learnt over, in AS {@code localAsn}; NONE when untagged. */
    public static Relationship learntFrom(long localAsn, int[] communities) {
        for (Relationship r : TAGGED) if (Communities.contains(communities, tag(localAsn, r))) return r;
        return Relationship.NONE;
    }

    private static final Relationship[] TAGGED = {Relationship.CUSTOMER, Relationship.PEER, Relationship.PROVIDER};

    /** The three tags of AS {@code localAsn}, sorted as a community set. */
    public static int[] tags(long localAsn) {
        int[] t = Communities.NONE;
        for (Relationship r : TAGGED) t = Communities.with(t, tag(localAsn, r));
        return t;
    }

    /** Valley-free export: may a route learnt over {@code from} (NONE: untagged) go to a neighbour that is {@code to}? */
    public static boolean exports(Relationship from, Relationship to) {
        return to == Relationship.CUSTOMER || to == Relationship.NONE || from == Relationship.CUSTOMER || from == Relationship.NONE;
    }
}
