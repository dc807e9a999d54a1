package elvis.protocol.ipv4;

/**
 * Hears every change to a machine's routing table ({@link Ipv4#addRouteListener}): what a routing
 * protocol needs to redistribute routes or re-resolve next hops, and what measures convergence. A
 * route source's routes are not in the table: it hears that they changed, not each route.
 */
@FunctionalInterface
public interface RouteListener {
    /** {@code route} entered the table ({@code added}) or left it. */
    void routeChanged(Route route, boolean added);

    /**
     * The table's {@link RouteSource} changed some of its routes, their paths or their costs (global
     * routing after a link event anywhere in its topology): which ones is not said, there may be
     * many; whoever resolves through them looks them up again ({@link Ipv4#lookupListed}).
     */
    default void sourceChanged() { }
}
