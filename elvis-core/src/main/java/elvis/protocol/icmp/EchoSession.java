package elvis.protocol.icmp;

import elvis.message.Message;

/**
 * One ping socket's identifier (the Linux "ping socket" model: the kernel chooses the identifier,
 * the application the sequence numbers and data). Replies and errors about its requests go to its
 * {@link EchoHandler}.
 */
public final class EchoSession {
    private final Icmp icmp;
    private final int identifier;
    final EchoHandler handler;

    EchoSession(Icmp icmp, int identifier, EchoHandler handler) {
        this.icmp = icmp;
        this.identifier = identifier;
        this.handler = handler;
    }

    public int identifier() { return identifier; }

    /** Sends an echo request with {@code sequence} and {@code data} to {@code dst} with IP TTL {@code ttl}; false when dropped here. */
    public boolean send(int dst, int sequence, Message data, int ttl) { return icmp.sendEcho(dst, identifier, sequence, data, ttl); }

    public void close() { icmp.close(this); }
}
