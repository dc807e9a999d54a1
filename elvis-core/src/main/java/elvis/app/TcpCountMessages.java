package elvis.app;

import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConnection;

/**
 * Counts the messages of a known length arriving over TCP on a port (the stream is cut into
 * {@code messageLength}-byte records, whatever the segmentation); its goal is {@code expected}
 * messages. With an expected payload, records with other content are counted apart.
 */
public final class TcpCountMessages extends MessageCounter {
    private final int port;
    private final int messageLength;
    private Message pending = Message.EMPTY;  // bytes of an incomplete record
    private long bytes;

    public TcpCountMessages(int port, int messageLength, long expected, Message expectedPayload) {
        super(expected, expectedPayload);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535: " + port);
        if (messageLength < 1) throw new IllegalArgumentException("message length must be positive");
        if (expectedPayload != null && expectedPayload.length() != messageLength)
            throw new IllegalArgumentException("expected payload is not " + messageLength + " bytes long");
        this.port = port;
        this.messageLength = messageLength;
    }

    @Override
    public String name() { return "tcp_capture"; }

    @Override
    public void start(Machine machine) {
        Tcp.of(machine).listen(port, 128, this, c -> new ConnectionHandler() {
            @Override public void data(TcpConnection conn, Message data) { consume(data, machine.sim().now()); }
            @Override public void peerClosed(TcpConnection conn) { conn.close(); }
        });
    }

    private void consume(Message data, long now) {
        bytes += data.length();
        Message m = pending.concat(data);
        int at = 0;
        for (; at + messageLength <= m.length(); at += messageLength) count(m.slice(at, messageLength), now);
        pending = m.slice(at);
    }

    public long bytes() { return bytes; }
}
