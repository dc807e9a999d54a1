package elvis.routing.bgp;

import elvis.routing.Relationship;

/**
 * One BGP session's far end, as configured: its {@code address} and AS ({@code asn}, 4 octets; equal
 * to ours: iBGP), what its AS is to ours ({@code relationship}: Gao-Rexford import preferences and
 * valley-free export in one word, unless policies say otherwise), whether it is a route-reflector
 * client (RFC 4456), import and export policies in the policy syntax (null: the relationship's
 * defaults, or accept everything when NONE), and the local address the session runs from (0: the
 * one the route towards it leaves by).
 */
public record BgpNeighbor(int address, long asn, Relationship relationship, boolean routeReflectorClient,
                          String importPolicy, String exportPolicy, int localAddress) {
    public BgpNeighbor {
        if (asn < 1 || asn > 0xFFFF_FFFFL) throw new IllegalArgumentException("AS number must be 1..4294967295: " + asn);
        if (relationship == null) relationship = Relationship.NONE;
    }

    /** A plain session: no relationship, default policies, local address from the route. */
    public BgpNeighbor(int address, long asn) { this(address, asn, Relationship.NONE, false, null, null, 0); }
}
