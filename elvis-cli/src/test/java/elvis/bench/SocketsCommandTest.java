package elvis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SocketsCommandTest {
    @TempDir
    Path tmp;

    @Test
    void everyScenarioRunsWithBothApisAndTheOverheadIsTheirRatio() throws Exception {
        Path json = tmp.resolve("sockets.json");
        assertThat(Main.execute("bench", "sockets", "--repetitions", "20", "--rounds", "2", "--warmup-seconds", "0",
                "--processes", "2000", "--json", json.toString())).isZero();
        JsonNode out = new ObjectMapper().readTree(json.toFile());
        Map<String, Double> wall = new HashMap<>();
        for (JsonNode run : out.get("runs")) {
            assertThat(run.get("wall_seconds").asDouble()).isPositive();
            wall.put(run.get("scenario").asText() + "/" + run.get("api").asText(), run.get("wall_seconds").asDouble());
        }
        assertThat(wall).hasSize(6);
        for (String scenario : new String[] {"basic", "ping_pong", "server_client"}) {
            double expected = 100 * (wall.get(scenario + "/blocking") / wall.get(scenario + "/event") - 1);
            assertThat(out.get("overhead_percent").get(scenario).asDouble()).isCloseTo(expected, within(0.06));
        }
        // A parked process holds at least its Process, continuation and timer objects, and far less than a thread.
        assertThat(out.get("parked_process_bytes").asLong()).isBetween(100L, 10_000L);
    }
}
