package elvis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ModNetCommandTest {
    @TempDir
    Path tmp;

    /** A tiny run of both scenarios: every chain length completes (else the command fails), with about the same simulated events (modules add no kernel event; a close may land one event apart). */
    @Test
    void bothScenariosRunThroughEveryChainLength() throws Exception {
        Path json = tmp.resolve("modnet.json");
        assertThat(Main.execute("bench", "modnet", "--bytes", "2000000", "--clients", "20", "--requests", "2",
                "--repetitions", "1", "--warmups", "0", "--json", json.toString())).isZero();
        JsonNode runs = new ObjectMapper().readTree(json.toFile()).get("runs");
        assertThat(runs).hasSize(8);
        for (JsonNode r : runs) {
            JsonNode base = runs.get(r.get("scenario").asText().equals("bulk") ? 0 : 4);
            assertThat(r.get("events").asLong()).isBetween(base.get("events").asLong() - 5, base.get("events").asLong() + 5);
            assertThat(r.get("wall_seconds").asDouble()).isPositive();
        }
        assertThat(runs.get(7).get("modules").asInt()).isEqualTo(10);
        assertThat(Main.execute("bench", "modnet", "--clients", "0")).isEqualTo(2);
    }
}
