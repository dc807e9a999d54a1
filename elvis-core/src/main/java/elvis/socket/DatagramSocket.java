package elvis.socket;

import elvis.message.Message;

/**
 * A UDP socket with BSD semantics over {@link elvis.protocol.udp.Udp}. Datagrams wait in a receive
 * buffer; one that would overflow it is dropped and counted ({@link SocketDrop#SOCKET_BUFFER}). Made by
 * {@link Process#datagramSocket()} through the machine's {@link SocketFactory}.
 */
public interface DatagramSocket extends Socket {
    /** Linux's default SO_RCVBUF. */
    int DEFAULT_RECEIVE_BUFFER = 212_992;
    /** The largest UDP payload over IPv4. */
    int MAX_PAYLOAD = 65_507;

    /** SO_RCVBUF: bytes of datagrams kept for {@link #recvfrom}. */
    void setReceiveBuffer(int bytes);

    /** IP_TTL: the TTL of the datagrams this socket sends (1..255; default 64). */
    void setTtl(int ttl);

    /**
     * IP_RECVERR: ICMP errors about what this socket sent wait in an error queue for
     * {@link #recvError}, instead of failing a connected socket's next call.
     */
    void setReceiveErrors(boolean on);

    /** The next ICMP error from the error queue (MSG_ERRQUEUE), waiting at most {@code timeoutNs}; null on timeout. */
    SocketError recvError(long timeoutNs);

    /** Sets the default destination and accepts datagrams from it alone; binds an ephemeral port if unbound. */
    void connect(int address, int port);

    /** Sends to the connected peer; EDESTADDRREQ if not connected. */
    int send(Message data);

    /** Sends one datagram (binding an ephemeral port if unbound) and returns its length; UDP never blocks. */
    int sendto(Message data, int address, int port);

    /** The data of the next datagram, cut to {@code max} bytes (the rest is discarded, as in BSD). */
    default Message recv(int max) { return recvfrom(max).data(); }

    /** The next datagram, its data cut to {@code max} bytes, waiting for one. */
    Datagram recvfrom(int max);
}
