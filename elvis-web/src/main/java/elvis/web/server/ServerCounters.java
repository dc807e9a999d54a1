package elvis.web.server;

import elvis.app.AppEvents;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.sim.trace.TraceUnit;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one web server did, for its summary, {@code --json} and trace sources
 * ({@code <machine>/app/<application>/<event>}): {@code connections} (open now, at each open and
 * close), {@code requests} (requests so far), {@code response_time} (ns, at each response),
 * {@code bytes} (response bytes so far, at each response) and {@code errors} (errors so far).
 *
 * <p>A response's time runs from the first byte of its request arriving to the last byte of the
 * response handed to TCP (nginx's {@code $request_time}); all times are virtual.
 */
public final class ServerCounters {
    /** Kinds of error beside the HTTP parser's ({@code elvis.web.http.HttpError} keys). */
    public static final String PATH_TRAVERSAL = "path_traversal", RESET = "reset", CLIENT_CLOSED = "client_closed";

    private final Machine machine;
    private final Application app;
    private long accepted, open, maxOpen, requests, responses, bytes, bodyBytes, errorCount;
    private long firstRequestNs = -1, lastResponseNs = -1;
    private final Map<Integer, Long> byStatus = new TreeMap<>();
    private final Map<String, Long> errors = new TreeMap<>();
    private Histogram responseNs;     // made at the first response: an idle server stays small

    public ServerCounters(Machine machine, Application app) {
        this.machine = machine;
        this.app = app;
    }

    public void opened() {
        accepted++;
        open++;
        maxOpen = Math.max(maxOpen, open);
        AppEvents.emit(machine, app, "connections", open, TraceUnit.COUNT);
    }

    public void closed() {
        open--;
        AppEvents.emit(machine, app, "connections", open, TraceUnit.COUNT);
    }

    /** A request whose head is complete; its first byte arrived at {@code startNs}. */
    public void request(long startNs) {
        requests++;
        if (firstRequestNs < 0) firstRequestNs = startNs;
        AppEvents.emit(machine, app, "requests", requests, TraceUnit.COUNT);
    }

    /** A response of {@code wireBytes} (head and body, {@code body} of them body) fully handed to TCP now. */
    public void response(int status, long wireBytes, long body, long startNs) {
        long now = machine.sim().now();
        responses++;
        byStatus.merge(status, 1L, Long::sum);
        bytes += wireBytes;
        bodyBytes += body;
        lastResponseNs = now;
        if (responseNs == null) responseNs = new Histogram(3);
        long took = Math.max(0, now - startNs);
        responseNs.recordValue(took);
        AppEvents.emit(machine, app, "response_time", took, TraceUnit.NANOSECONDS);
        AppEvents.emit(machine, app, "bytes", bytes, TraceUnit.BYTES);
    }

    public void error(String kind) {
        errorCount++;
        errors.merge(kind, 1L, Long::sum);
        AppEvents.emit(machine, app, "errors", errorCount, TraceUnit.COUNT);
    }

    public long accepted() { return accepted; }
    public long open() { return open; }
    public long maxOpen() { return maxOpen; }
    public long requests() { return requests; }
    public long responses() { return responses; }
    public long responses(int status) { return byStatus.getOrDefault(status, 0L); }
    public long bytes() { return bytes; }
    public long bodyBytes() { return bodyBytes; }
    public long errors() { return errorCount; }
    public long errors(String kind) { return errors.getOrDefault(kind, 0L); }
    /** Response times recorded so far, in ns; null before the first response. */
    public Histogram responseTimes() { return responseNs; }

    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(requests).append(" requests, ").append(responses).append(" responses (");
        boolean first = true;
        for (Map.Entry<Integer, Long> e : byStatus.entrySet()) {
            if (!first) b.append(", ");
            b.append(e.getValue()).append(" × ").append(e.getKey());
            first = false;
        }
        if (first) b.append("none");
        b.append("), ").append(bytes).append(" bytes, ").append(accepted).append(" connections (at most ").append(maxOpen)
                .append(" at once), ").append(errorCount).append(" errors");
        if (responseNs != null) b.append(", response time p50 ").append(ms(responseNs.getValueAtPercentile(50)))
                .append(" ms, p99 ").append(ms(responseNs.getValueAtPercentile(99))).append(" ms");
        return b.toString();
    }

    /** The counters for {@code --json}; the rates are over the span from the first request to the last response. */
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("requests", requests);
        Map<String, Object> statuses = new LinkedHashMap<>();
        for (Map.Entry<Integer, Long> e : byStatus.entrySet()) statuses.put(Integer.toString(e.getKey()), e.getValue());
        r.put("responses", statuses);
        r.put("bytes", bytes);
        r.put("body_bytes", bodyBytes);
        r.put("errors", new LinkedHashMap<>(errors));
        r.put("connections", accepted);
        r.put("connections_open", open);
        r.put("connections_max", maxOpen);
        long span = lastResponseNs - firstRequestNs;
        r.put("first_request_ns", firstRequestNs < 0 ? null : firstRequestNs);
        r.put("last_response_ns", lastResponseNs < 0 ? null : lastResponseNs);
        r.put("requests_per_s", lastResponseNs < 0 || span <= 0 ? null : responses * 1e9 / span);
        r.put("bytes_per_s", lastResponseNs < 0 || span <= 0 ? null : bytes * 1e9 / span);
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

    private static double ms(double ns) { return Math.round(ns / 1e3) / 1e3; }
}
