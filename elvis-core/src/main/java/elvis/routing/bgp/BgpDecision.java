package elvis.routing.bgp;

import java.util.Comparator;

/**
 * The decision process's preference between two routes to the same prefix (RFC 4271 §9.1.2.2):
 * {@code compare(a, b) < 0} when {@code a} is preferred. The speaker runs it only over routes whose
 * NEXT_HOP resolves (§9.1.2.1) and that the import policy accepted, and takes the least as the
 * Loc-RIB route. {@link #STANDARD} is the RFC's order; a speaker can be given another.
 */
@FunctionalInterface
public interface BgpDecision extends Comparator<BgpRoute> {
    /**
     * §9.1.2.2 in order: highest LOCAL_PREF (§9.1.1: a route without one, own or eBGP-learned,
     * counts as 100), shortest AS_PATH, lowest ORIGIN, lowest MED among routes from the same
     * neighbouring AS (absent counts as 0), eBGP over iBGP (own routes first), lowest IGP cost to
     * the next hop, lowest BGP Identifier (the ORIGINATOR_ID when reflected, RFC 4456 §9), shortest
     * CLUSTER_LIST, lowest peer address.
     */
    BgpDecision STANDARD = (a, b) -> {
        PathAttributes x = a.attributes(), y = b.attributes();
        int c = Long.compare(localPref(y), localPref(x));
        if (c != 0) return c;
        c = Integer.compare(x.asPath().pathLength(), y.asPath().pathLength());
        if (c != 0) return c;
        c = Integer.compare(x.origin(), y.origin());
        if (c != 0) return c;
        if (x.asPath().firstAs() == y.asPath().firstAs()) {
            c = Long.compare(Math.max(0, x.med()), Math.max(0, y.med()));
            if (c != 0) return c;
        }
        c = Integer.compare(sourceRank(a), sourceRank(b));
        if (c != 0) return c;
        c = Long.compare(a.igpCost(), b.igpCost());
        if (c != 0) return c;
        c = Long.compare(identifier(a), identifier(b));
        if (c != 0) return c;
        c = Integer.compare(x.clusterListLength(), y.clusterListLength());
        if (c != 0) return c;
        return Long.compare(peerAddress(a), peerAddress(b));
    };

    /** The default LOCAL_PREF a speaker gives routes that carry none (a common configured value). */
    long DEFAULT_LOCAL_PREF = 100;

    static long localPref(PathAttributes a) { return a.localPref() >= 0 ? a.localPref() : DEFAULT_LOCAL_PREF; }

    private static int sourceRank(BgpRoute r) { return r.local() ? 0 : r.ebgp() ? 1 : 2; }

    private static long identifier(BgpRoute r) {
        if (r.attributes().originatorId() >= 0) return r.attributes().originatorId();
        return r.peer() == null ? 0 : r.peer().routerId() & 0xFFFF_FFFFL;
    }

    private static long peerAddress(BgpRoute r) { return r.peer() == null ? 0 : r.peer().address() & 0xFFFF_FFFFL; }
}
