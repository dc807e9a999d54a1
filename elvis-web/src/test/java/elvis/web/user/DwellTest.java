package elvis.web.user;

import elvis.sim.RandomStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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

    @Test
    void defaultIsNegativeAgeingWeibullWithMean55s() {
        Dwell.Weibull w = (Dwell.Weibull) Dwell.DEFAULT;
        assertThat(w.shape()).isLessThan(1);
        assertThat(w.meanSeconds()).isCloseTo(55, within(1e-9));
        assertThat(w.scaleSeconds()).isCloseTo(43.4, within(0.1));
        assertThat(w.cdf(10)).isCloseTo(0.30, within(0.01));          // REQUIREMENTS R-WEB-6
        assertThat(w.cdf(30)).isCloseTo(0.54, within(0.01));
    }

    @Test
    void weibullSampleMatchesMeanAndCdfWithinOnePercent() {
        Dwell.Weibull w = (Dwell.Weibull) Dwell.DEFAULT;
        RandomStream r = new RandomStream(4242);
        int n = 1_000_000, within10 = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            long ns = w.drawNs(r);
            assertThat(ns).isNotNegative();
            sum += ns / 1e9;
            if (ns <= 10 * Dwell.NANOS_PER_SECOND) within10++;
        }
        assertThat(sum / n).isCloseTo(w.meanSeconds(), within(0.01 * w.meanSeconds()));
        assertThat(within10 / (double) n).isCloseTo(w.cdf(10), within(0.01 * w.cdf(10)));
    }

    @Test
    void gammaMatchesKnownValues() {
        assertThat(Dwell.Gamma.of(1)).isCloseTo(1, within(1e-12));
        assertThat(Dwell.Gamma.of(5)).isCloseTo(24, within(1e-9));
        assertThat(Dwell.Gamma.of(0.5)).isCloseTo(Math.sqrt(Math.PI), within(1e-12));
        // Weibull shape 1 is the exponential: mean = scale
        assertThat(new Dwell.Weibull(1, 7).meanSeconds()).isCloseTo(7, within(1e-9));
    }

    @Test
    void jainIndex() {
        assertThat(Fairness.jain(new long[] {5, 5, 5, 5})).isEqualTo(1.0);
        assertThat(Fairness.jain(new long[] {8, 0, 0, 0})).isEqualTo(0.25);
        assertThat(Fairness.jain(new long[] {1, 2, 3})).isCloseTo(36.0 / 42, within(1e-12));
        assertThat(Fairness.jain(new long[] {0, 0})).isEqualTo(1.0);
    }
}
