package elvis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code elvis bench tap}: the shape of its JSON and figures that agree with each other; no timing goals (benchmarks are not tests). */
class TapCommandTest {
    @TempDir
    Path tmp;

    @Test
    void latenessOfAOneSecondRunIsADistributionOfItsHundredTimers() throws Exception {
        Path json = tmp.resolve("lateness.json");
        assertThat(Main.execute("bench", "tap", "--scenario", "lateness", "--seconds", "1", "--json", json.toString())).isZero();
        JsonNode runs = new ObjectMapper().readTree(json.toFile()).get("runs");
        assertThat(runs).hasSize(1);
        JsonNode run = runs.get(0);
        assertThat(run.get("scenario").asText()).isEqualTo("lateness");
        assertThat(run.get("seconds").asLong()).isEqualTo(1);
        assertThat(run.get("period_ns").asLong()).isEqualTo(10_000_000);
        assertThat(run.get("timers").asLong()).isEqualTo(100);            // at 10, 20, ... 1000 ms of virtual time
        assertThat(run.get("events").asLong()).isEqualTo(100);            // idle: the timer is all there is
        long p50 = run.get("lateness_p50_ns").asLong(), p99 = run.get("lateness_p99_ns").asLong(), max = run.get("lateness_max_ns").asLong();
        assertThat(p50).isNotNegative().isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(max);
        assertThat(run.get("lateness_mean_ns").asDouble()).isBetween(0.0, (double) max);
        assertThat(run.get("goal_met").asBoolean()).isEqualTo(p99 <= 1_000_000);
        assertThat(run.get("p99_within_50us").asBoolean()).isEqualTo(p99 <= 50_000);
    }

    @Test
    void framesGoThroughTheBridgeBothWays() throws Exception {
        String why = TapScenario.framesUnavailable();
        assumeTrue(why == null, () -> "the frame scenarios cannot run here: " + why);
        Path json = tmp.resolve("frames.json");
        assertThat(Main.execute("bench", "tap", "--scenario", "frames-64,frames-1500", "--frames", "2000", "--json", json.toString())).isZero();
        JsonNode runs = new ObjectMapper().readTree(json.toFile()).get("runs");
        assertThat(runs).hasSize(4);
        String[] scenarios = {"frames-64", "frames-64", "frames-1500", "frames-1500"};
        String[] directions = {"outside-to-simulated", "simulated-to-outside"};
        for (int i = 0; i < 4; i++) {
            JsonNode run = runs.get(i);
            assertThat(run.get("scenario").asText()).isEqualTo(scenarios[i]);
            assertThat(run.get("direction").asText()).isEqualTo(directions[i % 2]);
            assertThat(run.get("frame_bytes").asInt()).isEqualTo(i < 2 ? 60 : 1514);   // on the TAP: no FCS
            assertThat(run.get("frames_offered").asLong()).isEqualTo(2000);
            long delivered = run.get("frames_delivered").asLong(), bridgeDrops = run.get("bridge_drops").asLong(), linuxDrops = run.get("linux_drops").asLong();
            assertThat(delivered).isPositive().isLessThanOrEqualTo(2000);
            if (i % 2 == 0) {
                // Into the simulation: what the bridge did not deliver it dropped, or Linux did while the reader fell behind.
                assertThat(delivered + bridgeDrops + linuxDrops).isGreaterThanOrEqualTo(2000);
            } else {
                // Out of it: every frame sent reaches the bridge's port and is written or counted as a failed write;
                // the outside reader gets at most what was written, and what it missed Linux dropped.
                assertThat(delivered + bridgeDrops).isEqualTo(2000);
                long received = run.get("frames_received_outside").asLong();
                assertThat(received).isPositive().isLessThanOrEqualTo(delivered);
                assertThat(received + linuxDrops).isGreaterThanOrEqualTo(delivered);
            }
            assertThat(run.get("wall_seconds").asDouble()).isPositive();
            assertThat(run.get("frames_per_second").asDouble()).isCloseTo(delivered / run.get("wall_seconds").asDouble(), org.assertj.core.data.Percentage.withPercentage(0.1));
            assertThat(run.get("offered_per_second").asDouble()).isPositive();
            assertThat(run.get("kernel_cpu_ns_per_frame").asDouble()).isPositive();
            if (i % 2 == 0) assertThat(run.get("reader_cpu_ns_per_frame").asDouble()).isPositive();
        }
    }

    @Test
    void withoutTheRightsTheFrameScenariosAreSkippedWithExitCodeTwo() throws Exception {
        assumeFalse(TapScenario.framesUnavailable() == null, "TAP devices can be opened here");
        Path json = tmp.resolve("skipped.json");
        assertThat(Main.execute("bench", "tap", "--scenario", "frames-64", "--json", json.toString())).isEqualTo(2);
        assertThat(new ObjectMapper().readTree(json.toFile()).get("runs")).isEmpty();
    }

    @Test
    void badOptionsExitWithTwo() {
        assertThat(Main.execute("bench", "tap", "--seconds", "0")).isEqualTo(2);
        assertThat(Main.execute("bench", "tap", "--frames", "1")).isEqualTo(2);
        assertThat(Main.execute("bench", "tap", "--scenario", "frames-9000")).isEqualTo(2);
    }
}
