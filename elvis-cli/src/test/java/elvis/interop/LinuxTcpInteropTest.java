package elvis.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.Simulation;
import elvis.app.ApplicationFactory;
import elvis.app.TcpSink;
import elvis.config.Arguments;
import elvis.dummynet.Dummynet;
import elvis.dummynet.rules.DummynetLines;
import elvis.dummynet.rules.Ipfw;
import elvis.dummynet.rules.RuleSet;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ethernet.EthernetDrop;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.EcnCounters;
import elvis.web.load.HttpLoad;
import elvis.web.load.LoadConfig;
import elvis.web.load.LoadErrors;
import elvis.web.load.LoadReport;
import elvis.web.server.Documents;
import elvis.web.server.HttpServerApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linux's TCP against ours through TAP devices (issue 20): curl downloading from a simulated
 * {@code http_server}, a simulated {@code http_load} against real nginx, iperf3 through a simulated
 * 10 Mbit/s link, and the dummynet paper's asymmetric link as a bump in the wire between two
 * namespaces. Skipped with the reason when not root, without /dev/net/tun or without the tool.
 */
class LinuxTcpInteropTest {
    static final long MS = 1_000_000;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private static final Pattern PING_RTT = Pattern.compile("rtt min/avg/max/mdev = ([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+) ms");

