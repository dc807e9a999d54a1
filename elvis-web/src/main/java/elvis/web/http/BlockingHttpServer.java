package elvis.web.http;

import elvis.message.Message;
import elvis.socket.ErrnoException;
import elvis.socket.Process;
import elvis.socket.StreamSocket;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Serves one accepted connection from a process on blocking sockets: reads requests (any
 * segmentation, pipelined or not), calls the {@link HttpHandler}, waits in virtual time for a response
 * the handler completes later, writes responses in request order, and returns when the connection
 * is done (closed by either side, or after an error answered with its status). Same parser, handler
 * interface, limits and counters as the event-driven {@link HttpServer}.
 *
 * <pre>{@code
 * StreamSocket listener = self.streamSocket();
 * listener.bind(80); listener.listen(128);
 * while (true) {
 *     StreamSocket conn = listener.accept();
 *     self.spawn(p -> BlockingHttpServer.serve(p, conn, options, counters, handler), conn);
 * }
 * }</pre>
 */
public final class BlockingHttpServer implements HttpParser.Listener {
    private static final int READ = 65536;

    private final Process process;
    private final StreamSocket socket;
    private final HttpServer.Options options;
    private final HttpCounters counters;
    private final HttpServerObserver observer;
    private final HttpParser parser;
    private final ArrayDeque<HttpExchange> pending = new ArrayDeque<>(2);
    private final BodyCollector body = new BodyCollector();
    private HttpRequest current;
    private boolean closing;

    private BlockingHttpServer(Process process, StreamSocket socket, HttpServer.Options options, HttpCounters counters, HttpServerObserver observer) {
        this.process = process;
        this.socket = socket;
        this.options = options;
        this.counters = counters;
        this.observer = observer;
        this.parser = HttpParser.forRequests(options.limits(), this);
    }

    /** Serves {@code socket} until the connection ends, then closes it. */
    public static void serve(Process self, StreamSocket socket, HttpServer.Options options, HttpCounters counters, HttpHandler handler) {
        serve(self, socket, options, counters, new HttpServerObserver() { }, handler);
    }

    /** As {@link #serve(Process, StreamSocket, HttpServer.Options, HttpCounters, HttpHandler)}, telling {@code observer} what happens as {@link HttpServer#observe} does. */
    public static void serve(Process self, StreamSocket socket, HttpServer.Options options, HttpCounters counters,
                             HttpServerObserver observer, HttpHandler handler) {
        BlockingHttpServer s = new BlockingHttpServer(self, Objects.requireNonNull(socket), Objects.requireNonNull(options),
                Objects.requireNonNull(counters), Objects.requireNonNull(observer));
        counters.connections++;
        counters.open++;
        observer.opened();
        try {
            socket.setNoDelay(true);    // as HttpServer: a response's last partial segment must not wait for a delayed ACK
            s.run(handler);
        } catch (ErrnoException e) {
            counters.error(HttpError.TRUNCATED);             // reset or gone while we wrote
            observer.error(HttpError.TRUNCATED);
        } finally {
            counters.open--;
            socket.close();
            observer.closed();
        }
    }

    private void run(HttpHandler handler) {
        while (true) {
            while (!pending.isEmpty()) {
                HttpExchange x = pending.pollFirst();
                if (x.request() != null) {
                    handler.handle(x.request(), x);
                    if (!x.responded()) process.await(x::whenResponded);
                }
                write(x);
                if (x.closeAfter()) return;
            }
            if (closing) return;
            Message m = socket.recv(READ);
            counters.bytesReceived += m.length();
            if (m.isEmpty()) {
                parser.finish();
                closing = true;                              // answer what was read, then close
            } else {
                parser.feed(m);
            }
        }
    }

    private void write(HttpExchange x) {
        Message wire = x.wire(counters);
        socket.sendAll(wire);
        counters.bytesSent += wire.length();
        observer.sent(x.response().status(), wire.length(), x.receivedNs());
    }

    @Override public void requestHead(HttpRequest head) {
        current = head;
        body.clear();
    }

    @Override public void body(Message part) { body.add(part); }

    @Override public void end() {
        HttpRequest request = body.isEmpty() ? current : current.withBody(body.take());
        counters.requests++;
        boolean last = !request.keepAlive() || !options.keepAlive() || parser.closeAfter();
        if (last) parser.stop();
        pending.add(new HttpExchange(request, process.now(), last));
    }

    @Override public void error(HttpError error) {
        counters.error(error);
        observer.error(error);
        if (error.status() == 0) { closing = true; return; }
        HttpExchange x = new HttpExchange(null, process.now(), true);
        x.respond(HttpResponse.status(error.status()));
        pending.add(x);
    }
}
