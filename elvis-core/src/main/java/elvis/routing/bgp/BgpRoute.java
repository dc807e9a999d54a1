package elvis.routing.bgp;

import elvis.routing.Prefix;

/**
 * A route as the RIBs hold it: a prefix, its (interned) path attributes, the peer it was learned
 * from (null for a route this speaker originates: a network statement, a redistributed route or an
 * announcement) and the IGP cost to its NEXT_HOP, which the speaker fills in when it resolves the
 * next hop (0 for directly connected next hops and own routes). Immutable.
 */
public record BgpRoute(Prefix prefix, PathAttributes attributes, BgpPeer peer, long igpCost) {
    public BgpRoute {
        if (prefix == null || attributes == null) throw new NullPointerException("prefix and attributes");
    }

    /** Whether this speaker originated the route. */
    public boolean local() { return peer == null; }

    /** Whether the route was learned over eBGP. */
    public boolean ebgp() { return peer != null && peer.ebgp(); }

    /** Whether the route was learned over iBGP. */
    public boolean ibgp() { return peer != null && !peer.ebgp(); }

    public BgpRoute withAttributes(PathAttributes a) { return new BgpRoute(prefix, a, peer, igpCost); }

    public BgpRoute withIgpCost(long cost) { return new BgpRoute(prefix, attributes, peer, cost); }

    @Override
    public String toString() {
        return elvis.protocol.ipv4.Ipv4Address.format(prefix.address()) + "/" + prefix.length() + " " + attributes
                + (peer == null ? " local" : " from " + elvis.protocol.ipv4.Ipv4Address.format(peer.address()));
    }
}
