package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** examples/modnet-gzip.ndl and examples/modnet-dedup.ndl run as a user runs them. */
class ModnetGzipDedupExampleTest {
    @TempDir
    Path tmp;

    private JsonNode run(String example) throws Exception {
        Path json = tmp.resolve(example + ".json");
        CommandLineTest.Outcome o = elvis("run", CommandLineTest.EXAMPLES.resolve(example).toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        return new ObjectMapper().readTree(json.toFile());
    }

    private static JsonNode module(JsonNode report, String name) {
        for (JsonNode m : report.get("modules")) if (m.get("name").asText().equals(name)) return m;
        throw new AssertionError("no module " + name);
    }

    private static JsonNode results(JsonNode report, String application) {
        for (JsonNode a : report.get("applications")) if (a.get("application").asText().equals(application)) return a.get("results");
        throw new AssertionError("no " + application);
    }

    @Test
    void gzipCompressesTheReportMostlyAtLevelOneWhenTheCpuIsTheBottleneck() throws Exception {
        JsonNode report = run("modnet-gzip.ndl");
        JsonNode gz = module(report, "gz");
        assertThat(gz.get("type").asText()).isEqualTo("gzip");
        assertThat(gz.get("responses_compressed").asLong()).isPositive();
        // The report deflates 34-51x whole; CPU-bound, each 16 KB block is flushed out at once, which costs some.
        assertThat(gz.get("ratio").asDouble()).isBetween(25.0, 51.0);
        JsonNode levels = gz.get("body_bytes_by_level");
        long all = 0;
        for (JsonNode l : levels) all += l.asLong();
        assertThat(levels.get("1").asLong()).as(levels.toString()).isGreaterThan(all * 8 / 10);
        assertThat(gz.get("cpu_ms").asDouble()).isPositive();
        assertThat(run("modnet-gzip.ndl").get("modules")).isEqualTo(report.get("modules"));     // deterministic
    }

    @Test
    void dedupHoldsTheTemplateOnce() throws Exception {
        JsonNode report = run("modnet-dedup.ndl");
        JsonNode memory = results(report, "buffer_memory");
        assertThat(memory.get("native_peak_bytes").asLong()).isGreaterThan(10L * 346 * 1024);
        assertThat(memory.get("peak_ratio").asDouble()).isGreaterThan(5);
        JsonNode dd = module(report, "dd");
        assertThat(dd.get("type").asText()).isEqualTo("dedup");
        assertThat(dd.get("mean_chunk_bytes").asLong()).isBetween(2000L, 8000L);
    }
}