    /**
     * {@code ping -c count} from {@code ns}: min/avg/max RTT in ms, after checking that nothing was
     * lost. Ten pings before warm up ARP on both sides and the JIT on ours.
     */
    static double[] ping(LiveFixture fx, String ns, String to, int count) {
        fx.run(ns, Duration.ofSeconds(10), "ping", "-c", "10", "-i", "0.01", "-W", "2", to);
        LiveFixture.Result r = fx.run(ns, Duration.ofSeconds(10), "ping", "-c", Integer.toString(count), "-i", "0.05", "-W", "2", to);
        assertThat(r.ok()).as("ping %s from %s: %s", to, ns, r).isTrue();
        assertThat(r.out()).as("ping output").contains(count + " received");
        Matcher m = PING_RTT.matcher(r.out());
        assertThat(m.find()).as("ping's summary: %s", r.out()).isTrue();
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))};
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void curlDownloads10MBFromASimulatedHttpServerIntact() throws Exception {
        LiveFixture.requireLive();
        LiveFixture.requireTool("curl");
        LiveFixture.requireTool("ping");
        byte[] body = new byte[10 * 1000 * 1000];
        new SplittableRandom(20).nextBytes(body);          // incompressible and position-dependent: any lost, doubled or moved byte shows
        try (LiveFixture fx = new LiveFixture(1, dir)) {
            // 5 ms on every egress pipe of the switch: 5 ms each way, 10 ms round trip.
            Network lan = fx.network("lan", LinkConfig.UNLIMITED.withBandwidth(200_000_000).withDelay(5 * MS));
            Machine server = fx.sim().machine("server");
            fx.sim().connect(server, lan, "10.0.0.1/24");
            server.addApplication(HttpServerApp.serving(80, true,
                    Documents.of(new Documents.Document("/big.bin", "application/octet-stream", Message.wrap(body))), "10 MB of random bytes"));
            LiveFixture.Host host = fx.host(lan, "10.0.0.100/24");
            fx.start();

            double[] rtt = ping(fx, host.ns(), "10.0.0.1", 10);
            // Never faster than the emulated path; the real-time kernel and the two TAP crossings add a little.
            assertThat(rtt[0]).as("ping RTT min/avg/max %.3f/%.3f/%.3f ms", rtt[0], rtt[1], rtt[2]).isGreaterThanOrEqualTo(10.0);
            assertThat(rtt[1]).as("ping RTT min/avg/max %.3f/%.3f/%.3f ms", rtt[0], rtt[1], rtt[2]).isLessThan(12.0);

            Path file = fx.dir().resolve("big.bin");
            LiveFixture.Result r = fx.run(host.ns(), Duration.ofSeconds(20), "curl", "-sS", "--max-time", "15", "-o", file.toString(),
                    "-w", "%{http_code} %{size_download} %{time_total} %{speed_download}", "http://10.0.0.1/big.bin");
            assertThat(r.ok()).as("curl: %s", r).isTrue();
            String[] w = r.out().trim().split(" ");
            double seconds = Double.parseDouble(w[2]), mbps = Double.parseDouble(w[3]) * 8 / 1e6;
            String figures = String.format(Locale.ROOT, "ping RTT min/avg/max %.3f/%.3f/%.3f ms; curl %s bytes in %.3f s = %.1f Mbit/s", rtt[0], rtt[1], rtt[2], w[1], seconds, mbps);
            System.out.println("curl <- http_server: " + figures);
            assertThat(w[0]).as(figures).isEqualTo("200");
            assertThat(Long.parseLong(w[1])).as(figures).isEqualTo(body.length);
            byte[] got = Files.readAllBytes(file);
            assertThat(HexFormat.of().formatHex(sha256(got))).as("SHA-256 of what curl wrote; " + figures).isEqualTo(HexFormat.of().formatHex(sha256(body)));
            assertThat(fx.call(() -> server.failures())).isEmpty();
        }
    }

    /**
     * What Linux asks for in its SYN when told to (ECN with tcp_ecn=1 and a TCP Fast Open cookie
     * request, besides MSS, SACK, timestamps and window scaling) against our server, as tcpdump on
     * the namespace's side sees it: our SYN-ACK agrees to ECN, SACK, timestamps and window scaling
     * and ignores the Fast Open request (RFC 7413 §4.1.3: a server without TFO answers a plain
     * SYN-ACK), Linux then sends timestamps and ECT(0), and the transfer is intact. (ss's option
     * flags are not used: iproute2 6.1's ss shows no "ts" or "sack" on this kernel even between two
     * Linux sockets.)
     */
    @Test
    void linuxAsksForEcnAndFastOpenAndAgreesOnTheOptionsWeSpeak() throws Exception {
        LiveFixture.requireLive();
        LiveFixture.requireTool("curl");
        LiveFixture.requireTool("tcpdump");
        LiveFixture.requireTool("ss");
        byte[] body = new byte[400_000];
        new SplittableRandom(3).nextBytes(body);
        try (LiveFixture fx = new LiveFixture(1, dir)) {
            Network lan = fx.network("lan", LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(2 * MS));
            Machine server = fx.sim().machine("server");
            fx.sim().connect(server, lan, "10.0.0.1/24");
            server.addApplication(HttpServerApp.serving(80, true,
                    Documents.of(new Documents.Document("/f.bin", "application/octet-stream", Message.wrap(body))), "400 KB of random bytes"));
            LiveFixture.Host host = fx.host(lan, "10.0.0.100/24");
            LiveFixture.Result sysctl = fx.run(host.ns(), Duration.ofSeconds(5), "sysctl", "-q", "-w", "net.ipv4.tcp_ecn=1", "net.ipv4.tcp_fastopen=1");
            assertThat(sysctl.ok()).as("sysctl: %s", sysctl).isTrue();
            fx.start();
            // The handshake, the request and the first data segment and its ACK.
            LiveFixture.Daemon dump = fx.daemon(host.ns(), "tcpdump", "-n", "-v", "-l", "-c", "6", "-i", host.device(), "tcp port 80");
            for (int i = 0; i < 100 && !dump.output().contains("listening on"); i++) Thread.sleep(20);
            Path file = fx.dir().resolve("f.bin");
            // Slowed by curl to about a second, so that the connection can be looked at while it lasts.
            LiveFixture.Daemon curl = fx.daemon(host.ns(), "curl", "-sS", "--tcp-fastopen", "--limit-rate", "400k", "-o", file.toString(), "http://10.0.0.1/f.bin");
            String ss = "";
            for (int i = 0; i < 20 && !ss.contains("wscale"); i++) {
                Thread.sleep(50);
                ss = fx.run(host.ns(), Duration.ofSeconds(5), "ss", "-tinH", "state", "established", "dst", "10.0.0.1").out();
            }
            assertThat(curl.await(Duration.ofSeconds(10))).as("curl: %s", curl.output()).isZero();
            assertThat(dump.await(Duration.ofSeconds(5))).as("tcpdump: %s", dump.output()).isZero();
            String capture = dump.stdout();
            System.out.println("the handshake with Linux:\n" + capture + "Linux's view: " + ss.strip().replaceAll("\\s+", " "));
            assertThat(HexFormat.of().formatHex(sha256(Files.readAllBytes(file)))).as("SHA-256 of what curl wrote").isEqualTo(HexFormat.of().formatHex(sha256(body)));
            // One packet per timestamped line, its continuation lines (tcpdump -v) joined to it.
            String[] lines = Pattern.compile("(?m)^(?=\\d\\d:\\d\\d:\\d\\d\\.)").splitAsStream(capture)
                    .map(p -> p.replaceAll("\\n\\s*", " ")).filter(p -> p.contains(" IP ")).toArray(String[]::new);
            assertThat(lines).as(capture).hasSizeGreaterThanOrEqualTo(5);
            assertThat(lines[0]).as("Linux's SYN asks for ECN and a Fast Open cookie").contains("Flags [SEW]", "sackOK", "TS val", "wscale", "tfo");
            assertThat(lines[1]).as("our SYN-ACK agrees to ECN, SACK, timestamps and window scaling, and ignores Fast Open")
                    .contains("10.0.0.1.80 > ", "Flags [S.E]", "mss 1460", "sackOK", "TS val", "wscale").doesNotContain("tfo");
            assertThat(lines[3]).as("Linux's request: ECN-capable, with timestamps").contains("ECT(0)", "TS val", "length 77");
            assertThat(lines[4]).as("our first data segment: ECN-capable, with timestamps, full-sized").contains("10.0.0.1.80 > ", "ECT(0)", "TS val", "length 1448");
            assertThat(ss).as("ss -ti: window scaling agreed").containsPattern("wscale:\\d+,\\d+");
            assertThat(fx.call(() -> server.failures())).isEmpty();
        }
    }

    /**
     * ECN end to end between Linux's TCP (tcp_ecn=1, Reno: BBR, this kernel's default, ignores ECN,
     * and cubic is not allowed in a namespace here) and ours across a 20 Mbit/s link whose CoDel
     * marks CE instead of dropping: uploading, our receiver sees CE and echoes ECE, and Linux
     * answers with CWR (RFC 3168 §6.1.2); downloading, Linux echoes the marks on our data and our
     * sender reduces its window. Both transfers intact (SHA-256 on each side).
     */
    @Test
    void ecnMarksOnASimulatedLinkReachBothStacksAndEachReacts() throws Exception {
        LiveFixture.requireLive();
        LiveFixture.requireTool("curl");
        LiveFixture.requireTool("tcpdump");
        LiveFixture.requireTool("bash");
        int bytes = 3_000_000;
        byte[] body = new byte[bytes];
        new SplittableRandom(11).nextBytes(body);
        Path upload = Files.write(dir.resolve("upload.bin"), body);
        try (LiveFixture fx = new LiveFixture(1, dir)) {
            LinkConfig codel = LinkConfig.UNLIMITED.withBandwidth(20_000_000).withDelay(2 * MS).withQueuePackets(1000)
                    .with(LinkConfig.QDISC, "codel").with(LinkConfig.ECN, true);
            Network lan = fx.network("lan", codel);
            Machine server = fx.sim().machine("server");
            fx.sim().connect(server, lan, "10.0.0.1/24");
            TcpSink sink = new TcpSink(5001, bytes, true);
            server.addApplication(sink);
            server.addApplication(HttpServerApp.serving(80, true,
                    Documents.of(new Documents.Document("/f.bin", "application/octet-stream", Message.wrap(body))), "3 MB of random bytes"));
            LiveFixture.Host host = fx.host(lan, "10.0.0.100/24");
            LiveFixture.Result sysctl = fx.run(host.ns(), Duration.ofSeconds(5), "sysctl", "-q", "-w", "net.ipv4.tcp_ecn=1", "net.ipv4.tcp_congestion_control=reno");
            assertThat(sysctl.ok()).as("sysctl: %s", sysctl).isTrue();
            fx.start();
            // Linux's data segments with CWR (not its SYN, which carries ECE and CWR to ask for ECN).
            LiveFixture.Daemon cwr = fx.daemon(host.ns(), "tcpdump", "-n", "-l", "-c", "1", "-i", host.device(), "src 10.0.0.100 and tcp[13] & 0x82 == 0x80");
            for (int i = 0; i < 100 && !cwr.output().contains("listening on"); i++) Thread.sleep(20);
            LiveFixture.Result up = fx.run(host.ns(), Duration.ofSeconds(15), "bash", "-c", "cat " + upload + " > /dev/tcp/10.0.0.1/5001");
            assertThat(up.ok()).as("upload: %s", up).isTrue();
            for (int i = 0; i < 100 && fx.call(() -> sink.received()) < bytes; i++) Thread.sleep(20);
            long ceUp = fx.call(() -> EcnCounters.existing(server) == null ? 0 : EcnCounters.existing(server).ceReceived());
            assertThat(fx.call(() -> sink.received())).as("bytes our sink received").isEqualTo(bytes);
            assertThat(HexFormat.of().formatHex(fx.call(sink::digest))).as("SHA-256 of what our sink received").isEqualTo(HexFormat.of().formatHex(sha256(body)));
            assertThat(cwr.await(Duration.ofSeconds(5))).as("Linux sent a segment with CWR: %s", cwr.output()).isZero();

            Path file = fx.dir().resolve("down.bin");
            LiveFixture.Result down = fx.run(host.ns(), Duration.ofSeconds(15), "curl", "-sS", "--max-time", "12", "-o", file.toString(), "http://10.0.0.1/f.bin");
            assertThat(down.ok()).as("curl: %s", down).isTrue();
            assertThat(HexFormat.of().formatHex(sha256(Files.readAllBytes(file)))).as("SHA-256 of what curl wrote").isEqualTo(HexFormat.of().formatHex(sha256(body)));
            long reactions = fx.call(() -> EcnCounters.existing(server).eceReactions());
            String figures = "our receiver saw " + ceUp + " CE-marked segments from Linux; our sender reduced its window " + reactions + " times on Linux's ECE; Linux's CWR: " + cwr.stdout().strip();
            System.out.println("ECN with Linux: " + figures);
            assertThat(ceUp).as(figures).isPositive();
            assertThat(reactions).as(figures).isPositive();
            assertThat(fx.call(() -> server.failures())).isEmpty();
        }
    }

    @Test
    void simulatedHttpLoadFetchesFromRealNginx() throws Exception {
        LiveFixture.requireLive();
        LiveFixture.requireTool("nginx");
        LiveFixture.requireTool("ss");
        int size = 100_000;
        Path www = Files.createDirectories(dir.resolve("www"));
        byte[] page = new byte[size];
        new SplittableRandom(7).nextBytes(page);
        Files.write(www.resolve("page.bin"), page);
        try (LiveFixture fx = new LiveFixture(1, dir)) {
            Network lan = fx.network("lan", LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(2 * MS));
            Machine client = fx.sim().machine("client");
            fx.sim().connect(client, lan, "10.0.0.1/24");
            // Four connections for 2 s, each path drawn uniformly: a 100 KB file and a path nginx answers with 404.
            HttpLoad load = new HttpLoad(LoadConfig.of(Arguments.of("to", "10.0.0.100", "paths", "/page.bin,/missing.bin", "connections", "4", "duration", "2s"),
                    ApplicationFactory.Context.of(Ipv4Address::parse, Path.of(""))));
            client.addApplication(load);
            LiveFixture.Host host = fx.host(lan, "10.0.0.100/24");
            fx.nginx(host.ns(), 80, www);
            fx.start();
            Thread.sleep(2_500);
            LoadReport report = fx.call(() -> load.finishedAtNs() >= 0 ? load.report() : null);
            assertThat(report).as("http_load still running after 2.5 s of wall time").isNotNull();
            // The generator has ended: nothing changes its figures any more, and call() made them visible here.
            Map<Integer, Long> statuses = report.errors().statuses();
            long ok = statuses.getOrDefault(200, 0L), missing = statuses.getOrDefault(404, 0L);
            String figures = String.format(Locale.ROOT, "%d responses (%d × 200, %d × 404), %d bytes, %.1f Mbit/s, latency p50 %.2f ms max %.2f ms, errors %s",
                    report.requests(), ok, missing, report.bytes(), report.bytesPerSecond() * 8 / 1e6,
                    report.latency().percentileNs(50) / 1e6, report.latency().maxNs() / 1e6, report.errors().asMap());
            System.out.println("http_load -> nginx: " + figures);
            assertThat(statuses.keySet()).as(figures).containsOnly(200, 404);
            assertThat(ok).as(figures).isGreaterThan(10);
            assertThat(missing).as(figures).isGreaterThan(10);
            assertThat(ok + missing).as(figures).isEqualTo(report.requests());
            assertThat(report.errors().total()).as("errors other than the 404s; " + figures).isEqualTo(report.errors().count(LoadErrors.Kind.STATUS)).isEqualTo(missing);
            // Every 200 carried the file whole; each response's head and a 404's body are under 1 KB.
            assertThat(report.bytes()).as(figures).isBetween(ok * size, ok * (size + 1000) + missing * 1000 + 4 * (size + 1000));
            assertThat(fx.call(() -> client.failures())).isEmpty();
        }
    }

    /**
     * Two namespaces joined through the simulation: a - lanA - r1 - wan (point-to-point, {@code wan})
     * - r2 - lanB - b. Returns {a, b}; r1 is the fixture's machine "r1" (the ipfw tests' bump).
     */
    static LiveFixture.Host[] bumpInTheWire(LiveFixture fx, LinkConfig wan) throws Exception {
        Simulation sim = fx.sim();
        LinkConfig lanConfig = LinkConfig.UNLIMITED.withDelay(MS / 2);
        Network lanA = fx.network("lanA", lanConfig), lanB = fx.network("lanB", lanConfig);
        Network link = sim.link("wan", wan, Simulation.Resolution.STATIC);
        Machine r1 = sim.machine("r1"), r2 = sim.machine("r2");
        sim.connect(r1, lanA, "10.1.0.1/24");
        sim.connect(r1, link, "10.9.0.1/30");
        sim.connect(r2, link, "10.9.0.2/30");
        sim.connect(r2, lanB, "10.2.0.1/24");
        sim.router(r1);
        sim.router(r2);
        sim.route(r1, "10.2.0.0/24", "10.9.0.2");
        sim.route(r2, "10.1.0.0/24", "10.9.0.1");
        return new LiveFixture.Host[] {fx.host(lanA, "10.1.0.100/24", "default via 10.1.0.1"), fx.host(lanB, "10.2.0.100/24", "default via 10.2.0.1")};
    }

    /** What one iperf3 run measured: goodput at the receiver and at the sender, Mbit/s, and retransmissions. */
    record Iperf(double receivedMbps, double sentMbps, long retransmits) {
        @Override
        public String toString() { return String.format(Locale.ROOT, "received %.3f Mbit/s, sent %.3f Mbit/s, %d retransmits", receivedMbps, sentMbps, retransmits); }
    }

    /** {@code iperf3 -c} from {@code client} to {@code server}'s {@code port} for {@code seconds} ({@code reverse}: the server sends). */
    static Iperf iperf(LiveFixture fx, LiveFixture.Host client, LiveFixture.Host server, int port, int seconds, boolean reverse) throws IOException {
        String[] args = reverse
                ? new String[] {"iperf3", "-c", server.ip(), "-p", Integer.toString(port), "-t", Integer.toString(seconds), "-J", "-R"}
                : new String[] {"iperf3", "-c", server.ip(), "-p", Integer.toString(port), "-t", Integer.toString(seconds), "-J"};
        LiveFixture.Result r = fx.run(client.ns(), Duration.ofSeconds(seconds + 12), args);
        JsonNode j = JSON.readTree(r.out().isBlank() ? "{}" : r.out());
        assertThat(j.path("error").isMissingNode() && r.ok()).as("iperf3: %s", r).isTrue();
        JsonNode end = j.path("end");
        return new Iperf(end.path("sum_received").path("bits_per_second").asDouble() / 1e6,
                end.path("sum_sent").path("bits_per_second").asDouble() / 1e6, end.path("sum_sent").path("retransmits").asLong());
    }

    @Test
    void iperf3ThroughA10MbitPipeGetsAtLeast9Mbit() throws Exception {
        LiveFixture.requireLive();
        LiveFixture.requireTool("iperf3");
        LiveFixture.requireTool("ss");
        try (LiveFixture fx = new LiveFixture(1, dir)) {
            // 10 Mbit/s, 2 ms each way, 64 frames of queue (about 77 ms at 10 Mbit/s: several times the path's BDP).
            LiveFixture.Host[] h = bumpInTheWire(fx, LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(2 * MS).withQueuePackets(64));
            fx.iperf3Server(h[1].ns(), 5201);
            fx.start();
            double[] rtt = ping(fx, h[0].ns(), h[1].ip(), 10);
            Iperf up = iperf(fx, h[0], h[1], 5201, 4, false);
            // The line carries whole frames: a full segment is 1448 bytes of data (Linux uses timestamps) in a 1514-byte frame.
            String figures = String.format(Locale.ROOT, "ping RTT min/avg/max %.3f/%.3f/%.3f ms; iperf3 %s; the line allows %.3f Mbit/s of goodput",
                    rtt[0], rtt[1], rtt[2], up, 10.0 * 1448 / 1514);
            System.out.println("iperf3 through 10 Mbit/s: " + figures);
            // 2 × (0.5 + 2 + 0.5) ms and a 98-byte frame each way at 10 Mbit/s: 6.157 ms; four TAP crossings and the real-time kernel add some.
            assertThat(rtt[0]).as(figures).isGreaterThanOrEqualTo(6.15);
            assertThat(rtt[1]).as(figures).isLessThan(9.5);
            assertThat(up.receivedMbps()).as(figures).isBetween(9.0, 10.0);
        }
    }

    /**
     * The dummynet paper's example 1 on the bump in the wire (router r1 classifies): 256 kbit/s and
     * 20 ms for what goes to ports 2000–3000, 4 Mbit/s and 5 ms for what comes back from them,
     * everything else unconstrained. The pipes count IP packets: a full segment carries 1448 bytes of
     * data (Linux's timestamps) in a 1500-byte packet, so goodput is the rate × 1448/1500.
     */
    @Test
    void theDummynetPapersAsymmetricLinkBetweenTwoNamespaces() throws Exception {
        LiveFixture.requireLive();
        LiveFixture.requireTool("iperf3");
        LiveFixture.requireTool("ss");
        try (LiveFixture fx = new LiveFixture(1, dir)) {
            LiveFixture.Host[] h = bumpInTheWire(fx, LinkConfig.UNLIMITED.withDelay(MS / 2));
            Machine r1 = fx.sim().find("r1");
            RuleSet rules = RuleSet.of(r1);
            DummynetLines objects = DummynetLines.of(Dummynet.of(fx.sim().kernel()));
            for (String line : new String[] {
                    "ipfw pipe 10 config bw 256 Kbit/s delay 20ms",
                    "ipfw pipe 11 config bw 4 Mbit/s delay 5ms",
                    "ipfw add 100 pipe 10 out dst-port 2000-3000",
                    "ipfw add 200 pipe 11 in src-port 2000-3000",
                    "ipfw add 300 allow ip from any to any"})
                Ipfw.line(line, rules, objects);
            fx.iperf3Server(h[1].ns(), 2500);
            fx.iperf3Server(h[1].ns(), 5201);
            fx.start();
            Iperf up = iperf(fx, h[0], h[1], 2500, 4, false);
            Iperf down = iperf(fx, h[0], h[1], 2500, 3, true);
            Iperf other = iperf(fx, h[0], h[1], 5201, 2, false);
            double upGoodput = 0.256 * 1448 / 1500, downGoodput = 4.0 * 1448 / 1500;
            var stats = fx.call(() -> List.of(h[0].bridge().stats(), h[1].bridge().stats()));
            String lateness = fx.call(() -> String.format(Locale.ROOT, "lateness mean %.1f us, p99 %.1f us, max %.1f ms",
                    fx.kernel().lateness().meanNs() / 1e3, fx.kernel().lateness().quantileNs(0.99) / 1e3, fx.kernel().lateness().maxNs() / 1e6));
            String rx = fx.run(h[1].ns(), Duration.ofSeconds(5), "ip", "-s", "-o", "link", "show", "dev", h[1].device()).out().replaceAll("\\s+", " ");
            String figures = String.format(Locale.ROOT, "port 2500 up: %s (pipe allows %.3f); down: %s (pipe allows %.3f); port 5201 up: %s; %s; bridges %s; receiver's device %s",
                    up, upGoodput, down, downGoodput, other, lateness, stats, rx);
            System.out.println("dummynet asymmetric link: " + figures);
            assertThat(up.receivedMbps()).as(figures).isBetween(0.9 * upGoodput, 1.1 * upGoodput);
            assertThat(down.receivedMbps()).as(figures).isBetween(0.9 * downGoodput, 1.1 * downGoodput);
            assertThat(other.receivedMbps()).as(figures).isGreaterThan(20);
        }
    }

    /**
     * IPv6 from a fresh Linux interface (router solicitations, MLD reports, and here unicast echo
     * requests to the simulated machine's MAC) is dropped and counted as an unknown EtherType;
     * IPv4 goes on working.
     */
    @Test
    void ipv6FramesToASimulatedMachineAreCountedDrops() throws Exception {
        LiveFixture.requireLive();
        LiveFixture.requireTool("ping");
        try (LiveFixture fx = new LiveFixture(1, dir)) {
            Network lan = fx.network("lan", LinkConfig.UNLIMITED);
            Machine server = fx.sim().machine("server");
            fx.sim().connect(server, lan, "10.0.0.1/24");
            LiveFixture.Host host = fx.host(lan, "10.0.0.100/24", true);
            fx.start();
            long mac = fx.call(() -> server.nic(0).mac());
            String lladdr = HexFormat.ofDelimiter(":").formatHex(new byte[] {(byte) (mac >>> 40), (byte) (mac >>> 32), (byte) (mac >>> 24), (byte) (mac >>> 16), (byte) (mac >>> 8), (byte) mac});
            LiveFixture.Result neigh = fx.run(host.ns(), Duration.ofSeconds(5), "ip", "-6", "neigh", "add", "fe80::1", "lladdr", lladdr, "dev", host.device(), "nud", "permanent");
            assertThat(neigh.ok()).as("ip -6 neigh add: %s", neigh).isTrue();
            // The link-local address is tentative (duplicate address detection) for about a second; Linux sends nothing from it meanwhile.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!fx.run(host.ns(), Duration.ofSeconds(5), "ip", "-6", "addr", "show", "dev", host.device(), "tentative").out().isBlank()) {
                assertThat(System.nanoTime()).as("the link-local address still tentative after 5 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            LiveFixture.Result ping6 = fx.run(host.ns(), Duration.ofSeconds(10), "ping", "-6", "-c", "5", "-i", "0.05", "-W", "1", "fe80::1%" + host.device());
            assertThat(ping6.exit()).as("no IPv6 echo replies from a machine without IPv6: %s", ping6).isNotZero();
            long dropped = fx.call(() -> server.drops(EthernetDrop.UNKNOWN_ETHERTYPE));
            assertThat(dropped).as("IPv6 frames dropped as an unknown EtherType; ping -6: %s; drops %s", ping6, fx.call(() -> server.drops())).isGreaterThanOrEqualTo(5);
            assertThat(fx.call(() -> server.failures())).isEmpty();
            double[] rtt = ping(fx, host.ns(), "10.0.0.1", 3);
            assertThat(rtt[1]).isLessThan(5.0);
        }
    }
}
