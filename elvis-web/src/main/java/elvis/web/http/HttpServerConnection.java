package elvis.web.http;

import elvis.message.Message;
import elvis.protocol.tcp.CloseReason;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.TcpConnection;
import java.util.ArrayDeque;

/** One accepted connection of an {@link HttpServer}: parser in, responses out in request order. */
final class HttpServerConnection implements ConnectionHandler, HttpParser.Listener {
    private final HttpServer server;
    private final HttpCounters counters;
    private final TcpConnection connection;
    private final HttpParser parser;
    private final ArrayDeque<HttpExchange> pending = new ArrayDeque<>(2);
    private final BodyCollector body = new BodyCollector();
    private HttpRequest current;
    private Message unsent = Message.EMPTY;     // the part of the response the send buffer did not take
    private HttpExchange sending;               // whose response unsent ends, for the observer
    private int sendingStatus;
    private long sendingWire;
    private boolean closing, gone, peerDone, paused;

    HttpServerConnection(HttpServer server, TcpConnection connection) {
        this.server = server;
        this.counters = server.counters();
        this.connection = connection;
        this.parser = HttpParser.forRequests(server.options().limits(), this);
        // TCP_NODELAY, as web servers set it: with Nagle a response's last partial segment waits for
        // the client's delayed ACK (up to its delayed-ACK time per response on a kept-alive connection).
        connection.setNagle(false);
        counters.connections++;
        counters.open++;
        server.observer().opened();
    }

    // ---- TCP ----

    @Override
    public void data(TcpConnection c, Message data) {
        counters.bytesReceived += data.length();
        parser.feed(data);
    }

    @Override
    public void writable(TcpConnection c) { flush(); }

    @Override
    public void peerClosed(TcpConnection c) {
        peerDone = true;
        parser.finish();
        if (pending.isEmpty() && unsent.isEmpty()) closeNow();
    }

    @Override
    public void closed(TcpConnection c, CloseReason reason) {
        if (gone) return;
        gone = true;
        counters.open--;
        if (!pending.isEmpty() || !parser.isIdle() && parser.isOpen()) {
            counters.error(HttpError.TRUNCATED);
            server.observer().error(HttpError.TRUNCATED);
        }
        server.observer().closed();
        pending.clear();
    }

    // ---- parser ----

    @Override
    public void requestHead(HttpRequest head) {
        current = head;
        body.clear();
    }

    @Override
    public void body(Message part) { body.add(part); }

    @Override
    public void end() {
        HttpRequest request = body.isEmpty() ? current : current.withBody(body.take());
        current = null;
        counters.requests++;
        boolean last = !request.keepAlive() || !server.options().keepAlive() || parser.closeAfter();
        if (last) parser.stop();                         // RFC 9112 §9.6: nothing after a close is read
        HttpExchange exchange = new HttpExchange(request, server.machine().sim().now(), last);
        pending.add(exchange);
        if (pending.size() >= server.options().maxPipelined() && !paused) {
            paused = true;
            connection.pauseReading();
        }
        exchange.whenResponded(this::flush);
        server.handler().handle(request, exchange);
    }

    @Override
    public void error(HttpError error) {
        counters.error(error);
        server.observer().error(error);
        if (error.status() == 0) {                       // cut short: nobody to answer
            if (pending.isEmpty()) closeNow();
            return;
        }
        HttpResponse r = HttpResponse.status(error.status());
        HttpExchange exchange = new HttpExchange(null, server.machine().sim().now(), true);
        pending.add(exchange);
        exchange.respond(r);
        flush();
    }

    // ---- output ----

    /** Sends the responses that are ready, in request order, and closes after the last one. */
    private void flush() {
        if (gone) return;
        if (!unsent.isEmpty() && !send(unsent)) return;
        while (!pending.isEmpty() && pending.peekFirst().responded() && !closing) {
            HttpExchange x = pending.pollFirst();
            Message wire = x.wire(counters);
            if (x.closeAfter()) closing = true;
            sending = x;
            sendingStatus = x.response().status();
            sendingWire = wire.length();
            if (!send(wire)) return;
        }
        if (paused && pending.size() < server.options().maxPipelined()) {
            paused = false;
            connection.resumeReading();
        }
        if (unsent.isEmpty() && (closing || peerDone && pending.isEmpty())) closeNow();
    }

    /** True when all of {@code m} was queued; else keeps the rest for {@link #writable}. */
    private boolean send(Message m) {
        int n = connection.send(m);
        counters.bytesSent += n;
        unsent = n == m.length() ? Message.EMPTY : m.slice(n);
        if (!unsent.isEmpty()) return false;
        if (sending != null) {
            server.observer().sent(sendingStatus, sendingWire, sending.receivedNs());
            sending = null;
        }
        return true;
    }

    private void closeNow() {
        if (gone) return;
        pending.clear();
        connection.close();
    }
}
