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
 * LOCAL_PREF (absent: {@link BgpDecision#DEFAULT_LOCAL_PREF}), MED (absent: 0), identifiers and
 * addresses compare as unsigned 32-bit numbers. The routes' IGP costs are the speaker's (§9.1.2.1).
 */
public final class Decision {
    private Decision() {}

    /** The index of the best of {@code routes} (-1 when empty). */
    public static int best(List<BgpRoute> routes) {
        int n = routes.size();
        if (n <= 1) return n - 1;
        boolean[] out = new boolean[n];
        // 0, 9.1.1, a) and b): a lexicographic order, so keep the minimum
        keepMinimum(routes, out, Decision::beforeMed);
        // c) MED, only between routes from the same neighbouring AS
        for (int i = 0; i < n; i++) {
            if (out[i]) continue;
            BgpRoute a = routes.get(i);
            for (int j = 0; j < n && !out[i]; j++) {
                if (j == i || out[j]) continue;
                BgpRoute b = routes.get(j);
                if (b.attributes().asPath().firstAs() == a.attributes().asPath().firstAs() && med(b) < med(a)) out[i] = true;
            }
        }
        // d) .. g): lexicographic again
        keepMinimum(routes, out, Decision::afterMed);
        for (int i = 0; i < n; i++) if (!out[i]) return i;
        throw new AssertionError("the decision eliminated every route");
    }

    private interface Order { int compare(BgpRoute a, BgpRoute b); }

    /** Marks out every candidate still in that is worse than the least one in {@code order}. */
    private static void keepMinimum(List<BgpRoute> routes, boolean[] out, Order order) {
        BgpRoute min = null;
        for (int i = 0; i < routes.size(); i++) {
            if (out[i]) continue;
            BgpRoute c = routes.get(i);
            if (min == null || order.compare(c, min) < 0) min = c;
        }
        for (int i = 0; i < routes.size(); i++) if (!out[i] && order.compare(routes.get(i), min) > 0) out[i] = true;
    }

    private static long med(BgpRoute r) { return Math.max(0, r.attributes().med()); }

    private static int beforeMed(BgpRoute a, BgpRoute b) {
        if (a.local() != b.local()) return a.local() ? -1 : 1;
        PathAttributes x = a.attributes(), y = b.attributes();
        int c = Long.compare(BgpDecision.localPref(y), BgpDecision.localPref(x));
        if (c != 0) return c;
        c = Integer.compare(x.asPath().pathLength(), y.asPath().pathLength());
        return c != 0 ? c : Integer.compare(x.origin(), y.origin());
    }

    private static int afterMed(BgpRoute a, BgpRoute b) {
        if (a.ebgp() != b.ebgp()) return a.ebgp() ? -1 : 1;
        int c = Long.compare(a.igpCost(), b.igpCost());
        if (c != 0) return c;
        c = Long.compare(identifier(a), identifier(b));
        if (c != 0) return c;
        c = Integer.compare(a.attributes().clusterListLength(), b.attributes().clusterListLength());
        return c != 0 ? c : Integer.compareUnsigned(peerAddress(a), peerAddress(b));
    }

    /** RFC 4456 §9: a reflected route's ORIGINATOR_ID stands for the advertiser's BGP Identifier. */
    private static long identifier(BgpRoute r) {
        if (r.attributes().originatorId() >= 0) return r.attributes().originatorId();
        return r.peer() == null ? 0 : Integer.toUnsignedLong(r.peer().routerId());
    }

    private static int peerAddress(BgpRoute r) { return r.peer() == null ? 0 : r.peer().address(); }
}
