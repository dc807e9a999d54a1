package elvis.dist;

import elvis.sim.RandomStream;

/**
 * A distribution of non-negative or real values that applications draw from: dwell times, page sizes,
 * inter-arrival times, video segment sizes, route churn intervals.
 *
 * <p>Get one from the NDL syntax with {@link Distributions#parse} (for example {@code exp(30s)},
 * {@code weibull(43.4s, 0.7)}, {@code empirical(dwell.csv)}), naming the {@link Quantity} the caller
 * expects; values are then in that quantity's base unit (seconds, bytes, or plain numbers). Draw with
 * {@link #sample} from the entity's own {@link RandomStream}, so a run is the same bit for bit for the
 * same seed. Implementations are immutable and may be shared between entities.
 */
public interface Distribution {

    /** One value, in the base unit of the quantity the distribution was parsed for. */
    double sample(RandomStream random);

    /** The expected value; {@code +Infinity} when the integral diverges (a Pareto with shape ≤ 1). */
    double mean();

    /** P(X ≤ x). */
    double cdf(double x);

    /** The syntax that {@link Distributions#parse} turns back into an equal distribution (same quantity, same directory). */
    @Override
    String toString();
}
