package elvis.web.user;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Summaries of nanosecond samples for reports: count, mean, min, percentiles (nearest rank), max. */
public final class WebStats {
    private WebStats() { }

    /** The p-th percentile by nearest rank (the smallest sample with at least p% at or below it); -1 for none. */
    public static long percentile(long[] samples, double p) {
        if (samples.length == 0) return -1;
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return nearestRank(sorted, p);
    }

    private static long nearestRank(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** {count, mean, min, p50, p90, p99, max} in milliseconds. */
    public static Map<String, Object> summary(long[] ns) { return summary(ns, 1e6); }

    /** The same in seconds. */
    public static Map<String, Object> summarySeconds(long[] ns) { return summary(ns, 1e9); }

    private static Map<String, Object> summary(long[] ns, double unit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", ns.length);
        if (ns.length == 0) return m;
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long x : sorted) sum += x;
        m.put("mean", round(sum / sorted.length / unit));
        m.put("min", round(sorted[0] / unit));
        m.put("p50", round(nearestRank(sorted, 50) / unit));
        m.put("p90", round(nearestRank(sorted, 90) / unit));
        m.put("p99", round(nearestRank(sorted, 99) / unit));
        m.put("max", round(sorted[sorted.length - 1] / unit));
        return m;
    }

    /** Six significant decimals: enough for nanoseconds in ms, and the same text on every run. */
    static double round(double x) { return Math.round(x * 1e6) / 1e6; }

    /** "123.456 ms", or "-" for no sample. */
    static String millis(long ns) { return ns < 0 ? "-" : String.format("%.3f ms", ns / 1e6); }
}
