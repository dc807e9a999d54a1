package elvis.protocol.ipv4;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A machine's IPv4 control-plane state: route and interface listeners, the static routes of
 * interfaces that are down (they return when the link does), and multicast memberships. Kept as a
 * machine extension made on first use, so a host that runs no routing protocol pays nothing.
 */
final class Ipv4Control {
    // Every host under global routing has one (its interface listener): what it does not use is not made.
    final List<RouteListener> routeListeners = new ArrayList<>(1);
    final List<InterfaceListener> interfaceListeners = new ArrayList<>(1);
    Map<Ipv4Interface, List<Route>> parked;      // null until made by parked()
    Map<Ipv4Interface, int[]> groups;            // null until made by groups()

    /** Static routes through an interface that went down, in table order, by interface. */
    Map<Ipv4Interface, List<Route>> parked() {
        if (parked == null) parked = new IdentityHashMap<>(2);
        return parked;
    }

    /** The multicast groups each interface joined, in the order joined. */
    Map<Ipv4Interface, int[]> groups() {
        if (groups == null) groups = new IdentityHashMap<>(2);
        return groups;
    }
}
