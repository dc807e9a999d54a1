package elvis.link;

/** Why a network discarded a frame (each is counted in {@link PipeStats} or {@link Network#unknownDestination()}). */
public enum LinkDrop {
    /** Larger than the link's MTU: refused when offered, never transmitted. */
    MTU("mtu"),
    /** The egress queue was full: tail-dropped when offered, never transmitted. */
    QUEUE("queue"),
    /**
     * Dropped by the queue's active queue management (RED, CoDel, PIE): when offered (RED, PIE) or
     * when it reached the head of the queue (CoDel), never transmitted.
     */
    AQM("aqm"),
    /** Lost on the wire: it was transmitted (it used its transmission time) but never arrived. */
    LOSS("loss"),
    /** Lost by a delay profile (its draw at or above the loss level), after it used its transmission and extra busy time. */
    PROFILE("profile"),
    /**
     * The link direction, or the sending or receiving port, was down: offered while down, or waiting
     * in the queue when it went down. A frame already in transmission is delivered.
     */
    LINK_DOWN("link-down"),
    /** Unicast to a MAC address no other port of the network owns: switched nowhere. */
    UNKNOWN_DESTINATION("unknown-destination");

    private final String label;

    LinkDrop(String label) { this.label = label; }

    /** The name drop logs use. */
    public String label() { return label; }
}
