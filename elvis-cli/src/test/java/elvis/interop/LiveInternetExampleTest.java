package elvis.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/live-internet.ndl, the file of docs/tutorials/live.md, under {@code elvis emulate} for
 * ten seconds, with the tutorial's commands run in its namespaces: ping (the RTT is twice the 20 ms
 * each way), dig through the simulated resolver, curl from the simulated web server and iperf3
 * through the 10 Mbit/s access link. The file is run with its device and namespace names made
 * unique to the test (and the web directory's path made absolute); everything else is the example's.
 */
class LiveInternetExampleTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "live-internet.ndl");

    @TempDir Path dir;

    @Test
    void theExampleChecksWithoutPrivileges() {
        assertThat(Main.execute("check", EXAMPLE.toString())).isZero();
    }

    @Test
    void theTutorialsCommandsGetTheTutorialsAnswers() throws Exception {
        LiveFixture.requireLive();
        for (String tool : new String[] {"ping", "dig", "curl", "iperf3"}) LiveFixture.requireTool(tool);
        String id = "elt" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
        String home = id + "h", far = id + "f";
        String text = Files.readString(EXAMPLE).replace("elvis-home", home).replace("elvis-far", far)
                .replace("dir='www'", "dir='" + EXAMPLE.resolveSibling("www").toAbsolutePath().normalize() + "'");
        assertThat(text).contains("tap='" + home + "'", "tap_netns='" + far + "'");
        Path ndl = dir.resolve("live-internet.ndl"), json = dir.resolve("r.json"), pidFile = dir.resolve("iperf3.pid");
        Files.writeString(ndl, text);

        CompletableFuture<Integer> emulate = CompletableFuture.supplyAsync(
                () -> Main.execute("emulate", ndl.toString(), "--until", "10s", "--quiet", "--json", json.toString()));
        try {
            awaitDefaultRoute(far, emulate);             // the far namespace is set up last

            // ping: 1 + 10 + 8 + 1 ms each way, so no round trip is shorter than 40 ms; a busy machine makes
            // them later (the kernel's lateness), never earlier.
            LiveFixture.Result ping = run(home, Duration.ofSeconds(10), "ping", "-c", "5", "-i", "0.2", "10.2.0.2");
            assertThat(ping.ok()).as(ping.toString()).isTrue();
            assertThat(ping.out()).contains("5 packets transmitted, 5 received, 0% packet loss");
            Matcher rtt = Pattern.compile("rtt min/avg/max/mdev = ([0-9.]+)/").matcher(ping.out());
            assertThat(rtt.find()).as(ping.out()).isTrue();
            assertThat(Double.parseDouble(rtt.group(1))).as(ping.out()).isBetween(40.0, 50.0);

            LiveFixture.Result dig = run(home, Duration.ofSeconds(10), "dig", "+tries=2", "+timeout=2", "@10.2.0.6", "www.example.com");
            assertThat(dig.ok()).as(dig.toString()).isTrue();
            assertThat(dig.out()).contains("status: NOERROR", ";; flags: qr rd ra;");
            assertThat(dig.out()).containsPattern("(?m)^www\\.example\\.com\\.\\s+300\\s+IN\\s+A\\s+10\\.2\\.0\\.2$");

            LiveFixture.Result curl = run(home, Duration.ofSeconds(10), "curl", "-sS", "-w", "\\nHTTP %{http_code}\\n", "http://10.2.0.2/");
            assertThat(curl.ok()).as(curl.toString()).isTrue();
            assertThat(curl.out()).contains("<h1>Served by http_server</h1>", "HTTP 200");

            // iperf3: the 10 Mbit/s access link is the narrowest pipe.
            LiveFixture.Result server = run(far, Duration.ofSeconds(5), "iperf3", "-s", "-1", "-D", "--pidfile", pidFile.toString(),
                    "--logfile", dir.resolve("iperf3-s.log").toString());
            assertThat(server.ok()).as(server.toString()).isTrue();
            awaitListen(far, 5201);
            LiveFixture.Result iperf = run(home, Duration.ofSeconds(10), "iperf3", "-c", "10.3.0.100", "-t", "3", "-J");
            assertThat(iperf.ok()).as(iperf.toString()).isTrue();
            double received = new ObjectMapper().readTree(iperf.out()).at("/end/sum_received/bits_per_second").asDouble();
            assertThat(received).as(iperf.out()).isBetween(8.0e6, 10.0e6);

            assertThat(emulate.get(30, TimeUnit.SECONDS)).isZero();
            JsonNode r = new ObjectMapper().readTree(json.toFile());
            for (JsonNode tap : r.at("/realtime/taps")) {
                assertThat(tap.get("frames_in").asLong()).as(tap.toString()).isPositive();
                assertThat(tap.get("gone").asBoolean()).isFalse();
            }
        } finally {
            if (Files.exists(pidFile)) new ProcessBuilder("kill", Files.readString(pidFile).strip()).start().waitFor();
            emulate.get(30, TimeUnit.SECONDS);           // the run removes its devices and namespaces as it ends
        }
    }

    private int commands;

    /** Runs {@code command} in namespace {@code ns}, at most {@code timeout}. */
    private LiveFixture.Result run(String ns, Duration timeout, String... command) throws Exception {
        Path out = dir.resolve("cmd" + commands + ".out"), err = dir.resolve("cmd" + commands++ + ".err");
        long t0 = System.nanoTime();
        String[] line = new String[command.length + 4];
        line[0] = "ip"; line[1] = "netns"; line[2] = "exec"; line[3] = ns;
        System.arraycopy(command, 0, line, 4, command.length);
        Process p = new ProcessBuilder(line).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + "\n" + Files.readString(out) + Files.readString(err));
        }
        return new LiveFixture.Result(p.exitValue(), Files.readString(out), Files.readString(err), System.nanoTime() - t0);
    }

    private void awaitListen(String ns, int port) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!run(ns, Duration.ofSeconds(5), "ss", "-Hltn", "sport = :" + port).out().isBlank()) return;
            Thread.sleep(50);
        }
        throw new AssertionError("nothing listens on TCP port " + port + " in " + ns + " after 5 s");
    }

    private static void awaitDefaultRoute(String ns, CompletableFuture<Integer> emulate) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (emulate.isDone()) throw new AssertionError("elvis emulate ended with " + emulate.get() + " before it was set up");
            Process p = new ProcessBuilder("ip", "-n", ns, "route", "show", "default").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() == 0 && out.contains("default via")) return;
            Thread.sleep(50);
        }
        throw new AssertionError("namespace " + ns + " has no default route after 15 s");
    }
}
