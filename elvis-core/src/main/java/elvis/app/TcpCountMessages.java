package elvis.app;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.TcpConnection;

/**
 * Counts the messages of a known length arriving over TCP on a port (the stream is cut into
 * {@code messageLength}-byte records, whatever the segmentation); its goal is {@code expected}
 * messages. With an expected payload, records with other content are counted apart.
 */
public final class TcpCountMessages implements Application {
    private final int port;
    private final int messageLength;
    private final long expected;
    private final Message expectedPayload;    // null = any content counts
    private Message pending = Message.EMPTY;  // bytes of an incomplete record
    private long received, mismatched, bytes;

    public TcpCountMessages(int port, int messageLength, long expected, Message expectedPayload) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535: " + port);
        if (messageLength < 1) throw new IllegalArgumentException("message length must be positive");
        if (expectedPayload != null && expectedPayload.length() != messageLength)
            throw new IllegalArgumentException("expected payload is not " + messageLength + " bytes long");
        this.port = port;
        this.messageLength = messageLength;
        this.expected = expected;
        this.expectedPayload = expectedPayload;
    }

    @Override
    public String name() { return "tcp_capture"; }

    @Override
    public void start(Machine machine) {
        machine.tcp().listen(port, 128, this, c -> new ConnectionHandler() {
            @Override public void data(TcpConnection conn, Message data) { consume(data); }
            @Override public void peerClosed(TcpConnection conn) { conn.close(); }
        });
    }

    private void consume(Message data) {
        bytes += data.length();
        Message m = pending.concat(data);
        int at = 0;
        for (; at + messageLength <= m.length(); at += messageLength) {
            if (expectedPayload == null || expectedPayload.contentEquals(m.slice(at, messageLength))) received++;
            else mismatched++;
        }
        pending = m.slice(at);
    }

    public long received() { return received; }
    public long mismatched() { return mismatched; }
    public long bytes() { return bytes; }

    @Override
    public boolean hasGoal() { return true; }

    @Override
    public boolean goalMet() { return received >= expected; }

    @Override
    public String summary() {
        return "received " + received + " of " + expected + (mismatched > 0 ? " (" + mismatched + " with other content)" : "");
    }
}
