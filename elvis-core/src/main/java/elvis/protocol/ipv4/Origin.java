package elvis.protocol.ipv4;

/**
 * Who put a route in the table. Where two routes have the same prefix and length, the one whose
 * origin has the lower {@link #preference()} is used, as an administrative distance (Cisco's values
 * for the routing protocols), then the lower metric, then the one added first.
 */
public enum Origin {
    /**
     * Added by hand or by the NDL ({@code [Route]}), including on-link routes: a static route with
     * gateway 0, as Linux's {@code ip route add PREFIX dev IF}. An operator's route for an
     * interface's own subnet overrides the interface's, as Elvis always did (Cisco prefers connected).
     */
    STATIC(0),
    /** An interface's subnet: its address and prefix length, on link. */
    CONNECTED(1),
    /** Learnt by BGP from a peer in another autonomous system. */
    EBGP(20),
    /** Computed by OSPF's shortest-path first: a network inside the area (intra-area). */
    OSPF(110),
    /**
     * Computed by OSPF from another router's AS-external LSA (RFC 2328 §16.4): a route it
     * redistributes. Kept apart from {@link #OSPF} so that BGP's {@code redistribute ospf} takes the
     * internal routes alone, as Cisco's default {@code match internal}, and never sends back what came from BGP.
     */
    OSPF_EXTERNAL(110),
    /** Learnt by RIP. */
    RIP(120),
    /** Learnt by BGP from a peer in this autonomous system. */
    IBGP(200),
    /** Computed centrally at build time ({@code routing='global'}), for runs whose routing dynamics do not matter. */
    GLOBAL(210);

    private final int preference;

    Origin(int preference) { this.preference = preference; }

    /** Lower is preferred among routes to the same prefix and length. */
    public int preference() { return preference; }
}
