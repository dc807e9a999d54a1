package elvis.cli.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code elvis generate}: every topology's file passes {@code check}, runs, and is the same for the same options. */
class GenerateTest {
    @TempDir
    Path tmp;

    record Outcome(int exit, String out, String err) { }

    static Outcome elvis(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            int exit = Main.execute(args);
            return new Outcome(exit, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

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

    @Test
    void aBadOptionIsExplainedWithExit2() {
        Outcome o = elvis("generate", "dumbbell", "--bottleneck-bandwidth", "10MB");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("elvis generate dumbbell:", "--bottleneck-bandwidth");
        assertThat(elvis("generate", "dumbbell", "--flows", "0").exit()).isEqualTo(2);
        assertThat(elvis("generate", "dumbbell", "--routing", "rip").exit()).isEqualTo(2);
    }
}
