package elvis.web.server;

import elvis.app.AppEvents;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.sim.trace.TraceUnit;
import elvis.web.http.HttpCounters;
import elvis.web.http.HttpError;
import elvis.web.http.HttpServerObserver;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one web server did, for its summary, {@code --json} and trace sources
 * ({@code <machine>/app/<application>/<event>}): {@code connections} (open now, at each open and
 * close), {@code requests} (requests so far, at each one the application answers), {@code response_time} (ns,
 * at each response), {@code bytes} (response bytes so far, at each response) and {@code errors}
 * (errors so far, at each error). The HTTP substrate's {@link HttpCounters} hold the totals; this
 * adds what they cannot: exact statuses, the most connections open at once, response times, and the
 * server's own refusals ({@link #PATH_TRAVERSAL}, {@link #BAD_TARGET}).
 *
 * <p>A response's time runs from its request being complete to the last byte of the response handed
 * to TCP (as nginx's {@code $request_time} ends when the last byte is written to the socket): it
 * grows when responses queue behind a full send buffer or earlier pipelined responses. Virtual time.
 */
public final class ServerCounters implements HttpServerObserver {
    /** A {@code ..} above the root (answered 400). */
    public static final String PATH_TRAVERSAL = "path_traversal";
    /** A target that names no path: {@code *}, an authority, a bad escape (answered 400). */
    public static final String BAD_TARGET = "bad_target";

    private final Machine machine;
    private final Application app;
    private final HttpCounters http;
    private long maxOpen, ownErrors;
    private long firstRequestNs = -1, lastResponseNs = -1;
    private final Map<Integer, Long> byStatus = new TreeMap<>();
    private final Map<String, Long> refusals = new TreeMap<>();
    private Histogram responseNs;     // made at the first response: an idle server stays small

    public ServerCounters(Machine machine, Application app, HttpCounters http) {
        this.machine = machine;
        this.app = app;
        this.http = http;
    }

    @Override
    public void opened() {
        maxOpen = Math.max(maxOpen, http.open);
        AppEvents.emit(machine, app, "connections", http.open, TraceUnit.COUNT);
    }

    @Override
    public void closed() { AppEvents.emit(machine, app, "connections", http.open, TraceUnit.COUNT); }

    @Override
    public void error(HttpError kind) { AppEvents.emit(machine, app, "errors", errors(), TraceUnit.COUNT); }

    /** A refusal of the server's own, answered 400: {@link #PATH_TRAVERSAL} or {@link #BAD_TARGET}. */
    void refused(String kind) {
        ownErrors++;
        refusals.merge(kind, 1L, Long::sum);
        AppEvents.emit(machine, app, "errors", errors(), TraceUnit.COUNT);
    }

    /** A complete request reached the application. */
    void request() { AppEvents.emit(machine, app, "requests", http.requests, TraceUnit.COUNT); }

    @Override
    public void sent(int status, long wireBytes, long receivedNs) {
        long now = machine.sim().now();
        byStatus.merge(status, 1L, Long::sum);
        if (firstRequestNs < 0) firstRequestNs = receivedNs;
        lastResponseNs = now;
        if (responseNs == null) responseNs = new Histogram(3);
        long took = Math.max(0, now - receivedNs);
        responseNs.recordValue(took);
        AppEvents.emit(machine, app, "response_time", took, TraceUnit.NANOSECONDS);
        AppEvents.emit(machine, app, "bytes", http.bytesSent, TraceUnit.BYTES);
    }

    public long accepted() { return http.connections; }
    public long open() { return http.open; }
    public long maxOpen() { return maxOpen; }
    public long requests() { return http.requests; }
    /** Responses whose last byte was handed to TCP. */
    public long responses() { return responseNs == null ? 0 : responseNs.getTotalCount(); }
    public long responses(int status) { return byStatus.getOrDefault(status, 0L); }
    public long bytes() { return http.bytesSent; }
    public long bodyBytes() { return http.bodyBytes; }
    public long errors() { return http.errorTotal() + ownErrors; }
    public long errors(String kind) {
        for (HttpError e : HttpError.values()) if (e.key().equals(kind)) return http.errors(e);
        return refusals.getOrDefault(kind, 0L);
    }
    /** Response times so far, in ns; null before the first response. */
    public Histogram responseTimes() { return responseNs; }

    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(requests()).append(" requests, ").append(responses()).append(" responses (");
        boolean first = true;
        for (Map.Entry<Integer, Long> e : byStatus.entrySet()) {
            if (!first) b.append(", ");
            b.append(e.getKey()).append(": ").append(e.getValue());
            first = false;
        }
        if (first) b.append("none");
        b.append("), ").append(bytes()).append(" bytes sent, ").append(accepted()).append(" connections (at most ").append(maxOpen)
                .append(" at once), ").append(errors()).append(" errors");
        if (responseNs != null) b.append(", response time p50 ").append(ms(responseNs.getValueAtPercentile(50)))
                .append(" ms, p99 ").append(ms(responseNs.getValueAtPercentile(99))).append(" ms");
        return b.toString();
    }

    /** The counters for {@code --json}; the rates are over the span from the first request to the last response. */
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("requests", requests());
        Map<String, Object> statuses = new LinkedHashMap<>();
        for (Map.Entry<Integer, Long> e : byStatus.entrySet()) statuses.put(Integer.toString(e.getKey()), e.getValue());
        r.put("responses", statuses);
        r.put("bytes_sent", http.bytesSent);
        r.put("bytes_received", http.bytesReceived);
        r.put("body_bytes", http.bodyBytes);
        Map<String, Object> errors = new TreeMap<>(refusals);
        for (HttpError e : HttpError.values()) if (http.errors(e) > 0) errors.put(e.key(), http.errors(e));
        r.put("errors", errors);
        r.put("connections", http.connections);
        r.put("connections_open", (long) http.open);
        r.put("connections_max", maxOpen);
        long span = lastResponseNs - firstRequestNs;
        boolean rated = lastResponseNs >= 0 && span > 0;
        r.put("first_request_ns", firstRequestNs < 0 ? null : firstRequestNs);
        r.put("last_response_ns", lastResponseNs < 0 ? null : lastResponseNs);
        r.put("requests_per_s", rated ? responses() * 1e9 / span : null);
        r.put("bytes_per_s", rated ? http.bytesSent * 1e9 / span : null);
        Map<String, Object> t = new LinkedHashMap<>();
        if (responseNs != null) {
            t.put("count", responseNs.getTotalCount());
            t.put("mean", ms(responseNs.getMean()));
            t.put("stdev", ms(responseNs.getStdDeviation()));
            t.put("p50", ms(responseNs.getValueAtPercentile(50)));
            t.put("p90", ms(responseNs.getValueAtPercentile(90)));
            t.put("p99", ms(responseNs.getValueAtPercentile(99)));
            t.put("p99_9", ms(responseNs.getValueAtPercentile(99.9)));
            t.put("max", ms(responseNs.getMaxValue()));
        }
        r.put("response_time_ms", t);
        return r;
    }

    /** Milliseconds to the microsecond. */
    private static double ms(double ns) { return Math.round(ns / 1e3) / 1e3; }
}
