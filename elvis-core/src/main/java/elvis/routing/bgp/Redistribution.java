package elvis.routing.bgp;

import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import elvis.protocol.ipv4.RouteListener;
import elvis.routing.Prefix;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Redistribution into BGP ({@link BgpConfig#redistribute}): while the table holds a route of a
 * redistributed origin (connected, static, OSPF, RIP) to a prefix, the speaker originates that
 * prefix with ORIGIN INCOMPLETE (RFC 4271 §5.1.1: learnt by other means) and, from an IGP, the
 * route's metric as MED; when the last such route leaves, it withdraws it. Prefixes the speaker
 * announces by a network statement are left to that statement.
 */
final class Redistribution implements RouteListener {
    private final Bgp bgp;
    private final Set<Origin> origins = EnumSet.noneOf(Origin.class);
    private final Set<Prefix> networks;
    private final Map<Prefix, Integer> routes = new HashMap<>();   // redistributed routes per prefix; looked up, never iterated

    private Redistribution(Bgp bgp, BgpConfig config) {
        this.bgp = bgp;
        for (String s : config.redistribute())
            origins.add(switch (s) {
                case "connected" -> Origin.CONNECTED;
                case "static" -> Origin.STATIC;
                case "ospf" -> Origin.OSPF;
                default -> Origin.RIP;
            });
        networks = Set.copyOf(config.networks());
    }

    /** Starts redistributing what {@code config} names from {@code ip}'s table (nothing when it names nothing). */
    static void start(Bgp bgp, Ipv4 ip, BgpConfig config) {
        if (config.redistribute().isEmpty()) return;
        Redistribution r = new Redistribution(bgp, config);
        for (Route route : ip.routes()) r.routeChanged(route, true);
        ip.addRouteListener(r);
    }

    @Override
    public void routeChanged(Route route, boolean added) {
        if (!origins.contains(route.origin())) return;
        Prefix p = new Prefix(route.prefix(), route.length());
        if (networks.contains(p)) return;
        int n = routes.getOrDefault(p, 0) + (added ? 1 : -1);
        if (n > 0 && routes.put(p, n) == null) {
            PathAttributes.Builder a = PathAttributes.builder().origin(PathAttributes.INCOMPLETE);
            if (route.origin() == Origin.OSPF || route.origin() == Origin.RIP) a.med(route.metric());
            bgp.announce(p, a.build());
        } else if (n <= 0 && routes.remove(p) != null) bgp.withdraw(p);
    }
}
