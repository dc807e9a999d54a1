package elvis.dummynet.profile;

import elvis.util.SourceError;
import elvis.dummynet.profile.BandwidthTrace.End;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BandwidthTraceTest {
    static final long MS = 1_000_000, S = 1_000_000_000L;
    static final Path HSDPA_SAMPLE = Path.of("..", "examples", "traces", "hsdpa-bus.log");

    @Test
    void theHsdpaSampleReadsAsOneSegmentPerLineAtBytesOverMilliseconds() throws IOException, SourceError {
        BandwidthTrace t = BandwidthTrace.parse("hsdpa-bus.log", Files.readString(HSDPA_SAMPLE), End.LOOP);
        assertThat(t.segments()).isEqualTo(60);
        // first line: 290,000 bytes in 995 ms = 291.457 bytes/ms = 2,331,658 bit/s
        assertThat(t.segmentBps(0)).isEqualTo(2_331_658);
        assertThat(t.segmentStartNs(1)).isEqualTo(995 * MS);
        assertThat(t.segmentStartNs(2)).isEqualTo((995 + 999) * MS);
        // the outage (lines 31-33) carries nothing
        assertThat(t.segmentBps(30)).isZero();
        assertThat(t.segmentBps(32)).isZero();
        assertThat(t.segmentBps(33)).isPositive();
        // the mean is the bytes over the time: sum(col5) · 8 / sum(col6)
        long bytes = 0, ms = 0;
        for (String line : Files.readAllLines(HSDPA_SAMPLE)) {
            if (line.startsWith("#")) continue;
            String[] c = line.split(" ");
            bytes += Long.parseLong(c[4]);
            ms += Long.parseLong(c[5]);
        }
        assertThat(t.periodNs()).isEqualTo(ms * MS);
        assertThat(t.meanBps()).isCloseTo(bytes * 8000.0 / ms, within(1.0));
    }

    @Test
    void thePlainFormatTakesTimesAndRatesWithUnitsAndEndsAtATimeAlone() throws SourceError {
        BandwidthTrace t = BandwidthTrace.parse("p", """
                # time rate
                0s     2Mbps
                1.5s   256Kbit/s   # ipfw's spelling
                2s     0
                2500ms 1000000
                3s
                """, End.HOLD);
        assertThat(t.segments()).isEqualTo(4);
        assertThat(t.segmentBps(0)).isEqualTo(2_000_000);
        assertThat(t.segmentBps(1)).isEqualTo(256_000);
        assertThat(t.segmentStartNs(3)).isEqualTo(2500 * MS);
        assertThat(t.periodNs()).isEqualTo(3 * S);
        assertThat(t.bitsPerSecond(10 * S)).isEqualTo(1_000_000);          // held
        assertThat(t.withEnd(End.LOOP).bitsPerSecond(10 * S)).isEqualTo(2_000_000);     // 10 s = 3 loops + 1 s
    }

    @Test
    void badTracesGiveLocatedErrors() {
        String h = "1289406400 995 59.9 10.7 290000 995\n";
        assertError(h + "1289406401 900 59.9 10.7 1000 995\n", "t:2:12: time goes backwards: 900 ms after 995 ms");
        assertError(h + "1289406399 1994 59.9 10.7 1000 999\n", "t:2:1: time goes backwards");
        assertError(h + "1289406401 1994 59.9 10.7 -5 999\n", "t:2:27: negative byte count");
        assertError(h + "1289406401 1994 59.9 10.7 5 0\n", "t:2:29: the interval must be a whole number of ms above 0");
        assertError(h + "1289406401 1994 59.9 10.7 5 1e300\n", "t:2:29: trace longer than a year");
        assertError(h + "1289406401 1994 north 10.7 5 1000\n", "t:2:17: invalid latitude 'north'");
        assertError(h + "1289406401 1994 59.9 10.7 5\n", "t:2:1: an HSDPA line has 6 columns");
        assertError("0s 1Mbps\n2s 2Mbps\n1s 3Mbps\n4s\n", "t:3:1: time goes backwards: 1s after 2s");
        assertError("0s 1Mbps\n1s -2Mbps\n2s\n", "t:2:4: negative rate");
        assertError("0s 1Mbps\n1s 2Mbps\n", "t:2:1: the trace needs an end");
        assertError("1s 1Mbps\n2s\n", "t:1:1: the trace starts at time 0");
        assertError("0s 1Mbps\n1s 1Mbps\n1s\n", "t:3:1: time repeats");
        assertError("0s fast\n1s\n", "t:1:4: invalid bw 'fast'");
        assertError("0s 0\n1s 0\n2s\n", "t:3:1: the trace never sends");
        assertError("0 1 2\n", "t:1:1: a trace line has 6 columns");
        assertError("# nothing\n", "t:1:1: empty trace");
        assertThatThrownBy(() -> BandwidthTrace.parse("t", "0s 1Mbps\n1s 0\n2s\n", End.HOLD)).hasMessageStartingWith("t:3:1:")
                .hasMessageContaining("never send again");
    }

    private static void assertError(String text, String prefix) {
        assertThatThrownBy(() -> BandwidthTrace.parse("t", text, End.LOOP)).isInstanceOf(SourceError.class).hasMessageStartingWith(prefix);
    }

    /** ModNet's Table 2 (Riiser et al.'s 3G traces): the generator hits each mean within 2% and CV within 0.05 over the stated duration. */
    @ParameterizedTest
    @CsvSource({"img1, 457, 2.67Mbps, 0.54", "img2, 390, 1.95Mbps, 0.58", "img3, 1036, 1.51Mbps, 0.60",
            "vid1, 308, 730kbps, 0.93", "vid2, 619, 735kbps, 0.85", "vid3, 430, 605kbps, 0.95"})
    void theGeneratorHitsModNetsTableTwo(String name, int seconds, String mean, double cv) throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            BandwidthTrace t = TraceGenerator.parse("gen:mean=" + mean + ",cv=" + cv + ",duration=" + seconds + "s,seed=" + seed, name, 1, 1, End.LOOP);
            double target = elvis.config.Units.bandwidth(mean, "mean");
            assertThat(t.periodNs()).isEqualTo(seconds * S);
            assertThat(t.segments()).isEqualTo(seconds);
            assertThat(t.meanBps()).as(name).isCloseTo(target, within(target * 0.02));
            assertThat(t.cv()).as(name).isCloseTo(cv, within(0.05));
        }
    }

    @Test
    void theGeneratorIsSeededAndItsRateDrifts() throws SourceError {
        String spec = "gen:mean=2Mbps,cv=0.5,duration=100s";
        BandwidthTrace a = TraceGenerator.parse(spec, "s", 1, 1, End.LOOP), b = TraceGenerator.parse(spec, "s", 1, 1, End.LOOP);
        assertThat(a).isEqualTo(b);
        assertThat(TraceGenerator.parse(spec + ",seed=2", "s", 1, 1, End.LOOP)).isNotEqualTo(a);
        // corr=0.8: neighbouring seconds are alike (lag-one correlation well above 0)
        double mean = a.meanBps(), num = 0, den = 0;
        for (int k = 0; k + 1 < a.segments(); k++) num += (a.segmentBps(k) - mean) * (a.segmentBps(k + 1) - mean);
        for (int k = 0; k < a.segments(); k++) den += (a.segmentBps(k) - mean) * (a.segmentBps(k) - mean);
        assertThat(num / den).isGreaterThan(0.5);
    }

    @Test
    void badGeneratorSpecsArePlacedAtTheirValue() {
        assertSpecError("gen:mean=2Mbps,cv=0.5", "f:3:10: the generator needs duration=");
        assertSpecError("gen:mean=-2Mbps,cv=0.5,duration=10s", "f:3:19: mean must not be negative");
        assertSpecError("gen:mean=2Mbps,cv=x,duration=10s", "f:3:28: cv must be a number");
        assertSpecError("gen:mean=2Mbps,cv=0.5,duration=10s,speed=3", "f:3:45: unknown generator key 'speed'");
        assertSpecError("gen:mean=2Mbps,cv=0.5,duration=1s", "f:3:41: duration must hold at least 2 steps");
        assertSpecError("gen:mean=0,cv=0.5,duration=10s", "f:3:19: mean must be above 0");
    }

    private static void assertSpecError(String spec, String prefix) {
        assertThatThrownBy(() -> TraceGenerator.parse(spec, "f", 3, 10, End.LOOP)).isInstanceOf(SourceError.class).hasMessageStartingWith(prefix);
    }
}
