package elvis.web.load;

import org.HdrHistogram.Histogram;

/**
 * Response latencies in virtual nanoseconds: an HdrHistogram (three significant digits, 1 µs to
 * one hour; longer ones are recorded as an hour) for the percentiles, and the exact count, mean,
 * standard deviation (Welford's running form, so no sum overflows) and maximum beside it.
 */
public final class LatencyRecorder {
    static final long LOWEST_NS = 1_000, HIGHEST_NS = 3_600_000_000_000L;
    static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram = new Histogram(LOWEST_NS, HIGHEST_NS, SIGNIFICANT_DIGITS);
    private long count, max;
    private double mean, m2;

    public void record(long latencyNs) {
        if (latencyNs < 0) throw new IllegalArgumentException("negative latency: " + latencyNs);
        histogram.recordValue(Math.min(latencyNs, HIGHEST_NS));
        count++;
        double delta = latencyNs - mean;
        mean += delta / count;
        m2 += delta * (latencyNs - mean);
        max = Math.max(max, latencyNs);
    }

    public long count() { return count; }
    public double meanNs() { return mean; }
    /** The population standard deviation, as wrk prints it. */
    public double stdevNs() { return count == 0 ? 0 : Math.sqrt(m2 / count); }
    public long maxNs() { return max; }

    /** The latency at percentile {@code p} (0..100) from the histogram: within its precision of the sample of that rank. */
    public long percentileNs(double p) { return count == 0 ? 0 : histogram.getValueAtPercentile(p); }

    /** Share of samples within one standard deviation of the mean (wrk's "+/- Stdev" column), 0..1. */
    public double withinOneStdev() {
        if (count == 0) return 0;
        long lo = Math.max(0, (long) Math.ceil(mean - stdevNs())), hi = (long) Math.floor(mean + stdevNs());
        return hi < lo ? 0 : (double) histogram.getCountBetweenValues(lo, Math.min(hi, HIGHEST_NS)) / count;
    }
}
