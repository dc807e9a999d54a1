package elvis.routing.bgp;

/**
 * Route reflection (RFC 4456): which peers a best route may go to, what a reflector adds to a route
 * it reflects, and the loop checks on receipt. A speaker none of whose iBGP peers is a client is an
 * ordinary full-mesh speaker: iBGP-learnt routes go to no iBGP peer (RFC 4271 §9.2).
 */
public final class RouteReflection {
    private RouteReflection() {}

    /** What a peer is to this speaker. */
    public enum PeerKind { EBGP, CLIENT, NON_CLIENT }

    /**
     * May a best route learnt from a peer of kind {@code from} (null: originated here) be advertised
     * to a peer of kind {@code to}? (RFC 4456 §6; never back to the peer it came from, which the
     * caller excludes.)
     */
    public static boolean advertise(PeerKind from, PeerKind to) {
        if (from == null || from == PeerKind.EBGP || to == PeerKind.EBGP) return true;
        // a client's route goes to clients and non-clients; a non-client's only to clients
        return from == PeerKind.CLIENT || to == PeerKind.CLIENT;
    }

    /** True when the route goes from one iBGP peer to another: it is reflected and gets the attributes below. */
    public static boolean reflects(PeerKind from, PeerKind to) {
        return from != null && from != PeerKind.EBGP && to != PeerKind.EBGP;
    }

    /** The ORIGINATOR_ID a reflected route carries: kept if present (non-zero), else the identifier of the iBGP peer it came from. */
    public static int originatorId(int current, int fromRouterId) {
        return current != 0 ? current : fromRouterId;
    }

    /** The CLUSTER_LIST a reflected route carries: this reflector's cluster id prepended. */
    public static int[] clusterList(int[] current, int clusterId) {
        int[] out = new int[current.length + 1];
        out[0] = clusterId;
        System.arraycopy(current, 0, out, 1, current.length);
        return out;
    }

    /**
     * RFC 4456 §8: a route that carries this speaker's own identifier as ORIGINATOR_ID, or its
     * cluster id in the CLUSTER_LIST, has looped and is ignored.
     */
    public static boolean looped(int originatorId, int[] clusterList, int routerId, int clusterId) {
        if (originatorId != 0 && originatorId == routerId) return true;
        for (int c : clusterList) if (c == clusterId) return true;
        return false;
    }
}
