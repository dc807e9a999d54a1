package elvis.web.http;

/**
 * What HTTP connections did, as plain fields that the applications read and publish (trace sources,
 * --json). One instance may be shared by many connections (a server's, a load generator's).
 * Bytes are wire bytes (heads and bodies) of HTTP messages sent and received.
 */
public final class HttpCounters {
    /** Connections opened (accepted by a server, established by a client) and those open now. */
    public long connections;
    public int open;
    /** Requests parsed completely (server) or sent (client). */
    public long requests;
    /** Responses sent (server) or received completely (client), by status class: index 1 = 1xx ... 5 = 5xx. */
    public long responses;
    public final long[] byClass = new long[6];
    public long bytesSent, bytesReceived;
    /** Body bytes of responses sent (server) or received (client). */
    public long bodyBytes;
    private final long[] errors = new long[HttpError.values().length];

    public void error(HttpError kind) { errors[kind.ordinal()]++; }

    public long errors(HttpError kind) { return errors[kind.ordinal()]; }

    public long errorTotal() {
        long n = 0;
        for (long e : errors) n += e;
        return n;
    }

    void response(int status) {
        responses++;
        byClass[Math.min(5, status / 100)]++;
    }

    /** Adds another instance's counts into this one (for totals over several servers or clients). */
    public void add(HttpCounters o) {
        connections += o.connections;
        open += o.open;
        requests += o.requests;
        responses += o.responses;
        for (int i = 0; i < byClass.length; i++) byClass[i] += o.byClass[i];
        bytesSent += o.bytesSent;
        bytesReceived += o.bytesReceived;
        bodyBytes += o.bodyBytes;
        for (int i = 0; i < errors.length; i++) errors[i] += o.errors[i];
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("requests ").append(requests).append(", responses ").append(responses)
                .append(", sent ").append(bytesSent).append(" B, received ").append(bytesReceived).append(" B");
        for (HttpError e : HttpError.values()) if (errors(e) > 0) b.append(", ").append(e.key()).append(' ').append(errors(e));
        return b.toString();
    }
}
