package elvis.interop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/bump-in-the-wire.ndl run by {@code elvis emulate} as a user runs it (a child JVM), with
 * iperf3 between its two namespaces: the dummynet paper's asymmetric link (256 kbit/s up, 4 Mbit/s
 * down for ports 2000–3000) written in NDL gives what the same link built through the Java API
 * gives ({@link LinuxTcpInteropTest}), and port 5201 passes at the wire's 100 Mbit/s.
 */
class BumpInTheWireNdlTest {
    @TempDir Path dir;

    @Test
    void iperf3AcrossTheExamplesAsymmetricLink() throws Exception {
        LiveFixture.requireLive();
        LiveFixture.requireTool("iperf3");
        LiveFixture.requireTool("ss");
        String text = Files.readString(Path.of("..", "examples", "bump-in-the-wire.ndl"));
        assertThat(text).contains("until='600s'", "tap='elvis-c0'", "tap='elvis-s0'", "tap_netns='elvis-client'", "tap_netns='elvis-server'");
        try (LiveFixture fx = new LiveFixture(1, dir)) {                 // for its names and its commands in namespaces
            String client = fx.name("c"), server = fx.name("s");
            Path ndl = Files.writeString(dir.resolve("bump.ndl"), text.replace("until='600s'", "until='120s'")
                    .replace("tap='elvis-c0'", "tap='" + client + "0'").replace("tap='elvis-s0'", "tap='" + server + "0'")
                    .replace("tap_netns='elvis-client'", "tap_netns='" + client + "'").replace("tap_netns='elvis-server'", "tap_netns='" + server + "'"));
            Path out = dir.resolve("emulate.out");
            String java = ProcessHandle.current().info().command().orElseThrow();
            List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), "elvis.cli.Main", "emulate", ndl.toString()));
            Process emulate = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!Files.readString(out).contains("try: ")) {
                    assertThat(emulate.isAlive()).as("elvis emulate ended before setting up: %s", Files.readString(out)).isTrue();
                    assertThat(System.nanoTime()).as("not set up after 60 s: %s", Files.readString(out)).isLessThan(deadline);
                    Thread.sleep(50);
                }
                LiveFixture.Host c = new LiveFixture.Host(client, client + "0", "10.0.1.100", null);
                LiveFixture.Host s = new LiveFixture.Host(server, server + "0", "10.0.2.100", null);
                try (LiveFixture.Daemon a = fx.iperf3Server(server, 2500); LiveFixture.Daemon b = fx.iperf3Server(server, 5201)) {
                    LinuxTcpInteropTest.Iperf up = LinuxTcpInteropTest.iperf(fx, c, s, 2500, 4, false);
                    LinuxTcpInteropTest.Iperf down = LinuxTcpInteropTest.iperf(fx, c, s, 2500, 3, true);
                    LinuxTcpInteropTest.Iperf other = LinuxTcpInteropTest.iperf(fx, c, s, 5201, 2, false);
                    double upGoodput = 0.256 * 1448 / 1500, downGoodput = 4.0 * 1448 / 1500;
                    String figures = String.format(Locale.ROOT, "NDL bump in the wire: port 2500 up: %s (pipe allows %.3f); down: %s (pipe allows %.3f); port 5201 up: %s",
                            up, upGoodput, down, downGoodput, other);
                    System.out.println(figures);
                    assertThat(up.receivedMbps()).as(figures).isBetween(0.9 * upGoodput, 1.1 * upGoodput);
                    assertThat(down.receivedMbps()).as(figures).isBetween(0.9 * downGoodput, 1.1 * downGoodput);
                    // 100 Mbit/s wire: at most 100 × 1448/1514 of goodput, and far more than either pipe.
                    assertThat(other.receivedMbps()).as(figures).isBetween(20.0, 100.0 * 1448 / 1514);
                }
                new ProcessBuilder("kill", "-INT", Long.toString(emulate.pid())).start().waitFor();
                assertThat(emulate.waitFor(30, TimeUnit.SECONDS)).as("elvis emulate exits after Ctrl-C").isTrue();
                String netns = new String(new ProcessBuilder("ip", "netns", "list").start().getInputStream().readAllBytes());
                assertThat(netns).as("namespaces left").doesNotContain(client).doesNotContain(server);
            } finally {
                if (emulate.isAlive()) {
                    emulate.destroy();                                    // SIGTERM: its shutdown hook removes what it made
                    if (!emulate.waitFor(20, TimeUnit.SECONDS)) emulate.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                for (String ns : List.of(client, server)) new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start().waitFor();
            }
        }
    }
}
