package elvis.protocol.ipv4;

import java.util.List;

/**
 * Routes a router keeps outside its {@link RoutingTable}, which the table consults after its own
 * trie: global routing's compact tables, too many to hold as route objects at every router. They
 * are the least preferred, so they answer only for a longer prefix than the table's own.
 */
public interface RouteSource {
    /**
     * The equal-cost paths of the longest prefix containing {@code dst} that is longer than
     * {@code longerThan} bits (-1: any), or null when there is none. The array is the source's own,
     * shared: read it, never change it. Allocates nothing (it is on the forwarding path).
     */
    Route[] paths(int dst, int longerThan);

    /**
     * The route {@link #paths} would give first for {@code dst}, as {@link #routes} lists it: its real
     * prefix, and its cost as metric; made now, or null when there is none. For the control plane (BGP
     * resolving a NEXT_HOP, RFC 4271 §9.1.2.2 (e) compares IGP costs), never per packet.
     */
    Route route(int dst, int longerThan);

    /** How many routes it holds: one per prefix and next hop. */
    int size();

    /** Every route, made now, with its real prefix and metric. */
    List<Route> routes();
}
