package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** examples/modnet-swap.ndl as a user runs it, and the same file without the module. */
class SwapExampleTest {
    @TempDir
    Path tmp;

    JsonNode run(Path ndl, String name) throws Exception {
        Path json = tmp.resolve(name + ".json");
        CommandLineTest.Outcome o = elvis("run", ndl.toString(), "--json", json.toString());
        assertThat(o.err()).doesNotContain("Exception");
        return new ObjectMapper().readTree(json.toFile());
    }

    static long uplinkBytes(JsonNode r) {
        for (JsonNode n : r.get("networks")) if (n.get("id").asText().equals("uplink")) return n.get("bytes_delivered").asLong();
        throw new AssertionError("no uplink");
    }

    @Test
    void theModuleFreesTheWorkersAndTheFastClientsFillTheUplink() throws Exception {
        Path example = CommandLineTest.EXAMPLES.resolve("modnet-swap.ndl");
        JsonNode with = run(example, "with"), again = run(example, "again");
        assertThat(with.get("goals_met").asBoolean()).isTrue();
        ((ObjectNode) with).remove("wall_seconds");
        ((ObjectNode) again).remove("wall_seconds");
        assertThat(again).isEqualTo(with);

        Path nativeFile = tmp.resolve("native.ndl");
        Files.writeString(nativeFile, Files.readString(example).replace(" modules='sw'", ""));
        JsonNode without = run(nativeFile, "without");

        JsonNode sw = with.get("modules").get(0);
        assertThat(sw.get("name").asText()).isEqualTo("sw");
        assertThat(sw.get("bytes_swapped_out").asLong()).isPositive();
        assertThat(sw.get("bytes_swapped_in").asLong()).isPositive().isLessThanOrEqualTo(sw.get("bytes_swapped_out").asLong());
        assertThat(sw.get("disk_writes").asLong()).isPositive();
        assertThat(sw.get("socket_yanks").asLong()).isPositive();
        // 4 workers at 175 kbit/s against a 50 Mbit/s uplink filled: far more than the paper's 9x.
        assertThat(uplinkBytes(with)).isGreaterThan(9 * uplinkBytes(without));
        JsonNode server = with.get("applications").get(0).get("results"), nativeServer = without.get("applications").get(0).get("results");
        assertThat(server.get("busy_workers_mean").asDouble()).isLessThan(0.1);
        assertThat(nativeServer.get("busy_workers_mean").asDouble()).isGreaterThan(3.5);
    }
}
