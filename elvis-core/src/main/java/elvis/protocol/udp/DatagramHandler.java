package elvis.protocol.udp;

import elvis.message.Message;

/** Receives the datagrams that arrive on a bound UDP port, from the kernel's upcall drain (never inside UDP). */
@FunctionalInterface
public interface DatagramHandler {
    void datagram(Message data, int srcIp, int srcPort);

    /**
     * True for the socket layer's handler alone, which only deposits the datagram into its socket's
     * buffer and marks it readable, so UDP calls it at once; application handlers keep the default.
     */
    default boolean depositsOnly() { return false; }

    /**
     * An ICMP error ({@code type}, {@code code}, reported by {@code reporter}) about a datagram this
     * port sent to {@code dstIp}:{@code dstPort}, at once and inside UDP: a handler only notes it.
     * Ignored by default.
     */
    default void unreachable(int type, int code, int reporter, int dstIp, int dstPort) { }
}
