package elvis.routing.bgp;

/**
 * A BGP neighbour as the decision process and the policies see it: one per configured neighbour of
 * a speaker, the same object for the speaker's whole life (sessions come and go under it).
 */
public interface BgpPeer {
    /** The neighbour's address (the session's remote end). */
    int address();

    /** Our address on the session (the local end of the TCP connection, our NEXT_HOP to it). */
    int localAddress();

    /** The neighbour's AS. */
    long asn();

    /** Our own AS. */
    long localAsn();

    /** Whether the neighbour is in another AS (eBGP) rather than ours (iBGP). */
    default boolean ebgp() { return asn() != localAsn(); }

    /** The BGP Identifier in the neighbour's OPEN; 0 before one arrived. */
    int routerId();

    /** Our BGP Identifier. */
    int localRouterId();
}
