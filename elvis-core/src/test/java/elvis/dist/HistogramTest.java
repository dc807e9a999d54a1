package elvis.dist;

import elvis.sim.RandomStream;
import elvis.util.SourceError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HistogramTest {

    @Test
    void boundsAreRecomputedFromTheFirstTwoRows() throws SourceError {
        Histogram h = Histogram.parse("h.csv", "buckets,weights\n1.0,1\n7.98,2\n14.96,3\n21.94,4\n28.92,0\n35.900000000000006,5\n");
        assertThat(h.buckets()).isEqualTo(6);
        assertThat(h.width()).isCloseTo(6.98, within(1e-12));
        assertThat(h.lowerBound(5)).isCloseTo(35.9, within(1e-12));
        assertThat(h.totalWeight()).isEqualTo(15.0);
        assertThat(h.lowerBoundMean()).isCloseTo((7.98 * 2 + 14.96 * 3 + 21.94 * 4 + 35.9 * 5 + 1) / 15, within(1e-12));
        assertThat(h.mean()).isCloseTo(h.lowerBoundMean() + 3.49, within(1e-12));
    }

    /** Bucket frequencies over 10^6 alias-table draws pass Pearson's χ² test at the 1% level. */
    @Test
    void bucketFrequenciesFollowTheCounts() throws SourceError {
        Histogram h = Histogram.parse("h.csv", "buckets,weights\n0,5\n1,0\n2,100\n3,1\n4,37\n5,2\n6,900\n7,12\n");
        int n = 1_000_000;
        long[] seen = new long[h.buckets()];
        RandomStream r = new RandomStream(3);
        for (int i = 0; i < n; i++) seen[h.sampleBucket(r)]++;
        assertThat(seen[1]).isZero();
        assertThat(ChiSquare.statistic(seen, h)).isLessThan(ChiSquare.critical1Percent(6));
    }

    @Test
    void valuesAreUniformWithinTheBucketAndTheLastBucketIsAsWide() throws SourceError {
        Histogram h = Histogram.parse("h.csv", "buckets,weights\n10,0\n20,1\n");
        RandomStream r = new RandomStream(4);
        int n = 100_000;
        long[] tenths = new long[10];
        for (int i = 0; i < n; i++) {
            double v = h.sample(r);
            assertThat(v).isGreaterThanOrEqualTo(20).isLessThan(30);
            tenths[(int) (v - 20)]++;
        }
        double chi = 0;
        for (long t : tenths) chi += (t - n / 10.0) * (t - n / 10.0) / (n / 10.0);
        assertThat(chi).isLessThan(ChiSquare.critical1Percent(9));
        assertThat(h.sampleLowerBound(r)).isEqualTo(20.0);
    }

    static void fails(String text, String message) {
        assertThatThrownBy(() -> Histogram.parse("f.csv", text)).isInstanceOf(SourceError.class).hasMessage(message);
    }

    @Test
    void malformedFilesAreLocated() {
        fails("", "f.csv:1:1: empty histogram: expected the header 'buckets,weights'");
        fails("lower,count\n0,1\n", "f.csv:1:1: expected the header 'buckets,weights', found 'lower,count'");
        fails("buckets,weights\n0,1\n", "f.csv:2:1: a histogram needs at least two buckets (their distance is the width)");
        fails("buckets,weights\n0,1\n50\n", "f.csv:3:3: expected 'lower_bound,count'");
        fails("buckets,weights\n0,1\n50,2,3\n", "f.csv:3:5: too many fields: expected 'lower_bound,count'");
        fails("buckets,weights\n0,1\n50, many\n", "f.csv:3:5: invalid bucket count 'many': expected a number");
        fails("buckets,weights\n0,1\nfifty,2\n", "f.csv:3:1: invalid bucket lower bound 'fifty': expected a number");
        fails("buckets,weights\n0,1\n50,-2\n", "f.csv:3:4: negative bucket count");
        fails("buckets,weights\n0,1\n50,2\n101,2\n", "f.csv:4:1: bucket lower bound 101 breaks the constant width 50 (expected 100)");
        fails("buckets,weights\n50,1\n0,2\n", "f.csv:3:1: bucket lower bounds must increase");
        fails("buckets,weights\n0,0\n50,0\n", "f.csv:2:1: the bucket counts must add up to a positive finite number");
        fails("buckets,weights\n0,1e308\n50,1e308\n", "f.csv:2:1: the bucket counts must add up to a positive finite number");
    }
}
