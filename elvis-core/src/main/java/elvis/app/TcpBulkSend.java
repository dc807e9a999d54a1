package elvis.app;

import elvis.config.Attribute;
import elvis.config.Arguments;
import elvis.config.Schema;
import java.util.List;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.CloseReason;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.TcpConnection;

/**
 * Sends {@code bytes} of synthetic zero payload (no array behind it) over one TCP connection, as
 * fast as the send buffer accepts them, then closes. Goodput is measured from the connect to the
 * moment the last byte and the FIN are acknowledged. Its summary counts the bytes the peer
 * acknowledged, not those written into the send buffer.
 */
public final class TcpBulkSend implements Application {
    private final int dstIp, dstPort;
    private final long bytes, startNs;
    private TcpConnection connection;
    private long queued, startedAt = -1, finishedAt = -1;
    private CloseReason outcome;

    public TcpBulkSend(int dstIp, int dstPort, long bytes, long startNs) {
        if (dstPort < 1 || dstPort > 65535) throw new IllegalArgumentException("port must be 1..65535: " + dstPort);
        if (bytes < 0 || startNs < 0) throw new IllegalArgumentException("bytes and start must not be negative");
        this.dstIp = dstIp;
        this.dstPort = dstPort;
        this.bytes = bytes;
        this.startNs = startNs;
    }

    @Override
    public String name() { return "tcp_bulk_send"; }

    @Override
    public void start(Machine machine) {
        machine.sim().schedule(startNs, () -> machine.guard(this, () -> {
            startedAt = machine.sim().now();
            connection = machine.tcp().connect(dstIp, dstPort, this, new ConnectionHandler() {
                @Override public void connected(TcpConnection c) { fill(c); }
                @Override public void writable(TcpConnection c) { fill(c); }
                @Override public void closed(TcpConnection c, CloseReason reason) {
                    outcome = reason;
                    finishedAt = machine.sim().now();
                }
            });
        }));
    }

    private void fill(TcpConnection c) {
        // Offer everything left: a short count arms the writable() callback.
        long n = bytes - queued;
        if (n > 0) queued += c.send(Message.zeros((int) Math.min(n, Integer.MAX_VALUE)));
        if (queued == bytes) c.close();
    }

    public TcpConnection connection() { return connection; }
    public long queued() { return queued; }
    /** Bytes the peer acknowledged. */
    public long acknowledged() { return connection == null ? 0 : connection.info().bytesAcked(); }
    /** How the connection ended, or null while it lasts. */
    public CloseReason outcome() { return outcome; }

    /** Bits per second from connect to close, or 0 before the end. */
    public double goodputBps() {
        return finishedAt <= startedAt || outcome != CloseReason.NORMAL ? 0 : bytes * 8e9 / (finishedAt - startedAt);
    }

    @Override
    public boolean hasGoal() { return true; }

    @Override
    public boolean goalMet() { return outcome == CloseReason.NORMAL && queued == bytes; }

    @Override
    public long finishedAtNs() { return finishedAt; }

    @Override
    public String summary() {
        return "sent " + acknowledged() + " of " + bytes + " bytes" + (outcome == null ? "" : ", " + outcome.name().toLowerCase())
                + (goodputBps() > 0 ? String.format(", goodput %.3f Mbit/s", goodputBps() / 1e6) : "");
    }

    /** {@code tcp_bulk_send}: bytes, to, port; start. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("tcp_bulk_send", List.of(
                    Declare.size("bytes").required().doc("how much to send (`20MB`, `1GB`)"),
                    Attribute.destination("to").required().doc("destination machine or address"),
                    Attribute.port("port").required().doc("destination port"),
                    Declare.start("when to connect")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            int to = context.destination(a, "to");
            return new TcpBulkSend(to, a.port("port"), a.size("bytes", Long.MAX_VALUE / 2, 0), a.duration("start", 0));
        }
    }
}
