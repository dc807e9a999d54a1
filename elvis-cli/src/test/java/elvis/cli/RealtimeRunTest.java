package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.CommandLineTest.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code elvis run --realtime} and the refusals around live emulation that need no privilege: they run
 * anywhere (the live tests with devices and namespaces are in EmulateTest).
 */
class RealtimeRunTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    /** One message 10 ms away; the run lasts 1.5 simulated seconds. */
    static final String PACED = """
            [Simulation seed='1' until='1500ms']
            [Networks]
              [Network id='lan' latency='10ms']
                [IP subnet='10.0.0.0/24']
            [Machines]
              [Machine name='sender']
                [Networks]
                  [Network id='lan']
                [Applications]
                  [Application name='send_message' message='hi' to='capturer' port='7']
              [Machine name='capturer']
                [Networks]
                  [Network id='lan']
                [Applications]
                  [Application name='capture' message='hi' ip='10.0.0.2' port='7' message_count='1']
            """;

    @TempDir
    Path tmp;

    @Test
    void aRealtimeRunTakesItsSimulatedTimeOfWallClockAndReportsLateness() throws Exception {
        Path ndl = Files.writeString(tmp.resolve("paced.ndl"), PACED), json = tmp.resolve("r.json");
        long start = System.nanoTime();
        Outcome o = elvis("run", "--realtime", ndl.toString(), "--json", json.toString());
        long wallNs = System.nanoTime() - start;
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        assertThat(wallNs).isGreaterThanOrEqualTo(1_500_000_000L);
        assertThat(o.out()).contains("live for simulated 1.500 s", "capture on capturer: received 1 of 1", "real time: ")
                .doesNotContain("TAP device");
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("simulated_ns").asLong()).isEqualTo(1_500_000_000L);
        assertThat(r.get("wall_seconds").asDouble()).isGreaterThanOrEqualTo(1.5);
        JsonNode rt = r.get("realtime");
        assertThat(rt.get("events").asLong()).isEqualTo(r.get("events").asLong()).isPositive();
        JsonNode late = rt.get("lateness");
        assertThat(late.get("p50_ns").asLong()).isLessThanOrEqualTo(late.get("p99_ns").asLong());
        assertThat(late.get("p99_ns").asLong()).isLessThanOrEqualTo(late.get("max_ns").asLong());
        assertThat(late.get("mean_ns").asLong()).isLessThanOrEqualTo(late.get("max_ns").asLong());
        assertThat(rt.get("max_lateness_ns").isNull()).isTrue();
        assertThat(rt.get("spin_ns").asLong()).isEqualTo(100_000);
        assertThat(rt.get("lateness_exceeded_ns").isNull()).isTrue();
        assertThat(rt.get("taps")).isEmpty();
        assertThat(r.get("goals_met").asBoolean()).isTrue();
    }

    @Test
    void aPlainRunHasNoRealtimeBlockAndStaysFast() throws Exception {
        Path ndl = Files.writeString(tmp.resolve("paced.ndl"), PACED), json = tmp.resolve("r.json");
        long start = System.nanoTime();
        Outcome o = elvis("run", ndl.toString(), "--json", json.toString(), "--quiet");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(System.nanoTime() - start).isLessThan(1_500_000_000L);
        assertThat(new ObjectMapper().readTree(json.toFile()).has("realtime")).isFalse();
    }

    @Test
    void exceedingMaxLatenessStopsTheRunWithExitOne() throws Exception {
        Path ndl = Files.writeString(tmp.resolve("paced.ndl"), PACED), json = tmp.resolve("r.json");
        // No event runs within a nanosecond of its time: the first one stops the run.
        Outcome o = elvis("run", "--realtime", "--max-lateness", "1ns", ndl.toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isEqualTo(1);
        assertThat(o.err()).contains("elvis run: the run fell ", "behind the wall clock at simulated ", "more than --max-lateness 1ns: it stopped there")
                .doesNotContain("Exception");
        JsonNode rt = new ObjectMapper().readTree(json.toFile()).get("realtime");
        assertThat(rt.get("max_lateness_ns").asLong()).isEqualTo(1);
        assertThat(rt.get("lateness_exceeded_ns").asLong()).isGreaterThan(1);
        assertThat(new ObjectMapper().readTree(json.toFile()).get("simulated_ns").asLong()).isLessThan(1_500_000_000L);
    }

    @Test
    void maxLatenessNeedsRealtimeAndAPositiveDuration() throws Exception {
        Path ndl = Files.writeString(tmp.resolve("paced.ndl"), PACED);
        Outcome o = elvis("run", "--max-lateness", "5ms", ndl.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("elvis run: --max-lateness bounds a run on the wall clock: add --realtime" + System.lineSeparator());
        o = elvis("run", "--realtime", "--max-lateness", "0", ndl.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("--max-lateness must be greater than 0");
        o = elvis("run", "--realtime", "--max-lateness", "5", ndl.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).startsWith("elvis run: ").contains("--max-lateness");
    }

    @Test
    void spinNeedsRealtimeAndIsReported() throws Exception {
        Path ndl = Files.writeString(tmp.resolve("paced.ndl"), PACED), json = tmp.resolve("r.json");
        Outcome o = elvis("run", "--spin", "1ms", ndl.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("elvis run: --spin paces a run on the wall clock: add --realtime" + System.lineSeparator());
        o = elvis("run", "--realtime", "--spin", "2s", ndl.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).startsWith("elvis run: ").contains("--spin");
        o = elvis("run", "--realtime", "--spin", "1ms", "--quiet", ndl.toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(new ObjectMapper().readTree(json.toFile()).get("realtime").get("spin_ns").asLong()).isEqualTo(1_000_000);
    }

    @Test
    void aTappedFileNeedsTheWallClockAndSaysWhere() {
        Outcome o = elvis("run", EXAMPLES.resolve("live-ping.ndl").toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("live-ping.ndl:11:", "error: network 'lan' is bridged to TAP device 'elvis0', which needs the wall clock: "
                + "run it with 'elvis emulate FILE' (sets up the host's side) or 'elvis run --realtime FILE'").doesNotContain("Exception");
    }

    @Test
    void theLiveExamplesCheckWithoutPrivileges() {
        for (String example : new String[] {"live-ping.ndl", "bump-in-the-wire.ndl"}) {
            Outcome o = elvis("check", EXAMPLES.resolve(example).toString());
            assertThat(o.exit()).as(o.err()).isZero();
            assertThat(o.err()).isEmpty();
        }
    }

    @Test
    void emulateWithoutPrivilegesSaysSoPlainlyAndExitsTwo() {
        String message = "setting up the host (namespaces, addresses, routes) needs CAP_NET_ADMIN: run as root";
        Supplier<String> real = LiveRun.hostUnavailable;
        LiveRun.hostUnavailable = () -> message;                   // CI runs as root: pretend it does not
        try {
            Outcome o = elvis("emulate", EXAMPLES.resolve("live-ping.ndl").toString());
            assertThat(o.exit()).isEqualTo(2);
            assertThat(o.err()).isEqualTo("elvis emulate: " + message + System.lineSeparator());
            assertThat(o.out()).isEmpty();
        } finally {
            LiveRun.hostUnavailable = real;
        }
    }

    @Test
    void realtimeWithTapsButNoTunSaysSoPlainlyAndExitsTwo() {
        String message = "/dev/net/tun does not exist: this kernel has no TUN/TAP driver";
        Supplier<String> real = LiveRun.tapUnavailable;
        LiveRun.tapUnavailable = () -> message;
        try {
            Outcome o = elvis("run", "--realtime", EXAMPLES.resolve("live-ping.ndl").toString());
            assertThat(o.exit()).isEqualTo(2);
            assertThat(o.err()).isEqualTo("elvis run: " + message + System.lineSeparator());
        } finally {
            LiveRun.tapUnavailable = real;
        }
    }
}
