package elvis.protocol.tcp;

import elvis.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.protocol.tcp.TcpScript.MS;
import static elvis.protocol.tcp.TcpScript.S;
import static org.assertj.core.api.Assertions.assertThat;

/** Scripts for retransmission, loss recovery, congestion window growth and the persist timer. */
class TcpRecoveryScriptTest {
    static final int MSS = 1000;

    /** An established connection (peer MSS 1000, window 64000, RTT 10 ms) with {@code config}. */
    static TcpScript established(TcpConfig config) {
        TcpScript t = new TcpScript(config);
        t.activeOpen(10 * MS, 64000, TcpScript.mssOption(MSS));
        return t;
    }

    @Test
    void threeDuplicateAcksResendOnlyTheFirstUnacknowledgedSegment() {
        TcpScript t = established(TcpScript.plain().withInitialWindow(10));
        t.at(20 * MS, () -> t.connection.send(Message.zeros(20 * MSS)));
        t.runUntil(20 * MS);
        for (int i = 0; i < 10; i++) assertThat(t.rel(t.nextAt(20 * MS).seq)).isEqualTo(1 + i * MSS);
        // Segment 2 was lost: the peer acknowledges segment 1, then duplicates that ACK for segments 3, 4, 5.
        t.at(30 * MS, () -> t.ack(1 + MSS, 64000));
        for (int i = 0; i < 3; i++) t.at(31 * MS + i, () -> t.ack(1 + MSS, 64000));
        t.runUntil(30 * MS);
        // RFC 5681 eq. (2): slow start adds one SMSS for the new ACK, letting two more segments go.
        assertThat(t.rel(t.nextAt(30 * MS).seq)).isEqualTo(1 + 10 * MSS);
        assertThat(t.rel(t.nextAt(30 * MS).seq)).isEqualTo(1 + 11 * MSS);
        t.runUntil(31 * MS + 1);
        t.expectNothing();                                    // two duplicates are not enough
        t.runUntil(31 * MS + 2);
        TcpSegment resent = t.nextAt(31 * MS + 2);
        assertThat(t.rel(resent.seq)).isEqualTo(1 + MSS);
        assertThat(resent.payload.length()).isEqualTo(MSS);
        t.runUntil(100 * MS);
        t.expectNothing();                                    // cwnd = ssthresh + 3·SMSS is below the 11 segments out
        TcpInfo info = t.connection.info();
        assertThat(info.ssthresh()).isEqualTo(5500);          // max(FlightSize / 2, 2·SMSS), FlightSize = 11 segments
        assertThat(info.cwnd()).isEqualTo(8500);
        assertThat(info.retransmissions()).isEqualTo(1);
        // NewReno partial ACK (RFC 6582 step 5): the next hole is resent at once.
        t.at(110 * MS, () -> t.ack(1 + 4 * MSS, 64000));
        t.runUntil(110 * MS);
        assertThat(t.rel(t.nextAt(110 * MS).seq)).isEqualTo(1 + 4 * MSS);
        t.expectNothing();
        assertThat(t.connection.info().cwnd()).isEqualTo(8500 - 3 * MSS + MSS);   // deflated by the 3 segments acked, plus one
    }

    @Test
    void retransmissionTimerBacksOffOneTwoFourSecondsAndCollapsesTheWindow() {
        TcpScript t = established(TcpScript.plain());
        t.at(20 * MS, () -> t.connection.send(Message.zeros(3 * MSS)));
        t.runUntil(20 * MS);
        assertThat(t.pending()).isEqualTo(3);
        t.next(); t.next(); t.next();
        t.runUntil(7025 * MS);
        // RFC 6298: RTO = 1 s (the floor), doubled after each expiry (5.5); only the first segment is resent (5.4).
        for (long at : new long[] {1020 * MS, 3020 * MS, 7020 * MS}) {
            TcpSegment s = t.nextAt(at);
            assertThat(t.rel(s.seq)).isEqualTo(1);
            assertThat(s.payload.length()).isEqualTo(MSS);
        }
        t.expectNothing();
        TcpInfo info = t.connection.info();
        assertThat(info.cwnd()).isEqualTo(MSS);                       // loss window (RFC 5681 §3.1)
        assertThat(info.ssthresh()).isEqualTo(2 * MSS);               // max(3000 / 2, 2·SMSS)
        assertThat(info.rtoNs()).isEqualTo(8 * S);
        // The ACK of the resent segment lets cwnd grow to 2 segments: the two others follow.
        t.at(7030 * MS, () -> t.ack(1 + MSS, 64000));
        t.runUntil(7030 * MS);
        assertThat(t.rel(t.nextAt(7030 * MS).seq)).isEqualTo(1 + MSS);
        assertThat(t.rel(t.nextAt(7030 * MS).seq)).isEqualTo(1 + 2 * MSS);
    }

