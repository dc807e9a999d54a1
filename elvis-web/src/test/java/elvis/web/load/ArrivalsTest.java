package elvis.web.load;

import elvis.sim.RandomStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArrivalsTest {
    @Test
    void aConstantRateSpacesRequestsEvenlyWithoutDrift() {
        // 3 requests/s: a period of 333,333,333.3 ns whose fraction must not accumulate.
        Arrivals a = new Arrivals(Arrivals.Kind.CONSTANT, 3, 1_000, new RandomStream(1));
        assertThat(a.next()).isEqualTo(1_000);
        assertThat(a.next()).isEqualTo(1_000 + 333_333_333);
        assertThat(a.next()).isEqualTo(1_000 + 666_666_667);
        for (int k = 3; k < 3_000; k++) a.next();
        assertThat(a.next()).isEqualTo(1_000 + 1_000_000_000_000L);   // the 3,001st, 1,000 s after the first
        assertThat(a.count()).isEqualTo(3_001);
    }

    @Test
    void aPoissonProcessMeetsItsRateAndHasExponentialGaps() {
        double rate = 10_000;
        Arrivals a = new Arrivals(Arrivals.Kind.POISSON, rate, 0, new RandomStream(42));
        int n = 200_000;
        long last = 0, shortGaps = 0;
        double sum = 0, sum2 = 0;
        for (int i = 0; i < n; i++) {
            long t = a.next();
            assertThat(t).isGreaterThanOrEqualTo(last);
            long gap = t - last;
            sum += gap;
            sum2 += (double) gap * gap;
            if (gap < 100_000) shortGaps++;       // 0.1 ms = the mean gap
            last = t;
        }
        double mean = sum / n, sd = Math.sqrt(sum2 / n - mean * mean);
        // Mean gap 1/rate; an exponential's standard deviation equals its mean; P(gap < mean) = 1 − 1/e.
        // Tolerances: 5 standard errors of each estimate over 200,000 gaps.
        assertThat(mean).isCloseTo(1e9 / rate, org.assertj.core.data.Offset.offset(5 * 1e5 / Math.sqrt(n)));
        assertThat(sd / mean).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        double p = 1 - Math.exp(-1);
        assertThat(shortGaps / (double) n).isCloseTo(p, org.assertj.core.data.Offset.offset(5 * Math.sqrt(p * (1 - p) / n)));
    }

    @Test
    void theSameStreamGivesTheSameTimes() {
        Arrivals a = new Arrivals(Arrivals.Kind.POISSON, 123, 0, new RandomStream(7)), b = new Arrivals(Arrivals.Kind.POISSON, 123, 0, new RandomStream(7));
        for (int i = 0; i < 1_000; i++) assertThat(a.next()).isEqualTo(b.next());
    }

    @Test
    void aRateMustBePositive() {
        assertThatThrownBy(() -> new Arrivals(Arrivals.Kind.CONSTANT, 0, 0, new RandomStream(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
