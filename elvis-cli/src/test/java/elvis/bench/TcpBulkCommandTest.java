package elvis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TcpBulkCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theScenarioDeliversEveryByteAtNearlyLineRate() {
        TcpBulkScenario.Result r = TcpBulkScenario.run(20_000_000, 1);
        assertThat(r.bytesDelivered()).isEqualTo(20_000_000);
        double gbps = r.bytesDelivered() * 8.0 / r.simulatedNs();
        assertThat(gbps).isBetween(8.0, 10.0);
        assertThat(r.segments()).isGreaterThan(20_000_000 / 1448);
    }

    @Test
    void theCommandWritesItsRunAsJson() throws Exception {
        Path json = tmp.resolve("tcp.json");
        assertThat(Main.execute("bench", "tcp-bulk", "--bytes", "5000000", "--json", json.toString())).isZero();
        JsonNode run = new ObjectMapper().readTree(json.toFile()).get("runs").get(0);
        assertThat(run.get("scenario").asText()).isEqualTo("tcp-bulk");
        assertThat(run.get("bytes_delivered").asLong()).isEqualTo(5_000_000);
        assertThat(run.get("sim_seconds").asDouble()).isBetween(0.004, 0.006);   // 40 Mbit at ~9.5 Gbit/s
        assertThat(run.get("events").asLong()).isGreaterThan(5_000_000 / 1448);
        assertThat(run.get("peak_heap_bytes").asLong()).isPositive();
        assertThat(run.get("wall_seconds").asDouble()).isPositive();
        assertThat(Main.execute("bench", "tcp-bulk", "--bytes", "0")).isEqualTo(2);
        assertThat(Main.execute("bench", "tcp-bulk", "--repeat", "0")).isEqualTo(2);
    }

    @Test
    void repeatedTransfersAreEachARun() throws Exception {
        Path json = tmp.resolve("tcp3.json");
        assertThat(Main.execute("bench", "tcp-bulk", "--bytes", "1000000", "--repeat", "3", "--json", json.toString())).isZero();
        JsonNode runs = new ObjectMapper().readTree(json.toFile()).get("runs");
        assertThat(runs).hasSize(3);
        // Deterministic: every run simulates the same thing; only the wall time may differ.
        for (JsonNode run : runs) {
            assertThat(run.get("bytes_delivered").asLong()).isEqualTo(1_000_000);
            assertThat(run.get("events")).isEqualTo(runs.get(0).get("events"));
            assertThat(run.get("sim_seconds")).isEqualTo(runs.get(0).get("sim_seconds"));
        }
    }
}