    @Test
    void afterASynTimeoutDataStartsWithAThreeSecondRto() {
        TcpScript t = new TcpScript(TcpScript.plain());
        t.at(0, () -> t.connection = t.dut.tcp().connect(TcpScript.PEER, TcpScript.PEER_PORT, null, t.recorder()));
        t.runUntil(1000 * MS);
        TcpSegment syn = t.nextAt(0);
        assertThat(t.nextAt(1000 * MS).flags).isEqualTo(TcpSegment.SYN);   // the first SYN went unanswered
        t.dutIsn = syn.seq;
        t.at(1010 * MS, () -> t.inject(t.connection.localPort(), TcpSegment.SYN | TcpSegment.ACK, TcpScript.PEER_ISN,
                syn.seq + 1, 64000, null, Message.EMPTY));
        t.runUntil(1010 * MS);
        assertThat(t.nextAt(1010 * MS).flags).isEqualTo(TcpSegment.ACK);
        // RFC 6298 (5.7): the RTO is re-initialized to 3 s when data transmission begins (Karn: no sample from the SYN).
        assertThat(t.connection.info().rtoNs()).isEqualTo(3 * S);
        t.at(1020 * MS, () -> t.connection.send(Message.zeros(100)));
        t.runUntil(5000 * MS);
        t.nextAt(1020 * MS);
        assertThat(t.rel(t.nextAt(4020 * MS).seq)).isEqualTo(1);
    }

    @Test
    void exhaustedRetriesEndTheConnectionWithATimeout() {
        TcpScript t = established(TcpScript.plain().withMaxRetries(3));
        t.at(20 * MS, () -> t.connection.send(Message.zeros(100)));
        t.runUntil(100 * S);
        assertThat(t.all).hasSize(2 + 1 + 3);              // SYN, ACK, the segment and 3 retransmissions
        assertThat(t.events).containsExactly("connected", "closed TIMEOUT");
        assertThat(t.dut.tcp().connections()).isEmpty();
    }

    @Test
    void zeroWindowIsProbedWithBackoffUntilItOpens() {
        TcpScript t = new TcpScript(TcpScript.plain());
        t.activeOpen(10 * MS, 2 * MSS, TcpScript.mssOption(MSS));
        t.at(20 * MS, () -> t.connection.send(Message.zeros(5 * MSS)));
        t.at(30 * MS, () -> t.ack(1 + 2 * MSS, 0));           // both taken, window now closed
        t.runUntil(30 * MS);
        t.nextAt(20 * MS); t.nextAt(20 * MS);
        t.expectNothing();
        // Each probe is answered with the window still closed.
        List<Long> probeTimes = new ArrayList<>();
        t.onEmit = e -> {
            probeTimes.add(e.timeNs());
            if (probeTimes.size() < 3) t.at(e.timeNs() + 10 * MS, () -> t.ack(1 + 2 * MSS, 0));
        };
        t.runUntil(8 * S);
        // RFC 9293 §3.8.6.1 probes, backed off like the RTO: 1 s, then 2 s, then 4 s.
        assertThat(probeTimes).containsExactly(1030 * MS, 3030 * MS, 7030 * MS);
        TcpSegment probe = t.next();
        assertThat(t.rel(probe.seq)).isEqualTo(1 + 2 * MSS);
        assertThat(probe.payload.length()).isEqualTo(1);
        assertThat(t.connection.state()).isEqualTo(TcpState.ESTABLISHED);
        t.next(); t.next();
        // The window opens: sending resumes from the probed byte.
        t.onEmit = e -> { };
        t.at(8 * S, () -> t.ack(1 + 2 * MSS, 3 * MSS));
        t.runUntil(8 * S);
        assertThat(t.rel(t.nextAt(8 * S).seq)).isEqualTo(1 + 2 * MSS);
        assertThat(t.pending()).isPositive();
    }

    @Test
    void slowStartDoublesPerRttThenAvoidanceAddsOneSegmentPerRtt() {
        // The peer acknowledges every segment one 100 ms RTT after it left; the initial window is 4 segments (SMSS 1000).
        TcpScript t = new TcpScript(TcpScript.plain().withNagle(false));
        t.activeOpen(100 * MS, 65535, TcpScript.mssOption(MSS));
        t.onEmit = e -> {
            int end = t.rel(e.seg().seq) + e.seg().payload.length();
            if (e.seg().payload.length() > 0) t.at(e.timeNs() + 100 * MS, () -> t.ack(end, 65535));
        };
        t.at(100 * MS, () -> t.connection.send(Message.zeros(1_000_000)));
        t.runUntil(100 * MS + 550 * MS);
        int[] perRound = new int[6];
        for (TcpScript.Emitted e : t.all) {
            if (e.seg().payload.length() == 0) continue;
            perRound[(int) ((e.timeNs() - 100 * MS) / (100 * MS))]++;
        }
        assertThat(perRound).containsExactly(4, 8, 16, 32, 64, 65);     // the 65535-byte window caps flight at 65 segments
        // Congestion avoidance: after a loss the window grows by one SMSS per window of ACKs.
        CongestionControl cc = CongestionControl.create("newreno", MSS);
        cc.start(MSS, 4 * MSS);
        cc.onLoss(20 * MSS, 0);
        assertThat(cc.cwnd()).isEqualTo(10 * MSS);
        for (int round = 1; round <= 3; round++) {
            long acksThisRound = cc.cwnd() / MSS;
            for (int i = 0; i < acksThisRound; i++) cc.onAck(MSS, 0, 0);
            assertThat(cc.cwnd()).isEqualTo((10 + round) * MSS);
        }
    }

