package elvis.web.user;

import elvis.dist.Distribution;
import elvis.dist.Distributions;
import elvis.dist.Quantity;
import elvis.sim.RandomStream;
import elvis.util.SourceError;

/**
 * How long a user reads a page before following a link: a draw in virtual nanoseconds from the
 * user's seeded stream. {@code web_user}'s {@code dwell} argument chooses one (docs/ndl.md).
 */
public interface Dwell {
    long NANOS_PER_SECOND = 1_000_000_000L;

    /** One dwell time in nanoseconds, never negative. */
    long drawNs(RandomStream random);

    /** The mean in seconds, from the formula (not sampled). */
    double meanSeconds();

    /** How a description writes it. */
    String describe();

    /**
     * The default: Weibull with shape 0.7 and scale 43.4 s (mean 54.9 s). Liu, White and Dumais
     * (SIGIR 2010) fit a Weibull with shape below 1, a hazard of leaving that falls with time
     * ("negative ageing"), to the dwell times of almost every page of their logs; Nielsen (2011)
     * reads their data as: the first 10 s decide, and the average visit lasts a little under a
     * minute. These give P(leave within 10 s) ≈ 0.30 and P(within 30 s) ≈ 0.54 (REQUIREMENTS R-WEB-6).
     */
    String DEFAULT_TEXT = "weibull(43.4s, 0.7)";
    Dwell DEFAULT = defaultDwell();

    /**
     * {@code original}, or a distribution of the shared syntax in seconds ({@code weibull(43.4s, 0.7)},
     * {@code lognormal(…)}, {@code exp(30s)}, {@code empirical(FILE)} relative to {@code baseDir}).
     */
    static Dwell parse(String text, java.nio.file.Path baseDir) throws SourceError {
        if (text.strip().equals("original")) return Original.INSTANCE;
        return new Of(Distributions.parse(text, Quantity.TIME, baseDir));
    }

    /** Dwell times drawn from a distribution of seconds; negative draws (a normal's tail) count as 0. */
    record Of(Distribution seconds) implements Dwell {
        @Override
        public long drawNs(RandomStream random) { return Math.max(0, Math.round(seconds.sample(random) * NANOS_PER_SECOND)); }

        @Override
        public double meanSeconds() { return seconds.mean(); }

        @Override
        public String describe() { return seconds.toString(); }
    }

    /**
     * The original Elvis's rule ({@code user_behavior.rs}), now waited for: at each whole second
     * x = 1 … 16 it draws d uniform in 0 … 100 and leaves when h(x) = ⌊100·(1/(2e√x) + 0.25)⌋
     * exceeds d, so the hazard is h(x)/101 (0.43 at 1 s down to 0.29); a user still there at 16 s
     * leaves then. Mean ≈ 2.66 s (REQUIREMENTS.md Appendix B).
     */
    final class Original implements Dwell {
        public static final Original INSTANCE = new Original();
        static final int LAST_SECOND = 16;

        private Original() { }

        /** h(x), the original's threshold at second {@code x}. */
        static int threshold(int x) { return (int) Math.floor(100 * (1 / (2 * Math.E * Math.sqrt(x)) + 0.25)); }

        @Override
        public long drawNs(RandomStream random) {
            for (int x = 1; x < LAST_SECOND; x++) {
                if (threshold(x) > random.nextLong(101)) return x * NANOS_PER_SECOND;
            }
            return LAST_SECOND * NANOS_PER_SECOND;      // the 16th draw decides nothing: the loop ends there either way
        }

        /** P(leave at second x) for x = 1 … 16, from the hazard. */
        static double[] probabilities() {
            double[] p = new double[LAST_SECOND + 1];
            double stay = 1;
            for (int x = 1; x < LAST_SECOND; x++) {
                p[x] = stay * threshold(x) / 101.0;
                stay -= p[x];
            }
            p[LAST_SECOND] = stay;
            return p;
        }

        @Override
        public double meanSeconds() {
            double[] p = probabilities();
            double mean = 0;
            for (int x = 1; x <= LAST_SECOND; x++) mean += x * p[x];
            return mean;
        }

        @Override
        public String describe() { return "original"; }
    }

    private static Dwell defaultDwell() {
        try {
            return parse(DEFAULT_TEXT, null);
        } catch (SourceError e) {
            throw new AssertionError(e);
        }
    }
}
