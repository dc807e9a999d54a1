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
    void theSameOptionsGiveTheSameFile() {
        Outcome a = elvis("generate", "dumbbell", "--flows", "4", "--seed", "7", "--routing", "static");
        Outcome b = elvis("generate", "dumbbell", "--flows", "4", "--seed", "7", "--routing", "static");
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.out()).isEqualTo(b.out()).contains("[Simulation seed='7']");
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
