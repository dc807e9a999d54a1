package elvis.routing.bgp;

import elvis.routing.Prefix;
import elvis.routing.bgp.RouteReflection.PeerKind;

import java.util.HashMap;
import java.util.Map;

/**
 * The policy a {@link BgpConfig} describes: per neighbour, its {@link NeighborPolicy} (relationship,
 * import and export texts), and route reflection (RFC 4456) towards the neighbours marked as
 * clients, with the reflector's cluster id (the router id when none is configured).
 */
final class ConfiguredPolicy implements BgpPolicy {
    private record Neighbor(NeighborPolicy policy, PeerKind kind) { }

    private final Map<Integer, Neighbor> byAddress = new HashMap<>();   // looked up, never iterated
    private final int configuredClusterId;

    /** Throws {@link Policy.SyntaxError} (naming the neighbour) when an import or export text does not parse. */
    ConfiguredPolicy(BgpConfig config) {
        configuredClusterId = config.clusterId();
        for (BgpNeighbor n : config.neighbors()) {
            boolean ebgp = n.asn() != config.asn();
            NeighborPolicy p = new NeighborPolicy(config.asn(), ebgp, n.relationship(), parse(n.importPolicy()), parse(n.exportPolicy()));
            byAddress.put(n.address(), new Neighbor(p, ebgp ? PeerKind.EBGP : n.routeReflectorClient() ? PeerKind.CLIENT : PeerKind.NON_CLIENT));
        }
    }

    private static Policy parse(String text) { return text == null ? Policy.PERMIT_ALL : Policy.parse(text); }

    private int clusterId(BgpPeer p) { return configuredClusterId != 0 ? configuredClusterId : p.localRouterId(); }

    @Override
    public PathAttributes onImport(BgpPeer from, Prefix prefix, PathAttributes a) {
        Neighbor n = byAddress.get(from.address());
        if (n == null) return a;
        if (n.kind() != PeerKind.EBGP && RouteReflection.looped((int) a.originatorId(), a.clusterList(), from.localRouterId(), clusterId(from)))
            return null;
        return n.policy().onImport(prefix, a);
    }

    @Override
    public PathAttributes onExport(BgpPeer to, BgpRoute route, PathAttributes a) {
        Neighbor n = byAddress.get(to.address());
        if (n == null) return a;
        a = n.policy().onExport(route.prefix(), a);
        if (a != null && route.ibgp() && n.kind() != PeerKind.EBGP) {
            a = a.toBuilder().originatorId(Integer.toUnsignedLong(RouteReflection.originatorId((int) Math.max(0, a.originatorId()), route.peer().routerId())))
                    .clusterList(RouteReflection.clusterList(a.clusterList(), clusterId(to))).build();
        }
        return a;
    }

    @Override
    public boolean reflect(BgpRoute route, BgpPeer to) {
        Neighbor from = byAddress.get(route.peer().address()), n = byAddress.get(to.address());
        return from != null && n != null && RouteReflection.advertise(from.kind(), n.kind());
    }
}
