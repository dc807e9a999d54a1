package elvis.socket;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.PacketPair;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpState;
import elvis.protocol.tcp.TcpView;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The packet-pair estimator (REQUIREMENTS.md §9.5) on real transfers, and its validity rules on
 * hand-made ACK records.
 */
class PacketPairTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int B = elvis.protocol.ipv4.Ipv4Address.parse("10.0.0.2");

    /** Every valid sample of a 4 MB bulk transfer from a to b over a 10 Mbit/s, 10 ms link, and the estimator. */
    static List<Double> bulkSamples(boolean delayedAcks, PacketPair pp) {
        Simulation sim = new Simulation(3);
        Network net = sim.link("bottleneck", LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(10 * MS), Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, net, "10.0.0.1/24");
        sim.connect(b, net, "10.0.0.2/24");
        if (!delayedAcks) Tcp.of(b).config(Tcp.of(b).config().withDelayedAck(0));
        List<Double> samples = new ArrayList<>();
        Lan.add(b, p -> {
            StreamSocket c = Lan.listener(p, 80).accept();
            while (!c.recv(1 << 16).isEmpty()) { }
            c.close();
        });
        Lan.add(a, p -> {
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            TcpView view = s.inspect();
            pp.attach(view);
            long[] seen = {0};
            view.addAckListener(v -> {                        // after the estimator: collects each new sample
                if (pp.validSamples() > seen[0]) {
                    seen[0] = pp.validSamples();
                    samples.add(pp.latestBps());
                }
            });
            s.sendAll(Message.zeros(4_000_000));
            s.close();
        });
        sim.runUntil(60 * S);
        assertThat(a.failures()).isEmpty();
        return samples;
    }

    static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * §9.5's check: median within 5% of the 10 Mbit/s bottleneck, with and without delayed ACKs. The
     * estimate counts payload: 1448 of each 1514-byte frame (Ethernet 14, IPv4 20, TCP 20 + 12 of
     * timestamps), so the exact goodput is 9.564 Mbit/s, which it hits within 1%.
     */
    @Test
    void medianOfABulkTransferOverTenMegabitsIsWithinFivePercentWithAndWithoutDelayedAcks() {
        double goodput = 10e6 * 1448 / 1514;
        for (boolean delayed : new boolean[] {true, false}) {
            PacketPair pp = new PacketPair();
            List<Double> samples = bulkSamples(delayed, pp);
            assertThat(samples.size()).as("valid samples, delayed ACKs " + delayed).isGreaterThan(500);
            double median = median(samples);
            assertThat(median).as("median, delayed ACKs " + delayed).isCloseTo(10e6, within(0.05 * 10e6));
            assertThat(median).as("median, delayed ACKs " + delayed).isCloseTo(goodput, within(0.01 * goodput));
            assertThat(pp.smoothedBps()).isCloseTo(goodput, within(0.05 * goodput));
            assertThat(bulkSamples(delayed, new PacketPair())).as("deterministic").isEqualTo(samples);
        }
    }

    @Test
    void anApplicationThatSendsASegmentEveryHundredMillisecondsGivesNoValidPair() {
        Simulation sim = new Simulation(4);
        Network net = sim.link("wan", LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(10 * MS), Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, net, "10.0.0.1/24");
        sim.connect(b, net, "10.0.0.2/24");
        Tcp.of(b).config(Tcp.of(b).config().withDelayedAck(0));
        PacketPair pp = new PacketPair();
        Lan.add(b, p -> {
            StreamSocket c = Lan.listener(p, 80).accept();
            while (!c.recv(1 << 16).isEmpty()) { }
            c.close();
        });
        Lan.add(a, p -> {
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            pp.attach(s.inspect());
            for (int i = 0; i < 20; i++) {
                s.send(Message.zeros(1000));
                p.sleep(100 * MS);
            }
            pp.detach();
            s.close();
        });
        sim.runUntil(10 * S);
        // Each ACK gap is the application's pause (100 ms, 80 kbit/s would be the sample): all rejected.
        assertThat(pp.farApartSamples()).isEqualTo(19);
        assertThat(pp.validSamples()).isZero();
        assertThat(pp.latestBps()).isEqualTo(-1);
    }

    /** A view whose ACK records the test sets: newest first. */
    static final class Records implements TcpView {
        long[] ackNs = {-1, -1}, ackBytes = new long[2], sentNs = {-1, -1};
        int[] length = new int[2];

        void ack(long ns, long bytes, long sent, int len) {
            ackNs[1] = ackNs[0]; ackBytes[1] = ackBytes[0]; sentNs[1] = sentNs[0]; length[1] = length[0];
            ackNs[0] = ns; ackBytes[0] = bytes; sentNs[0] = sent; length[0] = len;
        }

        @Override public long ackNs(int which) { return ackNs[which]; }
        @Override public long ackBytes(int which) { return ackBytes[which]; }
        @Override public long ackedSentNs(int which) { return sentNs[which]; }
        @Override public int ackedLength(int which) { return length[which]; }
        @Override public TcpState state() { return TcpState.ESTABLISHED; }
        @Override public long cwnd() { return 0; }
        @Override public long ssthresh() { return 0; }
        @Override public long srttNs() { return -1; }
        @Override public long rttvarNs() { return 0; }
        @Override public long sndUna() { return 0; }
        @Override public long sndNxt() { return 0; }
        @Override public long sndMax() { return 0; }
        @Override public long unsentBytes() { return 0; }
        @Override public long unackedBytes() { return 0; }
        @Override public long sndWnd() { return 0; }
        @Override public int smss() { return 1448; }
        @Override public long receivedNs(int which) { return -1; }
        @Override public long receivedSeq(int which) { return -1; }
        @Override public long receivedAck(int which) { return -1; }
        @Override public long receivedTsVal(int which) { return -1; }
        @Override public long receivedTsEcr(int which) { return -1; }
        @Override public int receivedLength(int which) { return 0; }
        @Override public void addAckListener(AckListener listener) { }
        @Override public void removeAckListener(AckListener listener) { }
    }

    @Test
    void pairsSentFarApartOfDissimilarSizesOrWithoutASendTimeAreRejected() {
        Records r = new Records();
        PacketPair pp = new PacketPair(2 * MS, 0.9, 0.5);
        r.ack(10 * MS, 1448, 0, 1448);
        pp.acked(r);                                           // the first ACK: no pair
        assertThat(pp.pairs()).isZero();
        r.ack(11 * MS, 1448, 1 * MS, 1448);                    // sent 1 ms apart, 1448 B in 1 ms: 11.584 Mbit/s
        pp.acked(r);
        assertThat(pp.latestBps()).isEqualTo(1448 * 8e9 / MS);
        assertThat(pp.latestNs()).isEqualTo(11 * MS);
        r.ack(12 * MS, 1448, 4 * MS, 1448);                    // sent 3 ms after the one before: too far apart
        pp.acked(r);
        r.ack(13 * MS, 1448, 5 * MS, 1200);                    // 1200 < 0.9 · 1448
        pp.acked(r);
        r.ack(14 * MS, 2896, -1, 1448);                        // a retransmission among what it acknowledged
        pp.acked(r);
        r.ack(15 * MS, 1448, 6 * MS, 1448);                    // the one before has no send time
        pp.acked(r);
        r.ack(15 * MS, 1448, 6 * MS, 1448);                    // two ACKs in one instant
        pp.acked(r);
        assertThat(List.of(pp.validSamples(), pp.farApartSamples(), pp.dissimilarSamples(), pp.unknownSendTimeSamples(),
                pp.simultaneousSamples())).containsExactly(1L, 1L, 1L, 2L, 1L);
        r.ack(17 * MS, 2896, 7 * MS, 1400);                    // 1400 ≥ 0.9 · 1448, 2896 B in 2 ms
        pp.acked(r);
        assertThat(pp.latestBps()).isEqualTo(2896 * 8e9 / (2 * MS));
        // Gain 0.5: the average moves half way from the first sample to the second.
        assertThat(pp.smoothedBps()).isCloseTo((1448 * 8e9 / MS + 2896 * 8e9 / (2 * MS)) / 2, within(1e-6));
        assertThat(pp.pairs()).isEqualTo(7);
    }

    @Test
    void badParametersAreRefused() {
        assertThatThrownBy(() -> new PacketPair(-1, 0.9, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketPair(MS, 1.5, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketPair(MS, 0.9, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketPair(MS, Double.NaN, 0.1)).isInstanceOf(IllegalArgumentException.class);
        PacketPair pp = new PacketPair().attach(new Records());
        assertThatThrownBy(() -> pp.attach(new Records())).isInstanceOf(IllegalStateException.class);
    }
}
