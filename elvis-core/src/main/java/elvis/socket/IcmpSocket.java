package elvis.socket;

import elvis.message.Message;

/**
 * An ICMP datagram socket, Linux's "ping socket" ({@code socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP)}):
 * it sends echo requests whose identifier the kernel chooses (its {@link #localPort()}) and receives
 * the echo replies and the errors (time exceeded, destination unreachable) about them, as Linux
 * delivers with IP_RECVERR. Made by {@link Process#icmpSocket()}.
 */
public interface IcmpSocket extends Socket {
    /** IP_TTL: the TTL of the requests this socket sends (1..255; default 64). */
    void setTtl(int ttl);

    /** Sends an echo request with {@code sequence} and {@code data} to {@code address}; returns the data's length. */
    int sendEcho(int address, int sequence, Message data);

    /** The next reply or error for this socket's requests, waiting at most {@code timeoutNs} ({@link Process#FOREVER}: no limit); null on timeout. */
    IcmpMessage receive(long timeoutNs);

    /**
     * What a ping socket receives: an echo reply ({@code type} 0, from the destination) or an error
     * about one of its requests ({@code type} 3 or 11, from the machine that reported it), with the
     * request's sequence number, the TTL it arrived with, and the reply's data (empty for an error).
     */
    record IcmpMessage(int type, int code, int address, int sequence, int ttl, Message data, long arrivedNs) {
        public boolean isReply() { return type == 0; }
    }
}
