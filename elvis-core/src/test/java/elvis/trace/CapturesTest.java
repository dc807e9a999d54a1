package elvis.trace;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
import elvis.link.FrameReceiver;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.link.PipeStats;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.sim.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Captures hold what was transmitted, stamped when its first bit left; drop logs hold the rest. */
class CapturesTest {
    static final long MS = 1_000_000;

    @TempDir
    Path dir;

    /** One pcap record: time in ns and original length. */
    record Frame(long timeNs, int length) { }

    static List<Frame> read(Path pcap) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(PcapWriter.MAGIC_NANOSECONDS);
        List<Frame> frames = new ArrayList<>();
        b.position(24);
        while (b.remaining() > 0) {
            long sec = b.getInt() & 0xFFFF_FFFFL, ns = b.getInt() & 0xFFFF_FFFFL;
            int captured = b.getInt(), length = b.getInt();
            b.position(b.position() + captured);
            frames.add(new Frame(sec * 1_000_000_000L + ns, length));
        }
        return frames;
    }

    static List<String> drops(Path pcap) throws IOException { return Files.readAllLines(DropLog.besides(pcap)); }

    static int ip(String s) { return Ipv4Address.parse(s); }

    /** The example: 1000-byte datagrams every millisecond into 1 Mbit/s with a queue of five. */
    record Overload(Simulation sim, Network link, Machine sender, Machine receiver) { }

    static Overload overload(double loss) {
        Simulation sim = new Simulation(1);
        Network link = sim.link("wan", LinkConfig.UNLIMITED.withBandwidth(1_000_000).withDelay(MS).withQueuePackets(5).withLoss(loss),
                Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, link, "10.0.0.1/30");
        sim.connect(b, link, "10.0.0.2/30");
        b.addApplication(new CountDatagrams(9, 100, null));
        a.addApplication(new SendDatagrams(ip("10.0.0.2"), 9, Message.zeros(1000), 100, MS, 0));
        return new Overload(sim, link, a, b);
    }

    @Test
    void aTailDroppingLinkCapturesOnlyTheFramesItTransmittedAtTheirFirstBitAndLogsTheDrops() throws IOException {
        Overload o = overload(0);
        Path pcap = dir.resolve("wan.pcap");
        try (Captures c = new Captures(o.sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            c.network(o.link, pcap);
            o.sim.run();
        }
        List<Frame> frames = read(pcap);
        List<String> drops = drops(pcap);
        PipeStats s = o.link.stats();
        assertThat(s.offered()).isEqualTo(100);
        assertThat(frames).hasSize((int) s.delivered()).hasSize(17);
        assertThat(drops).hasSize((int) s.droppedQueue()).hasSize(83);
        // 1042-byte frames take 8.336 ms at 1 Mbit/s: after the first, each leaves as the one before ends.
        long tx = 1042 * 8 * 1000;
        assertThat(frames.getFirst()).isEqualTo(new Frame(0, 1042));
        for (int i = 1; i < frames.size(); i++) assertThat(frames.get(i).timeNs - frames.get(i - 1).timeNs).isEqualTo(tx);
        // The first drop: the datagram sent at 6 ms finds frames 1..5 waiting behind the one on the wire.
        assertThat(drops.getFirst()).isEqualTo("{\"time_ns\":6000000,\"network\":\"wan\",\"from\":\"a/eth0\",\"to\":\"b/eth0\","
                + "\"cause\":\"queue\",\"length\":1042,\"ethertype\":\"0x0800\",\"src\":\"10.0.0.1\",\"dst\":\"10.0.0.2\","
                + "\"protocol\":\"udp\",\"src_port\":49152,\"dst_port\":9}");
        assertThat(drops).allMatch(d -> d.contains("\"cause\":\"queue\""));
        List<Long> dropTimes = drops.stream().map(d -> Long.parseLong(d.substring(11, d.indexOf(',')))).toList();
        assertThat(dropTimes).isSorted();
    }

    @Test
    void framesLostOnTheWireAreInTheSendersCaptureAndTheDropLogButNotTheReceivers() throws IOException {
        Overload o = overload(0.3);
        Path net = dir.resolve("wan.pcap"), atA = dir.resolve("a.pcap"), atB = dir.resolve("b.pcap");
        try (Captures c = new Captures(o.sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            c.network(o.link, net);
            c.machine(o.sender, atA);
            c.machine(o.receiver, atB);
            o.sim.run();
        }
        PipeStats s = o.link.stats();
        assertThat(s.droppedLoss()).isPositive();
        assertThat(read(net)).hasSize((int) (s.delivered() + s.droppedLoss()));
        assertThat(read(atA)).isEqualTo(read(net));
        assertThat(read(atB)).hasSize((int) s.delivered());
        assertThat(drops(net)).hasSize((int) s.dropped()).isEqualTo(drops(atA)).isEqualTo(drops(atB));
        // A loss is logged at the start of the frame's transmission, the time the capture shows it.
        List<Long> sent = read(net).stream().map(Frame::timeNs).toList();
        List<String> losses = drops(net).stream().filter(d -> d.contains("\"cause\":\"loss\"")).toList();
        assertThat(losses).hasSize((int) s.droppedLoss());
        for (String d : losses) assertThat(sent).contains(Long.parseLong(d.substring(11, d.indexOf(','))));
        // The receiver sees each frame it got one propagation delay and one transmission time after it left.
        List<Long> arrived = read(atB).stream().map(Frame::timeNs).toList();
        for (long t : arrived) assertThat(sent).contains(t - MS - 1042 * 8 * 1000);
    }

    @Test
    void aRunCutShortCapturesNoFrameThatHadNotStartedByItsEnd() throws IOException {
        Overload o = overload(0);
        Path pcap = dir.resolve("cut.pcap");
        try (Captures c = new Captures(o.sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            c.network(o.link, pcap);
            o.sim.runUntil(50 * MS);
        }
        // Frames start at 0, 8.336, ..., 41.68 ms: six by 50 ms; the five queued behind are not yet on the wire.
        assertThat(read(pcap)).hasSize(6).allMatch(f -> f.timeNs <= 50 * MS);
    }

    @Test
    void aMachineCaptureMixingQueuedTransmissionsAndArrivalsIsInTimeOrder() throws IOException {
        Simulation sim = new Simulation(2);
        Network wan = sim.link("wan", LinkConfig.UNLIMITED.withBandwidth(20_000_000).withDelay(5 * MS).withQueuePackets(20)
                .withLoss(0.01), Simulation.Resolution.STATIC);
        Machine client = sim.machine("client"), server = sim.machine("server");
        sim.connect(client, wan, "10.1.0.1/30");
        sim.connect(server, wan, "10.1.0.2/30");
        server.addApplication(new elvis.app.TcpSink(80, 1_000_000, false));
        client.addApplication(new elvis.app.TcpBulkSend(ip("10.1.0.2"), 80, 1_000_000, 0));
        Path pcap = dir.resolve("client.pcap");
        try (Captures c = new Captures(sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            c.machine(client, pcap);
            sim.run();
        }
        assertThat(sim.goalsMet()).isTrue();
        List<Long> times = read(pcap).stream().map(Frame::timeNs).toList();
        assertThat(times).hasSizeGreaterThan(700).isSorted();
        long queueDrops = drops(pcap).stream().filter(d -> d.contains("\"cause\":\"queue\"")).count();
        assertThat(queueDrops).isEqualTo(wan.stats().droppedQueue());
    }

    /** A NIC stand-in with a name. */
    record Port(String name) implements FrameReceiver {
        @Override public void receive(Message frame, long fcs) { }
    }

    static Message frame(long dst, int length) {
        byte[] h = new byte[14];
        for (int i = 0; i < 6; i++) h[i] = (byte) (dst >>> (40 - 8 * i));
        return Message.zeros(length - 14).prepend(h);
    }

    @Test
    void framesOverTheMtuAndToUnknownDestinationsAreLoggedNotCaptured() throws IOException {
        Simulator sim = Simulator.sequential(1);
        Network lan = new Network(sim, "lan", LinkConfig.UNLIMITED.withMtu(500));
        long a = 0x02_00_00_00_00_01L, b = 0x02_00_00_00_00_02L, c = 0x02_00_00_00_00_03L;
        int pa = lan.attach(a, new Port("a/eth0"));
        lan.attach(b, new Port("b/eth0"));
        lan.attach(c, new Port("c/eth0"));
        Path pcap = dir.resolve("lan.pcap");
        try (Captures captures = new Captures(sim, PcapWriter.DEFAULT_SNAPLEN)) {
            captures.network(lan, pcap);
            lan.transmit(pa, frame(b, 514));                    // fits
            lan.transmit(pa, frame(b, 515));                    // one byte over
            lan.transmit(pa, frame(0x02_00_00_00_00_09L, 60));  // nobody's
            lan.transmit(pa, frame(Network.BROADCAST, 60));     // to b and c: captured once
            sim.run();
        }
        assertThat(read(pcap)).containsExactly(new Frame(0, 514), new Frame(0, 60));
        assertThat(drops(pcap)).containsExactly(
                "{\"time_ns\":0,\"network\":\"lan\",\"from\":\"a/eth0\",\"to\":\"b/eth0\",\"cause\":\"mtu\",\"length\":515,\"ethertype\":\"0x0000\"}",
                "{\"time_ns\":0,\"network\":\"lan\",\"from\":\"a/eth0\",\"to\":null,\"cause\":\"unknown-destination\",\"length\":60,\"ethertype\":\"0x0000\"}");
        assertThat(lan.stats().droppedMtu()).isOne();
        assertThat(lan.unknownDestination()).isOne();
    }

    @Test
    void capturingChangesNeitherTimingNorEventCount() throws IOException {
        Overload plain = overload(0.3), captured = overload(0.3);
        plain.sim.run();
        try (Captures c = new Captures(captured.sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            c.network(captured.link, dir.resolve("n.pcap"));
            c.machine(captured.sender, dir.resolve("s.pcap"));
            captured.sim.run();
        }
        assertThat(captured.sim.kernel().now()).isEqualTo(plain.sim.kernel().now());
        assertThat(captured.sim.kernel().eventsDispatched()).isEqualTo(plain.sim.kernel().eventsDispatched());
        assertThat(captured.link.stats().toString()).isEqualTo(plain.link.stats().toString());
    }
}
