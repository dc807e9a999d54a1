package elvis.dist;

import elvis.sim.RandomStream;
import elvis.util.SourceError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Each family against its formulas: over N draws the sample mean must be within 5 standard errors
 * (σ/√N, σ from the family's variance formula) of the mean, and the fraction of draws ≤ x within 5
 * standard errors (√(F(1−F)/N)) of F(x). A correct sampler fails one such check with probability
 * below 10^-6; the seeds are fixed, so the run is reproducible.
 */
class DistributionsTest {
    static final int N = 200_000;

    static Distribution parse(String text, Quantity q) throws SourceError { return Distributions.parse(text, q, null); }

    /** Checks the sample mean against {@code mean} (sd {@code sd}) and the CDF at {@code x}. */
    static void matches(Distribution d, double mean, double sd, double x) {
        RandomStream r = new RandomStream(17);
        double sum = 0;
        int below = 0;
        for (int i = 0; i < N; i++) {
            double v = d.sample(r);
            sum += v;
            if (v <= x) below++;
        }
        assertThat(d.mean()).isCloseTo(mean, within(1e-9 * Math.abs(mean) + 1e-12));
        assertThat(sum / N).as("sample mean of " + d).isCloseTo(mean, within(5 * sd / Math.sqrt(N)));
        double f = d.cdf(x);
        assertThat(f).as("cdf point must be informative").isBetween(0.05, 0.95);
        assertThat((double) below / N).as("P(X ≤ " + x + ") of " + d).isCloseTo(f, within(5 * Math.sqrt(f * (1 - f) / N)));
    }

    @Test
    void exponential() throws SourceError {
        Distribution d = parse("exp(30s)", Quantity.TIME);
        matches(d, 30, 30, 10);
        assertThat(d.cdf(10)).isCloseTo(1 - Math.exp(-10.0 / 30), within(1e-15));
    }

    @Test
    void lognormal() throws SourceError {
        double mu = 1.5, s = 0.8;
        Distribution d = parse("lognormal(1.5, 0.8)", Quantity.TIME);
        double mean = Math.exp(mu + s * s / 2), sd = Math.sqrt((Math.exp(s * s) - 1) * Math.exp(2 * mu + s * s));
        matches(d, mean, sd, Math.exp(mu));                 // the median: F = 1/2
        assertThat(d.cdf(Math.exp(mu))).isCloseTo(0.5, within(1e-7));
        assertThat(d.cdf(Math.exp(mu + s))).isCloseTo(0.8413447, within(1e-6));   // Φ(1)
    }

    @Test
    void pareto() throws SourceError {
        double xm = 2, a = 3;
        Distribution d = parse("pareto(2, 3)", Quantity.NUMBER);
        double mean = a * xm / (a - 1), sd = Math.sqrt(xm * xm * a / ((a - 1) * (a - 1) * (a - 2)));
        // The variance is finite but the fourth moment is not: the sample mean converges slowly, so
        // the mean gets 5 standard errors of a shape-3 Pareto as computed, and the CDF is exact.
        matches(d, mean, sd, 3);
        assertThat(d.cdf(3)).isCloseTo(1 - Math.pow(2.0 / 3, 3), within(1e-15));
        assertThat(parse("pareto(1, 1)", Quantity.NUMBER).mean()).isInfinite();
    }

    @Test
    void weibull() throws SourceError {
        // The web user's default dwell: shape 0.7, scale chosen for a 55 s mean.
        double k = 0.7, lambda = 43.4;
        Distribution d = parse("weibull(43.4s, 0.7)", Quantity.TIME);
        double g1 = SpecialFunctions.gamma(1 + 1 / k), g2 = SpecialFunctions.gamma(1 + 2 / k);
        matches(d, lambda * g1, lambda * Math.sqrt(g2 - g1 * g1), 10);
        assertThat(d.cdf(10)).isCloseTo(1 - Math.exp(-Math.pow(10 / lambda, k)), within(1e-15));
        assertThat(d.mean()).isCloseTo(54.936740162886, within(1e-9));   // 43.4 · Γ(1 + 1/0.7), by Python's math.gamma
    }

    @Test
    void gammaFunction() {
        assertThat(SpecialFunctions.gamma(5)).isCloseTo(24, within(1e-11));
        assertThat(SpecialFunctions.gamma(0.5)).isCloseTo(Math.sqrt(Math.PI), within(1e-13));
        assertThat(SpecialFunctions.gamma(1 + 1 / 0.7)).isCloseTo(1.2658235060572833, within(1e-12));
    }

    @Test
    void uniformAndConstant() throws SourceError {
        matches(parse("uniform(2ms, 12ms)", Quantity.TIME), 0.007, 0.01 / Math.sqrt(12), 0.004);
        Distribution c = parse("const(1.5KB)", Quantity.SIZE);
        assertThat(c.sample(new RandomStream(1))).isEqualTo(1536.0);
        assertThat(parse("  250ms ", Quantity.TIME).mean()).isEqualTo(0.25);
        assertThat(parse("-3", Quantity.NUMBER).mean()).isEqualTo(-3.0);
    }

    @Test
    void unitsScaleToTheBaseUnit() throws SourceError {
        assertThat(parse("exp(30ms)", Quantity.TIME).mean()).isEqualTo(0.03);
        assertThat(parse("exp(2min)", Quantity.TIME).mean()).isEqualTo(120.0);
        assertThat(parse("exp(1h)", Quantity.TIME).mean()).isEqualTo(3600.0);
        assertThat(parse("exp(1500us)", Quantity.TIME).mean()).isEqualTo(0.0015);
        assertThat(parse("exp(7)", Quantity.TIME).mean()).isEqualTo(7.0);
        assertThat(parse("pareto(1MB, 1.2)", Quantity.SIZE).toString()).isEqualTo("pareto(1048576B, 1.2)");
    }

    @Test
    void textRoundTrips() throws SourceError {
        String[][] cases = {
                {"exp(30s)", "TIME"}, {"exp(0.25s)", "TIME"}, {"lognormal(-1.5, 0.25)", "TIME"},
                {"pareto(1500B, 1.1)", "SIZE"}, {"weibull(43.4s, 0.7)", "TIME"}, {"uniform(-1, 2.5)", "NUMBER"},
                {"const(3)", "NUMBER"}, {"const(1.0E-9s)", "TIME"}};
        for (String[] c : cases) {
            Quantity q = Quantity.valueOf(c[1]);
            Distribution d = parse(c[0], q);
            assertThat(d.toString()).isEqualTo(c[0]);
            assertThat(parse(d.toString(), q)).isEqualTo(d);
        }
        // Any spelling prints canonically, and the canonical text parses back to an equal distribution.
        Distribution d = parse("weibull( 30ms ,0.5 )", Quantity.TIME);
        assertThat(d.toString()).isEqualTo("weibull(0.03s, 0.5)");
        assertThat(parse(d.toString(), Quantity.TIME)).isEqualTo(d);
    }

    @Test
    void sameSeedSameSamples() throws SourceError {
        Distribution d = parse("lognormal(0, 1)", Quantity.NUMBER);
        RandomStream a = new RandomStream(99), b = new RandomStream(99), c = new RandomStream(100);
        double[] x = new double[100], y = new double[100], z = new double[100];
        for (int i = 0; i < 100; i++) { x[i] = d.sample(a); y[i] = d.sample(b); z[i] = d.sample(c); }
        assertThat(x).isEqualTo(y);
        assertThat(x).isNotEqualTo(z);
    }

    @Test
    void empiricalFileRelativeToTheBaseDirectory(@TempDir Path dir) throws IOException, SourceError {
        Files.writeString(dir.resolve("dwell.txt"), "# seconds\n1\n2s\n\n4000ms\n4\n");
        Files.writeString(dir.resolve("weighted.csv"), "10,1\r\n20, 3\r\n30,0\r\n");
        Distribution d = Distributions.parse("empirical(dwell.txt)", Quantity.TIME, dir);
        assertThat(d.mean()).isEqualTo(2.75);
        assertThat(d.cdf(2)).isEqualTo(0.5);
        assertThat(d.cdf(3.9)).isEqualTo(0.5);
        assertThat(d.cdf(4)).isEqualTo(1.0);
        assertThat(d.toString()).isEqualTo("empirical(dwell.txt)");
        assertThat(Distributions.parse(d.toString(), Quantity.TIME, dir).mean()).isEqualTo(2.75);
        Distribution w = Distributions.parse("empirical(weighted.csv)", Quantity.NUMBER, dir);
        assertThat(w.mean()).isEqualTo(17.5);
        RandomStream r = new RandomStream(5);
        int twenties = 0;
        for (int i = 0; i < N; i++) {
            double v = w.sample(r);
            assertThat(v).isIn(10.0, 20.0);    // weight 0 is never drawn
            if (v == 20) twenties++;
        }
        assertThat((double) twenties / N).isCloseTo(0.75, within(5 * Math.sqrt(0.75 * 0.25 / N)));
    }

    @Test
    void histogramFile(@TempDir Path dir) throws IOException, SourceError {
        Files.writeString(dir.resolve("h.csv"), "buckets,weights\n0,1\n10,3\n");
        Distribution d = Distributions.parse("histogram(h.csv)", Quantity.TIME, dir);
        assertThat(d.mean()).isEqualTo(12.5);
        assertThat(d.cdf(15)).isEqualTo(0.625);
        assertThat(d.toString()).isEqualTo("histogram(h.csv)");
        matches(d, 12.5, Math.sqrt(0.25 * 25 + 0.75 * 225 + 100.0 / 12 - 12.5 * 12.5), 15);
    }

    static void fails(String text, Quantity q, Path dir, String message) {
        assertThatThrownBy(() -> Distributions.parse(text, q, dir, "web.ndl", 7, 20))
                .isInstanceOf(SourceError.class).hasMessage(message);
    }

    @Test
    void mistakesAreLocated(@TempDir Path dir) throws IOException {
        fails("exp(30)x", Quantity.TIME, null, "web.ndl:7:27: expected ')' at the end of 'exp'");
        fails("exp(-1s)", Quantity.TIME, null, "web.ndl:7:24: mean must be positive");
        fails("exp(30 parsecs)", Quantity.TIME, null,
                "web.ndl:7:24: invalid exp parameter 1 '30 parsecs': expected a number with an optional unit (ns, us, ms, s, min, h)");
        fails("exp(30lb)", Quantity.TIME, null, "web.ndl:7:26: unknown unit 'lb' in exp parameter 1: expected ns, us, ms, s, min, h");
        fails("exp(3s)", Quantity.NUMBER, null, "web.ndl:7:25: unknown unit 's' in exp parameter 1: expected no unit");
        fails("weibull(1s)", Quantity.TIME, null, "web.ndl:7:20: weibull takes 2 parameters, found 1");
        fails("weibull(1s, 0)", Quantity.TIME, null, "web.ndl:7:32: shape must be positive");
        fails("lognormal(1s, 1)", Quantity.TIME, null, "web.ndl:7:31: unknown unit 's' in lognormal parameter 1: expected no unit");
        fails("uniform(5, 5)", Quantity.NUMBER, null, "web.ndl:7:31: uniform(A, B) needs B > A");
        fails("uniform(-1s, 5s)", Quantity.TIME, null, "web.ndl:7:28: lower end must not be negative");
        fails("gauss(1, 2)", Quantity.NUMBER, null,
                "web.ndl:7:20: unknown distribution 'gauss': expected exp, lognormal, pareto, weibull, uniform, const, empirical or histogram");
        fails("  ", Quantity.NUMBER, null, "web.ndl:7:20: empty distribution: expected e.g. 'exp(30s)' or a number");
        fails("empirical(x.txt)", Quantity.NUMBER, null, "web.ndl:7:30: empirical(FILE) is not available here");
        fails("empirical( missing.txt)", Quantity.NUMBER, dir,
                "web.ndl:7:31: cannot read 'missing.txt' (" + dir.resolve("missing.txt") + ")");
        Files.writeString(dir.resolve("bad.txt"), "1\n2,x\n");
        fails("empirical(bad.txt)", Quantity.NUMBER, dir,
                dir.resolve("bad.txt") + ":2:3: invalid weight 'x': expected a number");
        Files.writeString(dir.resolve("bad.csv"), "buckets,weights\n0,1\n5,-2\n");
        fails("histogram(bad.csv)", Quantity.NUMBER, dir, dir.resolve("bad.csv") + ":3:3: negative bucket count");
    }
}
