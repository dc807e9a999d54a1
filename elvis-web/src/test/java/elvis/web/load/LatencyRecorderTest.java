package elvis.web.load;

import elvis.sim.RandomStream;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyRecorderTest {
    @Test
    void percentilesEqualTheSamplesOfTheirRankWithinTheHistogramsPrecision() {
        LatencyRecorder rec = new LatencyRecorder();
        RandomStream r = new RandomStream(11);
        int n = 100_000;
        long[] samples = new long[n];
        for (int i = 0; i < n; i++) {
            // Log-uniform over 10 µs .. 10 s, so every magnitude the histogram covers is exercised.
            samples[i] = Math.round(Math.pow(10, 4 + 6 * r.nextDouble()));
            rec.record(samples[i]);
        }
        Arrays.sort(samples);
        for (double p : new double[] {50, 75, 90, 99, 99.9}) {
            long exact = samples[(int) Math.ceil(p / 100 * n) - 1];
            // Three significant digits: within 0.1% of the value (plus the 1 µs floor).
            assertThat((double) rec.percentileNs(p)).as("p%s", p).isCloseTo(exact, within(exact * 1e-3 + LatencyRecorder.LOWEST_NS));
        }
        double mean = Arrays.stream(samples).average().orElseThrow();
        double var = Arrays.stream(samples).mapToDouble(s -> (s - mean) * (s - mean)).sum() / n;
        assertThat(rec.meanNs()).isCloseTo(mean, within(mean * 1e-12));
        assertThat(rec.stdevNs()).isCloseTo(Math.sqrt(var), within(Math.sqrt(var) * 1e-9));
        assertThat(rec.maxNs()).isEqualTo(samples[n - 1]);
        assertThat(rec.count()).isEqualTo(n);
    }

    @Test
    void theShareWithinOneStandardDeviationIsCounted() {
        LatencyRecorder rec = new LatencyRecorder();
        // 8 at 10 ms and one each at 1 ms and 100 ms: mean 18.1 ms, σ ≈ 28.2 ms, so the 9 below 46 ms are within.
        for (int i = 0; i < 8; i++) rec.record(10_000_000);
        rec.record(1_000_000);
        rec.record(100_000_000);
        assertThat(rec.withinOneStdev()).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void emptyReportsZeros() {
        LatencyRecorder rec = new LatencyRecorder();
        assertThat(rec.percentileNs(99)).isZero();
        assertThat(rec.stdevNs()).isZero();
        assertThat(rec.withinOneStdev()).isZero();
    }
}
