package elvis.protocol.ipv4;

import elvis.message.Message;

/**
 * What a transport needs from the network layer below it. {@link Ipv4} is the one real
 * implementation; a test drives a transport alone over a fake that records and injects segments.
 */
public interface IpLayer {
    /** The source address used towards {@code dst} (transport checksums cover it), or 0 when unroutable. */
    int sourceFor(int dst);

    /** The MTU of the way to {@code dst}, or 0 when unroutable. */
    int mtuFor(int dst);

    /** True when {@code ip} is one of this machine's addresses. */
    boolean isLocal(int ip);

    /** {@link #send(int, int, int, Message, int) send} option bit: set DF, never fragment (RFC 791; path MTU discovery, RFC 1191). */
    int DONT_FRAGMENT = 0x100;
    /**
     * {@link #send(int, int, int, Message, int) send} option: the ECN field (RFC 3168) in bits 16-17;
     * this is ECT(0), what an ECN-capable transport sets on its data.
     */
    int ECT0 = 2 << 16;
    /** The options of an ordinary datagram: TTL 64, may be fragmented. */
    int DEFAULT_OPTIONS = Ipv4.DEFAULT_TTL;

    /** Sends {@code payload} from {@code src} (0: the outgoing interface's address) to {@code dst} as IP protocol {@code protocol}; false when dropped. */
    default boolean send(int src, int dst, int protocol, Message payload) { return send(src, dst, protocol, payload, DEFAULT_OPTIONS); }

    /**
     * As {@link #send(int, int, int, Message)} with per-datagram {@code options}: the TTL (1..255) in
     * the low 8 bits, ORed with {@link #DONT_FRAGMENT} to set DF and {@link #ECT0} to mark it ECN-capable.
     */
    boolean send(int src, int dst, int protocol, Message payload, int options);

    /**
     * As {@link #send(int, int, int, Message, int)}, out of interface {@code out} to {@code dst} itself,
     * with no route lookup (a routing protocol's message to its link's neighbours or group). A layer
     * without interfaces (a test's fake) sends it as any other datagram.
     */
    default boolean sendVia(Ipv4Interface out, int src, int dst, int protocol, Message payload, int options) {
        return send(src, dst, protocol, payload, options);
    }

    /**
     * Reports error {@code type}/{@code code} (an {@link ErrorReporter} type and code) about
     * {@code datagram}, received on {@code in}, through ICMP (UDP's port unreachable). Nothing by default.
     */
    default void icmpError(int type, int code, int info, Message datagram, Ipv4Interface in) { }
}
