package elvis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HttpCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aTinyRunWritesItsFiguresAsJsonAndTwoRunsSimulateTheSame() throws Exception {
        Path json = tmp.resolve("http.json");
        assertThat(Main.execute("bench", "http", "--scenario", "rusty", "--connections", "20", "--duration", "0.2", "--bandwidth", "1000000000",
                "--repeat", "2", "--json", json.toString())).isZero();
        JsonNode runs = new ObjectMapper().readTree(json.toFile()).get("runs");
        assertThat(runs).hasSize(2);
        JsonNode run = runs.get(0);
        assertThat(run.get("scenario").asText()).isEqualTo("http");
        assertThat(run.get("connections").asInt()).isEqualTo(20);
        assertThat(run.get("errors").asLong()).isZero();
        // 1 Gbit/s for 0.2 s carries at most 25 MB: about 180 pages of 136 KB, and at least 80% of that.
        assertThat(run.get("bytes").asLong()).isBetween(20_000_000L, 25_000_000L);
        assertThat(run.get("simulated_goodput_bps").asDouble()).isBetween(0.8e9, 1e9);
        assertThat(run.get("responses").asLong() * 136_000).isLessThanOrEqualTo(run.get("bytes").asLong());
        assertThat(run.get("goodput_per_wall_second_bps").asDouble()).isPositive();
        assertThat(run.get("peak_heap_bytes").asLong()).isPositive();
        for (String same : new String[] {"responses", "bytes", "events", "latency_p99_ms"}) assertThat(runs.get(1).get(same)).isEqualTo(run.get(same));
    }

    @Test
    void aFewUsersBrowseAndTheirHeapIsReported() throws Exception {
        Path json = tmp.resolve("users.json");
        assertThat(Main.execute("bench", "http", "--scenario", "users", "--users", "20", "--servers", "2", "--user-duration", "120",
                "--json", json.toString())).isZero();
        JsonNode run = new ObjectMapper().readTree(json.toFile()).get("runs").get(0);
        assertThat(run.get("scenario").asText()).isEqualTo("web-users");
        assertThat(run.get("users").asInt()).isEqualTo(20);
        // Each user reads a page for about a minute (the default dwell's mean is 55 s): a few pages each in 2 minutes.
        assertThat(run.get("pages").asLong()).isBetween(20L, 400L);
        assertThat(run.get("bytes").asLong()).isGreaterThan(run.get("pages").asLong() * 1_000);
        assertThat(run.get("errors").asLong()).isZero();
        assertThat(run.get("page_load_p50_ms").asDouble()).isGreaterThan(10);      // ≥ a round trip of 10 ms
        assertThat(run.get("heap_bytes_per_user").asDouble()).isPositive();
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(Main.execute("bench", "http", "--scenario", "nope")).isEqualTo(2);
        assertThat(Main.execute("bench", "http", "--users", "5", "--servers", "6")).isEqualTo(2);
        assertThat(Main.execute("bench", "http", "--connections", "0")).isEqualTo(2);
        assertThat(Main.execute("bench", "http", "--duration", "0")).isEqualTo(2);
        assertThat(Main.execute("bench", "http", "--page-size", "-1")).isEqualTo(2);
    }
}
