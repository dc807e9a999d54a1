package elvis.protocol.ipv4;

/**
 * Hears every change to a machine's routing table ({@link Ipv4#addRouteListener}): what a routing
 * protocol needs to redistribute routes or re-resolve next hops, and what measures convergence.
 */
@FunctionalInterface
public interface RouteListener {
    /** {@code route} entered the table ({@code added}) or left it. */
    void routeChanged(Route route, boolean added);
}
