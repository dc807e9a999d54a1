package elvis.routing.bgp;

import elvis.routing.Prefix;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A BGP speaker's parameters (RFC 4271): its AS ({@code asn}, 4 octets, RFC 6793), its BGP identifier
 * ({@code routerId}; 0: its highest interface address), its neighbours, the prefixes it originates
 * ({@code networks}), which other routes it redistributes ("connected", "static", "ospf", "rip"), its
 * route-reflection cluster ID (0: its router ID, used only when it has clients), and its timers: hold
 * time offered in OPEN (keepalives at a third of the negotiated one), ConnectRetry, and the
 * MinRouteAdvertisementInterval for eBGP and iBGP peers (§10: 30 s and 5 s).
 */
public record BgpConfig(long asn, int routerId, List<BgpNeighbor> neighbors, List<Prefix> networks, Set<String> redistribute,
                        int clusterId, long holdNs, long connectRetryNs, long mraiEbgpNs, long mraiIbgpNs) {
    /** The sources {@link #redistribute} may name. */
    public static final Set<String> SOURCES = Set.of("connected", "static", "ospf", "rip");

    public BgpConfig {
        if (asn < 1 || asn > 0xFFFF_FFFFL) throw new IllegalArgumentException("AS number must be 1..4294967295: " + asn);
        if (holdNs != 0 && holdNs < TimeUnit.SECONDS.toNanos(3))
            throw new IllegalArgumentException("hold time must be 0 or at least 3 s (RFC 4271 §4.2)");
        if (connectRetryNs <= 0 || mraiEbgpNs < 0 || mraiIbgpNs < 0) throw new IllegalArgumentException("BGP timers must be positive");
        for (String s : redistribute) if (!SOURCES.contains(s)) throw new IllegalArgumentException("cannot redistribute '" + s + "': one of " + SOURCES);
        neighbors = List.copyOf(neighbors);
        networks = List.copyOf(networks);
        redistribute = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(redistribute));   // iterated in name order
    }

    /** A speaker in AS {@code asn} with RFC 4271's suggested timers: hold 90 s, ConnectRetry 120 s, MRAI 30 s eBGP and 5 s iBGP. */
    public static BgpConfig of(long asn, List<BgpNeighbor> neighbors, List<Prefix> networks) {
        return new BgpConfig(asn, 0, neighbors, networks, Set.of(), 0, TimeUnit.SECONDS.toNanos(90),
                TimeUnit.SECONDS.toNanos(120), TimeUnit.SECONDS.toNanos(30), TimeUnit.SECONDS.toNanos(5));
    }
}
