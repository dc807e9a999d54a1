package elvis.web.http;

import elvis.message.Message;

import java.util.Objects;

/**
 * One request awaiting its response on a server connection. {@link #respond} once; later calls and
 * calls after the connection closed are ignored (a client that went away is not an error of the
 * handler's). A response reused for many requests (a served file) must not be modified after it is
 * first handed over: its encoded head is cached in it.
 */
public final class HttpExchange {
    private final HttpRequest request;
    private final long receivedNs;
    private final boolean closeAfter;
    private HttpResponse response;
    private Runnable whenResponded;

    HttpExchange(HttpRequest request, long receivedNs, boolean closeAfter) {
        this.request = request;
        this.receivedNs = receivedNs;
        this.closeAfter = closeAfter;
    }

    public HttpRequest request() { return request; }

    /** Virtual time the request was complete (for response-time statistics). */
    public long receivedNs() { return receivedNs; }

    public boolean responded() { return response != null; }

    public void respond(HttpResponse r) {
        Objects.requireNonNull(r);
        if (response != null) return;
        response = r;
        if (whenResponded != null) whenResponded.run();
    }

    HttpResponse response() { return response; }

    /** Whether the connection closes after this exchange (the request asked for it, or the server does not keep connections). */
    boolean closeAfter() { return closeAfter; }

    /**
     * The response as it goes on the wire (no body for a HEAD; the Connection field this exchange
     * needs), counted in {@code counters}.
     */
    Message wire(HttpCounters counters) {
        HttpResponse r = response;
        int mode = closeAfter ? HttpResponse.CONNECTION_CLOSE
                : request.minorVersion() == 0 ? HttpResponse.CONNECTION_KEEP_ALIVE : HttpResponse.NO_CONNECTION_FIELD;
        boolean head = request != null && request.isHead();
        Message wire = r.wire(head, mode);
        counters.response(r.status());
        if (!head) counters.bodyBytes += r.body().length();
        return wire;
    }

    void whenResponded(Runnable r) {
        whenResponded = r;
        if (response != null) r.run();
    }
}
