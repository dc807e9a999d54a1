package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A run stopped by a signal still reports what it did, in a separate JVM that gets the signal. */
public class InterruptTest {
    /** Far longer than the test waits: 500 GB over 10 Gbit/s is 400 simulated seconds. */
    public static final String LONG_RUN = """
            [Simulation seed='5']
            [Networks]
              [Network id='wire' type='p2p' bandwidth='10Gbps' latency='10us']
                [IP subnet='10.0.0.0/30']
            [Machines]
              [Machine name='a']
                [Networks]
                  [Network id='wire']
                [Applications]
                  [Application name='tcp_bulk_send' bytes='500GB' to='b' port='5001']
              [Machine name='b']
                [Networks]
                  [Network id='wire']
                [Applications]
                  [Application name='tcp_sink' port='5001' bytes='500GB']
            """;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"INT, 130", "TERM, 143"})
    void theResultsSoFarAreReportedAndWritten(String signal, int exitCode) throws Exception {
        Path ndl = tmp.resolve("long.ndl"), json = tmp.resolve("out.json");
        Files.writeString(ndl, LONG_RUN);
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "elvis.cli.Main", "run", ndl.toString(), "--json", json.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        try {
            // Two seconds of CPU: past JVM start and the build, so the signal lands in the simulation.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && p.toHandle().info().totalCpuDuration().orElse(Duration.ZERO).toMillis() < 2000
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(p.isAlive()).as("still simulating").isTrue();
            new ProcessBuilder("sh", "-c", "kill -" + signal + " " + p.pid()).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits after the signal").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(tmp.resolve("out.txt"));
        assertThat(p.exitValue()).as(out).isEqualTo(exitCode);
        assertThat(out).contains("interrupted at simulated", "tcp_sink on b: received");
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("interrupted").asBoolean()).isTrue();
        assertThat(r.get("goals_met").asBoolean()).isFalse();
        assertThat(r.get("simulated_ns").asLong()).isPositive().isLessThan(400_000_000_000L);
        assertThat(r.get("networks").get(0).get("delivered").asLong()).isPositive();
    }
}
