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
    final List<RouteListener> routeListeners = new ArrayList<>(2);
    final List<InterfaceListener> interfaceListeners = new ArrayList<>(2);
    /** Static routes through an interface that went down, in table order, by interface. */
    final Map<Ipv4Interface, List<Route>> parked = new IdentityHashMap<>();
    /** The multicast groups each interface joined, in the order joined. */
    final Map<Ipv4Interface, int[]> groups = new IdentityHashMap<>();
}
