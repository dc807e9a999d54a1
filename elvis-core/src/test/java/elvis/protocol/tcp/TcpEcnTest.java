package elvis.protocol.tcp;

import elvis.Simulation;
import elvis.app.TcpBulkSend;
import elvis.app.TcpSink;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.link.PipeStats;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** ECN end to end (RFC 3168): negotiation, ECT on new data only, the CE → ECE → CWR loop, the window's reaction. */
class TcpEcnTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int B = Ipv4Address.parse("10.0.0.2");
    static final LinkConfig BOTTLENECK = LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(10 * MS).withQueuePackets(1000);

    /** A TCP segment as it left a port: the IP ECN field, TCP flags, sequence number, payload length. */
    record Wire(int fromPort, int ecn, int flags, long seq, int len) {
        boolean has(int flag) { return (flags & flag) != 0; }
    }

    static final class Frames implements FrameTap {
        final List<Wire> sent = new ArrayList<>();

        @Override
        public void transmitting(Network net, int fromPort, Message f, long startNs) {
            if (f.length() < 54 || f.u16(12) != 0x0800 || f.u8(23) != 6) return;
            int ihl = (f.u8(14) & 0xF) * 4, tcp = 14 + ihl;
            int len = f.u16(16) - ihl - (f.u8(tcp + 12) >>> 4) * 4;
            sent.add(new Wire(fromPort, f.u8(15) & 3, f.u8(tcp + 13), f.u32(tcp + 4), len));
        }
    }

    record Run(Simulation sim, Machine a, Machine b, TcpConnection sender, PipeStats forward, Frames frames, TcpSink sink) { }

    /** a sends {@code bytes} (0: for 20 s) to b over {@code link}. */
    static Run run(LinkConfig link, TcpConfig aTcp, TcpConfig bTcp, long bytes) {
        Simulation sim = new Simulation(3);
        Network net = sim.link("wan", link, Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, net, "10.0.0.1/24");
        sim.connect(b, net, "10.0.0.2/24");
        Tcp.of(a).config(aTcp);
        Tcp.of(b).config(bTcp);
        Frames frames = new Frames();
        net.addTap(frames);
        TcpSink sink = new TcpSink(80, bytes, false);
        b.addApplication(sink);
        TcpBulkSend send = new TcpBulkSend(B, 80, bytes == 0 ? 1L << 40 : bytes, 0);
        a.addApplication(send);
        TcpConnection[] sender = new TcpConnection[1];
        sim.kernel().at(500 * MS, () -> sender[0] = Tcp.of(a).connections().getFirst());
        if (bytes == 0) sim.runUntil(20 * S);
        else sim.run();
        return new Run(sim, a, b, sender[0], net.pipe(1).stats(), frames, sink);
    }

    static final TcpConfig BIG = TcpConfig.DEFAULT.withSendBuffer(8 << 20).withReceiveBuffer(8 << 20);
    static final TcpConfig ECN_ON = BIG.withEcn("on");

    @Test
    void aMarkingCodelQueueSignalsWithCeAndTheSenderBacksOffWithoutLoss() {
        Run r = run(BOTTLENECK.with(LinkConfig.QDISC, "codel").with(LinkConfig.ECN, true), ECN_ON, BIG, 0);
        assertThat(r.sender.ecnNegotiated()).isTrue();
        assertThat(r.forward.ecnMarked()).isPositive();
        assertThat(r.forward.droppedAqm()).isZero();
        assertThat(r.forward.droppedQueue()).isZero();
        assertThat(r.sender.info().retransmissions()).isZero();
        EcnCounters sent = EcnCounters.existing(r.a), received = EcnCounters.existing(r.b);
        assertThat(received.ceReceived()).isEqualTo(r.forward.ecnMarked());
        assertThat(sent.eceReactions()).isPositive().isLessThanOrEqualTo(received.ceReceived());
        // The window was cut by the reactions: the queue stays short (CoDel's 5 ms target), the link busy.
        assertThat(r.sink.received() * 8.0 / 20 / 10e6).isGreaterThan(0.85);
        // The loop on the wire: ECE from the receiver, CWR on the sender's next new data after each reaction.
        List<Wire> w = r.frames.sent;
        assertThat(w.stream().filter(x -> x.fromPort() == 1 && x.len() == 0 && x.has(TcpSegment.ECE))).isNotEmpty();
        assertThat(w.stream().filter(x -> x.fromPort() == 0 && x.has(TcpSegment.CWR) && !x.has(TcpSegment.SYN)).count())
                .isEqualTo(sent.eceReactions());
    }

    @Test
    void redMarksInsteadOfDropping() {
        LinkConfig red = BOTTLENECK.with(LinkConfig.QDISC, "red").with(LinkConfig.RED_MAX_TH, 90L).with(LinkConfig.RED_MIN_TH, 30L)
                .with(LinkConfig.ECN, true);
        Run r = run(red, ECN_ON, BIG, 0);
        assertThat(r.forward.ecnMarked()).isPositive();
        assertThat(r.forward.droppedAqm()).isZero();
        assertThat(r.sender.info().retransmissions()).isZero();
        assertThat(EcnCounters.existing(r.a).eceReactions()).isPositive();
    }

    @Test
    void onlyNewDataIsEcnCapableAndTheHandshakeCarriesTheSetupFlags() {
        Run r = run(BOTTLENECK.withLoss(0.01), ECN_ON, BIG, 3_000_000);
        assertThat(r.sim.goalsMet()).isTrue();
        List<Wire> w = r.frames.sent;
        Wire syn = w.stream().filter(x -> x.has(TcpSegment.SYN) && !x.has(TcpSegment.ACK)).findFirst().orElseThrow();
        Wire synAck = w.stream().filter(x -> x.has(TcpSegment.SYN) && x.has(TcpSegment.ACK)).findFirst().orElseThrow();
        assertThat(syn.has(TcpSegment.ECE) && syn.has(TcpSegment.CWR)).isTrue();
        assertThat(synAck.has(TcpSegment.ECE) && !synAck.has(TcpSegment.CWR)).isTrue();
        assertThat(syn.ecn()).isZero();
        assertThat(synAck.ecn()).isZero();
        Set<Long> seen = new HashSet<>();
        int retransmitted = 0;
        for (Wire x : w) {
            if (x.len() == 0) {
                assertThat(x.ecn()).as("pure ACKs and handshake are not ECT").isZero();
                continue;
            }
            if (seen.add(x.seq())) assertThat(x.ecn()).as("new data is ECT(0)").isEqualTo(2);
            else {
                assertThat(x.ecn()).as("retransmissions are not ECT").isZero();
                retransmitted++;
            }
        }
        assertThat(retransmitted).isPositive();
    }

    @Test
    void negotiationFailsCleanlyWithAPeerThatDoesNotSpeakEcn() {
        Run r = run(BOTTLENECK.with(LinkConfig.QDISC, "codel").with(LinkConfig.ECN, true), ECN_ON, BIG.withEcn("off"), 2_000_000);
        assertThat(r.sim.goalsMet()).isTrue();
        assertThat(r.sender.ecnNegotiated()).isFalse();
        Wire synAck = r.frames.sent.stream().filter(x -> x.has(TcpSegment.SYN) && x.has(TcpSegment.ACK)).findFirst().orElseThrow();
        assertThat(synAck.flags() & (TcpSegment.ECE | TcpSegment.CWR)).isZero();
        assertThat(r.frames.sent).allMatch(x -> x.ecn() == 0 && (x.has(TcpSegment.SYN) || (x.flags() & (TcpSegment.ECE | TcpSegment.CWR)) == 0));
        assertThat(r.forward.ecnMarked()).isZero();
        // By default (passive) neither side asks: no ECN at all, as before ECN existed.
        Run quiet = run(BOTTLENECK, BIG, BIG.withEcn("on"), 1_000_000);
        assertThat(quiet.frames.sent).allMatch(x -> x.ecn() == 0 && (x.flags() & (TcpSegment.ECE | TcpSegment.CWR)) == 0);
    }
}
