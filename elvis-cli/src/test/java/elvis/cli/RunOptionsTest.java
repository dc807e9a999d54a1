package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static elvis.cli.CommandLineTest.EXAMPLES;
import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** The options of {@code elvis run}: checked before any work, with plain one-line errors (issue 12 §5, §7). */
class RunOptionsTest {
    static final String HELLO = EXAMPLES.resolve("hello.ndl").toString();

    @TempDir
    Path tmp;

    /** A bad output is exit 2 with a message naming it, found before the run (no summary), never an internal error. */
    void refusedBeforeTheRun(String option, Path where, String why) {
        CommandLineTest.Outcome o = elvis("run", HELLO, option, where.toString());
        assertThat(o.exit()).as(o.err()).isEqualTo(2);
        assertThat(o.err()).startsWith("elvis run: " + option + " " + where + ": ").contains(why)
                .doesNotContain("internal error", "Exception").hasLineCount(1);
        assertThat(o.out()).isEmpty();
    }

    @Test
    void jsonAndPcapPathsAreCheckedBeforeTheSimulationIsBuilt() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        refusedBeforeTheRun("--json", tmp, "is a folder");
        refusedBeforeTheRun("--json", tmp.resolve("missing/out.json"), "does not exist");
        refusedBeforeTheRun("--json", file.resolve("out.json"), "is a file, not a folder");
        refusedBeforeTheRun("--pcap", file, "is a file, not a folder");
        refusedBeforeTheRun("--pcap", file.resolve("deeper"), "is a file, not a folder");
    }

    @Test
    void outputsWithoutPermissionAreRefusedBeforeTheRun() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path locked = Files.createDirectory(tmp.resolve("locked"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
        refusedBeforeTheRun("--json", locked.resolve("out.json"), "no permission");
        refusedBeforeTheRun("--pcap", locked.resolve("pcaps"), "no permission");
    }

    @Test
    void jsonDashWritesTheJsonAloneToStandardOutput() throws Exception {
        CommandLineTest.Outcome o = elvis("run", HELLO, "--json", "-");
        assertThat(o.exit()).as(o.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(o.out());
        assertThat(r.get("goals_met").asBoolean()).isTrue();
        assertThat(o.err()).contains("capture on capturer: received 1 of 1");     // the summary moved to stderr
    }

    @Test
    void seedTakesHexadecimalAsTheFileDoesAndUntilZeroIsRefused() throws Exception {
        Path a = tmp.resolve("a.json"), b = tmp.resolve("b.json");
        String lossy = EXAMPLES.resolve("lossy-link.ndl").toString();
        assertThat(elvis("run", lossy, "--seed", "0x10", "--json", a.toString()).exit()).isZero();
        assertThat(elvis("run", lossy, "--seed", "16", "--json", b.toString()).exit()).isZero();
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readTree(a.toFile()).get("seed").asLong()).isEqualTo(16);
        assertThat(m.readTree(a.toFile()).get("networks")).isEqualTo(m.readTree(b.toFile()).get("networks"));
        CommandLineTest.Outcome bad = elvis("run", lossy, "--seed", "0xg");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--seed", "'0xg'").doesNotContain("Usage");
        CommandLineTest.Outcome zero = elvis("run", lossy, "--until", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("elvis run: --until must be greater than 0\n");
    }

    @Test
    void aRunTooLargeForTheHeapIsRefusedBeforeItIsBuilt() throws Exception {
        Path f = tmp.resolve("huge.ndl");
        long count = Runtime.getRuntime().maxMemory() / 1000;     // about 1.6 KB each: more than fits
        Files.writeString(f, Files.readString(EXAMPLES.resolve("fanin-100k.ndl")).replace("count='100000'", "count='" + count + "'"));
        long start = System.nanoTime();
        CommandLineTest.Outcome o = elvis("run", f.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("machines need about", "ELVIS_JAVA_OPTS=-Xmx");
        assertThat(System.nanoTime() - start).as("refused without building").isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void aRunInterruptedDuringItsBuildStillReportsAndWritesItsJson() throws Exception {
        Path json = tmp.resolve("r.json");
        RunCommand run = new RunCommand();
        run.interrupt();                                       // as a signal during the build does: no machine gets built
        java.io.PrintStream oldOut = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new java.io.PrintStream(out, true));
            exit = new CommandLine(run).execute(HELLO, "--json", json.toString());
        } finally {
            System.setOut(oldOut);
        }
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).startsWith("interrupted before the simulation was built");
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("interrupted").asBoolean()).isTrue();
        assertThat(r.get("goals_met").asBoolean()).isFalse();
        assertThat(r.get("machines").asLong()).isZero();
        assertThat(r.get("applications")).isEmpty();
    }

    @Test
    void noCommandsHelpPrintsPicocliWarnings() {
        List<String[]> commands = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), commands);
        assertThat(commands).hasSizeGreaterThan(5);
        for (String[] c : commands) {
            CommandLineTest.Outcome o = elvis(c);
            assertThat(o.exit()).isZero();
            assertThat(o.out()).contains("Usage:");
            assertThat(o.err()).as(String.join(" ", c)).doesNotContain("WARN");
        }
    }

    private static void collect(CommandLine cli, List<String> path, List<String[]> into) {
        List<String> help = new ArrayList<>(path);
        help.add("--help");
        into.add(help.toArray(String[]::new));
        cli.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) return;
            List<String> deeper = new ArrayList<>(path);
            deeper.add(name);
            collect(sub, deeper, into);
        });
    }

    /** Under a terminal with stderr sent to a file, the file gets no progress line ('script' gives the terminal). */
    @Test
    void theProgressLineIsDrawnOnlyWhenStderrIsATerminal() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a terminal");
        Path err = tmp.resolve("err.txt");
        String java = ProcessHandle.current().info().command().orElseThrow();
        String cmd = String.format("'%s' --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp '%s' elvis.cli.Main run %s 2>'%s'",
                java, System.getProperty("java.class.path"), EXAMPLES.resolve("fanin-100k.ndl").toAbsolutePath(), err);
        Process p = new ProcessBuilder("/usr/bin/script", "-qec", cmd, "/dev/null").redirectErrorStream(true)
                .redirectOutput(tmp.resolve("terminal.txt").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(tmp.resolve("terminal.txt"))).contains("received 100000 of 100000");
        assertThat(Files.readString(err)).doesNotContain("events/s", "\r");
    }
}
