package elvis.trace;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.Tcp;
import elvis.testing.Duplex;
import elvis.testing.TwoLans;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our captures, read by real tools: tshark must find no malformed packet and no checksum or
 * expert error, and scapy must rebuild every frame byte for byte. CI installs both (.ci/run);
 * elsewhere the test is skipped when they are missing.
 */
class WiresharkTest {
    static final long MS = 1_000_000;

    @TempDir
    static Path dir;

    @BeforeAll
    static void toolsPresent() {
        boolean ci = System.getenv("CI") != null;
        boolean present = Files.isExecutable(Path.of("/usr/bin/tshark")) && run("/usr/bin/python3", "-c", "import scapy").exit == 0;
        if (ci) assertThat(present).as("CI must install tshark and python3-scapy (.ci/run)").isTrue();
        Assumptions.assumeTrue(present, "tshark or scapy not installed");
    }

    record Result(int exit, String out) { }

    static Result run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS)) { p.destroyForcibly(); return new Result(-1, "timeout"); }
            return new Result(p.exitValue(), out);
        } catch (IOException | InterruptedException e) {
            return new Result(-1, e.toString());
        }
    }

    /** tshark with checksum validation on and TCP reassembly off; returns the lines it printed for the filter. */
    static List<String> tshark(Path pcap, String filter, String... fields) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/tshark", "-n", "-r", pcap.toString(),
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-o", "tcp.desegment_tcp_streams:FALSE", "-Y", filter));
        if (fields.length > 0) {
            cmd.addAll(List.of("-T", "fields"));
            for (String f : fields) cmd.addAll(List.of("-e", f));
        }
        Result r = run(cmd.toArray(String[]::new));
        assertThat(r.exit).as(r.out).isZero();
        return r.out.lines().filter(l -> !l.isBlank() && !l.startsWith("Running as user")).toList();
    }

    /** The acceptance check of issue 6: nothing malformed, no expert error. */
    static void assertClean(Path pcap) {
        assertThat(tshark(pcap, "_ws.expert.severity >= \"error\" || _ws.malformed")).as(pcap.toString()).isEmpty();
    }

    static void assertScapyRebuildsEveryFrame(Path pcap, long frames) throws IOException {
        Path script = pcap.resolveSibling("rebuild_frames.py");
        try (var in = WiresharkTest.class.getResourceAsStream("/rebuild_frames.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Result r = run("/usr/bin/python3", script.toString(), pcap.toString());
        assertThat(r.exit).as(r.out).isZero();
        assertThat(r.out).as(r.out).contains("frames=" + frames + " differing=0");
    }

    static int ip(String s) { return Ipv4Address.parse(s); }

    @Test
    void udpFanInIsCleanAndTimestampedInVirtualTime() throws IOException {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(MS));
        Machine sink = sim.machine("sink");
        sim.connect(sink, lan, "10.0.0.1/16");
        sink.addApplication(new CountDatagrams(5000, 200, null));
        for (int i = 0; i < 200; i++) {
            Machine m = sim.machine("s" + i);
            sim.connect(m, lan, ip("10.0.1.0") + i, 16);
            m.addApplication(new SendDatagrams(ip("10.0.0.1"), 5000, Message.ofUtf8("hello from " + i), 1, 0, i * 10_000L));
        }
        Path pcap = dir.resolve("fanin.pcap");
        PcapWriter w;
        try (Captures c = new Captures(sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            w = c.network(lan, pcap);
            sim.run();
        }
        assertThat(w.frames()).isEqualTo(200);
        assertClean(pcap);
        List<String> rows = tshark(pcap, "udp.dstport == 5000", "frame.time_epoch", "ip.src", "udp.length");
        assertThat(rows).hasSize(200);
        assertThat(rows.get(3)).isEqualTo("0.000030000\t10.0.1.3\t" + (8 + "hello from 3".length()));
        assertScapyRebuildsEveryFrame(pcap, 200);
    }

    @Test
    void arpResolutionIsCleanAndShowsRequestAndReply() throws IOException {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.ARP);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "192.168.0.1/24");
        sim.connect(b, lan, "192.168.0.2/24");
        b.addApplication(new CountDatagrams(7, 2, null));
        a.addApplication(new SendDatagrams(ip("192.168.0.2"), 7, Message.zeros(4), 2, 5 * MS, 0));
        Path pcap = dir.resolve("arp.pcap");
        try (Captures c = new Captures(sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            c.machine(a, pcap);
            sim.run();
        }
        assertClean(pcap);
        assertThat(tshark(pcap, "arp", "arp.opcode", "arp.src.proto_ipv4", "arp.dst.proto_ipv4"))
                .containsExactly("1\t192.168.0.1\t192.168.0.2", "2\t192.168.0.2\t192.168.0.1");
        assertThat(tshark(pcap, "udp", "udp.dstport")).containsExactly("7", "7");
        assertScapyRebuildsEveryFrame(pcap, 4);
    }

    @Test
    void aRouterCrossingIsCleanOnBothNetworksWithTheTtlDecremented() throws IOException {
        TwoLans lans = TwoLans.build(LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.ARP).routed();
        Simulation sim = lans.sim();
        Network left = lans.left(), right = lans.right();
        Machine a = lans.a(), b = lans.b();
        b.addApplication(new CountDatagrams(9, 3, null));
        a.addApplication(new SendDatagrams(ip("10.0.2.2"), 9, Message.ofUtf8("through the router"), 3, MS, 0));
        Path l = dir.resolve("left.pcap"), rt = dir.resolve("right.pcap");
        try (Captures c = new Captures(sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            c.network(left, l);
            c.network(right, rt);
            sim.run();
        }
        assertClean(l);
        assertClean(rt);
        assertThat(tshark(l, "udp", "ip.ttl")).containsOnly("64").hasSize(3);
        assertThat(tshark(rt, "udp", "ip.ttl")).containsOnly("63").hasSize(3);
        assertScapyRebuildsEveryFrame(rt, 5);   // ARP request and reply, then three datagrams
    }

    @Test
    void theSnapLengthTruncatesCapturedFramesButKeepsTheirLength() throws IOException {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        b.addApplication(new CountDatagrams(7, 1, null));
        a.addApplication(new SendDatagrams(ip("10.0.0.2"), 7, Message.zeros(1000), 1, 0, 0));
        Path pcap = dir.resolve("snap.pcap");
        try (Captures c = new Captures(sim.kernel(), 64)) {
            c.network(lan, pcap);
            sim.run();
        }
        assertThat(tshark(pcap, "frame", "frame.cap_len", "frame.len")).containsExactly("64\t1042");
    }

    @Test
    void anOverloadedOneMegabitLinkIsCapturedAtItsRateWithItsDropsLoggedApart() throws IOException {
        // Issue 12 §10: 100 datagrams of 1000 bytes, one per millisecond, into 1 Mbit/s with a queue of 5.
        CapturesTest.Overload o = CapturesTest.overload(0);
        Path pcap = dir.resolve("overload.pcap");
        try (Captures c = new Captures(o.sim().kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            c.network(o.link(), pcap);
            o.sim().run();
        }
        assertClean(pcap);
        Result r = run("/usr/bin/capinfos", "-T", "-r", "-M", "-c", "-d", "-u", "-i", "-o", pcap.toString());
        assertThat(r.exit).as(r.out).isZero();
        String[] info = r.out.strip().split("\t");   // file, packets, bytes, duration s, bit/s, in time order
        assertThat(Integer.parseInt(info[1])).isEqualTo(17);
        assertThat(Long.parseLong(info[2])).isEqualTo(17 * 1042);
        assertThat(info[5]).isEqualTo("True");
        // capinfos divides all 17 frames' bits by the time from the first frame's first bit to the
        // last's, which leaves out the last frame's own transmission: back to back, 17/16 of the rate.
        double seconds = Double.parseDouble(info[3]), bitRate = Double.parseDouble(info[4]);
        assertThat(bitRate).isCloseTo(1_000_000.0 * 17 / 16, org.assertj.core.data.Offset.offset(1.0));
        assertThat(16 * 1042 * 8 / seconds).isLessThanOrEqualTo(1_000_000.0 + 1e-3);
        assertThat(Files.readAllLines(DropLog.besides(pcap))).hasSize(83).allMatch(l -> l.contains("\"cause\":\"queue\""));
        assertScapyRebuildsEveryFrame(pcap, 17);
    }

    record TcpRun(Path pcap, long stackRetransmissions) { }

    /** A transfer over a lossy 20 Mbit/s, 10 ms link, captured at the sender (which sees every transmission). */
    static TcpRun lossyTransfer(String name, long bytes, double loss, int receiveBuffer) throws IOException {
        Simulation sim = new Simulation(5);
        Network wan = sim.link("wan", LinkConfig.UNLIMITED.withBandwidth(20_000_000).withDelay(10 * MS).withLoss(loss)
                .withQueuePackets(100), Simulation.Resolution.ARP);
        Machine client = sim.machine("client"), server = sim.machine("server");
        sim.connect(client, wan, "10.1.0.1/30");
        sim.connect(server, wan, "10.1.0.2/30");
        Tcp.of(client).config(elvis.protocol.tcp.TcpConfig.DEFAULT.withMss(1400));
        Tcp.of(server).config(elvis.protocol.tcp.TcpConfig.DEFAULT.withReceiveBuffer(receiveBuffer));
        elvis.app.TcpSink sink = new elvis.app.TcpSink(80, bytes, false);
        server.addApplication(sink);
        elvis.app.TcpBulkSend send = new elvis.app.TcpBulkSend(ip("10.1.0.2"), 80, bytes, 0);
        client.addApplication(send);
        Path pcap = dir.resolve(name + ".pcap");
        try (Captures c = new Captures(sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            c.machine(client, pcap);
            sim.run();
        }
        assertThat(sink.received()).isEqualTo(bytes);
        return new TcpRun(pcap, send.connection().info().retransmissions());
    }

    @Test
    void withAWindowTooSmallForFastRecoveryTsharkCountsExactlyTheStacksRetransmissions() throws IOException {
        // Two segments in flight: a loss cannot draw three duplicate ACKs, so each is repaired by the
        // retransmission timer, long after any new data, and tshark calls every repeat a retransmission.
        TcpRun run = lossyTransfer("tcp-small-window", 300_000, 0.05, 2800);
        assertThat(run.stackRetransmissions).isGreaterThan(5);
        assertClean(run.pcap);
        assertThat(tshark(run.pcap, "tcp.analysis.retransmission")).hasSize((int) run.stackRetransmissions);
    }

    @Test
    void aLossyBulkTransferIsCleanAndEveryRepeatedSegmentIsOneTheStackCounted() throws IOException {
        TcpRun run = lossyTransfer("tcp-bulk", 2_000_000, 0.02, 1 << 20);
        assertThat(run.stackRetransmissions).isGreaterThan(10);
        assertClean(run.pcap);
        // Wireshark labels a repeat sent within one handshake RTT of the newest data "Out-Of-Order"
        // rather than "Retransmission" (its ooo_thres heuristic): SACK hole repair does exactly that.
        // The sender never sends new data out of order, so both labels together are its retransmissions.
        int retransmissions = tshark(run.pcap, "tcp.analysis.retransmission").size();
        int outOfOrder = tshark(run.pcap, "tcp.analysis.out_of_order && ip.src == 10.1.0.1").size();
        assertThat(retransmissions + outOfOrder).isEqualTo((int) run.stackRetransmissions);
        assertThat(retransmissions).isGreaterThan(outOfOrder);
        // Each SYN carries the MSS its stack advertises: 1400 configured on the client, the default 1460 on the server.
        assertThat(tshark(run.pcap, "tcp.flags.syn == 1", "tcp.flags.ack", "tcp.options.mss_val")).containsExactly("0\t1400", "1\t1460");
        assertScapyRebuildsEveryFrame(run.pcap, tshark(run.pcap, "frame").size());
    }

    @Test
    void anEcnTransferThroughAMarkingCodelQueueIsCleanAndTsharkReadsEveryEcnBit() throws IOException {
        Simulation sim = new Simulation(2);
        Network wan = sim.link("wan", LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(10 * MS).withQueuePackets(1000)
                .with(LinkConfig.QDISC, "codel").with(LinkConfig.ECN, true), Simulation.Resolution.ARP);
        Machine client = sim.machine("client"), server = sim.machine("server");
        sim.connect(client, wan, "10.1.0.1/30");
        sim.connect(server, wan, "10.1.0.2/30");
        elvis.protocol.tcp.TcpConfig big = elvis.protocol.tcp.TcpConfig.DEFAULT.withSendBuffer(4 << 20).withReceiveBuffer(4 << 20);
        Tcp.of(client).config(big.withEcn("on"));
        Tcp.of(server).config(big);
        elvis.app.TcpSink sink = new elvis.app.TcpSink(80, 6_000_000, false);
        server.addApplication(sink);
        elvis.app.TcpBulkSend send = new elvis.app.TcpBulkSend(ip("10.1.0.2"), 80, 6_000_000, 0);
        client.addApplication(send);
        Path pcap = dir.resolve("ecn.pcap");
        try (Captures c = new Captures(sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            c.network(wan, pcap);
            sim.run();
        }
        assertThat(sink.received()).isEqualTo(6_000_000);
        long marked = wan.stats().ecnMarked(), reactions = elvis.protocol.tcp.EcnCounters.existing(client).eceReactions();
        assertThat(marked).isPositive();
        assertClean(pcap);
        // RFC 3168 §6.1.1: the ECN-setup SYN has ECE and CWR, its SYN-ACK ECE alone; neither is ECT.
        assertThat(tshark(pcap, "tcp.flags.syn == 1", "tcp.flags.ack", "tcp.flags.ece", "tcp.flags.cwr", "ip.dsfield.ecn"))
                .containsExactly("0\t1\t1\t0", "1\t1\t0\t0");
        // The capture shows frames as they left the queue: each CE mark once, on data; the rest of the data ECT(0).
        assertThat(tshark(pcap, "ip.dsfield.ecn == 3 && tcp.len > 0")).hasSize((int) marked);
        assertThat(tshark(pcap, "ip.dsfield.ecn == 3 && tcp.len == 0")).isEmpty();
        assertThat(tshark(pcap, "ip.dsfield.ecn == 0 && tcp.len > 0 && ip.src == 10.1.0.1")).isEmpty();
        assertThat(tshark(pcap, "ip.dsfield.ecn != 0 && ip.src == 10.1.0.2")).as("pure ACKs are not ECT").isEmpty();
        assertThat(tshark(pcap, "tcp.flags.ece == 1 && tcp.flags.syn == 0 && ip.src == 10.1.0.2")).isNotEmpty();
        assertThat(tshark(pcap, "tcp.flags.cwr == 1 && tcp.flags.syn == 0")).hasSize((int) reactions);
        assertThat(tshark(pcap, "tcp.analysis.retransmission")).isEmpty();
        assertScapyRebuildsEveryFrame(pcap, tshark(pcap, "frame").size());
    }

    @Test
    void aSimultaneousOpenWithDataBothWaysOverASmallMtuIsClean() throws IOException {
        // The segments this session's fixes shape: SYN-ACKs crossing (simultaneous open), MSS from a
        // 1000-byte MTU, data shortened to carry SACK blocks for the other direction's losses.
        Simulation sim = new Simulation(3);
        Network wan = sim.link("wan", LinkConfig.UNLIMITED.withBandwidth(20_000_000).withDelay(10 * MS).withLoss(0.02)
                .withMtu(1000), Simulation.Resolution.ARP);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, wan, "10.1.0.1/30");
        sim.connect(b, wan, "10.1.0.2/30");
        Duplex atA = new Duplex(400_000), atB = new Duplex(400_000);
        sim.kernel().schedule(0, () -> Tcp.of(a).connect(1111, ip("10.1.0.2"), 2222, null, null, atA));
        sim.kernel().schedule(0, () -> Tcp.of(b).connect(2222, ip("10.1.0.1"), 1111, null, null, atB));
        Path pcap = dir.resolve("simultaneous.pcap");
        try (Captures c = new Captures(sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            c.network(wan, pcap);
            sim.run();
        }
        assertThat(atA.received()).isEqualTo(400_000);
        assertThat(atB.received()).isEqualTo(400_000);
        assertClean(pcap);
        assertThat(tshark(pcap, "tcp.flags.syn == 1 && tcp.flags.ack == 1")).isNotEmpty();
        assertThat(tshark(pcap, "tcp.options.sack_le && tcp.len > 0")).as("data segments with SACK blocks").isNotEmpty();
        assertThat(tshark(pcap, "ip.len > 1000")).isEmpty();
        assertThat(tshark(pcap, "tcp.flags.syn == 1", "tcp.options.mss_val")).containsOnly("960");
        assertScapyRebuildsEveryFrame(pcap, tshark(pcap, "frame").size());
    }

    @Test
    void pingAndTracerouteAreCleanWithGoodIcmpChecksumsAndTheRightQuotes() throws IOException {
        Simulation sim = new Simulation(1);
        LinkConfig hop = LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(MS);
        Machine[] n = elvis.testing.RouterChain.build(sim, java.util.Collections.nCopies(3, hop),
                java.util.Collections.nCopies(3, Simulation.Resolution.ARP));
        n[0].addApplication(new elvis.app.Ping(ip("10.0.2.2"), 2, 100 * MS, 56, 64, 1000 * MS));
        n[0].addApplication(new elvis.app.Traceroute(ip("10.0.2.2"), 30, 3, 500 * MS));
        Path pcap = dir.resolve("icmp.pcap");
        PcapWriter w;
        try (Captures c = new Captures(sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            w = c.network(sim.networks().get(0), pcap);
            sim.run();
        }
        assertClean(pcap);
        assertThat(tshark(pcap, "icmp && icmp.checksum.status != 1")).as("every ICMP checksum verified good").isEmpty();
        assertThat(tshark(pcap, "icmp.type == 8 || icmp.type == 0", "icmp.type", "icmp.seq")).containsExactly("8\t1", "0\t1", "8\t2", "0\t2");
        // The errors: three time exceeded from each router, three port unreachable from the destination,
        // each quoting a probe's IP header and its UDP header (the quoted destination port, 33434 + probe).
        List<String> errors = tshark(pcap, "icmp.type == 11 || icmp.type == 3", "ip.src", "icmp.type", "icmp.code", "udp.dstport");   // ip.src: the error's, then the quote's
        assertThat(errors).containsExactly(
                "10.0.0.2,10.0.0.1\t11\t0\t33434", "10.0.0.2,10.0.0.1\t11\t0\t33435", "10.0.0.2,10.0.0.1\t11\t0\t33436",
                "10.0.1.2,10.0.0.1\t11\t0\t33437", "10.0.1.2,10.0.0.1\t11\t0\t33438", "10.0.1.2,10.0.0.1\t11\t0\t33439",
                "10.0.2.2,10.0.0.1\t3\t3\t33440", "10.0.2.2,10.0.0.1\t3\t3\t33441", "10.0.2.2,10.0.0.1\t3\t3\t33442");
        assertScapyRebuildsEveryFrame(pcap, w.frames());
    }
}
