package elvis.mpi;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs under {@code mpirun -np 2} (as a subprocess, with a time limit): the proof that a run cut in
 * two ranks gives the sequential run's frames, counters and results, and that a rank dying in any
 * way ends the whole job with a clear line from every rank and a non-zero exit, never a hang.
 * Skipped where Open MPI (mpirun, libmpi.so.40) is not installed; CI installs openmpi-bin.
 */
class MpiRunTest {
    private static final long LIMIT_SECONDS = 180;

    @BeforeAll
    static void openMpiIsInstalled() {
        assumeTrue(mpirun() != null, "mpirun is not on the PATH: install Open MPI (apt-get install openmpi-bin)");
        String why = Mpi.loadError();
        assumeTrue(why == null, why);
    }

    /** The first mpirun on the PATH, or null. */
    static Path mpirun() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "mpirun");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** mpirun's command line for {@code np} ranks of a JVM running {@code main} on this test's class path. */
    static List<String> mpirunJava(int np, String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(mpirun().toString(), "-np", Integer.toString(np), "--oversubscribe"));
        if ("root".equals(System.getProperty("user.name"))) cmd.add("--allow-run-as-root");
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return cmd;
    }

    record Result(int exit, String output, long millis) { }

    /** Runs {@code cmd}, standard output and error together; a run past the limit is killed and fails the test. */
    static Result run(List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("elvis-mpi", ".out");
        try {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                throw new AssertionError("mpirun still ran after " + LIMIT_SECONDS + " s; its output:\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out), (System.nanoTime() - start) / 1_000_000);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** This JVM was not started by mpirun: the transport says so instead of starting MPI as a singleton. */
    @Test
    void outsideMpirunTheTransportRefusesWithTheReason() {
        assumeTrue(System.getenv("OMPI_COMM_WORLD_SIZE") == null, "the tests themselves run under mpirun");
        assertThat(MpiExchange.unavailable()).isEqualTo("this process was not started by Open MPI's mpirun (OMPI_COMM_WORLD_SIZE is not set)");
        assertThatThrownBy(MpiExchange::start).isInstanceOf(IllegalStateException.class)
                .hasMessage(MpiExchange.unavailable());
    }

    @Test
    void aRunCutBetweenTwoRanksMatchesTheSequentialRunExactly() throws Exception {
        Result r = run(mpirunJava(2, "elvis.PartitionedRunOverMpi", "proof"));
        assertThat(r.exit()).as(r.output()).isZero();
        for (String c : List.of("LOSSY", "JITTERED", "EXACT")) assertThat(r.output()).contains(c + ": the same as the sequential run (");
        assertThat(r.output()).doesNotContain("DIFFERS").doesNotContain(" 0 buffers in two messages so far");
    }

    /**
     * Rank 1 exits, is killed, or fails with an exception 20 ms into the simulated run. mpirun ends the
     * job: it exits non-zero well within the limit, and rank 0, which was waiting for rank 1 in the
     * window loop, says it was stopped before the run ended.
     */
    @ParameterizedTest
    @ValueSource(strings = {"exit", "kill", "throw"})
    void aRankThatDiesEndsTheJobOnEveryRankWithAClearLine(String how) throws Exception {
        Result r = run(mpirunJava(2, "elvis.PartitionedRunOverMpi", how));
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.millis()).as(r.output()).isLessThan(60_000);
        assertThat(r.output()).contains("elvis: rank 0 of 2 was stopped before the run ended").doesNotContain("finished its run");
        switch (how) {
            case "exit" -> assertThat(r.output()).contains("Exit code:    3");
            case "kill" -> assertThat(r.output()).contains("exited on signal 9");
            default -> assertThat(r.output()).contains("elvis: rank 1 of 2: partition 1 failed: java.lang.IllegalStateException: broken model;"
                    + " ending every rank of the MPI job");
        }
    }
}
