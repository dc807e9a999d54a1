package elvis.dummynet.profile;

import elvis.util.SourceError;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EmpiricalProfileTest {
    static final long MS = 1_000_000;

    /** The example file of ipfw(8) (and sbin/ipfw/dummynet.c), verbatim, tabs and comments included. */
    static EmpiricalProfile manPage() throws SourceError { return EmpiricalProfile.parse("manpage-example.profile", manPageExample()); }

    static String manPageExample() {
        try (InputStream in = EmpiricalProfileTest.class.getResourceAsStream("/profile/manpage-example.profile")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theManPageExampleParsesIntoItsCurve() throws SourceError {
        EmpiricalProfile p = EmpiricalProfile.parse("example", manPageExample());
        assertThat(p.name()).isEqualTo("bla_bla_bla");
        assertThat(p.samples()).isEqualTo(100);
        assertThat(p.lossIndex()).isEqualTo(86);                   // index ≥ 86 of 100 is lost: 14%
        assertThat(p.lossRate()).isCloseTo(0.14, within(1e-12));
        assertThat(p.bandwidthBps()).isZero();
        // 0 .. 0.5: the vertical segment, 200 ms; 0.5: a horizontal jump to 300 ms (the larger delay wins)
        for (int i = 0; i < 50; i++) assertThat(p.delayNs(i)).isEqualTo(200 * MS);
        assertThat(p.delayNs(50)).isEqualTo(300 * MS);
        // 0.5 .. 0.8: 300 → 1000 ms, the line's delay at i/100
        assertThat(p.delayNs(65)).isEqualTo(650 * MS);
        assertThat(p.delayNs(79)).isEqualTo(Math.round((300 + 29 * 700.0 / 30) * MS));
        // 0.8 .. 0.9: 1000 → 1300 ms; 0.9 .. 1: 1300 ms
        assertThat(p.delayNs(80)).isEqualTo(1000 * MS);
        assertThat(p.delayNs(89)).isEqualTo(1270 * MS);
        for (int i = 90; i < 100; i++) assertThat(p.delayNs(i)).isEqualTo(1300 * MS);
        // The continuous curve's mean is 0.5·200 + 0.3·650 + 0.1·1150 + 0.1·1300 = 540 ms; 100 samples
        // taken at the left of each step give exactly 535 ms.
        assertThat(p.meanDelayNs()).isCloseTo(535.0 * MS, within(1.0));
        assertThat(p.meanDelayNs() / MS).isCloseTo(540, within(540 * 0.01));
    }

    @Test
    void delayFirstColumnsUnsortedPointsAndUpperCaseKeywordsGiveTheSameCurve() throws SourceError {
        String swapped = """
                NAME bla_bla_bla
                SAMPLES 100
                Loss-Level 0.86
                delay prob
                1300 1
                300 0.5
                200 0
                1000 0.8
                200 0.5
                1300 0.9
                """;
        assertThat(EmpiricalProfile.parse("b", swapped)).isEqualTo(EmpiricalProfile.parse("a", manPageExample()));
    }

    @Test
    void defaultsAreOneHundredSamplesAndNoLossAndTheBwLineIsTheBandwidth() throws SourceError {
        EmpiricalProfile p = EmpiricalProfile.parse("p", "bw 1Mbit/s\nprob delay\n0 10\n1 20\n");
        assertThat(p.samples()).isEqualTo(100);
        assertThat(p.lossIndex()).isEqualTo(100);
        assertThat(p.lossRate()).isZero();
        assertThat(p.bandwidthBps()).isEqualTo(1_000_000);
        assertThat(p.delayNs(0)).isEqualTo(10 * MS);
        assertThat(p.delayNs(50)).isEqualTo(15 * MS);
        assertThat(EmpiricalProfile.parse("p", "bw 256Kbit/s\nprob delay\n0 1\n1 1").bandwidthBps()).isEqualTo(256_000);
        assertThat(EmpiricalProfile.parse("p", "bw 2MByte/s\nprob delay\n0 1\n1 1").bandwidthBps()).isEqualTo(16_000_000);
    }

    @Test
    void samplesTheCurveDoesNotCoverStayZeroAsInIpfw() throws SourceError {
        EmpiricalProfile p = EmpiricalProfile.parse("p", "samples 10\nprob delay\n0.5 100\n1 100\n");
        assertThat(p.delayNs(0)).isZero();
        assertThat(p.delayNs(4)).isZero();
        assertThat(p.delayNs(5)).isEqualTo(100 * MS);
    }

    @Test
    void aPointBetweenSamplesExtendsItsLineLeftAsIpfwDoesButNeverBelowZero() throws SourceError {
        // (0.005, 0) → (1, 100 ms), 100 samples: sample 0 (probability 0) lies left of 0.005
        EmpiricalProfile p = EmpiricalProfile.parse("p", "prob delay\n0.005 0\n1 100\n");
        assertThat(p.delayNs(0)).isZero();
        assertThat(p.delayNs(50)).isCloseTo(Math.round((50 - 0.5) * 100 / 99.5 * MS), within(1L));
    }

    @Test
    void mistakesAreLocatedAtFileLineAndColumn() {
        assertError("prob delay\n0 200\n0.5 2x0\n1 300\n", "f:3:5: not a point: '2x0' is not a non-negative number");
        assertError("samples 100 200\nprob delay\n0 1\n1 1", "f:1:13: too many words");
        assertError("samples\nprob delay\n0 1\n1 1", "f:1:1: 'samples' needs a value");
        assertError("samples 0\nprob delay\n0 1\n1 1", "f:1:9: samples must be a whole number from 1 to 1024");
        assertError("samples 2000\nprob delay\n0 1\n1 1", "f:1:9: too many samples");
        assertError("loss-level 1.5\nprob delay\n0 1\n1 1", "f:1:12: loss-level must be at most 1");
        assertError("loss-level -0.5\nprob delay\n0 1\n1 1", "f:1:12: loss-level must be a number from 0 to 1");
        assertError("prob delay\n0 1\n1.5 1", "f:3:1: probability greater than 1");
        assertError("delay prob\n1 0\n1 -1", "f:3:3: not a point");
        assertError("prob delay\n0 1\n", "f:2:1: too few points");
        assertError("0 1\n1 1\n", "f:1:1: a point before its column header");
        assertError("speed 10\nprob delay\n0 1\n1 1", "f:1:1: unknown keyword 'speed'");
        assertError("prob delay\n0 1\n1 1\nsamples 10\n0.5 3", "f:5:1: a point before its column header");
        assertError("prob latency\n0 1\n1 1", "f:1:6: expected 'prob delay'");
        assertError("samples 10\nsamples 20\nprob delay\n0 1\n1 1", "f:2:1: a second 'samples' line");
        assertError("bw fast\nprob delay\n0 1\n1 1", "f:1:4: invalid bw 'fast'");
        assertError("prob delay\n0 200#comment\n1 1", "f:2:3: not a point");
    }

    private static void assertError(String text, String prefix) {
        assertThatThrownBy(() -> EmpiricalProfile.parse("f", text)).isInstanceOf(SourceError.class).hasMessageStartingWith(prefix)
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }
}
