package elvis.app;

import elvis.config.Attribute;
import elvis.config.Arguments;
import elvis.config.Schema;
import java.util.List;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.TcpConnection;
import elvis.sim.trace.TraceUnit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Accepts TCP connections on a port and counts the bytes they carry; its goal is {@code expected}
 * bytes in all. Closes each connection when its peer does. With {@code digest} on, it also keeps a
 * SHA-256 of everything received (in arrival order), for integrity checks. Trace events:
 * {@code accepted} (connections so far) and {@code finished} (bytes received when the goal was reached).
 */
public final class TcpSink implements Application {
    private final int port;
    private final long expected;
    private final MessageDigest sha;
    private long received, firstNs = -1, lastNs = -1, finishedAtNs = -1;
    private int connections;

    public TcpSink(int port, long expected, boolean digest) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535: " + port);
        if (expected < 0) throw new IllegalArgumentException("expected bytes must not be negative");
        this.port = port;
        this.expected = expected;
        try {
            this.sha = digest ? MessageDigest.getInstance("SHA-256") : null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() { return "tcp_sink"; }

    @Override
    public void start(Machine machine) {
        machine.tcp().listen(port, 128, this, c -> {
            connections++;
            AppEvents.emit(machine, this, "accepted", connections, TraceUnit.COUNT);
            return new ConnectionHandler() {
                @Override public void data(TcpConnection conn, Message data) {
                    long now = machine.sim().now();
                    if (firstNs < 0) firstNs = now;
                    lastNs = now;
                    boolean goal = received < expected && received + data.length() >= expected;
                    received += data.length();
                    if (goal) {
                        finishedAtNs = now;
                        AppEvents.emit(machine, TcpSink.this, "finished", received, TraceUnit.BYTES);
                    }
                    if (sha != null) data.forEachSlice((a, off, len) -> {
                        if (a != null) sha.update(a, off, len);
                        else for (int i = 0; i < len; i++) sha.update((byte) 0);
                    });
                }
                @Override public void peerClosed(TcpConnection conn) { conn.close(); }
            };
        });
    }

    public long received() { return received; }
    public int connections() { return connections; }
    /** Virtual time of the first and last data arrival, or -1. */
    public long firstArrivalNs() { return firstNs; }
    public long lastArrivalNs() { return lastNs; }

    /** SHA-256 of the bytes received so far (only with digest on). */
    public byte[] digest() {
        try {
            return ((MessageDigest) sha.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean hasGoal() { return true; }

    @Override
    public boolean goalMet() { return received >= expected; }

    /** When the goal was reached. */
    @Override
    public long finishedAtNs() { return finishedAtNs; }

    @Override
    public String summary() {
        return "received " + received + " of " + expected + " bytes" + (sha == null ? "" : ", sha256 " + java.util.HexFormat.of().formatHex(digest()));
    }

    /** {@code tcp_sink}: port, bytes (the goal); digest. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("tcp_sink", List.of(
                    Attribute.port("port").required().doc("local port"),
                    Declare.size("bytes").required().doc("bytes expected"),
                    Attribute.ipv4("ip").doc("local address (claims it)"),
                    Attribute.bool("digest").byDefault(false).doc("also compute a SHA-256 of the stream (for integrity checks)")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            if (a.has("ip")) a.ipv4("ip");
            return new TcpSink(a.port("port"), a.size("bytes", Long.MAX_VALUE / 2, 0), a.bool("digest", false));
        }
    }
}
