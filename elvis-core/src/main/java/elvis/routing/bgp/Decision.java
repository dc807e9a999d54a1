package elvis.routing.bgp;

import java.util.List;

/**
 * The BGP decision process's tie-breaking (RFC 4271 §9.1.2.2, with RFC 4456 §9's reflection rules),
 * applied to the feasible routes to one prefix (next hop resolvable, no AS_PATH loop): steps that
 * eliminate candidates, in the RFC's order.
 * <ol start="0">
 *   <li>A route this speaker originates itself (network statement, redistribution, announcement)
 *       wins: RFC 4271 §9.1.1 leaves the degree of preference to local policy, and a speaker must
 *       not let a neighbour's announcement of its own prefix (a hijack) displace its own route.</li>
 *   <li>Highest degree of preference: LOCAL_PREF (§9.1.1).</li>
 *   <li>a) Shortest AS_PATH (an AS_SET counts 1).</li>
 *   <li>b) Lowest ORIGIN (IGP &lt; EGP &lt; INCOMPLETE).</li>
 *   <li>c) Among routes from the same neighbouring AS, lowest MULTI_EXIT_DISC (absent = 0). This
 *       step is not a total order (it only compares routes with one neighbour AS), which is why the
 *       process eliminates over the whole set rather than sorting with a comparator.</li>
 *   <li>d) eBGP-learnt over iBGP-learnt.</li>
 *   <li>e) Lowest interior cost to the next hop.</li>
 *   <li>f) Lowest BGP Identifier of the advertising speaker, or its ORIGINATOR_ID when present
 *       (RFC 4456 §9).</li>
 *   <li>RFC 4456 §9: shortest CLUSTER_LIST (between f and g).</li>
 *   <li>g) Lowest peer address.</li>
 * </ol>
 * LOCAL_PREF, MED, identifiers and addresses compare as unsigned 32-bit numbers.
 */
public final class Decision {
    private Decision() {}

    /** What the decision reads of one candidate route. */
    public interface Candidate {
        /** Originated by this speaker. */
        boolean local();

        /** LOCAL_PREF as an unsigned 32-bit number (the default, 100, where absent). */
        long localPref();

        /** AS_PATH length, an AS_SET counting 1. */
        int asPathLength();

        /** ORIGIN: 0 IGP, 1 EGP, 2 INCOMPLETE. */
        int origin();

        /** The leftmost AS of the AS_PATH; the local AS when the path is empty. */
        int neighborAs();

        /** MULTI_EXIT_DISC as an unsigned 32-bit number, 0 where absent. */
        long med();

        /** Learnt over an eBGP session. */
        boolean ebgp();

        /** Interior cost to the next hop. */
        long igpCost();

        /** ORIGINATOR_ID when present, else the BGP Identifier of the peer it came from. */
        int bgpId();

        int clusterListLength();

        /** The peer's address (0 for a local route). */
        int peerAddress();
    }

    /** The index of the best of {@code routes} (-1 when empty). */
    public static int best(List<? extends Candidate> routes) {
        int n = routes.size();
        if (n <= 1) return n - 1;
        boolean[] out = new boolean[n];
        // 0, 9.1.1, a) and b): a lexicographic order, so keep the minimum
        keepMinimum(routes, out, Decision::beforeMed);
        // c) MED, only between routes from the same neighbouring AS
        for (int i = 0; i < n; i++) {
            if (out[i]) continue;
            Candidate a = routes.get(i);
            for (int j = 0; j < n && !out[i]; j++) {
                if (j == i || out[j]) continue;
                Candidate b = routes.get(j);
                if (b.neighborAs() == a.neighborAs() && b.med() < a.med()) out[i] = true;
            }
        }
        // d) .. g): lexicographic again
        keepMinimum(routes, out, Decision::afterMed);
        for (int i = 0; i < n; i++) if (!out[i]) return i;
        throw new AssertionError("the decision eliminated every route");
    }

    private interface Order { int compare(Candidate a, Candidate b); }

    /** Marks out every candidate still in that is worse than the least one in {@code order}. */
    private static void keepMinimum(List<? extends Candidate> routes, boolean[] out, Order order) {
        Candidate min = null;
        for (int i = 0; i < routes.size(); i++) {
            if (out[i]) continue;
            Candidate c = routes.get(i);
            if (min == null || order.compare(c, min) < 0) min = c;
        }
        for (int i = 0; i < routes.size(); i++) if (!out[i] && order.compare(routes.get(i), min) > 0) out[i] = true;
    }

    private static int beforeMed(Candidate a, Candidate b) {
        if (a.local() != b.local()) return a.local() ? -1 : 1;
        int c = Long.compare(b.localPref(), a.localPref());
        if (c != 0) return c;
        c = Integer.compare(a.asPathLength(), b.asPathLength());
        return c != 0 ? c : Integer.compare(a.origin(), b.origin());
    }

    private static int afterMed(Candidate a, Candidate b) {
        if (a.ebgp() != b.ebgp()) return a.ebgp() ? -1 : 1;
        int c = Long.compare(a.igpCost(), b.igpCost());
        if (c != 0) return c;
        c = Integer.compareUnsigned(a.bgpId(), b.bgpId());
        if (c != 0) return c;
        c = Integer.compare(a.clusterListLength(), b.clusterListLength());
        return c != 0 ? c : Integer.compareUnsigned(a.peerAddress(), b.peerAddress());
    }
}