    @Test
    void sackRecoveryResendsHolesAsThePipeAllows() {
        TcpScript t = new TcpScript(TcpScript.plain().withSack(true).withInitialWindow(10));
        TcpSegment.Options synAck = TcpScript.mssOption(MSS);
        synAck.sackPermitted = true;
        t.activeOpen(10 * MS, 64000, synAck);
        t.at(20 * MS, () -> t.connection.send(Message.zeros(10 * MSS)));
        t.runUntil(20 * MS);
        assertThat(t.pending()).isEqualTo(10);
        for (int i = 0; i < 10; i++) t.next();
        // Segments 2 and 5 (of 1..10) are lost. The peer acknowledges 1, then SACKs 3, 4, 6, 7 and 8.
        int[][] sacks = {{3, 3}, {3, 4}, {6, 6, 3, 4}, {6, 7, 3, 4}, {6, 8, 3, 4}};
        t.at(30 * MS, () -> t.ack(1 + MSS, 64000));
        for (int k = 0; k < sacks.length; k++) {
            int[] sk = sacks[k];
            t.at(31 * MS + k * MS, () -> t.ack(1 + MSS, 64000, sackOf(t, sk)));
        }
        t.runUntil(33 * MS);
        TcpSegment first = t.nextAt(33 * MS);                 // third duplicate: fast retransmit of segment 2
        assertThat(t.rel(first.seq)).isEqualTo(1 + MSS);
        t.expectNothing();
        assertThat(t.connection.info().ssthresh()).isEqualTo(4500);   // FlightSize 9 segments / 2
        // RFC 6675 pipe = 9 out − 3 SACKed − 1 lost (segment 5) = 5 segments, then 4 when 7 is SACKed:
        // cwnd = 4.5 segments lets nothing go.
        t.runUntil(34 * MS);
        t.expectNothing();
        // Segment 8 SACKed: pipe falls to 3, and the hole at segment 5 is resent (NextSeg rule 1).
        t.runUntil(35 * MS);
        TcpSegment second = t.nextAt(35 * MS);
        assertThat(t.rel(second.seq)).isEqualTo(1 + 4 * MSS);
        t.expectNothing();
        assertThat(t.connection.info().retransmissions()).isEqualTo(2);
    }

    /** SACK blocks for whole segments numbered 1..n: pairs of first and last segment. */
    static TcpSegment.Options sackOf(TcpScript t, int[] firstLast) {
        TcpSegment.Options o = new TcpSegment.Options();
        for (int k = 0; k < firstLast.length / 2; k++) {
            o.sack[2 * k] = t.dutIsn + 1 + (firstLast[2 * k] - 1) * MSS;
            o.sack[2 * k + 1] = t.dutIsn + 1 + firstLast[2 * k + 1] * MSS;
        }
        o.sackCount = firstLast.length / 2;
        return o;
    }

    @Test
    void cubicFollowsItsCubicCurveBackToWmaxAtTimeK() {
        CongestionControl cc = CongestionControl.create("cubic", MSS);
        cc.start(MSS, 100L * MSS);
        cc.onAck(MSS, 0, 0);                                  // still slow start (ssthresh infinite)
        cc.onLoss(101L * MSS, 0);
        // β = 0.7: ssthresh = cwnd = 0.7 · 101 segments; W_max = 101 (first loss, no fast convergence).
        assertThat(cc.ssthresh()).isEqualTo(70_700);
        assertThat(cc.cwnd()).isEqualTo(70_700);
        double k = Math.cbrt(101 * (1 - Cubic.BETA) / Cubic.C);   // RFC 9438 eq. (2), ≈ 4.23 s
        long rtt = 100 * MS;
        long now = 1;
        // Acknowledge one window per RTT until K has passed; cwnd approaches and then exceeds W_max.
        while (now < (long) (k * S) - rtt) {
            long acks = cc.cwnd() / MSS;
            for (int i = 0; i < acks; i++) cc.onAck(MSS, now, rtt);
            now += rtt;
        }
        assertThat(cc.cwnd() / (double) MSS).isBetween(97.0, 101.0);   // the plateau near W_max
        for (int r = 0; r < 30; r++) {
            long acks = cc.cwnd() / MSS;
            for (int i = 0; i < acks; i++) cc.onAck(MSS, now, rtt);
            now += rtt;
        }
        assertThat(cc.cwnd() / (double) MSS).isGreaterThan(101.0);     // convex growth beyond it
        // A second loss below the previous W_max triggers fast convergence: W_max = cwnd·(1 + β)/2.
        CongestionControl again = CongestionControl.create("cubic", MSS);
        again.start(MSS, 100L * MSS);
        again.onLoss(100L * MSS, 0);
        again.onLoss(70L * MSS, 0);
        assertThat(again.ssthresh()).isEqualTo(49_000);
    }
}
