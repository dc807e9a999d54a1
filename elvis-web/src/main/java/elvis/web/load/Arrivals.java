package elvis.web.load;

import elvis.sim.RandomStream;

/**
 * When an open-loop generator means to send its requests: {@code rate} a second, either evenly
 * spaced or as a Poisson process (exponential gaps), drawn from the generator's own seeded stream.
 * Times are kept as exact sums in double nanoseconds and rounded only when read, so a long run
 * neither drifts nor loses the fractions of a nanosecond a constant rate's period leaves.
 */
public final class Arrivals {
    /** How the gaps between intended send times are drawn. */
    public enum Kind { CONSTANT, POISSON }

    private final Kind kind;
    private final double meanGapNs;
    private final RandomStream random;
    private final long startNs;
    private double sinceStartNs;
    private long sent;

    /**
     * @param rate    requests per second, positive
     * @param startNs the first request's intended time (a constant process sends it then; a Poisson
     *                process one exponential gap later, as a Poisson process observed from its start does)
     */
    public Arrivals(Kind kind, double rate, long startNs, RandomStream random) {
        if (!(rate > 0) || Double.isInfinite(rate)) throw new IllegalArgumentException("rate must be positive: " + rate);
        this.kind = kind;
        this.meanGapNs = 1e9 / rate;
        this.random = random;
        this.startNs = startNs;
    }

    /** The next request's intended send time, in ns of virtual time; never earlier than the last. */
    public long next() {
        long k = sent++;
        if (kind == Kind.CONSTANT) return startNs + Math.round(k * meanGapNs);
        // 1 - U lies in (0, 1], so the logarithm is finite.
        sinceStartNs += -Math.log(1 - random.nextDouble()) * meanGapNs;
        return startNs + Math.round(sinceStartNs);
    }

    /** Intended send times handed out so far. */
    public long count() { return sent; }
}
