package elvis.cli.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.CommandLineTest.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code elvis generate}: every topology's file passes {@code check}, runs, and is the same for the same options. */
class GenerateTest {
    @TempDir
    Path tmp;

    /** Generates into a file, checks it and runs it; returns the run's JSON results. */
    JsonNode generateAndRun(String name, String... args) throws Exception {
        Path file = tmp.resolve(name + ".ndl"), json = tmp.resolve(name + ".json");
        String[] full = new String[args.length + 4];
        full[0] = "generate"; full[1] = name; full[2] = "-o"; full[3] = file.toString();
        System.arraycopy(args, 0, full, 4, args.length);
        Outcome g = elvis(full);
        assertThat(g.exit()).as(g.err()).isZero();
        Outcome c = elvis("check", file.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        Outcome r = elvis("run", file.toString(), "--quiet", "--json", json.toString());
        assertThat(r.exit()).as(r.err() + r.out()).isZero();
        return new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void dumbbellWithStaticRoutesChecksAndEveryFlowCompletes() throws Exception {
        JsonNode results = generateAndRun("dumbbell", "--flows", "3", "--routing", "static", "--bytes", "100KB");
        assertThat(results.toString()).contains("receiver-3");
    }

    @Test
    void dumbbellWithGlobalRoutingRunsAsWithStaticRoutes() throws Exception {
        JsonNode global = generateAndRun("dumbbell", "--flows", "3", "--bytes", "100KB");
        assertThat(global.get("goals_met").asBoolean()).isTrue();
        JsonNode fixed = generateAndRun("dumbbell", "--flows", "3", "--bytes", "100KB", "--routing", "static");
        assertThat(global.get("networks")).isEqualTo(fixed.get("networks"));
    }

    @Test
    void aGeneratedTenFlowDumbbellRunsExactlyAsOneWrittenOutByHand() throws Exception {
        JsonNode generated = generateAndRun("dumbbell", "--flows", "10", "--routing", "static");
        Path byHand = Path.of("src/test/resources/generate/dumbbell-10-by-hand.ndl"), json = tmp.resolve("by-hand.json");
        Outcome r = elvis("run", byHand.toString(), "--quiet", "--json", json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode hand = new ObjectMapper().readTree(json.toFile());
        // The same packets on the same 21 links at the same times; only the grouping of machines in the report differs.
        for (String field : new String[] {"simulated_ns", "applications_finished_ns", "last_event_ns", "events", "machines", "networks",
                "machine_drops", "icmp", "failure_count", "goals_met"}) {
            assertThat(generated.get(field)).as(field).isEqualTo(hand.get(field));
        }
        assertThat(generated.get("networks")).hasSize(21);
        assertThat(generated.get("goals_met").asBoolean()).isTrue();
        assertThat(generated.get("applications").get(0).get("goals_met").asInt()).isEqualTo(10);
    }

    @Test
    void theSameOptionsGiveTheSameFile() {
        Outcome a = elvis("generate", "dumbbell", "--flows", "4", "--seed", "7");
        Outcome b = elvis("generate", "dumbbell", "--flows", "4", "--seed", "7");
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.out()).isEqualTo(b.out()).contains("[Simulation seed='7' routing='global']").doesNotContain("[Routes]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "parking-lot|--hops 3 --flows 2 --bytes 100KB|19|20",
            "star|--hosts 6 --bytes 100KB|7|8",
            "fat-tree|--k 4 --bytes 100KB|48|36",
            "tree|--depth 3 --fan-out 2 --hosts 2 --bytes 100KB|14|15"})
    void everyTopologyChecksRunsWithGlobalRoutingAndMeetsEveryGoal(String name, String args, int networks, int machines) throws Exception {
        JsonNode results = generateAndRun(name, args.split(" "));
        assertThat(results.get("networks")).hasSize(networks);
        assertThat(results.get("machines").asInt()).isEqualTo(machines);
        assertThat(results.get("goals_met").asBoolean()).as(results.get("applications").toString()).isTrue();
        assertThat(results.get("failure_count").asInt()).isZero();
    }

    @Test
    void randomTrafficFollowsTheSeedAndOnlyTheSeed() {
        for (String t : new String[] {"fat-tree", "tree"}) {
            String a = elvis("generate", t, "--seed", "3").out(), again = elvis("generate", t, "--seed", "3").out();
            String other = elvis("generate", t, "--seed", "4").out();
            assertThat(a).as(t).isEqualTo(again).contains("[Simulation seed='3' routing='global']");
            assertThat(a.lines().filter(l -> l.contains("tcp_bulk_send")).toList()).as(t)
                    .isNotEqualTo(other.lines().filter(l -> l.contains("tcp_bulk_send")).toList());
        }
    }

    @Test
    void aGeneratedFileRunsTheSameTwice() throws Exception {
        JsonNode first = generateAndRun("tree", "--seed", "5", "--bytes", "64KB");
        JsonNode second = generateAndRun("tree", "--seed", "5", "--bytes", "64KB");
        ((com.fasterxml.jackson.databind.node.ObjectNode) first).remove("wall_seconds");
        ((com.fasterxml.jackson.databind.node.ObjectNode) second).remove("wall_seconds");
        assertThat(first).isEqualTo(second);
    }

    @Test
    void fatTreeHostsNeverSendBelowTheirOwnEdgeSwitch() {
        String text = elvis("generate", "fat-tree", "--k", "6", "--seed", "11").out();
        List<String> lines = text.lines().toList();
        int senders = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).contains("tcp_bulk_send")) continue;
            senders++;
            String group = lines.get(i - 4).replaceAll(".*name='([^']*)'.*", "$1");
            assertThat(lines.get(i)).doesNotContain("to='" + group + "'");
        }
        assertThat(senders).isEqualTo(18);                                    // k²/2 edge switches
        assertThat(text).contains("[Machine name='core-8' router='true']").doesNotContain("core-9");
    }

    @Test
    void aBadOptionIsExplainedWithExit2() {
        assertThat(elvis("generate", "fat-tree", "--k", "5").err()).contains("--k must be even, not 5");
        assertThat(elvis("generate", "tree", "--fan-out", "16", "--depth", "5").err()).contains("65536 leaf routers; at most 4,096");
        Outcome o = elvis("generate", "dumbbell", "--bottleneck-bandwidth", "10MB");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("elvis generate dumbbell:", "--bottleneck-bandwidth");
        assertThat(elvis("generate", "dumbbell", "--flows", "0").exit()).isEqualTo(2);
        assertThat(elvis("generate", "dumbbell", "--routing", "rip").exit()).isEqualTo(2);
    }
}
