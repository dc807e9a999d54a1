package elvis.live;

/**
 * An open TAP device (Linux /dev/net/tun with IFF_TAP | IFF_NO_PI), reached through the JDK's FFM
 * API: Ethernet frames without FCS in and out. Opening a name that does not exist creates the device
 * (it lasts while open); the device may be moved into another network namespace and the descriptor
 * keeps working.
 *
 * <p>STEP-0 SKELETON (signatures fixed; the tap part fills the bodies).
 */
public final class Tap implements AutoCloseable {
    /** Largest frame read or written: a 1500-byte MTU's payload plus the Ethernet header and a VLAN tag. */
    public static final int MAX_FRAME = 1518;

    private Tap() { }

    /**
     * Why TAP devices cannot be opened here ("/dev/net/tun does not exist", "opening /dev/net/tun
     * needs CAP_NET_ADMIN: run as root"), or null when they can.
     */
    public static String unavailable() { throw new UnsupportedOperationException("step 0"); }

    /** Opens (creating if needed) TAP device {@code name} (1 to 15 characters). */
    public static Tap open(String name) throws LiveException { throw new UnsupportedOperationException("step 0"); }

    public String name() { throw new UnsupportedOperationException("step 0"); }

    /**
     * Reads one frame into {@code buf}, waiting at most {@code timeoutMs}: its length, 0 when none
     * came in time, -1 when the device is gone (closed, or deleted with its namespace).
     */
    public int read(byte[] buf, int timeoutMs) throws LiveException { throw new UnsupportedOperationException("step 0"); }

    /** Writes one frame; false when the device refused it (gone, or its queue full). */
    public boolean write(byte[] frame, int offset, int length) { throw new UnsupportedOperationException("step 0"); }

    @Override
    public void close() { throw new UnsupportedOperationException("step 0"); }
}
