package elvis.web.site;

import elvis.dist.ChiSquare;
import elvis.dist.Histogram;
import elvis.sim.RandomStream;
import org.junit.jupiter.api.Test;

import java.util.function.ToIntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * R-WEB-2 over 10^6 draws per quantity: the means REQUIREMENTS gives (± 1%), and also within 5
 * standard errors of the exact mean the data implies; P(550–600 KB) = 0.540 ± 0.002; bucket frequencies
 * pass Pearson's χ² at 1%; values are uniform within their bucket; compat mode gives the lower-bound means.
 * Each χ² check of a correct sampler fails for 1% of seeds; the fixed seeds here pass (seed 7 for the
 * compat link counts was one of the 1%: χ² 58.7 at 29 df, while 30 seeds averaged 31).
 */
class SiteSamplerTest {
    static final int N = 1_000_000;
    static final SiteDistributions YAHOO = SiteDistributions.yahoo();

    /** Draws N values and returns {mean, P(lo ≤ v < hi), χ², df}; values in bytes are divided by {@code unit}. */
    static double[] draw(ToIntFunction<RandomStream> sampler, Histogram h, double unit, double lo, double hi, long seed) {
        RandomStream r = new RandomStream(seed);
        long[] buckets = new long[h.buckets()];
        // Integer thresholds of the buckets in the sampler's unit (bytes or counts).
        long[] threshold = new long[h.buckets()];
        for (int i = 0; i < threshold.length; i++) threshold[i] = (long) Math.ceil(h.lowerBound(i) * unit - 1e-6);
        double sum = 0;
        long inRange = 0;
        for (int i = 0; i < N; i++) {
            int v = sampler.applyAsInt(r);
            sum += v / unit;
            if (v / unit >= lo && v / unit < hi) inRange++;
            int b = java.util.Arrays.binarySearch(threshold, v);
            buckets[b >= 0 ? b : -b - 2]++;
        }
        return new double[] {sum / N, (double) inRange / N, ChiSquare.statistic(buckets, h), ChiSquare.degrees(N, h)};
    }

    static double sd(Histogram h, boolean lowerBounds) {
        double m = lowerBounds ? h.lowerBoundMean() : h.mean(), s = 0, w = h.width();
        for (int i = 0; i < h.buckets(); i++) {
            double mid = h.lowerBound(i) + (lowerBounds ? 0 : w / 2);
            s += h.weight(i) * ((mid - m) * (mid - m) + (lowerBounds ? 0 : w * w / 12));
        }
        return Math.sqrt(s / h.totalWeight());
    }

    @Test
    void pageSizes() {
        SiteSampler s = new SiteSampler(YAHOO, false);
        double[] r = draw(s::pageBytes, YAHOO.pageSizeKb(), 1000, 550, 600, 1);
        assertThat(r[0]).isCloseTo(627.8, within(6.278));
        // Whole bytes are floored: half a byte below the bucket-middle mean.
        assertThat(r[0]).isCloseTo(YAHOO.pageSizeKb().mean() - 0.0005, within(5 * sd(YAHOO.pageSizeKb(), false) / Math.sqrt(N)));
        assertThat(r[1]).isCloseTo(0.540, within(0.002));
        assertThat(r[2]).as("χ² of page-size buckets").isLessThan(ChiSquare.critical1Percent((int) r[3]));
    }

    @Test
    void imageSizes() {
        SiteSampler s = new SiteSampler(YAHOO, false);
        double[] r = draw(s::imageBytes, YAHOO.imageSizeKb(), 1000, 1, 7.98, 2);
        assertThat(r[0]).isCloseTo(9.04, within(0.0904));
        assertThat(r[0]).isCloseTo(YAHOO.imageSizeKb().mean() - 0.0005, within(5 * sd(YAHOO.imageSizeKb(), false) / Math.sqrt(N)));
        assertThat(r[1]).isCloseTo(0.730, within(0.002));
        assertThat(r[2]).as("χ² of image-size buckets").isLessThan(ChiSquare.critical1Percent((int) r[3]));
    }

    @Test
    void linkAndImageCounts() {
        SiteSampler s = new SiteSampler(YAHOO, false);
        double[] links = draw(s::links, YAHOO.numLinks(), 1, 30, 60, 3);
        double[] images = draw(s::images, YAHOO.numImages(), 1, 8, 16, 4);
        // floor(uniform in bucket): lower-bound mean + (width − 1) / 2.
        assertThat(links[0]).isCloseTo(93.36, within(0.9336));
        assertThat(links[0]).isCloseTo(YAHOO.numLinks().lowerBoundMean() + 14.5, within(5 * sd(YAHOO.numLinks(), false) / Math.sqrt(N)));
        assertThat(links[2]).as("χ² of link-count buckets").isLessThan(ChiSquare.critical1Percent((int) links[3]));
        assertThat(images[0]).isCloseTo(21.81, within(0.2181));
        assertThat(images[0]).isCloseTo(YAHOO.numImages().lowerBoundMean() + 3.5, within(5 * sd(YAHOO.numImages(), false) / Math.sqrt(N)));
        assertThat(images[2]).as("χ² of image-count buckets").isLessThan(ChiSquare.critical1Percent((int) images[3]));
    }

    @Test
    void compatModeDrawsLowerBounds() {
        SiteSampler s = new SiteSampler(YAHOO, true);
        double[] page = draw(s::pageBytes, YAHOO.pageSizeKb(), 1000, 550, 550.001, 5);
        double[] image = draw(s::imageBytes, YAHOO.imageSizeKb(), 1000, 1, 1.001, 6);
        double[] links = draw(s::links, YAHOO.numLinks(), 1, 0, 1e9, 70);
        double[] images = draw(s::images, YAHOO.numImages(), 1, 0, 1e9, 8);
        assertThat(page[0]).isCloseTo(602.8, within(6.028));
        assertThat(page[0]).isCloseTo(YAHOO.pageSizeKb().lowerBoundMean(), within(5 * sd(YAHOO.pageSizeKb(), true) / Math.sqrt(N)));
        assertThat(page[1]).as("every 550 KB bucket draw is exactly 550,000 bytes").isCloseTo(0.540, within(0.002));
        assertThat(image[0]).isCloseTo(5.55, within(0.0555));
        assertThat(image[0]).isCloseTo(YAHOO.imageSizeKb().lowerBoundMean(), within(5 * sd(YAHOO.imageSizeKb(), true) / Math.sqrt(N)));
        assertThat(links[0]).isCloseTo(78.86, within(0.7886));
        assertThat(images[0]).isCloseTo(18.31, within(0.1831));
        for (double[] r : new double[][] {page, image, links, images}) {
            assertThat(r[2]).isLessThan(ChiSquare.critical1Percent((int) r[3]));
        }
    }

    /** Within the 550–600 KB bucket, sizes spread evenly over ten 5 KB slices (χ² at 1%, 9 df). */
    @Test
    void uniformWithinTheBucket() {
        SiteSampler s = new SiteSampler(YAHOO, false);
        RandomStream r = new RandomStream(9);
        long[] slices = new long[10];
        long n = 0;
        for (int i = 0; i < 200_000; i++) {
            int v = s.pageBytes(r);
            if (v >= 550_000 && v < 600_000) { slices[(v - 550_000) / 5_000]++; n++; }
        }
        double chi = 0;
        for (long c : slices) chi += (c - n / 10.0) * (c - n / 10.0) / (n / 10.0);
        assertThat(chi).isLessThan(ChiSquare.critical1Percent(9));
    }
}
