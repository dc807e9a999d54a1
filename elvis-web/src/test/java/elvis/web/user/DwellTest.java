package elvis.web.user;

import elvis.sim.RandomStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DwellTest {
    @Test
    void originalThresholdsAreAppendixB() {
        int[] h = {0, 43, 38, 35, 34, 33, 32, 31, 31, 31, 30, 30, 30, 30, 29, 29, 29};
        for (int x = 1; x <= 16; x++) assertThat(Dwell.Original.threshold(x)).as("h(%d)", x).isEqualTo(h[x]);
        double[] p = Dwell.Original.probabilities();
        assertThat(p[1]).isCloseTo(0.4257, within(1e-4));
        assertThat(p[2]).isCloseTo(0.2161, within(1e-4));
        assertThat(p[3]).isCloseTo(0.1241, within(1e-4));
        assertThat(p[16]).isCloseTo(0.0021 + 0.0008, within(0.0002));   // reached the 16th second: left then, or stayed the whole 16 s
        assertThat(Dwell.Original.INSTANCE.meanSeconds()).isCloseTo(2.655, within(0.0005));   // "≈ 2.66"
    }

    @Test
    void originalSampleMeanIs266Over100kPages() {
        RandomStream r = new RandomStream(17);
        long[] seen = new long[17];
        double sum = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            long ns = Dwell.Original.INSTANCE.drawNs(r);
            assertThat(ns % Dwell.NANOS_PER_SECOND).isZero();
            seen[(int) (ns / Dwell.NANOS_PER_SECOND)]++;
            sum += ns / 1e9;
        }
        assertThat(sum / n).isCloseTo(2.66, within(0.02));
        assertThat(seen[0]).isZero();
        assertThat(seen[1] / (double) n).isCloseTo(0.4257, within(0.005));   // ~3.2 standard errors
        assertThat(seen[16]).isPositive();
    }

    // The Weibull's formulas, written out here so the test does not trust the code it checks.
    private static final double SHAPE = 0.7, SCALE = 43.4;

    private static double weibullCdf(double t) { return 1 - Math.exp(-Math.pow(t / SCALE, SHAPE)); }

    /** Γ(x) by Lanczos (g = 7), for the Weibull mean λ·Γ(1 + 1/k). */
    private static double gamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        x -= 1;
        double a = c[0], t = x + 7.5;
        for (int i = 1; i < c.length; i++) a += c[i] / (x + i);
        return Math.sqrt(2 * Math.PI) * Math.pow(t, x + 0.5) * Math.exp(-t) * a;
    }

    @Test
    void defaultIsNegativeAgeingWeibullOfAboutAMinute() {
        assertThat(gamma(5)).isCloseTo(24, within(1e-9));
        double mean = SCALE * gamma(1 + 1 / SHAPE);
        assertThat(mean).isCloseTo(54.9, within(0.05));                 // "a little under a minute"
        assertThat(Dwell.DEFAULT.meanSeconds()).isCloseTo(mean, within(1e-9));
        assertThat(Dwell.DEFAULT.describe()).startsWith("weibull(");
        assertThat(weibullCdf(10)).isCloseTo(0.30, within(0.01));       // REQUIREMENTS R-WEB-6
        assertThat(weibullCdf(30)).isCloseTo(0.54, within(0.01));
    }

    @Test
    void weibullSampleMatchesMeanAndCdfWithinOnePercent() {
        RandomStream r = new RandomStream(4242);
        int n = 1_000_000, within10 = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            long ns = Dwell.DEFAULT.drawNs(r);
            assertThat(ns).isNotNegative();
            sum += ns / 1e9;
            if (ns <= 10 * Dwell.NANOS_PER_SECOND) within10++;
        }
        double mean = SCALE * gamma(1 + 1 / SHAPE);
        assertThat(sum / n).isCloseTo(mean, within(0.01 * mean));
        assertThat(within10 / (double) n).isCloseTo(weibullCdf(10), within(0.01 * weibullCdf(10)));
    }

    @Test
    void dwellTakesTheSharedSyntax() throws Exception {
        assertThat(Dwell.parse("original", null)).isSameAs(Dwell.Original.INSTANCE);
        Dwell d = Dwell.parse("exp(30s)", null);
        assertThat(d.meanSeconds()).isCloseTo(30, within(1e-9));
        assertThat(Dwell.parse("2s", null).drawNs(new RandomStream(1))).isEqualTo(2_000_000_000L);
        assertThatThrownBy(() -> Dwell.parse("weibul(1s, 2)", null)).isInstanceOf(elvis.util.SourceError.class);
    }

    @Test
    void jainIndex() {
        assertThat(Fairness.jain(new long[] {5, 5, 5, 5})).isEqualTo(1.0);
        assertThat(Fairness.jain(new long[] {8, 0, 0, 0})).isEqualTo(0.25);
        assertThat(Fairness.jain(new long[] {1, 2, 3})).isCloseTo(36.0 / 42, within(1e-12));
        assertThat(Fairness.jain(new long[] {0, 0})).isEqualTo(1.0);
    }
}
