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
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code elvis run --threads N}: the JSON of a partitioned run is the sequential run's but for the
 * wall-clock value and the parallel block, whatever the number of threads.
 */
class ThreadedRunTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final Path DUMBBELL = Path.of("src/test/resources/parallel/dumbbell.ndl");

    @TempDir
    Path tmp;

    /** The run's JSON with the values that are not its result (wall clock, how it was parallel) left out. */
    JsonNode run(int exit, Path file, String... extra) throws Exception {
        Path json = tmp.resolve("out-" + System.nanoTime() + ".json");
        String[] args = new String[4 + extra.length];
        args[0] = "run"; args[1] = file.toString(); args[2] = "--json"; args[3] = json.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        var o = elvis(args);
        assertThat(o.exit()).as(o.err() + o.out()).isEqualTo(exit);
        return new ObjectMapper().readTree(json.toFile());
    }

    static ObjectNode result(JsonNode r) {
        ObjectNode copy = (ObjectNode) r.deepCopy();
        copy.remove("wall_seconds");
        copy.remove("parallel");
        return copy;
    }

    @ParameterizedTest
    @ValueSource(strings = {"parallel-dumbbell", "bgp", "internet", "ospf", "rip", "bgp-hot-potato"})
    void theJsonOnOneTwoAndFourThreadsIsTheSequentialRuns(String example) throws Exception {
        Path file = EXAMPLES.resolve(example + ".ndl");
        JsonNode sequential = run(0, file);
        assertThat(sequential.has("parallel")).isFalse();
        for (int threads : new int[] {1, 2, 4}) {
            JsonNode parallel = run(0, file, "--threads", "" + threads);
            assertThat(result(parallel)).as(example + " on " + threads + " threads").isEqualTo(result(sequential));
            if (threads > 1) assertThat(parallel.get("parallel").get("partitions").asInt()).as("%s is cut", example).isGreaterThan(1);
            else assertThat(parallel.get("parallel").get("partitions").asInt()).isEqualTo(1);
        }
    }

    /** Down times of the cut link and of its far port, a crash of the far router, losses: every event a half must echo. */
    @Test
    void aCutLinkWithDownTimesAndAFarEndThatCrashesGivesTheSequentialResults() throws Exception {
        JsonNode sequential = run(0, DUMBBELL);
        JsonNode parallel = run(0, DUMBBELL, "--threads", "2");
        assertThat(result(parallel)).isEqualTo(result(sequential));
        assertThat(parallel.get("parallel").get("cut_links").asInt()).isEqualTo(1);
        assertThat(sequential.get("routing").get("convergence").toString()).contains("machine r2 down", "link bottleneck down",
                "link bottleneck port r1/eth1 down");
    }

    /** bgp.ndl has five machines: on four partitions one of them has none, and the run neither stalls nor differs. */
    @Test
    void aPartitionWithNothingToDoDoesNotStallTheOthers() throws Exception {
        JsonNode sequential = run(0, EXAMPLES.resolve("bgp.ndl"));
        JsonNode parallel = run(0, EXAMPLES.resolve("bgp.ndl"), "--threads", "4");
        assertThat(parallel.get("parallel").get("machines_per_partition").toString()).contains("0");
        assertThat(result(parallel)).isEqualTo(result(sequential));
    }

    /** Applications that fail in one partition are reported as in the sequential run: the same failures, in machine order. */
    @Test
    void anApplicationFailureInOnePartitionIsReportedAsInTheSequentialRun() throws Exception {
        Path file = tmp.resolve("failing.ndl");
        Files.writeString(file, Files.readString(DUMBBELL).replace("      [Application name='ping' to='sender' count='20' interval='500ms']",
                "      [Application name='ping' to='sender' count='20' interval='500ms']\n      [Application name='socket_client' to='sender-2' port='8080']"));
        JsonNode sequential = run(1, file);
        assertThat(sequential.get("application_failures").asLong()).isEqualTo(3);
        assertThat(sequential.get("failures").get(0).asText()).contains("socket_client on receiver-1", "ECONNREFUSED");
        for (int threads : new int[] {2, 4}) {
            JsonNode parallel = run(1, file, "--threads", "" + threads);
            assertThat(parallel.get("parallel").get("partitions").asInt()).isGreaterThan(1);
            assertThat(result(parallel)).isEqualTo(result(sequential));
        }
    }

    /** CPU, web and ipfw blocks with machines on both sides of the cut: each partition's part, merged, is the sequential block. */
    @Test
    void blocksOverMachinesOnBothSidesOfTheCutAreTheSequentialOnes() throws Exception {
        Path file = Path.of("src/test/resources/parallel/blocks.ndl");
        JsonNode sequential = run(0, file);
        assertThat(sequential.has("cpu") && sequential.has("web") && sequential.has("ipfw")).as(sequential.toString()).isTrue();
        JsonNode parallel = run(0, file, "--threads", "2");
        assertThat(parallel.get("parallel").get("partitions").asInt()).isEqualTo(2);
        assertThat(result(parallel)).isEqualTo(result(sequential));
    }

    /** Every partition registers the file's modules; the report takes each module's counts from the partition whose machines apply it. */
    @Test
    void moduleCountsComeFromThePartitionThatAppliesThem() throws Exception {
        Path file = tmp.resolve("modules.ndl");
        Files.writeString(file, Files.readString(DUMBBELL).replace("[Networks]\n  [Network id='left'", "[Module name='fwd' type='forward']\n[Module name='idle' type='forward']\n[Networks]\n  [Network id='left'")
                .replace("[Machine name='receiver' count='3']", "[Machine name='receiver' count='3' modules='fwd']")
                .replace("      [Application name='tcp_sink' port='5001' bytes='3MB']\n", "      [Application name='tcp_sink' port='5001' bytes='3MB']\n"
                        + "      [Application name='socket_client' to='sender' port='8080' size='2048' start='1ms']\n")
                .replace("      [Application name='tcp_bulk_send' bytes='3MB' to='receiver' port='5001']\n", "      [Application name='tcp_bulk_send' bytes='3MB' to='receiver' port='5001']\n"
                        + "      [Application name='socket_server' port='8080' size='2048' clients='1']\n"));
        JsonNode sequential = run(0, file);
        assertThat(sequential.get("modules").get(0).get("pairs_stolen").asLong()).isPositive();
        JsonNode parallel = run(0, file, "--threads", "2");
        assertThat(parallel.get("parallel").get("partitions").asInt()).isEqualTo(2);
        assertThat(result(parallel)).isEqualTo(result(sequential));
    }

    @Test
    void aZeroDelayLinkCutByOverridesIsRefusedAtItsPlace() throws Exception {
        Path file = tmp.resolve("zero.ndl");
        Files.writeString(file, Files.readString(EXAMPLES.resolve("parallel-dumbbell.ndl"))
                .replace("[Network id='bottleneck' type='p2p' bandwidth='10Mbps' latency='20ms' queue='100']", "[Network id='bottleneck' type='p2p' queue='100']")
                .replace("[Machine name='r1' router='true']", "[Machine name='r1' router='true' partition='0']")
                .replace("[Machine name='r2' router='true']", "[Machine name='r2' router='true' partition='1']"));
        var o = elvis("run", file.toString(), "--threads", "2");
        assertThat(o.exit()).as(o.err() + o.out()).isEqualTo(2);
        assertThat(o.err()).contains("zero.ndl:", "split link 'bottleneck'", "it has no delay, so it cannot be cut").doesNotContain("Exception");
    }

    @Test
    void wrongThreadCountsAndTheWallClockAreRefusedPlainly() {
        var zero = elvis("run", EXAMPLES.resolve("parallel-dumbbell.ndl").toString(), "--threads", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--threads must be 1..");
        var live = elvis("run", EXAMPLES.resolve("parallel-dumbbell.ndl").toString(), "--threads", "2", "--realtime");
        assertThat(live.exit()).isEqualTo(2);
        assertThat(live.err()).contains("--threads", "--realtime", "runs on one thread");
    }

    @Test
    void theSequentialReasonIsPrinted() {
        var o = elvis("run", EXAMPLES.resolve("dumbbell.ndl").toString(), "--threads", "2");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("sequential: ").contains("global");
    }

    /** Ctrl-C in a run on two threads: both partitions stop at one window's end and the results so far are written. */
    @Test
    void anInterruptedThreadedRunStillWritesItsResults() throws Exception {
        Path ndl = tmp.resolve("long.ndl"), json = tmp.resolve("out.json");
        Files.writeString(ndl, InterruptTest.LONG_RUN);
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "elvis.cli.Main", "run", ndl.toString(), "--threads", "2", "--json", json.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && p.toHandle().info().totalCpuDuration().orElse(Duration.ZERO).toMillis() < 2000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(p.isAlive()).as("still simulating").isTrue();
            new ProcessBuilder("sh", "-c", "kill -INT " + p.pid()).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits after the signal").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(tmp.resolve("out.txt"));
        assertThat(p.exitValue()).as(out).isEqualTo(130);
        assertThat(out).contains("2 partitions", "interrupted at simulated", "tcp_sink on b: received");
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("interrupted").asBoolean()).isTrue();
        assertThat(r.get("parallel").get("partitions").asInt()).isEqualTo(2);
        assertThat(r.get("simulated_ns").asLong()).isPositive().isLessThan(400_000_000_000L);
        assertThat(r.get("networks").get(0).get("delivered").asLong()).isPositive();
    }
}
