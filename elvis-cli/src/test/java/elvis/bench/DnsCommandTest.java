package elvis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DnsCommandTest {
    @TempDir
    Path tmp;

    /** Every client resolves its name; the resolver asks example.com once per name and root and com about once. */
    @Test
    void everyClientResolvesAndTheCacheAnswersTheRepeats() throws Exception {
        Path json = tmp.resolve("dns.json");
        assertThat(Main.execute("bench", "dns", "--clients", "5000", "--names", "500", "--json", json.toString())).isZero();
        JsonNode run = new ObjectMapper().readTree(json.toFile()).get("runs").get(0);
        assertThat(run.get("scenario").asText()).isEqualTo("dns-resolver");
        assertThat(run.get("resolved").asLong()).isEqualTo(5000);
        assertThat(run.get("queries").asLong()).isEqualTo(5000);
        assertThat(run.get("servfail").asLong()).isZero();
        // clients start 10 µs apart and the first walk takes 800 µs: the first 80 clients also walk from the root
        long upstream = run.get("upstream_queries").asLong();
        assertThat(upstream).isEqualTo(500 + run.get("root_queries").asLong() + run.get("com_queries").asLong());
        assertThat(run.get("cache_hits").asLong() + run.get("coalesced").asLong()).isEqualTo(5000 - 500);
        assertThat(run.get("hit_ratio").asDouble()).isGreaterThan(0.85);
        assertThat(run.get("queries_per_second").asDouble()).isPositive();
    }
}
