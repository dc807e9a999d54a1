package elvis.protocol.tcp;

import elvis.Simulation;
import elvis.app.TcpBulkSend;
import elvis.app.TcpSink;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.sim.RandomStream;
import elvis.testing.Duplex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Transfers through {@link Simulation} over real links: integrity, utilisation, fairness, determinism. */
class TcpEndToEndTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int B = Ipv4Address.parse("10.0.0.2");

    /** Sends {@code copies} copies of one message over a connection, refilling on writable(). */
    static final class SendCopies implements Application {
        final Message chunk;
        final int copies;
        int queuedCopies;
        int offsetInCopy;
        TcpConnection connection;
        CloseReason outcome;

        SendCopies(Message chunk, int copies) { this.chunk = chunk; this.copies = copies; }
        @Override public String name() { return "copies"; }
        @Override public String summary() { return ""; }
        @Override public void start(Machine m) {
            connection = Tcp.of(m).connect(B, 80, this, new ConnectionHandler() {
                @Override public void connected(TcpConnection c) { fill(c); }
                @Override public void writable(TcpConnection c) { fill(c); }
                @Override public void closed(TcpConnection c, CloseReason r) { outcome = r; }
            });
        }
        void fill(TcpConnection c) {
            while (queuedCopies < copies) {
                Message rest = chunk.slice(offsetInCopy);
                int n = c.send(rest);
                if (n < rest.length()) { offsetInCopy += n; return; }
                offsetInCopy = 0;
                queuedCopies++;
            }
            c.close();
        }
    }

    record Outcome(byte[] digest, long received, TcpInfo senderInfo, long receiverDrops, long senderDrops) { }

    static Outcome lossyTransfer(String cc, long seed, int copies) {
        Simulation sim = new Simulation(seed);
        LinkConfig config = LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(5 * MS).withJitter(MS)
                .withQueuePackets(200).withLoss(0.01).withCorruption(0.005).withCheckFcs(false);
        Network link = sim.link("lossy", config, Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, link, "10.0.0.1/24");
        sim.connect(b, link, "10.0.0.2/24");
        TcpConfig tcp = TcpConfig.DEFAULT.withCongestionControl(cc).withMsl(S);
        Tcp.of(a).config(tcp);
        Tcp.of(b).config(tcp);
        byte[] pattern = new byte[65536];
        RandomStream r = new RandomStream(seed);
        for (int i = 0; i < pattern.length; i++) pattern[i] = (byte) r.nextLong();
        Message chunk = Message.wrap(pattern);
        TcpSink sink = new TcpSink(80, (long) copies * pattern.length, true);
        b.addApplication(sink);
        SendCopies send = new SendCopies(chunk, copies);
        a.addApplication(send);
        sim.run();
        assertThat(send.outcome).isEqualTo(CloseReason.NORMAL);
        return new Outcome(sink.digest(), sink.received(), send.connection.info(), b.totalDrops(), a.totalDrops());
    }

    static byte[] expectedDigest(long seed, int copies) throws Exception {
        byte[] pattern = new byte[65536];
        RandomStream r = new RandomStream(seed);
        for (int i = 0; i < pattern.length; i++) pattern[i] = (byte) r.nextLong();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < copies; i++) sha.update(pattern);
        return sha.digest();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reno", "newreno", "cubic"})
    void fiftyMegabytesCrossALossyReorderingCorruptingLinkIntact(String cc) throws Exception {
        int copies = 800;                                    // 52 MB
        Outcome o = lossyTransfer(cc, 3, copies);
        assertThat(o.received).isEqualTo(copies * 65536L);
        assertThat(o.digest).isEqualTo(expectedDigest(3, copies));
        assertThat(o.senderInfo.retransmissions()).isGreaterThan(100);     // losses really happened
        assertThat(o.receiverDrops + o.senderDrops).isPositive();          // and corruption was caught
    }

    @Test
    void sameSeedSameRun() {
        Outcome a = lossyTransfer("cubic", 9, 40), b = lossyTransfer("cubic", 9, 40);
        assertThat(a.senderInfo).isEqualTo(b.senderInfo);
        assertThat(a.receiverDrops).isEqualTo(b.receiverDrops);
        Outcome c = lossyTransfer("cubic", 10, 40);
        assertThat(c.senderInfo).isNotEqualTo(a.senderInfo);
    }

    @Test
    void dataBothWaysOnOneLossyConnectionStaysWithinTheMtu() {
        // Each end's data segments then carry SACK blocks for the other's losses: the data must
        // shrink to leave room for them (RFC 9293 §3.7.1), or the segments are too big to send.
        Simulation sim = new Simulation(8);
        Network link = sim.link("wan", LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(5 * MS).withLoss(0.01),
                Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, link, "10.0.0.1/24");
        sim.connect(b, link, "10.0.0.2/24");
        long bytes = 3_000_000;
        Duplex server = new Duplex(bytes), client = new Duplex(bytes);
        Tcp.of(b).listen(80, 1, null, c -> { server.fill(c); return server; });
        sim.kernel().schedule(0, () -> Tcp.of(a).connect(B, 80, null, client));
        sim.runUntil(60 * S);
        assertThat(a.drops("TOO_BIG") + b.drops("TOO_BIG") + a.drops("FRAG_NEEDED") + b.drops("FRAG_NEEDED")).isZero();
        assertThat(client.received()).isEqualTo(bytes);
        assertThat(server.received()).isEqualTo(bytes);
    }

    @Test
    void aServerWithManyConnectionsTellsApartTwoThatDifferOnlyInItsLocalAddress() {
        // Past eight connections TCP indexes them by (local port, remote port, remote address); a
        // client reaching both addresses of a multi-homed server from one port shares that key.
        Simulation sim = new Simulation(4);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
        Network other = sim.network("other", LinkConfig.UNLIMITED.withDelay(MS));
        Machine client = sim.machine("client"), server = sim.machine("server");
        sim.connect(client, lan, "10.0.0.1/24");
        sim.connect(server, lan, "10.0.0.2/24");
        sim.connect(server, other, "10.0.1.2/24");
        sim.route(client, "10.0.1.0/24", "10.0.0.2");
        List<Duplex> served = new ArrayList<>();
        Tcp.of(server).listen(80, 64, null, c -> { Duplex d = new Duplex(20_000); served.add(d); d.fill(c); return d; });
        List<Duplex> clients = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            Duplex d = new Duplex(30_000 + k);
            clients.add(d);
            int port = k < 8 ? 6000 + k : 5000;                     // the last two share port 5000
            int dst = Ipv4Address.parse(k == 9 ? "10.0.1.2" : "10.0.0.2");
            sim.kernel().schedule(k * MS, () -> Tcp.of(client).connect(port, dst, 80, null, null, d));
        }
        sim.runUntil(600 * S);
        for (Duplex d : clients) assertThat(d.received()).isEqualTo(20_000);
        assertThat(served).extracting(Duplex::received).containsExactlyInAnyOrder(
                30_000L, 30_001L, 30_002L, 30_003L, 30_004L, 30_005L, 30_006L, 30_007L, 30_008L, 30_009L);
        assertThat(Tcp.of(client).connectionCount() + Tcp.of(server).connectionCount()).isZero();
    }

    @Test
    void aLinkWithASmallMtuGetsSegmentsThatFitIt() {
        // RFC 9293 §3.7.1: each end offers MTU - 40 as its MSS when that is below the configured 1460.
        Simulation sim = new Simulation(2);
        Network link = sim.link("wan", LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(5 * MS).withMtu(1000),
                Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, link, "10.0.0.1/24");
        sim.connect(b, link, "10.0.0.2/24");
        java.util.List<Integer> mssOptions = new java.util.ArrayList<>();
        int[] largest = {0};
        link.addTap(new elvis.link.FrameTap() {
            @Override public void sent(Network n, int port, Message frame) {
                largest[0] = Math.max(largest[0], frame.length() - 14);
                TcpSegment s = TcpSegment.parse(frame.slice(14 + 20), new byte[60]);
                if (s != null && s.has(TcpSegment.SYN)) mssOptions.add(s.mss);
            }
        });
        TcpSink sink = new TcpSink(80, 1_000_000, false);
        b.addApplication(sink);
        a.addApplication(new TcpBulkSend(B, 80, 1_000_000, 0));
        sim.run();
        assertThat(sim.goalsMet()).isTrue();
        assertThat(mssOptions).containsExactly(960, 960);
        assertThat(largest[0]).isEqualTo(1000);
        assertThat(a.drops("TOO_BIG") + b.drops("TOO_BIG") + a.drops("FRAG_NEEDED") + b.drops("FRAG_NEEDED")).isZero();
    }

    @Test
    void aLongTransferFillsA10MbitLinkWithABdpSizedQueue() {
        Simulation sim = new Simulation(5);
        // RTT 100 ms, BDP = 10 Mbit/s · 100 ms = 125 kB ≈ 83 frames of 1514 bytes.
        LinkConfig config = LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(50 * MS).withQueuePackets(83);
        Network link = sim.link("wan", config, Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, link, "10.0.0.1/24");
        sim.connect(b, link, "10.0.0.2/24");
        long bytes = 30_000_000;
        TcpSink sink = new TcpSink(80, bytes, false);
        b.addApplication(sink);
        TcpBulkSend send = new TcpBulkSend(B, 80, bytes, 0);
        a.addApplication(send);
        sim.run();
        assertThat(sim.goalsMet()).isTrue();
        double seconds = (sink.lastArrivalNs() - sink.firstArrivalNs()) / 1e9;
        elvis.link.Pipe forward = link.activePipes().stream().filter(p -> p.stats().bytesDelivered() > bytes).findFirst().orElseThrow();
        double utilisation = forward.stats().bytesDelivered() * 8 / seconds / 10e6;
        assertThat(utilisation).isGreaterThanOrEqualTo(0.90);
        assertThat(forward.stats().droppedQueue()).isPositive();          // the window really probed the queue
    }

    @Test
    void twoFlowsSharingABottleneckGetFairShares() {
        Simulation sim = new Simulation(8);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(10 * MS).withQueuePackets(40));
        Machine s1 = sim.machine("s1"), s2 = sim.machine("s2"), r = sim.machine("r");
        sim.connect(r, lan, "10.0.0.2/24");
        sim.connect(s1, lan, "10.0.0.11/24");
        sim.connect(s2, lan, "10.0.0.12/24");
        TcpSink k1 = new TcpSink(81, 0, false), k2 = new TcpSink(82, 0, false);
        r.addApplication(k1);
        r.addApplication(k2);
        s1.addApplication(new TcpBulkSend(B, 81, 1L << 30, 0));
        s2.addApplication(new TcpBulkSend(B, 82, 1L << 30, 500 * MS));
        long[] at10 = new long[2];
        sim.kernel().at(10 * S, () -> { at10[0] = k1.received(); at10[1] = k2.received(); });
        sim.runUntil(60 * S);
        double x1 = k1.received() - at10[0], x2 = k2.received() - at10[1];
        double jain = (x1 + x2) * (x1 + x2) / (2 * (x1 * x1 + x2 * x2));
        assertThat(jain).isGreaterThanOrEqualTo(0.95);
        assertThat((x1 + x2) * 8 / 50 / 10e6).isGreaterThan(0.85);         // and together they use the link
    }
}
