package elvis.protocol.ipv4;

import elvis.message.Message;

/** A protocol above IPv4 (UDP, TCP, ICMP): receives the payload of packets addressed to this machine. */
public interface IpUpper {
    /**
     * A datagram from {@code src} to {@code dst} arrived on {@code iface} (null when it came from no
     * interface, as in a test); this protocol's part starts {@code headerLength} bytes in, after the
     * IPv4 header (0 when a test hands over that part alone). The whole datagram comes up, so that
     * an upper can read the header (ICMP, the TTL of an echo reply) or quote it in an error (UDP's
     * port unreachable); taking the payload is the upper's {@code datagram.slice(headerLength)}.
     */
    void receive(Message datagram, int headerLength, int src, int dst, Ipv4Interface iface);

    /**
     * A control message about a packet this machine sent (what ICMP errors carry, RFC 792 / RFC 1122
     * §4.2.3.9): its {@code type} and {@code code}, its second word {@code info} (the next-hop MTU of
     * a fragmentation-needed, RFC 1191), who reported it, and the quoted packet: its IPv4 header and
     * at least the first 8 bytes of this protocol's header, enough to find the connection.
     * Ignored unless the protocol cares.
     */
    default void controlMessage(int type, int code, int info, int reporter, Message quoted) { }
}
