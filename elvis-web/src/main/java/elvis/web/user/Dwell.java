package elvis.web.user;

import elvis.sim.RandomStream;

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
     * The default: Weibull with shape 0.7 and mean 55 s (scale ≈ 43.4 s). Liu, White and Dumais
     * (SIGIR 2010) fit a Weibull with shape below 1, a hazard of leaving that falls with time
     * ("negative ageing"), to the dwell times of almost every page of their logs; Nielsen (2011)
     * reads their data as: the first 10 s decide, and the average visit lasts a little under a
     * minute. Shape 0.7 and mean 55 s give P(leave within 10 s) ≈ 0.30 and P(within 30 s) ≈ 0.54.
     */
    Dwell DEFAULT = Weibull.ofMean(0.7, 55);

    /** Weibull(shape k, scale λ seconds): λ·(−ln U)^(1/k); k below 1 is negative ageing. */
    record Weibull(double shape, double scaleSeconds) implements Dwell {
        public Weibull {
            if (!(shape > 0) || !(scaleSeconds > 0) || Double.isInfinite(shape) || Double.isInfinite(scaleSeconds))
                throw new IllegalArgumentException("a Weibull needs a positive shape and scale");
        }

        /** The Weibull of shape {@code k} whose mean is {@code meanSeconds}. */
        public static Weibull ofMean(double k, double meanSeconds) { return new Weibull(k, meanSeconds / Gamma.of(1 + 1 / k)); }

        @Override
        public long drawNs(RandomStream random) {
            double u = 1 - random.nextDouble();                       // (0, 1]: the log stays finite
            return Math.round(scaleSeconds * Math.pow(-Math.log(u), 1 / shape) * NANOS_PER_SECOND);
        }

        @Override
        public double meanSeconds() { return scaleSeconds * Gamma.of(1 + 1 / shape); }

        /** P(dwell ≤ t seconds) = 1 − exp(−(t/λ)^k). */
        public double cdf(double seconds) { return seconds <= 0 ? 0 : 1 - Math.exp(-Math.pow(seconds / scaleSeconds, shape)); }

        @Override
        public String describe() { return "weibull(" + shape + ", " + scaleSeconds + ")"; }
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

    /** The gamma function (Lanczos, g = 7), for the Weibull's mean. */
    final class Gamma {
        private static final double[] C = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};

        private Gamma() { }

        static double of(double x) {
            if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * of(1 - x));
            x -= 1;
            double a = C[0], t = x + 7.5;
            for (int i = 1; i < C.length; i++) a += C[i] / (x + i);
            return Math.sqrt(2 * Math.PI) * Math.pow(t, x + 0.5) * Math.exp(-t) * a;
        }
    }
}
