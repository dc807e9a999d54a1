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
    void anAckWithoutDataCarriesTheNextNewSequenceNumberEvenAfterATimeout() {
        // The timeout moved SND.NXT back to resend from SND.UNA, but the peer may hold all three
        // segments: an ACK numbered below them would fall outside its window and be dropped.
        TcpScript t = established(TcpScript.plain());
        t.at(20 * MS, () -> t.connection.send(Message.zeros(3 * MSS)));
        t.runUntil(1020 * MS);
        for (int i = 0; i < 3; i++) t.nextAt(20 * MS);
        assertThat(t.rel(t.nextAt(1020 * MS).seq)).isEqualTo(1);             // the timeout's resend
        t.at(1100 * MS, () -> t.send(100, 1, 64000, false));                   // peer data that acks none of ours
        t.runUntil(1100 * MS);
        TcpSegment ack = t.nextAt(1100 * MS);
        assertThat(ack.payload.length()).isZero();
        assertThat(t.rel(ack.seq)).isEqualTo(1 + 3 * MSS);
        assertThat(ack.ack).isEqualTo(TcpScript.PEER_ISN + 1 + 100);
    }

    @Test
    void anAbortAfterATimeoutResetsWithTheNextNewSequenceNumber() {
        // The same for the RST of an abort: a peer holding all three segments accepts only that number.
        TcpScript t = established(TcpScript.plain());
        t.at(20 * MS, () -> t.connection.send(Message.zeros(3 * MSS)));
        t.at(1100 * MS, () -> t.connection.abort());
        t.runUntil(1100 * MS);
        for (int i = 0; i < 3; i++) t.nextAt(20 * MS);
        t.nextAt(1020 * MS);                                                   // the timeout's resend
        TcpSegment rst = t.nextAt(1100 * MS);
        assertThat(rst.has(TcpSegment.RST)).isTrue();
        assertThat(t.rel(rst.seq)).isEqualTo(1 + 3 * MSS);
    }

    @Test
    void afterASynTimeoutDataStartsWithAThreeSecondRto() {
        TcpScript t = new TcpScript(TcpScript.plain());
        t.at(0, () -> t.connection = Tcp.of(t.dut).connect(TcpScript.PEER, TcpScript.PEER_PORT, null, t.recorder()));
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
        assertThat(Tcp.of(t.dut).connections()).isEmpty();
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
        // RFC 6675 SetPipe(): segment 2 is lost (3 segments SACKed above it) but retransmitted; segment 5 has one
        // SACKed segment above it, so it is not deemed lost: pipe = 5 + 7..10 + the retransmission = 6 segments.
        assertThat(t.connection.info().pipe()).isEqualTo(6 * MSS);
        t.runUntil(34 * MS);
        t.expectNothing();
        assertThat(t.connection.info().pipe()).isEqualTo(5 * MSS);   // 7 SACKed: 2 segments above 5, not more
        // Segment 8 SACKed: 3 segments above segment 5 make it lost, pipe = 9, 10 and the retransmission, and
        // cwnd − pipe = 1.5 segments lets the hole at segment 5 go (NextSeg rule 1).
        t.runUntil(35 * MS);
        TcpSegment second = t.nextAt(35 * MS);
        assertThat(t.rel(second.seq)).isEqualTo(1 + 4 * MSS);
        t.expectNothing();
        assertThat(t.connection.info().pipe()).isEqualTo(4 * MSS);
        assertThat(t.connection.info().retransmissions()).isEqualTo(2);
    }

    /** An established SACK connection (peer MSS 1000, window 64000, RTT 10 ms) with {@code config}. */
    static TcpScript sackEstablished(TcpConfig config) {
        TcpScript t = new TcpScript(config.withSack(true));
        TcpSegment.Options synAck = TcpScript.mssOption(MSS);
        synAck.sackPermitted = true;
        t.activeOpen(10 * MS, 64000, synAck);
        return t;
    }

    @Test
    void dataSegmentsCarryingSackBlocksShrinkToLeaveThemRoom() {
        // RFC 9293 §3.7.1: options and data share the MSS. While the endpoint holds the peer's data
        // out of order, each segment it sends reports it, so its data is 12 bytes short (one block).
        TcpScript t = sackEstablished(TcpScript.plain().withInitialWindow(10));
        t.at(20 * MS, () -> t.inject(t.connection.localPort(), TcpSegment.ACK, t.peerSeq + 500, t.dutIsn + 1, 64000, null,
                Message.zeros(100)));
        t.at(21 * MS, () -> t.connection.send(Message.zeros(3 * MSS)));
        t.runUntil(21 * MS);
        TcpSegment dupAck = t.nextAt(20 * MS);
        assertThat(dupAck.payload.length()).isZero();
        assertThat(dupAck.sackCount).isEqualTo(1);
        for (int sent = 0, k = 0; k < 3; k++) {
            TcpSegment data = t.nextAt(21 * MS);
            assertThat(t.rel(data.seq)).isEqualTo(1 + sent);
            assertThat(data.sackCount).isEqualTo(1);
            assertThat(data.payload.length() + data.optionBytes).isEqualTo(MSS);
            sent += data.payload.length();
        }
        t.expectNothing();
        // The hole fills: no more blocks, full segments again.
        t.at(30 * MS, () -> { t.send(500, 1 + 3 * (MSS - 12), 64000, false); t.connection.send(Message.zeros(MSS)); });
        t.runUntil(30 * MS);
        TcpSegment last = t.all.getLast().seg();
        assertThat(last.sackCount).isZero();
        assertThat(last.optionBytes).isZero();
    }

    @Test
    void sackBlocksOnAcksThatCarryDataAreDuplicateAcks() {
        // RFC 6675 §2: an ACK with new SACK information is a duplicate ACK even if it carries data, which
        // RFC 5681's definition excludes. The peer sends data while SACKing: the third such ACK starts recovery.
        TcpScript t = sackEstablished(TcpScript.plain().withInitialWindow(10));
        t.at(20 * MS, () -> t.connection.send(Message.zeros(10 * MSS)));
        t.at(30 * MS, () -> t.ack(1 + MSS, 64000));
        int[][] sacks = {{3, 3}, {3, 4}, {3, 5}};
        for (int k = 0; k < sacks.length; k++) {
            int[] sk = sacks[k];
            t.at(31 * MS + k * MS, () -> {
                t.inject(t.connection.localPort(), TcpSegment.ACK, t.peerSeq, t.dutIsn + 1 + MSS, 64000, sackOf(t, sk),
                        Message.zeros(100));
                t.peerSeq += 100;
            });
        }
        t.runUntil(32 * MS);
        for (int i = 0; i < 10; i++) t.nextAt(20 * MS);
        for (int k = 0; k < 2; k++) assertThat(t.nextAt(31 * MS + k * MS).payload.length()).isZero();   // ACKs of the peer's data
        t.expectNothing();
        assertThat(t.connection.info().inRecovery()).isFalse();
        t.runUntil(33 * MS);
        // The retransmission goes while the ACK is processed, before the segment's own data is taken.
        TcpSegment resent = t.nextAt(33 * MS);
        assertThat(t.rel(resent.seq)).isEqualTo(1 + MSS);
        assertThat(resent.payload.length()).isEqualTo(MSS);
        assertThat(resent.ack).isEqualTo(TcpScript.PEER_ISN + 1 + 200);
        assertThat(t.nextAt(33 * MS).ack).isEqualTo(TcpScript.PEER_ISN + 1 + 300);
        t.expectNothing();
        TcpInfo info = t.connection.info();
        assertThat(info.inRecovery()).isTrue();
        assertThat(info.ssthresh()).isEqualTo(4500);          // FlightSize 9 segments / 2
        assertThat(info.cwnd()).isEqualTo(4500);
        assertThat(info.pipe()).isEqualTo(6 * MSS);           // 6..10 and the retransmission
    }

    @Test
    void moreThanTwoSegmentsSackedAboveTheFirstHoleStartRecoveryBeforeThreeDuplicates() {
        TcpScript t = sackEstablished(TcpScript.plain().withInitialWindow(10));
        t.at(20 * MS, () -> t.connection.send(Message.zeros(20 * MSS)));
        t.at(30 * MS, () -> t.ack(1 + MSS, 64000));
        t.runUntil(30 * MS);
        for (int i = 0; i < 10; i++) t.nextAt(20 * MS);
        // Slow start: cwnd 11 segments, segments 11 and 12 follow the ACK of segment 1.
        assertThat(t.rel(t.nextAt(30 * MS).seq)).isEqualTo(1 + 10 * MSS);
        assertThat(t.rel(t.nextAt(30 * MS).seq)).isEqualTo(1 + 11 * MSS);
        // Segment 2 is lost. One ACK SACKs 3..4: exactly 2·SMSS above the hole, not more, so not lost yet
        // (RFC 6675 §4 IsLost). Limited transmit (§5 step 3): pipe = 11 − 2 SACKed = 9 segments, and
        // cwnd − pipe = 2 segments of new data go.
        t.at(31 * MS, () -> t.ack(1 + MSS, 64000, sackOf(t, new int[] {3, 4})));
        t.runUntil(31 * MS);
        assertThat(t.rel(t.nextAt(31 * MS).seq)).isEqualTo(1 + 12 * MSS);
        assertThat(t.rel(t.nextAt(31 * MS).seq)).isEqualTo(1 + 13 * MSS);
        t.expectNothing();
        assertThat(t.connection.info().inRecovery()).isFalse();
        // The second duplicate SACKs 3..5: three segments above segment 2 make it lost, and recovery starts at
        // once (§5 step 2). FlightSize excludes the 2 segments of limited transmit: 13 − 2 = 11, ssthresh 5.5.
        t.at(32 * MS, () -> t.ack(1 + MSS, 64000, sackOf(t, new int[] {3, 5})));
        t.runUntil(32 * MS);
        TcpSegment resent = t.nextAt(32 * MS);
        assertThat(t.rel(resent.seq)).isEqualTo(1 + MSS);
        assertThat(resent.payload.length()).isEqualTo(MSS);
        t.expectNothing();
        TcpInfo info = t.connection.info();
        assertThat(info.inRecovery()).isTrue();
        assertThat(info.ssthresh()).isEqualTo(5500);
        assertThat(info.cwnd()).isEqualTo(5500);
        assertThat(info.pipe()).isEqualTo(10 * MSS);          // segments 6..14 and the retransmission
        // 3..10 and 12 SACKed: segment 11 has one SACKed segment above it, not lost. pipe = 11, 13, 14 and the
        // retransmission = 4 segments; NextSeg rule 2 (new data) comes before rule 3 (segment 11).
        t.at(34 * MS, () -> t.ack(1 + MSS, 64000, sackOf(t, new int[] {12, 12, 3, 10})));
        t.runUntil(34 * MS);
        assertThat(t.rel(t.nextAt(34 * MS).seq)).isEqualTo(1 + 14 * MSS);
        t.expectNothing();
        // 12..14 SACKed: now 3 segments lie above segment 11, which is lost: rule 1 resends it, then new data
        // goes while cwnd − pipe allows (pipe = 15 and the resent 2, then + 11, + 16, + 17 = 5 segments).
        t.at(35 * MS, () -> t.ack(1 + MSS, 64000, sackOf(t, new int[] {12, 14, 3, 10})));
        t.runUntil(35 * MS);
        assertThat(t.rel(t.nextAt(35 * MS).seq)).isEqualTo(1 + 10 * MSS);
        assertThat(t.rel(t.nextAt(35 * MS).seq)).isEqualTo(1 + 15 * MSS);
        assertThat(t.rel(t.nextAt(35 * MS).seq)).isEqualTo(1 + 16 * MSS);
        t.expectNothing();
        assertThat(t.connection.info().pipe()).isEqualTo(5 * MSS);
        assertThat(t.connection.info().retransmissions()).isEqualTo(2);
    }

    @Test
    void threeSackedRangesAboveAHoleMakeItLostWhateverTheirSize() {
        // 500-byte segments (Nagle off, 500-byte writes): three discontiguous SACKed ranges above segment 2
        // make it lost though they hold only 1500 bytes, less than 2·SMSS (RFC 6675 §4 IsLost).
        TcpScript t = sackEstablished(TcpScript.plain().withInitialWindow(10).withNagle(false));
        int seg = 500;
        t.at(20 * MS, () -> { for (int i = 0; i < 10; i++) t.connection.send(Message.zeros(seg)); });
        t.at(30 * MS, () -> t.ack(1 + seg, 64000));
        t.runUntil(30 * MS);
        for (int i = 0; i < 10; i++) assertThat(t.rel(t.nextAt(20 * MS).seq)).isEqualTo(1 + i * seg);
        // Segments 2, 4 and 6 are lost; the ACKs for 3 and 5 were lost too: the first duplicate SACKs 5 and 3.
        t.at(31 * MS, () -> t.ack(1 + seg, 64000, blocks(t, 1 + 4 * seg, 1 + 5 * seg, 1 + 2 * seg, 1 + 3 * seg)));
        t.runUntil(31 * MS);
        t.expectNothing();                                    // two ranges: not lost
        t.at(32 * MS, () -> t.ack(1 + seg, 64000, blocks(t, 1 + 6 * seg, 1 + 7 * seg, 1 + 4 * seg, 1 + 5 * seg, 1 + 2 * seg, 1 + 3 * seg)));
        t.runUntil(32 * MS);
        TcpSegment resent = t.nextAt(32 * MS);                // the second duplicate: three ranges
        assertThat(t.rel(resent.seq)).isEqualTo(1 + seg);
        assertThat(resent.payload.length()).isEqualTo(seg);   // up to the SACKed segment 3, not a full SMSS
        t.expectNothing();
        assertThat(t.connection.info().inRecovery()).isTrue();
    }

    @Test
    void nextSegRule3AndTheRescueRetransmissionRepairATailLoss() {
        // Segments 2, 9 and 10 of 10 are lost, and there is no more data to send.
        TcpScript t = sackEstablished(TcpScript.plain().withInitialWindow(10));
        t.at(20 * MS, () -> t.connection.send(Message.zeros(10 * MSS)));
        t.at(30 * MS, () -> t.ack(1 + MSS, 64000));
        int[][] sacks = {{3, 3}, {3, 4}, {3, 5}, {3, 6}, {3, 7}, {3, 8}};
        for (int k = 0; k < sacks.length; k++) {
            int[] sk = sacks[k];
            t.at(31 * MS + k * MS, () -> t.ack(1 + MSS, 64000, sackOf(t, sk)));
        }
        t.runUntil(32 * MS);
        for (int i = 0; i < 10; i++) t.nextAt(20 * MS);
        t.expectNothing();
        t.runUntil(33 * MS);
        assertThat(t.rel(t.nextAt(33 * MS).seq)).isEqualTo(1 + MSS);   // third duplicate
        assertThat(t.connection.info().cwnd()).isEqualTo(4500);
        assertThat(t.connection.info().pipe()).isEqualTo(6 * MSS);     // 6..10 and the retransmission
        // 3..8 SACKed: pipe = 9, 10 and the retransmission; cwnd − pipe = 1.5 segments but NextSeg() has nothing:
        // no hole below the highest SACK above HighRxt, no new data, and no rescue before segment 2 is acknowledged.
        t.runUntil(36 * MS);
        t.expectNothing();
        assertThat(t.connection.info().pipe()).isEqualTo(3 * MSS);
        // The retransmission arrives: a partial ACK up to segment 9. NextSeg rule 4, the rescue retransmission,
        // sends the segment holding the highest unSACKed octet: segment 10, not 9 (HighACK + 1).
        t.at(40 * MS, () -> t.ack(1 + 8 * MSS, 64000));
        t.runUntil(40 * MS);
        TcpSegment rescue = t.nextAt(40 * MS);
        assertThat(t.rel(rescue.seq)).isEqualTo(1 + 9 * MSS);
        assertThat(rescue.payload.length()).isEqualTo(MSS);
        t.expectNothing();                                    // one rescue per recovery
        assertThat(t.connection.info().pipe()).isEqualTo(2 * MSS);   // HighRxt did not move: 9 and 10 counted once
        // Segment 10 arrives and is SACKed: segment 9 is not deemed lost (one segment above it), but it lies below
        // the highest SACK and there is no new data, so NextSeg rule 3 resends it.
        t.at(41 * MS, () -> t.ack(1 + 8 * MSS, 64000, sackOf(t, new int[] {10, 10})));
        t.runUntil(41 * MS);
        TcpSegment rule3 = t.nextAt(41 * MS);
        assertThat(t.rel(rule3.seq)).isEqualTo(1 + 8 * MSS);
        assertThat(rule3.payload.length()).isEqualTo(MSS);
        t.expectNothing();
        assertThat(t.connection.info().pipe()).isEqualTo(2 * MSS);   // 9, once not lost and once retransmitted
        // The cumulative ACK covers RecoveryPoint: recovery ends (RFC 6675 §5 (A)).
        t.at(50 * MS, () -> t.ack(1 + 10 * MSS, 64000));
        t.runUntil(50 * MS);
        t.expectNothing();
        TcpInfo info = t.connection.info();
        assertThat(info.inRecovery()).isFalse();
        assertThat(info.cwnd()).isEqualTo(2 * MSS);           // RFC 6582 step 6: min(ssthresh, FlightSize + SMSS)
        assertThat(info.retransmissions()).isEqualTo(3);
    }

    @Test
    void aTimeoutEndsRecoveryAndTheResendingSkipsSackedData() {
        // Segments 1 and 3 of 10 are lost, and so are both their fast retransmissions.
        TcpScript t = sackEstablished(TcpScript.plain().withInitialWindow(10));
        t.at(20 * MS, () -> t.connection.send(Message.zeros(10 * MSS)));
        int[][] sacks = {{2, 2}, {4, 4, 2, 2}, {4, 5, 2, 2}, {4, 6, 2, 2}, {4, 7, 2, 2}};
        for (int k = 0; k < sacks.length; k++) {
            int[] sk = sacks[k];
            t.at(30 * MS + k * MS, () -> t.ack(1, 64000, sackOf(t, sk)));
        }
        t.runUntil(40 * MS);
        for (int i = 0; i < 10; i++) t.nextAt(20 * MS);
        assertThat(t.rel(t.nextAt(32 * MS).seq)).isEqualTo(1);              // third duplicate
        assertThat(t.rel(t.nextAt(34 * MS).seq)).isEqualTo(1 + 2 * MSS);    // 3: lost at 4..6, room for it at 4..7
        t.expectNothing();
        // RFC 6298: the timer started with the first segment at 20 ms. RFC 6675 §5.1: recovery ends, and
        // RecoveryPoint becomes HighData.
        t.runUntil(1020 * MS);
        assertThat(t.rel(t.nextAt(1020 * MS).seq)).isEqualTo(1);
        assertThat(t.connection.info().inRecovery()).isFalse();
        assertThat(t.connection.info().cwnd()).isEqualTo(MSS);
        // The ACK of segments 1 and 2 brings no SACK block, but the sender kept what it learnt: with cwnd = 2
        // segments it resends only the hole at segment 3, not the SACKed segment 4.
        t.at(1030 * MS, () -> t.ack(1 + 2 * MSS, 64000));
        t.runUntil(1030 * MS);
        assertThat(t.rel(t.nextAt(1030 * MS).seq)).isEqualTo(1 + 2 * MSS);
        t.expectNothing();
        // A late SACK of segment 8 makes segment 3 lost again, but no new recovery starts before RecoveryPoint
        // is acknowledged (§5.1).
        t.at(1035 * MS, () -> t.ack(1 + 2 * MSS, 64000, sackOf(t, new int[] {4, 8})));
        t.runUntil(1035 * MS);
        t.expectNothing();
        assertThat(t.connection.info().inRecovery()).isFalse();
    }

    @Test
    void aSecondTimeoutInARowDiscardsSackInformationInCaseTheReceiverReneged() {
        TcpScript t = sackEstablished(TcpScript.plain());
        t.at(20 * MS, () -> t.connection.send(Message.zeros(4 * MSS)));   // the initial window: 4 segments
        // Segments 1 and 3 are lost: two duplicates, no loss declared (two SACKed segments, two ranges).
        t.at(30 * MS, () -> t.ack(1, 64000, sackOf(t, new int[] {2, 2})));
        t.at(31 * MS, () -> t.ack(1, 64000, sackOf(t, new int[] {4, 4, 2, 2})));
        t.runUntil(3020 * MS);
        for (int i = 0; i < 4; i++) t.nextAt(20 * MS);
        assertThat(t.rel(t.nextAt(1020 * MS).seq)).isEqualTo(1);   // first timeout, the resent segment is lost too
        assertThat(t.rel(t.nextAt(3020 * MS).seq)).isEqualTo(1);   // second, with the RTO doubled
        t.expectNothing();
        // The receiver dropped segment 4 it had SACKed: its ACK covers 1 and 2 without a SACK block. The
        // sender no longer trusts its old SACK information and resends 3 and 4 (cwnd 2 segments).
        t.at(3030 * MS, () -> t.ack(1 + 2 * MSS, 64000));
        t.runUntil(3030 * MS);
        assertThat(t.rel(t.nextAt(3030 * MS).seq)).isEqualTo(1 + 2 * MSS);
        assertThat(t.rel(t.nextAt(3030 * MS).seq)).isEqualTo(1 + 3 * MSS);
        t.expectNothing();
    }

    /** SACK blocks as (left, right) pairs of relative sequence numbers. */
    static TcpSegment.Options blocks(TcpScript t, int... leftRight) {
        TcpSegment.Options o = new TcpSegment.Options();
        for (int k = 0; k < leftRight.length; k++) o.sack[k] = t.dutIsn + leftRight[k];
        o.sackCount = leftRight.length / 2;
        return o;
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
