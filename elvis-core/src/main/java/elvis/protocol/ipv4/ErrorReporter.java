package elvis.protocol.ipv4;

import elvis.message.Message;

/**
 * Reports an error about a datagram IPv4 could not deliver or forward (ICMP, RFC 792). IPv4 knows
 * ICMP only through this interface: the stack puts the protocol that implements it over IPv4 with
 * protocol number {@link #PROTOCOL}, and {@link Ipv4#icmpError} finds it there.
 */
public interface ErrorReporter {
    int PROTOCOL = 1;

    int DESTINATION_UNREACHABLE = 3;
    int TIME_EXCEEDED = 11;

    // Destination unreachable codes (RFC 792, RFC 1812 §5.2.7.1).
    int NET_UNREACHABLE = 0;
    int HOST_UNREACHABLE = 1;
    int PROTOCOL_UNREACHABLE = 2;
    int PORT_UNREACHABLE = 3;
    int FRAGMENTATION_NEEDED = 4;
    int ADMIN_PROHIBITED = 13;

    // Time exceeded codes.
    int TTL_EXCEEDED = 0;
    int REASSEMBLY_EXCEEDED = 1;

    /**
     * Reports error {@code type}/{@code code} about {@code datagram} (the whole offending IPv4
     * datagram, header first) that arrived on {@code in} (null: sent by this machine);
     * {@code info} is the error's second word (the next-hop MTU of a fragmentation-needed, RFC 1191).
     * The reporter decides whether an error may be sent at all (RFC 1122 §3.2.2, rate limits).
     */
    void report(int type, int code, int info, Message datagram, Ipv4Interface in);
}
