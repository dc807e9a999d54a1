package elvis.testing;

import elvis.message.Message;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.TcpConnection;

/** One end of a connection on which both ends send: sends {@code bytes} of zeros, then shuts its output, and counts what arrives. */
public final class Duplex implements ConnectionHandler {
    private final long bytes;
    private long queued, received;

    public Duplex(long bytes) { this.bytes = bytes; }

    public long received() { return received; }

    @Override public void connected(TcpConnection c) { fill(c); }
    @Override public void writable(TcpConnection c) { fill(c); }
    @Override public void data(TcpConnection c, Message d) { received += d.length(); }

    /** Queues what the send buffer takes; after the last byte, the FIN. Call it on an accepted connection too. */
    public void fill(TcpConnection c) {
        while (queued < bytes) {
            int n = c.send(Message.zeros((int) Math.min(65536, bytes - queued)));
            queued += n;
            if (n == 0) return;
        }
        c.shutdownOutput();
    }
}
