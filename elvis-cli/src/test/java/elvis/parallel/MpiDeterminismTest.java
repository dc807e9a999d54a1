package elvis.parallel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.CommandLineTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The determinism suite's MPI column: {@code mpirun -np 2 elvis run --mpi} writes the sequential
 * run's JSON results (apart from wall-clock time and the block that describes the parallel run), the
 * same captures and drop logs byte for byte and, where traced, the same trace, for each scenario and
 * seed, and for a file that runs sequentially. Skipped where Open MPI is not installed (CI installs openmpi-bin).
 *
 * <p>The DHCP and DNS scenario and blocks.ndl (CPU, web and ipfw blocks on both sides of the cut) check
 * that each rank's part of those blocks merges into the sequential block, and the generated Internet
 * that the routing block, path stretch included, is measured over both ranks' machines as over one.
 * Where a scenario has something to draw (web users, routing changes), {@code --plots} draws the same
 * charts, byte for byte.
 */
class MpiDeterminismTest {
    private static final long LIMIT_SECONDS = 300;

    @TempDir
    Path dir;

    @BeforeAll
    static void openMpiIsInstalled() {
        assumeTrue(mpirun() != null, "mpirun is not on the PATH: install Open MPI (apt-get install openmpi-bin)");
        String why = elvis.mpi.MpiExchange.unavailable();
        assumeTrue(why == null || why.contains("not started by Open MPI's mpirun"), why);
    }

