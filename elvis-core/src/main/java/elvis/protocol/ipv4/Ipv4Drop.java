package elvis.protocol.ipv4;

import elvis.machine.DropCause;

/** What IPv4 discards. */
public enum Ipv4Drop implements DropCause {
    MALFORMED("malformed header"),
    IP_CHECKSUM("bad IPv4 header checksum"),
    /** A fragment whose offset and length cannot belong to a datagram (empty, unaligned, past 65,535 bytes, past the last fragment). */
    FRAGMENT_MALFORMED("malformed fragment"),
    /** A fragment that repeats one already held (same offset and length). */
    FRAGMENT_DUPLICATE("duplicate fragment"),
    /** A fragment overlapping another of its datagram: the whole datagram is discarded (as RFC 5722 does for IPv6). */
    FRAGMENT_OVERLAP("overlapping fragment (datagram discarded)"),
    /** A fragment that would take the reassembly memory past its bound. */
    REASSEMBLY_MEMORY("reassembly memory full"),
    /** A datagram whose fragments did not all arrive before the reassembly timeout. */
    REASSEMBLY_TIMEOUT("reassembly timed out"),
    NOT_FOR_US("addressed to another host"),
    TTL_EXCEEDED("TTL exceeded"),
    NO_ROUTE("no route"),
    /** To a multicast group the arrival interface has not joined (multicast is delivered, never forwarded). */
    MULTICAST_NOT_JOINED("multicast group not joined"),
    /** Larger than an IPv4 datagram can be (65,535 bytes), or than an MTU too small to fragment into. */
    TOO_BIG("too big to send"),
    /** Larger than the next hop's MTU with DF set (RFC 1191: answered with frag-needed). */
    FRAG_NEEDED("larger than the MTU with DF set"),
    UNKNOWN_PROTOCOL("unknown IP protocol"),
    /** Arrived on a device that has no IPv4 interface. */
    NO_INTERFACE("no IPv4 interface on the device");

    private final String description;

    Ipv4Drop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}
