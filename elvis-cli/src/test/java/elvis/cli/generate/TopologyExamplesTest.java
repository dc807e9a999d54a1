package elvis.cli.generate;

import elvis.cli.CommandLineTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** examples/events.ndl, dumbbell.ndl and fat-tree.ndl: they run, and the generated ones are what elvis generate writes today. */
class TopologyExamplesTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path tmp;

    JsonNode run(String example) throws Exception {
        Path json = tmp.resolve(example + ".json");
        CommandLineTest.Outcome o = elvis("run", EXAMPLES.resolve(example).toString(), "--quiet", "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        return new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void aRouterCrashAndALinkCutAtTheirTimesReroutePingsWithoutLosingOne() throws Exception {
        JsonNode r = run("events.ndl");
        Map<String, Long> delivered = new LinkedHashMap<>();
        for (JsonNode n : r.get("networks")) delivered.put(n.get("id").asText(), n.get("delivered").asLong());
        // 4 clients x 7 pings, request and reply: those sent at 3 s and 4 s (r2 down from 2.5 s to 4.5 s) go the long way.
        assertThat(delivered).containsEntry("access-1", 14L).containsEntry("access-4", 14L).containsEntry("lan", 56L)
                .containsEntry("r1-r2", 40L).containsEntry("r2-r4", 40L).containsEntry("r1-r3", 16L).containsEntry("r5-r4", 16L);
        assertThat(r.get("applications").get(0).get("goals_met").asInt()).isEqualTo(4);
        JsonNode changes = r.get("routing").get("changes_over_time");
        assertThat(changes).extracting(c -> c.get("time_ns").asLong()).containsExactly(0L, 2_500_000_000L, 4_500_000_000L, 5_500_000_000L);
        assertThat(r.get("routing").get("global").get("computations").asInt()).isEqualTo(4);
    }

    @Test
    void theGeneratedExamplesAreWhatGenerateWritesAndMeetEveryGoal() throws Exception {
        assertThat(elvis("generate", "dumbbell", "--flows", "10").out()).isEqualTo(Files.readString(EXAMPLES.resolve("dumbbell.ndl")));
        assertThat(elvis("generate", "fat-tree", "--k", "4", "--bytes", "256KB").out()).isEqualTo(Files.readString(EXAMPLES.resolve("fat-tree.ndl")));
        for (String example : new String[] {"dumbbell.ndl", "fat-tree.ndl"}) {
            JsonNode r = run(example);
            assertThat(r.get("goals_met").asBoolean()).as(example).isTrue();
        }
    }
}