    private static Path mpirun() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, "mpirun");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /**
     * A scenario: its file, whether it is traced too (every source), when it stops (null: the file's end),
     * whether the ranks talk over Open MPI's TCP transport (on loopback), the one separate hosts use,
     * instead of shared memory, and whether it is drawn ({@code --plots}).
     */
    record Scenario(String name, Path file, boolean traced, String until, boolean overTcp, boolean plotted) {
        Scenario(String name, Path file, boolean traced, String until) { this(name, file, traced, until, false, false); }

        @Override public String toString() { return name; }
    }

    static Stream<Arguments> runs() {
        List<Scenario> scenarios = List.of(
                new Scenario("internet of 50 ASes", DeterminismTest.SCENARIOS.resolve("internet50.ndl"), false, null, false, true),
                new Scenario("TCP dumbbell", Path.of("..", "examples", "parallel-dumbbell.ndl"), false, "3s"),   // mid-transfer: queues full
                new Scenario("lossy multi-router path", DeterminismTest.SCENARIOS.resolve("lossy-path.ndl"), true, null),
                new Scenario("DHCP and DNS", DeterminismTest.SCENARIOS.resolve("dhcp-dns.ndl"), true, null),
                new Scenario("CPU, web and ipfw on both sides", Path.of("src/test/resources/parallel/blocks.ndl"), false, null, false, true));
        List<Arguments> runs = new ArrayList<>();
        for (Scenario s : scenarios) for (long seed : new long[] {1, 0x5eed}) runs.add(Arguments.of(s, seed));
        // As between hosts: every message over TCP sockets (docs/parallel.md, "Across hosts").
        runs.add(Arguments.of(new Scenario("lossy multi-router path, over TCP", DeterminismTest.SCENARIOS.resolve("lossy-path.ndl"), true, null, true, false), 7L));
        // A file that stays sequential (one switched network): rank 0 runs it all, rank 1 only synchronises.
        runs.add(Arguments.of(new Scenario("hello", Path.of("..", "examples", "hello.ndl"), true, null), 1L));
        return runs.stream();
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("runs")
    void twoRanksWriteTheSequentialRunsResultsCapturesAndTraces(Scenario s, long seed) throws Exception {
        Path sequential = Files.createDirectories(dir.resolve("seq")), distributed = Files.createDirectories(dir.resolve("mpi"));
        CommandLineTest.Outcome o = CommandLineTest.elvis(args(s, seed, sequential).toArray(String[]::new));
        assertThat(o.exit()).as(o.err()).isIn(0, 1);

        // quiet: no banner for a run whose goals are not met (exit 1)
        List<String> options = new ArrayList<>(List.of("--quiet"));
        if (s.overTcp) options.addAll(List.of("--mca", "btl", "tcp,self", "--mca", "btl_tcp_if_include", "lo"));
        List<String> elvis = new ArrayList<>(args(s, seed, distributed));
        elvis.add("--mpi");
        List<String> cmd = mpirunElvis(options, elvis);
        Path log = dir.resolve("mpirun.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new AssertionError("mpirun still ran after " + LIMIT_SECONDS + " s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isEqualTo(o.exit());
        assertThat(output).as("nothing but errors, and no block left out").isEmpty();
        assertThat(DeterminismTest.result(distributed)).isEqualTo(DeterminismTest.result(sequential));
        List<String> files = DeterminismTest.files(sequential.resolve("pcap"));
        assertThat(files).as("captures of every network, each with its drop log").hasSizeGreaterThanOrEqualTo(2);
        assertThat(DeterminismTest.files(distributed.resolve("pcap"))).as("capture files").isEqualTo(files);
        for (String f : files) assertThat(distributed.resolve(f)).as(f).hasSameBinaryContentAs(sequential.resolve(f));
        if (s.traced) assertThat(distributed.resolve("trace.csv")).as("trace").hasSameBinaryContentAs(sequential.resolve("trace.csv"));
        if (s.plotted) {
            List<String> charts = DeterminismTest.files(sequential.resolve("plots"));
            assertThat(charts).as("charts").isNotEmpty().isEqualTo(DeterminismTest.files(distributed.resolve("plots")));
            for (String f : charts) assertThat(distributed.resolve(f)).as(f).hasSameBinaryContentAs(sequential.resolve(f));
        }
    }

    /**
     * Ctrl-C (mpirun takes SIGINT and SIGTERM alike): mpirun signals every rank, each stops at the end
     * of one agreed window, and rank 0 writes the results so far before mpirun's SIGKILL, which comes
     * {@code odls_base_sigkill_timeout} seconds later (docs/parallel.md, When something fails).
     */
    @Test
    void anInterruptedMpiRunStillWritesItsResults() throws Exception {
        Path ndl = dir.resolve("long.ndl"), json = dir.resolve("out.json"), log = dir.resolve("mpirun.out");
        Files.writeString(ndl, elvis.cli.InterruptTest.LONG_RUN);
        List<String> cmd = mpirunElvis(List.of("--mca", "odls_base_sigkill_timeout", "5"),
                List.of("run", "--mpi", ndl.toString(), "--quiet", "--json", json.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && cpuMillis(p) < 8000 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(p.isAlive()).as("still simulating: %s", Files.readString(log)).isTrue();
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits after the signal").isTrue();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isNotZero();
        assertThat(json).as(Files.readString(log)).exists();
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.get("interrupted").asBoolean()).isTrue();
        assertThat(result.get("simulated_ns").asLong()).isPositive();
        assertThat(result.get("events").asLong()).isPositive();
        assertThat(result.get("parallel").get("partitions").asInt()).isEqualTo(2);
    }

    /** A trace pattern that matches no source of any rank's partition: every rank returns, rank 0 says why once. */
    @Test
    void aTracePatternNoRankMatchesIsRefusedOnce() throws Exception {
        List<String> cmd = mpirunElvis(List.of("--quiet"), List.of("run", "--mpi", Path.of("..", "examples", "parallel-dumbbell.ndl").toString(),
                "--quiet", "--trace", "nosuch/*", "--trace-out", dir.resolve("t.csv").toString()));
        Path log = dir.resolve("mpirun.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isEqualTo(2);
        assertThat(output).startsWith("elvis run: --trace 'nosuch/*' matches no trace source of ").doesNotContain("Exception");
        assertThat(output.split("matches no trace source", -1)).as(output).hasSize(2);
    }

    /** CPU time of mpirun's ranks so far: they are simulating once it grows past their start. */
    private static long cpuMillis(Process p) {
        return p.descendants().mapToLong(h -> h.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L)).sum();
    }

    /** elvis run's arguments for {@code s} into {@code out}: JSON, captures of every network, the trace where traced. */
    private static List<String> args(Scenario s, long seed, Path out) {
        List<String> args = new ArrayList<>(List.of("run", s.file.toString(), "--seed", Long.toString(seed), "--quiet",
                "--json", out.resolve("result.json").toString(), "--pcap", out.resolve("pcap").toString()));
        if (s.until != null) args.addAll(List.of("--until", s.until));
        if (s.traced) args.addAll(List.of("--trace", "*", "--trace-out", out.resolve("trace.csv").toString()));
        if (s.plotted) args.addAll(List.of("--plots", out.resolve("plots").toString()));
        return args;
    }

    /** mpirun's command for two ranks with {@code options}, each rank running this build's command line with {@code elvisArgs}. */
    private static List<String> mpirunElvis(List<String> options, List<String> elvisArgs) {
        List<String> cmd = new ArrayList<>(List.of(mpirun().toString(), "-np", "2", "--oversubscribe"));
        if ("root".equals(System.getProperty("user.name"))) cmd.add("--allow-run-as-root");
        cmd.addAll(options);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "elvis.cli.Main"));
        cmd.addAll(elvisArgs);
        return cmd;
    }
}
