package elvis.web.http;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.CloseReason;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConnection;
import elvis.protocol.tcp.TcpConfig;
import elvis.sim.Timer;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * An HTTP/1.1 client connection on the TCP event API (no process): {@link #open} connects, {@link #send}
 * queues requests, and each request's {@link ResponseHandler} hears its response's head, its body in
 * parts as segments arrive (a response spans any number of reads) and its completion, or why it
 * failed. Requests wait until the connection is established; with {@link Options#pipeline} they go
 * out at once, else each after the previous response is complete.
 *
 * <pre>{@code
 * HttpClientConnection c = HttpClientConnection.open(machine, this, serverIp, 80, Options.DEFAULT, counters, null);
 * c.send(HttpRequest.get("/index.html", "server"), new ResponseHandler() {
 *     public void complete(HttpResponse r) { ... r.status(), r.body().length() ...; c.close(); }
 *     public void failed(HttpError e) { ... }
 * });
 * }</pre>
 *
 * When the server closes the connection (its {@code Connection: close}, an idle timeout, an error),
 * requests still queued fail with {@link HttpError#TRUNCATED}; open a new connection for them. A
 * response that closes the connection has made {@link #isOpen} false by the time its handler's
 * {@code complete} runs, so a closed-loop client knows there to open a new one.
 */
public final class HttpClientConnection implements ConnectionHandler, HttpParser.Listener {
    /** What happens to one request. */
    public interface ResponseHandler {
        /** The final response's head arrived (body empty here). */
        default void head(HttpResponse head) { }

        /** Part of the body, a zero-copy slice of received segments, in order. */
        default void body(Message part) { }

        /** False to not keep the body: {@link #complete} then gets the response with an empty body (parts still come to {@link #body}). */
        default boolean collectBody() { return true; }

        /** The response is complete; its body holds all parts unless {@link #collectBody} is false. */
        void complete(HttpResponse response);

        /** The request got no (complete) response; nothing more is called for it. */
        void failed(HttpError error);
    }

    /** Connection events, all optional. */
    public interface Events {
        default void connected(HttpClientConnection c) { }

        /** The connection is gone (requests outstanding at that moment have failed first). */
        default void closed(HttpClientConnection c) { }
    }

    /**
     * @param limits bounds on response heads (bodies are not bounded)
     * @param pipeline send queued requests without waiting for responses
     * @param tcp the connection's TCP configuration, or null for the machine's
     * @param timeoutNs virtual time from {@link #send} to a complete response, or 0 for none: past it
     *        the request fails with {@link HttpError#TIMEOUT} and the connection is reset (the framing
     *        of a half-read response is lost), failing the requests behind it with {@link HttpError#TRUNCATED}
     */
    public record Options(HttpLimits limits, boolean pipeline, TcpConfig tcp, long timeoutNs) {
        public static final Options DEFAULT = new Options(HttpLimits.DEFAULT, false, null, 0);

        public Options {
            Objects.requireNonNull(limits);
            if (timeoutNs < 0) throw new IllegalArgumentException("negative timeout");
        }

        public Options(HttpLimits limits, boolean pipeline, TcpConfig tcp) { this(limits, pipeline, tcp, 0); }

        public Options withPipeline(boolean on) { return new Options(limits, on, tcp, timeoutNs); }
        public Options withTimeout(long ns) { return new Options(limits, pipeline, tcp, ns); }
        public Options withTcp(TcpConfig config) { return new Options(limits, pipeline, config, timeoutNs); }
    }

    private record Pending(HttpRequest request, ResponseHandler handler, long deadline) { }

    private static final Events NO_EVENTS = new Events() { };

    private final Machine machine;
    private final Application owner;
    private final Options options;
    private final HttpCounters counters;
    private final Events events;
    private final HttpParser parser;
    private final ArrayDeque<Pending> queued = new ArrayDeque<>(2);     // not sent yet
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>(2);   // sent, response due, in order
    private final BodyCollector body = new BodyCollector();
    private TcpConnection connection;
    private HttpResponse head;
    private Message unsent = Message.EMPTY;
    private boolean established, closing, gone;
    private Timer timer;                                                // the oldest request's deadline

    private HttpClientConnection(Machine machine, Application owner, Options options, HttpCounters counters, Events events) {
        this.machine = machine;
        this.owner = owner;
        this.options = options;
        this.counters = counters;
        this.events = events == null ? NO_EVENTS : events;
        this.parser = HttpParser.forResponses(options.limits(), this);
    }

    /** Connects to ip:port for {@code owner}; {@code events} may be null. */
    public static HttpClientConnection open(Machine machine, Application owner, int ip, int port, Options options,
                                            HttpCounters counters, Events events) {
        HttpClientConnection c = new HttpClientConnection(machine, owner, Objects.requireNonNull(options), Objects.requireNonNull(counters), events);
        Tcp tcp = Tcp.of(machine);
        c.connection = options.tcp() == null
                ? tcp.connect(ip, port, owner, c)
                : tcp.connect(0, ip, port, options.tcp(), owner, c);
        return c;
    }

    /** Queues a request; its handler hears the outcome (at once {@link HttpError#TRUNCATED} if the connection is closing or gone). */
    public void send(HttpRequest request, ResponseHandler handler) {
        long deadline = options.timeoutNs() == 0 ? Long.MAX_VALUE : machine.sim().now() + options.timeoutNs();
        Pending p = new Pending(Objects.requireNonNull(request), Objects.requireNonNull(handler), deadline);
        if (closing || gone) {
            counters.error(HttpError.TRUNCATED);
            handler.failed(HttpError.TRUNCATED);
            return;
        }
        queued.add(p);
        armTimer();
        pump();
    }

    // One timer per connection, for the oldest request not yet answered (requests time out in order).
    private void armTimer() {
        if (options.timeoutNs() == 0 || gone || closing) return;
        Pending oldest = !inFlight.isEmpty() ? inFlight.peekFirst() : queued.peekFirst();
        if (oldest == null) {
            if (timer != null) timer.cancel();
            timer = null;
            return;
        }
        if (timer != null && timer.pending() && timer.dueTime() == oldest.deadline()) return;
        if (timer != null) timer.cancel();
        timer = machine.sim().timer(oldest.deadline() - machine.sim().now(), () -> machine.guard(owner, this::timedOut));
    }

    private void timedOut() {
        if (gone || closing) return;
        Pending p = !inFlight.isEmpty() ? inFlight.pollFirst() : queued.pollFirst();
        if (p == null) return;
        counters.error(HttpError.TIMEOUT);
        p.handler().failed(HttpError.TIMEOUT);
        closing = true;
        parser.stop();
        failAll(HttpError.TRUNCATED);
        connection.abort();
    }

    /** Requests sent or queued whose response is not complete. */
    public int outstanding() { return queued.size() + inFlight.size(); }

    public boolean isConnected() { return established && !gone; }

    /** False once closing or closed: {@link #send} would fail. */
    public boolean isOpen() { return !closing && !gone; }

    public TcpConnection tcp() { return connection; }

    /** Closes gracefully; outstanding requests fail with {@link HttpError#TRUNCATED}. */
    public void close() {
        if (gone || closing) return;
        closing = true;
        shutDown();
    }

    // ---- TCP ----

    @Override
    public void connected(TcpConnection c) {
        c.setNagle(false);              // TCP_NODELAY, as curl and browsers: a pipelined request must not wait for an ACK
        established = true;
        counters.connections++;
        counters.open++;
        events.connected(this);
        pump();
    }

    @Override
    public void data(TcpConnection c, Message data) {
        counters.bytesReceived += data.length();
        if (inFlight.isEmpty()) {                        // nothing asked: the server is wrong
            if (parser.isOpen()) {
                counters.error(HttpError.BAD_RESPONSE);
                parser.stop();
                close();
            }
            return;
        }
        parser.feed(data);
    }

    @Override
    public void writable(TcpConnection c) { pump(); }

    @Override
    public void peerClosed(TcpConnection c) {
        parser.finish();
        if (!gone && !closing) close();
    }

    @Override
    public void closed(TcpConnection c, CloseReason reason) {
        if (gone) return;
        if (!established) {
            failAll(HttpError.CONNECT_FAILED);
        } else {
            if (!inFlight.isEmpty() && parser.isOpen()) parser.finish();
            failAll(HttpError.TRUNCATED);
            counters.open--;
        }
        gone = true;
        if (timer != null) timer.cancel();
        events.closed(this);
    }

    // ---- parser ----

    @Override
    public boolean answersHead() { return inFlight.peekFirst().request().isHead(); }

    @Override
    public void responseHead(HttpResponse h) {
        head = h;
        body.clear();
        inFlight.peekFirst().handler().head(h);
    }

    @Override
    public void body(Message part) {
        Pending p = inFlight.peekFirst();
        counters.bodyBytes += part.length();
        if (p.handler().collectBody()) body.add(part);
        p.handler().body(part);
    }

    @Override
    public void end() {
        Pending p = inFlight.pollFirst();
        HttpResponse r = body.isEmpty() ? head : head.withBody(body.take());
        head = null;
        counters.response(r.status());
        boolean last = !r.keepAlive() || parser.closeAfter();
        if (!last) {
            p.handler().complete(r);
            armTimer();
            pump();
            return;
        }
        parser.stop();
        closing = true;                 // before complete(), so that its handler sees isOpen() false
        p.handler().complete(r);
        shutDown();                     // then the requests behind it fail, in order
    }

    private void shutDown() {
        if (timer != null) timer.cancel();
        failAll(HttpError.TRUNCATED);
        connection.close();
    }

    @Override
    public void error(HttpError error) {
        counters.error(error);
        Pending p = inFlight.pollFirst();
        if (p != null) p.handler().failed(error);
        close();
    }

    // ---- output ----

    private void pump() {
        if (!established || gone || closing) return;
        if (!unsent.isEmpty() && !send(unsent)) return;
        while (!queued.isEmpty() && (options.pipeline() || inFlight.isEmpty())) {
            Pending p = queued.pollFirst();
            inFlight.add(p);
            counters.requests++;
            if (!send(p.request().encode())) return;
        }
    }

    private boolean send(Message m) {
        int n = connection.send(m);
        counters.bytesSent += n;
        unsent = n == m.length() ? Message.EMPTY : m.slice(n);
        return unsent.isEmpty();
    }

    private void failAll(HttpError error) {
        while (!inFlight.isEmpty() || !queued.isEmpty()) {
            Pending p = !inFlight.isEmpty() ? inFlight.pollFirst() : queued.pollFirst();
            counters.error(error);
            p.handler().failed(error);
        }
    }
}
