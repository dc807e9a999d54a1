package elvis.machine;

import elvis.link.FloodInterest;

/**
 * A protocol that can say which broadcast frames arriving on a device it acts on (see
 * {@link elvis.link.FrameReceiver#floodInterest}). A device narrows what it receives only when every
 * protocol that handles the frames the network classifies ({@link elvis.link.FloodKey}: ARP, IPv4,
 * UDP) is one; a protocol whose answer changes calls {@link Machine#floodInterestChanged}.
 */
public interface FloodListener {
    /**
     * Adds to {@code keys} the keys of the broadcasts arriving on {@code device} on which this
     * protocol does more than count a discard; false when it needs every broadcast.
     */
    boolean floodInterest(Nic device, FloodInterest keys);
}
