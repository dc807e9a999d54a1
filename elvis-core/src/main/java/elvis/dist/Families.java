package elvis.dist;

import elvis.sim.RandomStream;

/** The parametric families of the syntax. Each prints itself in the syntax it was parsed from. */
final class Families {
    private Families() {}

    /** A number in the shortest form that parses back to the same double, with the base unit's suffix. */
    static String format(double v, Quantity q) {
        String s = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        return s + q.baseSuffix;
    }

    /** Uniform in (0, 1]: never 0, so logarithms and negative powers stay finite. */
    static double openZero(RandomStream r) { return 1 - r.nextDouble(); }

    record Constant(double value, Quantity q) implements Distribution {
        public double sample(RandomStream r) { return value; }
        public double mean() { return value; }
        public double cdf(double x) { return x >= value ? 1 : 0; }
        @Override public String toString() { return "const(" + format(value, q) + ")"; }
    }

    record Uniform(double a, double b, Quantity q) implements Distribution {
        public double sample(RandomStream r) { return a + (b - a) * r.nextDouble(); }
        public double mean() { return (a + b) / 2; }
        public double cdf(double x) { return x <= a ? 0 : x >= b ? 1 : (x - a) / (b - a); }
        @Override public String toString() { return "uniform(" + format(a, q) + ", " + format(b, q) + ")"; }
    }

    record Exponential(double mean, Quantity q) implements Distribution {
        public double sample(RandomStream r) { return -mean * Math.log(openZero(r)); }
        public double cdf(double x) { return x <= 0 ? 0 : -Math.expm1(-x / mean); }
        @Override public String toString() { return "exp(" + format(mean, q) + ")"; }
    }

    /** ln X ~ N(mu, sigma²), X in the base unit. Normal deviates by Box–Muller (one of the pair is used). */
    record LogNormal(double mu, double sigma, Quantity q) implements Distribution {
        public double sample(RandomStream r) {
            double radius = Math.sqrt(-2 * Math.log(openZero(r)));
            double z = radius * Math.cos(2 * Math.PI * r.nextDouble());
            return Math.exp(mu + sigma * z);
        }
        public double mean() { return Math.exp(mu + sigma * sigma / 2); }
        public double cdf(double x) { return x <= 0 ? 0 : SpecialFunctions.normalCdf((Math.log(x) - mu) / sigma); }
        @Override public String toString() {
            return "lognormal(" + format(mu, Quantity.NUMBER) + ", " + format(sigma, Quantity.NUMBER) + ")";
        }
    }

    /** P(X > x) = (scale / x)^shape for x ≥ scale. */
    record Pareto(double scale, double shape, Quantity q) implements Distribution {
        public double sample(RandomStream r) { return scale * Math.pow(openZero(r), -1 / shape); }
        public double mean() { return shape > 1 ? shape * scale / (shape - 1) : Double.POSITIVE_INFINITY; }
        public double cdf(double x) { return x <= scale ? 0 : 1 - Math.pow(scale / x, shape); }
        @Override public String toString() {
            return "pareto(" + format(scale, q) + ", " + format(shape, Quantity.NUMBER) + ")";
        }
    }

    /** P(X > x) = exp(-(x / scale)^shape); shape < 1 is a decreasing hazard ("negative ageing"). */
    record Weibull(double scale, double shape, Quantity q) implements Distribution {
        public double sample(RandomStream r) { return scale * Math.pow(-Math.log(openZero(r)), 1 / shape); }
        public double mean() { return scale * SpecialFunctions.gamma(1 + 1 / shape); }
        public double cdf(double x) { return x <= 0 ? 0 : -Math.expm1(-Math.pow(x / scale, shape)); }
        @Override public String toString() {
            return "weibull(" + format(scale, q) + ", " + format(shape, Quantity.NUMBER) + ")";
        }
    }
}
