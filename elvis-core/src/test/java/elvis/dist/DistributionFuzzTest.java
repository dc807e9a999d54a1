package elvis.dist;

import elvis.sim.RandomStream;
import elvis.util.SourceError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated distribution texts and mutated histogram / empirical files: each is a distribution that
 * samples finite numbers and prints itself back, or a {@link SourceError} with a place, never another
 * exception. CI slices; {@code -Dfuzz.dist=1000000} and {@code -Dfuzz.webcsv=1000000} for the full campaigns.
 */
class DistributionFuzzTest {
    static final int TEXTS = Integer.getInteger("fuzz.dist", 20_000);
    static final int FILES = Integer.getInteger("fuzz.webcsv", 5_000);
    static final String SPECIAL = "(),.-+eE 0123456789smhKBx#\n\r\t\u00e9";
    static final String[] SEEDS = {
            "exp(30s)", "lognormal(1.5, 0.8)", "pareto(1500B, 1.2)", "weibull(43.4s, 0.7)", "uniform(2ms, 12ms)",
            "const(3)", "250ms", "empirical(e.txt)", "histogram(h.csv)", "exp(1.5e3us)"};
    static final String HISTOGRAM = "buckets,weights\n1.0,2648657\n7.98,615065\n14.96,155746\n21.94,52951\n"
            + "28.92,31563\n35.900000000000006,25570\n42.88000000000001,28010\n";
    static final String EMPIRICAL = "# dwell times\n1\n2.5s,3\n\n4000ms, 0.5\n";

    @Test
    @Timeout(600)
    void everyTextIsADistributionOrAnErrorWithAPlace(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("e.txt"), EMPIRICAL);
        Files.writeString(dir.resolve("h.csv"), HISTOGRAM);
        Random rnd = new Random(17);
        Quantity[] qs = Quantity.values();
        int parsed = 0, errors = 0;
        for (int i = 0; i < TEXTS; i++) {
            String text = mutate(rnd, SEEDS[rnd.nextInt(SEEDS.length)]);
            Quantity q = qs[rnd.nextInt(qs.length)];
            try {
                Distribution d = Distributions.parse(text, q, dir, "f", 3, 9);
                Distribution back = Distributions.parse(d.toString(), q, dir, "g", 1, 1);
                assertThat(back.toString()).isEqualTo(d.toString());
                assertThat(back.mean()).isEqualTo(d.mean());
                RandomStream r = new RandomStream(i);
                double v = d.sample(r);
                assertThat(v).isNotNaN();
                parsed++;
            } catch (SourceError e) {
                errors++;
                assertThat(e.getMessage()).startsWith(e.file() + ":" + e.line() + ":" + e.column() + ": ");
                assertThat(e.line()).isPositive();
                assertThat(e.column()).isPositive();
                assertThat(e.reason()).isNotBlank();
            }
        }
        assertThat(parsed).isGreaterThan(TEXTS / 50);
        assertThat(errors).isGreaterThan(TEXTS / 5);
    }

    @Test
    @Timeout(600)
    void everyFileIsAHistogramOrAnErrorWithAPlace() {
        Random rnd = new Random(18);
        int parsed = 0, errors = 0;
        for (int i = 0; i < FILES; i++) {
            boolean histogram = rnd.nextBoolean();
            String text = mutate(rnd, histogram ? HISTOGRAM : EMPIRICAL);
            try {
                Distribution d = histogram ? Histogram.parse("f.csv", text)
                        : Empirical.parse("empirical(f.csv)", "f.csv", text, Quantity.TIME);
                assertThat(d.cdf(Double.MAX_VALUE)).isEqualTo(1.0);
                assertThat(d.sample(new RandomStream(i))).isNotNaN();
                parsed++;
            } catch (SourceError e) {
                errors++;
                assertThat(e.getMessage()).startsWith("f.csv:" + e.line() + ":" + e.column() + ": ");
                assertThat(e.line()).isPositive();
                assertThat(e.column()).isPositive();
            }
        }
        assertThat(parsed).isGreaterThan(FILES / 20);
        assertThat(errors).isGreaterThan(FILES / 5);
    }

    static String mutate(Random rnd, String text) {
        StringBuilder sb = new StringBuilder(text);
        if (rnd.nextInt(20) == 0) {
            sb.setLength(0);
            for (int k = rnd.nextInt(100); k > 0; k--) sb.append(SPECIAL.charAt(rnd.nextInt(SPECIAL.length())));
            return sb.toString();
        }
        for (int k = rnd.nextInt(3); k >= 0 && !sb.isEmpty(); k--) {
            int at = rnd.nextInt(sb.length());
            switch (rnd.nextInt(5)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, SPECIAL.charAt(rnd.nextInt(SPECIAL.length())));
                case 2 -> sb.setCharAt(at, SPECIAL.charAt(rnd.nextInt(SPECIAL.length())));
                case 3 -> sb.insert(at, sb.substring(at, Math.min(sb.length(), at + 1 + rnd.nextInt(8))));
                default -> sb.setLength(at);
            }
        }
        return sb.toString();
    }
}
