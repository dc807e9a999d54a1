package elvis.link;

import elvis.message.Message;

/**
 * What a broadcast frame is about, as far as deciding which ports must get it: computed once per
 * flooded frame, read from the frame in place (as {@link Classifier#DSCP} reads the DSCP). A frame
 * has at most three keys; a receiver that declared any of them gets it ({@link FrameReceiver#floodInterest}).
 * A frame the keys cannot describe exactly is {@link #EVERY_PORT}: it goes to every port.
 * <ul>
 *   <li>a well-formed ARP packet: {@link #address} of its target and {@link #ARP_ANY};
 *   <li>an unfragmented IPv4 UDP datagram: {@link #address} of its destination, {@link #udpPort}
 *       of its destination port, and {@link #UDP_DIRECTED} unless it is to 255.255.255.255;
 *   <li>anything else (other EtherTypes, other IP protocols, fragments, malformed headers): every port.
 * </ul>
 */
public final class FloodKey {
    /** No key (a frame with one key has this as its second). */
    public static final long NONE = 0;
    /** Key meaning "every port": the frame is not one the keys describe. */
    public static final long EVERY_PORT = -1;
    /** Every well-formed ARP packet: a machine that keeps an ARP cache merges any sender (RFC 826). */
    public static final long ARP_ANY = 3L << 32;
    /**
     * Every UDP datagram to an address other than the limited broadcast: an interface without an
     * address takes them all (as a DHCP client must), and one to a closed port may be answered.
     */
    public static final long UDP_DIRECTED = 4L << 32;
    private static final long ADDRESS = 1L << 32, UDP = 2L << 32;
    private static final int TYPE_IPV4 = 0x0800, TYPE_ARP = 0x0806, PROTOCOL_UDP = 17;

    private FloodKey() { }

    /** IPv4 address {@code ip}: the target of an ARP packet or the destination of a datagram. */
    public static long address(int ip) { return ADDRESS | (ip & 0xFFFF_FFFFL); }

    /** UDP destination port {@code port}. */
    public static long udpPort(int port) { return UDP | port; }

    /** The first key of {@code frame} (a whole Ethernet frame), or {@link #EVERY_PORT}. */
    static long first(Message frame) {
        int len = frame.length();
        if (len < 14) return EVERY_PORT;
        int type = frame.u16(12);
        if (type == TYPE_ARP) {
            // Arp's own checks: what it would count as malformed goes everywhere, as before.
            if (len < 14 + 28 || frame.u16(14) != 1 || frame.u16(16) != TYPE_IPV4 || frame.u8(18) != 6 || frame.u8(19) != 4) return EVERY_PORT;
            int op = frame.u16(20);
            return op == 1 || op == 2 ? address(frame.i32(14 + 24)) : EVERY_PORT;
        }
        if (type != TYPE_IPV4 || len < 14 + 20) return EVERY_PORT;
        int first = frame.u8(14);
        int ihl = (first & 0xF) * 4;
        if ((first >>> 4) != 4 || ihl < 20 || frame.u8(14 + 9) != PROTOCOL_UDP || (frame.u16(14 + 6) & 0x3FFF) != 0
                || len < 14 + ihl + 8) return EVERY_PORT;
        return address(frame.i32(14 + 16));
    }

    /** The third key of {@code frame}, whose first key is {@code first} (not {@link #EVERY_PORT}), or {@link #NONE}. */
    static long third(Message frame, long first) {
        return frame.u16(12) == TYPE_IPV4 && first != address(-1) ? UDP_DIRECTED : NONE;
    }

    /** The second key of {@code frame}, whose first key is {@code first} (not {@link #EVERY_PORT}). */
    static long second(Message frame, long first) {
        if (frame.u16(12) == TYPE_ARP) return ARP_ANY;
        int ihl = (frame.u8(14) & 0xF) * 4;
        return udpPort(frame.u16(14 + ihl + 2));
    }
}
