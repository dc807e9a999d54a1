package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static elvis.cli.CommandLineTest.EXAMPLES;
import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CPU model in a run's results, and the promise that it is off by default: examples run without
 * it report, bit for bit, what they reported before the model existed (the JSON recorded then, at
 * commit e8cc402, under src/test/resources/cpu-off); declaring processors that nothing charges
 * changes nothing but adding the "cpu" object.
 */
class CpuResultsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/cpu-off");

    @TempDir
    Path tmp;

    private JsonNode run(Path ndl) throws Exception {
        Path json = tmp.resolve(ndl.getFileName() + ".json");
        CommandLineTest.Outcome o = elvis("run", ndl.toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        ObjectNode r = (ObjectNode) new ObjectMapper().readTree(json.toFile());
        r.remove("wall_seconds");          // the one field that is not a function of the description and the seed
        r.remove("file");
        return r;
    }

    @Test
    void theExampleSharesOneCoreOneToTen() throws Exception {
        JsonNode r = run(EXAMPLES.resolve("cpu-priority.ndl"));
        assertThat(r.get("goals_met").asBoolean()).isTrue();
        JsonNode apps = r.get("applications");
        assertThat(apps.get(0).get("results").get("finished_ns").asLong()).isEqualTo(200_000_000L);
        assertThat(apps.get(1).get("results").get("finished_ns").asLong()).isEqualTo(110_000_000L);
        assertThat(apps.get(2).get("results").get("finished_ns").asLong()).isEqualTo(1_500_000L);   // 3 × 1 ms on 2 cores
        JsonNode server = r.get("cpu").get("machines").get(0);
        assertThat(server.get("machine").asText()).isEqualTo("server");
        assertThat(server.get("cores").asInt()).isEqualTo(1);
        assertThat(server.get("utilisation").asDouble()).isEqualTo(1.0);
        assertThat(server.get("busy_core_ns").asLong()).isEqualTo(200_000_000L);
        // two jobs for 110 ms, one for 90 ms: a mean of 310/200 jobs
        assertThat(server.get("queue_mean").asDouble()).isEqualTo(1.55);
        assertThat(server.get("owners").get(1).get("priority").asInt()).isEqualTo(10);
        assertThat(server.get("owners").get(1).get("cpu_ns").asLong()).isEqualTo(100_000_000L);
        JsonNode worker = r.get("cpu").get("machines").get(1);
        assertThat(worker.get("costs").asText()).isEqualTo("per_request=50us, deflate_l1=200MB/s, deflate_l9=50MB/s");
        assertThat(worker.get("busy_core_ns").asLong()).isEqualTo(3_000_000L);
        assertThat(worker.get("queue_max").asInt()).isEqualTo(3);
        assertThat(run(EXAMPLES.resolve("cpu-priority.ndl"))).as("deterministic").isEqualTo(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp-transfer", "sockets", "dummynet-asymmetric", "http-server", "web-original-three-clients"})
    void withTheModelOffResultsAreWhatTheyWereBefore(String example) throws Exception {
        JsonNode now = run(EXAMPLES.resolve(example + ".ndl"));
        assertThat(now.has("cpu")).isFalse();
        Path golden = GOLDEN.resolve(example + ".json");
        if (Boolean.getBoolean("cpu.golden.write")) Files.writeString(golden, now.toPrettyString());
        assertThat(now).isEqualTo(new ObjectMapper().readTree(golden.toFile()));
    }

    /** Cores and costs declared on every machine, charged by nothing: the same run, plus the "cpu" object. */
    @ParameterizedTest
    @ValueSource(strings = {"tcp-transfer", "sockets"})
    void processorsNothingChargesChangeNothing(String example) throws Exception {
        JsonNode off = run(EXAMPLES.resolve(example + ".ndl"));
        Path declared = tmp.resolve(example + "-cpu.ndl");
        String text = Files.readString(EXAMPLES.resolve(example + ".ndl"))
                .replaceAll("(\\[Machine name='[^']*')", "$1 cores='2' cpu_costs='per_packet=3us, per_byte=0.5ns'");
        assertThat(text).contains("cores='2'");
        Files.writeString(declared, text);
        ObjectNode on = (ObjectNode) run(declared);
        assertThat(on.get("cpu").get("machines").get(0).get("busy_core_ns").asLong()).isZero();
        on.remove("cpu");
        assertThat(on).isEqualTo(off);
    }
}
