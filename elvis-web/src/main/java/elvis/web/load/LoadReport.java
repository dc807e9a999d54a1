package elvis.web.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@code http_load} measured, all in virtual time, as wrk prints it and as {@code --json}
 * gives it. Rates are over the configured duration (requests completed ÷ duration), as wrk's are.
 *
 * @param target      {@code http://host:port} and what is asked for there
 * @param rate        requests per second of an open loop, 0 for a closed one
 * @param requests    responses received complete within the duration (any status)
 * @param bytes       bytes of those responses, header and body
 * @param unfinished  requests sent but not answered when the duration ended (not counted above)
 * @param opened      connections the generator opened
 */
public record LoadReport(String target, int connections, double rate, String arrivals, boolean keepAlive, long durationNs,
                         long requests, long bytes, long unfinished, long opened, LatencyRecorder latency, LoadErrors errors) {

    /** The percentiles reported: wrk's 50/75/90/99, and 99.9. */
    static final double[] PERCENTILES = {50, 75, 90, 99, 99.9};

    public double requestsPerSecond() { return durationNs == 0 ? 0 : requests * 1e9 / durationNs; }
    public double bytesPerSecond() { return durationNs == 0 ? 0 : bytes * 1e9 / durationNs; }

    /** wrk's summary, line by line (each becomes a line under the application's in the run's summary). */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("Running " + time(durationNs) + " test @ " + target);
        out.add("  " + connections + " connections, " + (rate > 0 ? "open loop at " + fmt("%.2f", rate) + " requests/s (" + arrivals + ")" : "closed loop")
                + (keepAlive ? ", keep-alive" : ", a connection per request"));
        out.add("  Latency      Avg      Stdev     Max   +/- Stdev");
        out.add(fmt("             %-9s%-9s%-9s%6.2f%%", time(Math.round(latency.meanNs())), time(Math.round(latency.stdevNs())),
                time(latency.maxNs()), 100 * latency.withinOneStdev()));
        out.add("  Latency Distribution");
        for (double p : PERCENTILES) out.add(fmt("  %6s%%  %s", percentName(p), time(latency.percentileNs(p))));
        out.add(fmt("  %d requests in %s, %s read", requests, time(durationNs), size(bytes)));
        if (errors.count(LoadErrors.Kind.CONNECT) + errors.count(LoadErrors.Kind.RESET) + errors.count(LoadErrors.Kind.TIMEOUT)
                + errors.count(LoadErrors.Kind.PARSE) > 0) {
            out.add(fmt("  Socket errors: connect %d, reset %d, timeout %d, parse %d", errors.count(LoadErrors.Kind.CONNECT),
                    errors.count(LoadErrors.Kind.RESET), errors.count(LoadErrors.Kind.TIMEOUT), errors.count(LoadErrors.Kind.PARSE)));
        }
        if (errors.count(LoadErrors.Kind.STATUS) > 0) out.add("  Non-2xx or 3xx responses: " + errors.count(LoadErrors.Kind.STATUS));
        out.add(fmt("Requests/sec: %.2f", requestsPerSecond()));
        out.add(fmt("Transfer/sec: %s (%.3f Gbit/s)", size(Math.round(bytesPerSecond())), bytesPerSecond() * 8 / 1e9));
        return out;
    }

    /** The JSON results; latencies in milliseconds of virtual time. */
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("target", target);
        r.put("mode", rate > 0 ? "open" : "closed");
        r.put("connections", connections);
        if (rate > 0) {
            r.put("rate", rate);
            r.put("arrivals", arrivals);
        }
        r.put("keep_alive", keepAlive);
        r.put("duration_s", durationNs / 1e9);
        r.put("requests", requests);
        r.put("bytes", bytes);
        r.put("requests_per_second", requestsPerSecond());
        r.put("bytes_per_second", bytesPerSecond());
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("count", latency.count());
        l.put("mean_ms", latency.meanNs() / 1e6);
        l.put("stdev_ms", latency.stdevNs() / 1e6);
        l.put("max_ms", latency.maxNs() / 1e6);
        for (double p : PERCENTILES) l.put("p" + percentName(p).replace('.', '_') + "_ms", latency.percentileNs(p) / 1e6);
        r.put("latency", l);
        r.put("errors", errors.asMap());
        Map<String, Object> codes = new LinkedHashMap<>();
        errors.statuses().forEach((code, n) -> codes.put(String.valueOf(code), n));
        r.put("status_codes", codes);
        r.put("unfinished", unfinished);
        r.put("connections_opened", opened);
        r.put("output", lines());
        return r;
    }

    private static String percentName(double p) { return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p); }

    private static String fmt(String f, Object... args) { return String.format(Locale.ROOT, f, args); }

    /** A duration as wrk writes it: 2 decimals in the largest unit of us, ms, s that keeps it ≥ 1 (0 as "0.00us"). */
    static String time(long ns) {
        if (ns >= 1_000_000_000L) return fmt("%.2fs", ns / 1e9);
        if (ns >= 1_000_000L) return fmt("%.2fms", ns / 1e6);
        return fmt("%.2fus", ns / 1e3);
    }

    /** Bytes in decimal units, as the project counts them (KB = 1,000 bytes). */
    static String size(long bytes) {
        if (bytes >= 1_000_000_000L) return fmt("%.2fGB", bytes / 1e9);
        if (bytes >= 1_000_000L) return fmt("%.2fMB", bytes / 1e6);
        if (bytes >= 1_000L) return fmt("%.2fKB", bytes / 1e3);
        return bytes + "B";
    }
}
