package elvis.web.video;

import org.junit.jupiter.api.Test;

import static elvis.web.video.VideoContent.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AbrTest {
    static final int[] LADDER = VideoContent.DEFAULT_LADDER;

    static Abr.Inputs in(long bufferNs, double... bps) { return new Abr.Inputs(LADDER, bps, bufferNs); }

    @Test
    void rateTakesTheHarmonicMeanOfTheLastSegmentsTimesASafetyFactor() {
        Abr rate = Abr.parse("rate", 30 * SECOND, 2 * SECOND);
        assertThat(rate.choose(in(0))).isZero();                                          // nothing measured: the lowest
        assertThat(rate.choose(in(0, 4e6))).isEqualTo(5);                                  // 3.2 Mbit/s → 3000
        // harmonic mean of 4, 4, 4, 4 and 0.5 Mbit/s = 5 / (1 + 2) = 1.667; × 0.8 = 1.333 → 1100
        assertThat(rate.choose(in(0, 4e6, 4e6, 4e6, 4e6, 0.5e6))).isEqualTo(3);
        // only the last five count: a sixth old slow sample changes nothing
        assertThat(rate.choose(in(0, 0.1e6, 4e6, 4e6, 4e6, 4e6, 4e6))).isEqualTo(5);
        assertThat(rate.choose(in(0, 100e3))).isZero();                                   // below the ladder: the lowest
        assertThat(Abr.parse("rate:1", 30 * SECOND, 2 * SECOND).choose(in(0, 4e6, 4e6, 0.5e6))).isEqualTo(1);   // 0.4 Mbit/s → 365
    }

    @Test
    void vlcStartsAtTheTopThenFollowsTheLastSegmentWithoutMargin() {
        Abr vlc = Abr.parse("vlc", 30 * SECOND, 2 * SECOND);
        assertThat(vlc.choose(in(0))).isEqualTo(5);                                       // nothing measured: the highest
        assertThat(vlc.choose(in(0, 4e6, 0.73e6))).isEqualTo(2);                           // exactly 730 kbit/s → 730, no margin
        assertThat(vlc.choose(in(0, 0.5e6, 0.729e6))).isEqualTo(1);                        // only the last segment counts
        assertThat(vlc.choose(in(0, 100e3))).isZero();                                    // below the ladder: the lowest
        assertThat(vlc.spec()).isEqualTo("vlc");
        assertThat(Abr.parse("rate:3", 30 * SECOND, 2 * SECOND).spec()).isEqualTo("rate:3");
    }

    @Test
    void bufferRuleIsLinearBetweenReservoirAndUpper() {
        Abr buffer = Abr.parse("buffer", 30 * SECOND, 2 * SECOND);       // reservoir 5 s, upper 28 s
        assertThat(buffer).isEqualTo(new Abr.Buffer(5 * SECOND, 28 * SECOND));
        assertThat(buffer.choose(in(5 * SECOND, 9e9))).isZero();
        assertThat(buffer.choose(in(28 * SECOND))).isEqualTo(5);
        // halfway: 145 + (3000 − 145) / 2 = 1572.5 kbit/s → 1100
        assertThat(buffer.choose(in(16_500_000_000L))).isEqualTo(3);
    }

    @Test
    void fixedAndServer() {
        assertThat(Abr.parse("fixed:730", 30 * SECOND, 2 * SECOND).choose(in(0, 1e3))).isEqualTo(2);
        assertThat(Abr.parse("server", 30 * SECOND, 2 * SECOND).choose(in(0))).isEqualTo(-1);
        assertThatThrownBy(() -> Abr.parse("fixed:731", 30 * SECOND, 2 * SECOND).choose(in(0))).hasMessageContaining("has no 731");
    }

    @Test
    void badSpecsSayWhatIsExpected() {
        assertThatThrownBy(() -> Abr.parse("bola", 30 * SECOND, 2 * SECOND)).hasMessageContaining("expected rate, rate:N, vlc, buffer, fixed:KBPS or server");
        assertThatThrownBy(() -> Abr.parse("rate:0", 30 * SECOND, 2 * SECOND)).hasMessageContaining("1 ≤ N");
        assertThatThrownBy(() -> Abr.parse("fixed:x", 30 * SECOND, 2 * SECOND)).hasMessageContaining("fixed:KBPS");
    }
}
