package elvis.link;

import elvis.message.Message;

/** The receiving end of a link: a NIC. */
public interface FrameReceiver {
    /** FCS value meaning the link left the frame untouched, so its FCS is valid by construction. */
    long FCS_INTACT = -1;

    /**
     * A frame arrives. {@code fcs} is {@link #FCS_INTACT}, or the CRC-32 the sender's FCS carried
     * when the link flipped a bit; the receiver recomputes it over the frame it got to detect that.
     */
    void receive(Message frame, long fcs);

    /** A name stable across runs (e.g. "host-7/eth0"): it seeds the random stream of the pipe towards it. */
    String name();

    /**
     * Which broadcast frames this receiver acts on, for a switch that floods only to the ports that
     * need a frame ({@link Network}'s flood shortcut): adds to {@code keys} the {@link FloodKey}s of
     * the broadcasts on which it does more than count a discard, and returns true; returns false when
     * it cannot tell, and then gets every broadcast (the default). The network asks again when told
     * that the answer changed ({@link Network#interestChanged}).
     */
    default boolean floodInterest(FloodInterest keys) { return false; }

    /**
     * The link went down or came {@code up} for this receiver ({@link Network#carrier}): its own port,
     * its network, or on a point-to-point link the far end. Nothing by default.
     */
    default void linkChanged(boolean up) { }
}
