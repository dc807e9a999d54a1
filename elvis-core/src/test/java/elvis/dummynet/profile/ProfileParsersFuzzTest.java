package elvis.dummynet.profile;

import elvis.util.SourceError;
import elvis.dummynet.profile.BandwidthTrace.End;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated profile files, traces (both formats), generator and loss-model specs, and noise: each is
 * a result or a {@link SourceError} whose place lies in the text, never another exception.
 * 10^4 per parser in the normal run, {@code -Dfuzz.profile=1000000} for 10^6.
 */
class ProfileParsersFuzzTest {
    static final int INPUTS = Integer.getInteger("fuzz.profile", 10_000);
    static final String SPECIAL = "#.-+0123456789 \t\n\r,=:eEkKMmsB/%probdelayge\u00e9";
    static final String PLAIN = "# t r\n0s 2Mbps\n1.5s 256Kbit/s\n2s 0\n2500ms 1000000\n3s\n";
    static final String GEN = "gen:mean=2.67Mbps,cv=0.54,duration=40s,step=1s,corr=0.8,seed=3";
    static final String GE = "ge:1%,30%,80%,0.1%";

    @Test
    @Timeout(1200)
    void everyProfileIsACurveOrAnErrorWithAPlace() {
        String text = EmpiricalProfileTest.manPageExample();
        fuzz(31, text, t -> {
            EmpiricalProfile p = EmpiricalProfile.parse("f", t);
            assertThat(p.lossIndex()).isBetween(0, p.samples());
            for (int i = 0; i < p.samples(); i++) assertThat(p.delayNs(i)).isNotNegative();
        });
    }

    @Test
    @Timeout(1200)
    void everyTraceIsATraceOrAnErrorWithAPlace() throws IOException {
        String hsdpa = Files.readString(BandwidthTraceTest.HSDPA_SAMPLE).lines().limit(12).reduce("", (a, b) -> a + b + "\n");
        Checked check = t -> {
            BandwidthTrace tr = BandwidthTrace.parse("f", t, End.LOOP);
            assertThat(tr.meanBps()).isPositive();
            assertThat(tr.finish(tr.periodNs() / 3, 12_000)).isGreaterThan(tr.periodNs() / 3);
        };
        fuzz(32, hsdpa, check);
        fuzz(33, PLAIN, check);
    }

    @Test
    @Timeout(1200)
    void everySpecIsAModelOrAnErrorWithAPlace() {
        fuzz(34, GEN, t -> assertThat(TraceGenerator.parse(t, "f", 1, 1, End.LOOP).meanBps()).isPositive(), INPUTS / 10);
        fuzz(35, GE, t -> assertThat(GilbertElliott.parse(t, "f", 1, 1).stationaryLoss()).isBetween(0.0, 1.0));
    }

    interface Checked { void accept(String text) throws SourceError; }

    static void fuzz(long seed, String base, Checked parse) { fuzz(seed, base, parse, INPUTS); }

    static void fuzz(long seed, String base, Checked parse, int inputs) {
        Random rnd = new Random(seed);
        int ok = 0, errors = 0;
        for (int i = 0; i < inputs; i++) {
            String text = mutate(rnd, base);
            try {
                parse.accept(text);
                ok++;
            } catch (SourceError e) {
                errors++;
                assertThat(e.getMessage()).as(text).startsWith("f:" + e.line() + ":" + e.column() + ": ");
                assertThat(e.line()).as(text).isBetween(1, (int) text.lines().count() + 1);
                assertThat(e.column()).as(text).isPositive();
            }
        }
        assertThat(ok).as("inputs that parse").isGreaterThan(inputs / 100);
        assertThat(errors).as("inputs that fail").isGreaterThan(inputs / 10);
    }

    static String mutate(Random rnd, String text) {
        StringBuilder sb = new StringBuilder(text);
        if (rnd.nextInt(20) == 0) {
            sb.setLength(0);
            for (int k = rnd.nextInt(200); k > 0; k--) sb.append(SPECIAL.charAt(rnd.nextInt(SPECIAL.length())));
            return sb.toString();
        }
        for (int k = rnd.nextInt(4); k >= 0 && !sb.isEmpty(); k--) {
            int at = rnd.nextInt(sb.length());
            switch (rnd.nextInt(5)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, SPECIAL.charAt(rnd.nextInt(SPECIAL.length())));
                case 2 -> sb.setCharAt(at, SPECIAL.charAt(rnd.nextInt(SPECIAL.length())));
                case 3 -> {
                    int end = Math.min(sb.length(), at + 1 + rnd.nextInt(20));
                    sb.insert(rnd.nextInt(sb.length()), sb.substring(at, end));
                }
                default -> { if (rnd.nextInt(4) == 0) sb.setLength(at); }
            }
        }
        return sb.toString();
    }
}
