package elvis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The scale harness in quick mode, as CI runs it: each size in its own JVM, JSON and plots written. */
class ScaleCommandTest {
    @TempDir
    Path tmp;

    @Test
    void quickLowAndHighRunsDeliverEveryMessageAndRecordTheirCosts() throws Exception {
        for (String mode : new String[] {"low", "high"}) {
            Path json = tmp.resolve(mode + ".json");
            int exit = Main.execute("bench", "scale", "--mode", mode, "--machines", "100,2000", "--messages", "20",
                    "--json", json.toString(), "--plots", tmp.resolve("plots").toString());
            assertThat(exit).isZero();
            JsonNode runs = new ObjectMapper().readTree(json.toFile()).get("runs");
            assertThat(runs).hasSize(2);
            for (JsonNode r : runs) {
                long machines = r.get("machines").asLong();
                assertThat(r.get("scenario").asText()).isEqualTo("scale-" + mode);
                assertThat(r.get("messages_delivered").asLong()).isEqualTo(mode.equals("low") ? machines : machines * 20);
                assertThat(r.get("peak_rss_bytes").asLong()).isPositive();
                assertThat(r.get("heap_bytes_after_build").asLong()).isPositive();
                assertThat(r.get("events").asLong()).isGreaterThanOrEqualTo(2 * r.get("messages_delivered").asLong());
                assertThat(r.get("wall_seconds").asDouble()).isPositive();
                assertThat(r.get("cpu_seconds").asDouble()).isPositive();
            }
            assertThat(tmp.resolve("plots/scale-" + mode + "-time.png")).exists();
            assertThat(tmp.resolve("plots/scale-" + mode + "-memory-per-machine.png")).exists();
        }
    }

    @Test
    void aRunThatCannotFitIsRefusedBeforeItStarts() throws Exception {
        Path json = tmp.resolve("refused.json");
        // A million machines need far more than 400 MB: refused without starting a JVM; the small run goes ahead.
        int exit = Main.execute("bench", "scale", "--mode", "low", "--machines", "1000000,100", "--max-heap", "400MB",
                "--json", json.toString());
        assertThat(exit).isEqualTo(1);
        JsonNode runs = new ObjectMapper().readTree(json.toFile()).get("runs");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("machines").asLong()).isEqualTo(100);
        assertThat(Main.execute("bench", "scale", "--mode", "sideways")).isEqualTo(2);
        assertThat(Main.execute("bench", "scale", "--mode", "low", "--machines", "0")).isEqualTo(2);
        assertThat(Main.execute("bench", "scale", "--mode", "low", "--max-heap", "lots")).isEqualTo(2);
    }
}
