package elvis.web.http;

import elvis.message.Message;
import elvis.socket.ErrnoException;
import elvis.socket.StreamSocket;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * An HTTP/1.1 client for a process on a connected blocking {@link StreamSocket}: one request at a
 * time, responses read across as many {@code recv}s as they take. Whole responses:
 *
 * <pre>{@code
 * StreamSocket s = self.streamSocket();
 * s.connect(serverIp, 80);
 * BlockingHttpClient http = new BlockingHttpClient(s, HttpLimits.DEFAULT, counters);
 * HttpResponse page = http.fetch(HttpRequest.get("/", "server"));   // blocks in virtual time
 * if (http.reusable()) ... fetch the next object on the same connection ...
 * }</pre>
 *
 * Or incrementally: {@link #sendRequest} returns the head, then {@link #readBody} gives the body's
 * parts until it returns null. A failure throws {@link HttpException} (counted first); socket errors
 * (reset, timeout) surface as {@link HttpError#TRUNCATED}. The caller owns and closes the socket;
 * the client sets TCP_NODELAY on it.
 */
public final class BlockingHttpClient implements HttpParser.Listener {
    private static final int READ = 65536;

    private final StreamSocket socket;
    private final HttpCounters counters;
    private final HttpParser parser;
    private final ArrayDeque<Message> parts = new ArrayDeque<>();
    private HttpRequest request;
    private HttpResponse head;
    private boolean complete, reusable = true;
    private HttpError failure;

    public BlockingHttpClient(StreamSocket socket, HttpLimits limits, HttpCounters counters) {
        this.socket = Objects.requireNonNull(socket);
        socket.setNoDelay(true);        // TCP_NODELAY, as HTTP clients set it
        this.counters = Objects.requireNonNull(counters);
        this.parser = HttpParser.forResponses(limits, this);
    }

    /** Whether the connection may carry another request (the last response kept it open and was read to its end). */
    public boolean reusable() { return reusable && parser.isOpen() && parser.isIdle(); }

    /** Sends the request and reads the whole response. */
    public HttpResponse fetch(HttpRequest r) {
        HttpResponse h = sendRequest(r);
        BodyCollector all = new BodyCollector();
        for (Message part; (part = readBody()) != null; ) all.add(part);
        return all.isEmpty() ? h : h.withBody(all.take());
    }

    /** Sends the request and reads until the response's head; the body follows through {@link #readBody}. */
    public HttpResponse sendRequest(HttpRequest r) {
        if (request != null && !complete && failure == null) throw new IllegalStateException("read the previous response's body first");
        if (!reusable()) throw fail(HttpError.TRUNCATED);
        request = r;
        head = null;
        complete = false;
        parts.clear();
        Message wire = r.encode();
        try {
            socket.sendAll(wire);
        } catch (ErrnoException e) {
            throw fail(HttpError.TRUNCATED);
        }
        counters.bytesSent += wire.length();
        counters.requests++;
        while (head == null) read();
        return head;
    }

    /** The next part of the current response's body, blocking for it; null once the body is complete. */
    public Message readBody() {
        while (parts.isEmpty() && !complete) read();
        return parts.pollFirst();
    }

    private void read() {
        if (failure != null) throw new HttpException(failure);
        Message m;
        try {
            m = socket.recv(READ);
        } catch (ErrnoException e) {
            throw fail(HttpError.TRUNCATED);
        }
        counters.bytesReceived += m.length();
        if (m.isEmpty()) {
            parser.finish();                                  // ends a body delimited by the close
            if (failure == null && !complete) throw fail(HttpError.TRUNCATED);   // closed before answering
        } else {
            parser.feed(m);
        }
        if (failure != null) throw new HttpException(failure);
    }

    private HttpException fail(HttpError e) {
        reusable = false;
        counters.error(e);
        return new HttpException(e);
    }

    @Override public boolean answersHead() { return request.isHead(); }

    @Override public void responseHead(HttpResponse h) { head = h; }

    @Override public void body(Message part) {
        counters.bodyBytes += part.length();
        parts.add(part);
    }

    @Override public void end() {
        complete = true;
        counters.response(head.status());
        if (!head.keepAlive() || parser.closeAfter()) {
            reusable = false;
            parser.stop();
        }
    }

    @Override public void error(HttpError e) {
        reusable = false;
        counters.error(e);
        failure = e;
    }
}
