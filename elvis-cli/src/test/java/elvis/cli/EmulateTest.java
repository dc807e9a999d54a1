package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.live.HostSetup;
import elvis.live.Tap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code elvis emulate} for real, in a child JVM as a user runs it: it sets up the namespaces and TAP
 * devices the live examples ask for, real ping crosses the simulated network, and whatever way the run
 * ends (its end time, Ctrl-C, an error while setting up) nothing it made is left. Needs root, /dev/net/tun,
 * ip and ping; skipped otherwise. Names are unique to the test (elt + random) and removed afterwards
 * also when it fails.
 */
class EmulateTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final long SETUP_TIMEOUT_MS = 60_000;

    @TempDir
    Path tmp;

    private final String id = "elt" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 5);
    private final List<String> namespaces = new ArrayList<>(), devices = new ArrayList<>();
    private Process child;

    @BeforeEach
    void privileged() {
        String why = HostSetup.unavailable();
        assumeTrue(why == null, "elvis emulate cannot run here: " + why);
        why = Tap.unavailable();
        assumeTrue(why == null, "no TAP devices here: " + why);
        assumeTrue(onPath("ping"), "ping (iputils-ping) is not installed");
    }

    @AfterEach
    void removeWhatIsLeft() throws Exception {
        if (child != null) child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        for (String ns : namespaces) run("ip", "netns", "del", ns);
        for (String d : devices) run("ip", "link", "del", d);
    }

    /** examples/live-ping.ndl with this test's names and end. */
    private Path livePing(String until) throws IOException {
        String ns = id + "n", dev = id + "d";
        namespaces.add(ns);
        devices.add(dev);
        String text = Files.readString(EXAMPLES.resolve("live-ping.ndl"));
        assertThat(text).contains("until='60s'", "tap='elvis0'", "tap_netns='elvisping'");
        return Files.writeString(tmp.resolve("live-ping.ndl"), text.replace("until='60s'", "until='" + until + "'")
                .replace("tap='elvis0'", "tap='" + dev + "'").replace("tap_netns='elvisping'", "tap_netns='" + ns + "'"));
    }

    /** examples/bump-in-the-wire.ndl with this test's names and end. */
    private Path bump(String until) throws IOException {
        String text = Files.readString(EXAMPLES.resolve("bump-in-the-wire.ndl"));
        assertThat(text).contains("until='600s'", "tap='elvis-c0'", "tap='elvis-s0'", "tap_netns='elvis-client'", "tap_netns='elvis-server'");
        namespaces.addAll(List.of(id + "c", id + "s"));
        devices.addAll(List.of(id + "c0", id + "s0"));
        return Files.writeString(tmp.resolve("bump.ndl"), text.replace("until='600s'", "until='" + until + "'")
                .replace("tap='elvis-c0'", "tap='" + id + "c0'").replace("tap='elvis-s0'", "tap='" + id + "s0'")
                .replace("tap_netns='elvis-client'", "tap_netns='" + id + "c'").replace("tap_netns='elvis-server'", "tap_netns='" + id + "s'"));
    }

    private Process emulate(Path ndl, Path json) throws IOException { return elvis("emulate", ndl.toString(), "--json", json.toString()); }

    private Process elvis(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "elvis.cli.Main"));
        cmd.addAll(List.of(args));
        child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
        return child;
    }

    /** Waits until the child printed its instructions (the host is set up by then). */
    private void awaitSetUp(Process p) throws Exception { awaitOutput(p, "try: "); }

    private void awaitOutput(Process p, String text) throws Exception {
        long deadline = System.currentTimeMillis() + SETUP_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (output().contains(text)) return;
            assertThat(p.isAlive()).as("the run ended before setting up: " + output()).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("not set up after " + SETUP_TIMEOUT_MS + " ms: " + output());
    }

    private String output() throws IOException { return Files.readString(tmp.resolve("out.txt")); }

    /** ping from {@code ns} to {@code address}: its output, the exit asserted 0. */
    private String ping(String ns, String address) throws Exception {
        List<String> cmd = HostSetup.inNamespace(ns, "ping", "-c", "3", "-i", "0.2", "-W", "3", address);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private void assertNothingLeft() throws Exception {
        String netns = run("ip", "netns", "list"), links = run("ip", "-o", "link", "show");
        for (String ns : namespaces) assertThat(netns).as("namespaces").doesNotContain(ns);
        for (String d : devices) assertThat(links).as("devices").doesNotContain(d);
    }

    @Test
    void pingCrossesTheSimulatedNetworkAndTheRunCleansUpAtItsEnd() throws Exception {
        Path json = tmp.resolve("r.json");
        Process p = emulate(livePing("8s"), json);
        awaitSetUp(p);
        assertThat(output()).contains("network lan <-> TAP device " + id + "d in namespace " + id + "n, address 10.0.0.100/24",
                "simulated: sim 10.0.0.1", "try: ip netns exec " + id + "n ping -c 3 10.0.0.1");
        String out = ping(id + "n", "10.0.0.1");
        assertThat(out).contains("3 received");
        assertThat(run("ip", "netns", "exec", id + "n", "sysctl", "-n", "net.ipv6.conf." + id + "d.disable_ipv6").strip()).isEqualTo("1");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output()).isZero();
        assertNothingLeft();
        assertThat(output()).contains("tap " + id + "d: ", "real time: ");
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("interrupted").asBoolean()).isFalse();
        assertThat(r.get("simulated_ns").asLong()).isEqualTo(8_000_000_000L);
        JsonNode tap = r.get("realtime").get("taps").get(0);
        assertThat(tap.get("device").asText()).isEqualTo(id + "d");
        assertThat(tap.get("frames_in").asLong()).isGreaterThanOrEqualTo(3);     // the echo requests, and ARP
        assertThat(tap.get("frames_out").asLong()).isGreaterThanOrEqualTo(3);    // the replies
        assertThat(tap.get("gone").asBoolean()).isFalse();
        assertThat(r.get("realtime").get("lateness").get("max_ns").asLong()).isPositive();
    }

    @Test
    void runRealtimeBridgesTheDeviceButLeavesTheHostAlone() throws Exception {
        Process p = elvis("run", "--realtime", livePing("4s").toString());
        awaitOutput(p, "set it up: ");
        assertThat(output()).contains("network lan <-> TAP device " + id + "d",
                "set it up: ip addr add 10.0.0.100/24 dev " + id + "d && ip link set " + id + "d up").doesNotContain("namespace");
        assertThat(run("ip", "-o", "link", "show", id + "d")).contains(id + "d");        // in this namespace, made by the bridge
        assertThat(run("ip", "netns", "list")).doesNotContain(id + "n");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output()).isZero();
        assertNothingLeft();
    }

    @Test
    void withKeepGoingOnlyCtrlCStopsTheRunWhichWritesTheResultsAndRemovesEverything() throws Exception {
        Path json = tmp.resolve("r.json");
        Process p = elvis("emulate", livePing("1s").toString(), "--json", json.toString(), "--keep-going");
        awaitSetUp(p);
        assertThat(output()).contains("live until Ctrl-C");
        ping(id + "n", "10.0.0.1");                                // 0.4 s and more: past the file's end
        Thread.sleep(1000);
        assertThat(p.isAlive()).as("runs past the file's end").isTrue();
        assertThat(run("ip", "netns", "list")).contains(id + "n");
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits after the signal").isTrue();
        assertThat(p.exitValue()).as(output()).isEqualTo(130);
        assertNothingLeft();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("interrupted").asBoolean()).isTrue();
        // The clock stopped at the last event (a ping reply); the run itself lasted past the file's end.
        assertThat(r.get("simulated_ns").asLong()).isPositive().isLessThan(r.get("wall_seconds").asLong() * 1_000_000_000L + 1_000_000_000L);
        assertThat(r.get("wall_seconds").asDouble()).isGreaterThan(1.0);
        assertThat(r.get("realtime").get("taps").get(0).get("frames_out").asLong()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anErrorWhileSettingUpRemovesWhatWasMadeAndNothingElse() throws Exception {
        Path ndl = bump("600s");
        run("ip", "netns", "add", id + "s");                       // the server's namespace is taken: the set-up fails there
        assertThat(run("ip", "netns", "list")).contains(id + "s");
        Process p = emulate(ndl, tmp.resolve("r.json"));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output()).isEqualTo(2);
        assertThat(output()).contains("elvis emulate: 'ip netns add " + id + "s' failed").doesNotContain("Exception", "\tat ");
        String netns = run("ip", "netns", "list"), links = run("ip", "-o", "link", "show");
        assertThat(netns).doesNotContain(id + "c").contains(id + "s");       // ours removed, the one we did not make kept
        assertThat(links).doesNotContain(id + "c0").doesNotContain(id + "s0");
        assertThat(run("ip", "-n", id + "s", "-o", "link", "show")).doesNotContain(id + "s0");
    }

    @Test
    void bumpInTheWireJoinsTwoNamespacesThroughTheSimulatedRouter() throws Exception {
        Path json = tmp.resolve("r.json");
        Process p = emulate(bump("10s"), json);
        awaitSetUp(p);
        assertThat(output()).contains("in namespace " + id + "c, address 10.0.1.100/24, default route via 10.0.1.1",
                "in namespace " + id + "s, address 10.0.2.100/24, default route via 10.0.2.1");
        assertThat(ping(id + "c", "10.0.2.100")).contains("3 received", "ttl=63");      // one router on the way
        assertThat(ping(id + "s", "10.0.1.100")).contains("3 received", "ttl=63");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output()).isZero();
        assertNothingLeft();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("realtime").get("taps")).hasSize(2);
        for (JsonNode t : r.get("realtime").get("taps")) assertThat(t.get("frames_in").asLong()).isGreaterThanOrEqualTo(6);
    }

    /** Runs a command; its standard output (errors ignored: cleanup of what may not exist). */
    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** Whether a program is on PATH. */
    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(java.io.File.pathSeparator)) if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        return false;
    }
}
