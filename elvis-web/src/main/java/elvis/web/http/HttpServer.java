package elvis.web.http;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConfig;
import elvis.protocol.tcp.TcpListener;
import java.util.Objects;

/**
 * An HTTP/1.1 server on the TCP event API: no process per connection, only callbacks. Each accepted
 * connection parses requests as segments arrive (any segmentation), hands complete requests to the
 * {@link HttpHandler} in order and writes the responses in request order (pipelining), keeping the
 * connection open between requests unless the request, the version (1.0 without keep-alive) or
 * {@link Options#keepAlive} says otherwise. A malformed or oversized request is counted in
 * {@link HttpCounters} by {@link HttpError} kind, answered with its status (400, 413, 414, 431, 501,
 * 505) and {@code Connection: close}, after the responses due before it, and the connection closed.
 *
 * <pre>{@code
 * HttpCounters counters = new HttpCounters();
 * HttpServer server = HttpServer.listen(machine, 80, this, HttpServer.Options.DEFAULT, counters, handler);
 * }</pre>
 *
 * For a process on blocking sockets use {@link BlockingHttpServer} instead; both share the parser,
 * handler interface and counters.
 */
public final class HttpServer {
    /**
     * @param limits what a request may be
     * @param keepAlive false closes every connection after one response (Rusty's server)
     * @param backlog the listener's backlog
     * @param maxPipelined requests a connection holds unanswered before it stops reading (TCP's window
     *        then pushes back on the client)
     * @param tcp the connections' TCP configuration, or null for the machine's
     */
    public record Options(HttpLimits limits, boolean keepAlive, int backlog, int maxPipelined, TcpConfig tcp) {
        public static final Options DEFAULT = new Options(HttpLimits.DEFAULT, true, 1024, 32, null);

        public Options {
            Objects.requireNonNull(limits);
            if (backlog < 1 || maxPipelined < 1) throw new IllegalArgumentException("backlog and maxPipelined must be positive");
        }

        public Options withKeepAlive(boolean on) { return new Options(limits, on, backlog, maxPipelined, tcp); }
        public Options withLimits(HttpLimits l) { return new Options(l, keepAlive, backlog, maxPipelined, tcp); }
        public Options withBacklog(int b) { return new Options(limits, keepAlive, b, maxPipelined, tcp); }
    }

    private final Machine machine;
    private final Options options;
    private final HttpCounters counters;
    private final HttpHandler handler;
    private TcpListener listener;
    private HttpServerObserver observer = new HttpServerObserver() { };

    private HttpServer(Machine machine, Options options, HttpCounters counters, HttpHandler handler) {
        this.machine = machine;
        this.options = options;
        this.counters = counters;
        this.handler = handler;
    }

    /** Listens on {@code port} of {@code machine} for {@code owner} (failures in the handler are the owner's). */
    public static HttpServer listen(Machine machine, int port, Application owner, Options options, HttpCounters counters, HttpHandler handler) {
        HttpServer s = new HttpServer(machine, Objects.requireNonNull(options), Objects.requireNonNull(counters), Objects.requireNonNull(handler));
        Tcp tcp = Tcp.of(machine);
        s.listener = options.tcp() == null
                ? tcp.listen(port, options.backlog(), owner, c -> new HttpServerConnection(s, c))
                : tcp.listen(port, options.backlog(), options.tcp(), owner, c -> new HttpServerConnection(s, c));
        return s;
    }

    public HttpCounters counters() { return counters; }
    public Options options() { return options; }
    Machine machine() { return machine; }
    HttpHandler handler() { return handler; }
    HttpServerObserver observer() { return observer; }

    /** Tells {@code o} what the connections do from now on. */
    public void observe(HttpServerObserver o) { observer = Objects.requireNonNull(o); }

    /** Stops accepting connections; open ones go on. */
    public void close() { listener.close(); }
}
