package elvis.web.server;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.CloseReason;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConnection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test client that knows no HTTP: at {@code startNs} it connects, writes its bytes, keeps every
 * byte that comes back and closes when the server does. {@link #responses} then cuts what came back
 * into responses with a parser of its own, so the server's bytes are checked independently of the
 * HTTP substrate's parser.
 */
final class RawClient implements Application {
    record Response(int status, String statusLine, List<String> headers, byte[] body) {
        String header(String name) {
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (h.substring(0, colon).equalsIgnoreCase(name)) return h.substring(colon + 1).strip();
            }
            return null;
        }
        String text() { return new String(body, StandardCharsets.ISO_8859_1); }
    }

    private final int serverIp, port;
    private final byte[] request;
    private final long startNs;
    private boolean halfClose;
    private long trickleNs = -1;
    private TcpConnection connection;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private CloseReason outcome;

    RawClient(int serverIp, int port, String request, long startNs) {
        this.serverIp = serverIp;
        this.port = port;
        this.request = request.getBytes(StandardCharsets.ISO_8859_1);
        this.startNs = startNs;
    }

    @Override public String name() { return "raw_client"; }

    @Override
    public void start(Machine machine) {
        machine.sim().schedule(startNs, () -> Tcp.of(machine).connect(serverIp, port, this, new ConnectionHandler() {
            @Override public void connected(TcpConnection c) {
                connection = c;
                if (trickleNs < 0) {
                    c.send(Message.wrap(request));
                    if (halfClose) c.shutdownOutput();
                } else {
                    c.setNagle(false);
                    for (int i = 0; i < request.length; i++) {
                        int at = i;
                        machine.sim().schedule(i * trickleNs, () -> c.send(Message.wrap(request, at, 1)));
                    }
                }
            }
            @Override public void data(TcpConnection c, Message data) { received.writeBytes(data.toByteArray()); }
            @Override public void peerClosed(TcpConnection c) { c.close(); }
            @Override public void closed(TcpConnection c, CloseReason reason) { outcome = reason; }
        }));
    }

    @Override public String summary() { return received.size() + " bytes"; }

    /** Sends the request one byte at a time, {@code intervalNs} apart, without Nagle: one byte a segment. */
    RawClient trickle(long intervalNs) {
        trickleNs = intervalNs;
        return this;
    }

    /** The connection, once made. */
    TcpConnection connection() { return connection; }

    /** Sends FIN after the request, so that a server waiting for the rest of an incomplete one hears the end. */
    RawClient halfClose() {
        halfClose = true;
        return this;
    }

    CloseReason outcome() { return outcome; }

    byte[] bytes() { return received.toByteArray(); }

    /** The responses received, in order; bodies by Content-Length (none after HEAD when {@code heads} says so). */
    List<Response> responses(boolean... heads) {
        byte[] b = bytes();
        List<Response> out = new ArrayList<>();
        int at = 0;
        while (at < b.length) {
            int end = indexOf(b, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
            if (end < 0) throw new AssertionError("incomplete head at byte " + at + " of " + b.length);
            String[] lines = new String(b, at, end - at, StandardCharsets.ISO_8859_1).split("\r\n");
            List<String> headers = List.of(lines).subList(1, lines.length);
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            at = end + 4;
            Response head = new Response(status, lines[0], headers, new byte[0]);
            boolean bodyless = out.size() < heads.length && heads[out.size()];
            int length = bodyless ? 0 : Integer.parseInt(head.header("Content-Length"));
            if (at + length > b.length) throw new AssertionError("body cut short: " + length + " announced, " + (b.length - at) + " received");
            byte[] body = java.util.Arrays.copyOfRange(b, at, at + length);
            at += length;
            out.add(new Response(status, lines[0], headers, body));
        }
        return out;
    }

    private static int indexOf(byte[] b, byte[] pattern, int from) {
        outer:
        for (int i = from; i + pattern.length <= b.length; i++) {
            for (int j = 0; j < pattern.length; j++) if (b[i + j] != pattern[j]) continue outer;
            return i;
        }
        return -1;
    }
}
