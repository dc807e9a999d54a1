package elvis.protocol.tcp;

import elvis.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static elvis.protocol.tcp.TcpScript.MS;
import static elvis.protocol.tcp.TcpScript.PEER_ISN;
import static elvis.protocol.tcp.TcpScript.S;
import static elvis.protocol.tcp.TcpSegment.ACK;
import static elvis.protocol.tcp.TcpSegment.FIN;
import static elvis.protocol.tcp.TcpSegment.RST;
import static elvis.protocol.tcp.TcpSegment.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/** Scripts for closing, the receiver (delayed ACK, reordering, SACK), window scaling and RFC 5961. */
class TcpCloseAndReceiveScriptTest {

    static TcpScript established(TcpConfig config) { return established(config, false); }

    /** An established connection, on a LAN or, {@code alone}, TCP over a fake network layer. */
    static TcpScript established(TcpConfig config, boolean alone) {
        TcpScript t = alone ? TcpScript.alone(config.withMsl(10 * S)) : new TcpScript(config.withMsl(10 * S));
        t.activeOpen(10 * MS, 64000, TcpScript.mssOption(1000));
        return t;
    }

    @ParameterizedTest(name = "TCP alone: {0}")
    @ValueSource(booleans = {false, true})
    void activeHalfCloseGoesThroughFinWait2AndTimeWaitForTwoMsl(boolean alone) {
        TcpScript t = established(TcpScript.plain(), alone);
        t.at(20 * MS, () -> t.connection.shutdownOutput());
        t.runUntil(20 * MS);
        TcpSegment fin = t.nextAt(20 * MS);
        assertThat(fin.flags).isEqualTo(FIN | ACK);
        assertThat(t.rel(fin.seq)).isEqualTo(1);
        assertThat(t.connection.state()).isEqualTo(TcpState.FIN_WAIT_1);
        t.at(30 * MS, () -> t.ack(2, 64000));
        t.runUntil(30 * MS);
        assertThat(t.connection.state()).isEqualTo(TcpState.FIN_WAIT_2);
        t.at(40 * MS, () -> t.send(0, 2, 64000, true));
        t.runUntil(40 * MS);
        TcpSegment lastAck = t.nextAt(40 * MS);
        assertThat(lastAck.ack).isEqualTo(PEER_ISN + 2);
        assertThat(t.connection.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(t.events).containsExactly("connected", "peerClosed", "closed NORMAL");
        t.runUntil(40 * MS + 20 * S - 1);
        assertThat(Tcp.of(t.dut).connections()).hasSize(1);
        t.runUntil(40 * MS + 20 * S);                         // 2·MSL with MSL = 10 s
        assertThat(Tcp.of(t.dut).connections()).isEmpty();
        t.expectNothing();
    }

    /** Closes at 20 ms; the peer acknowledges the FIN at 30 ms and then says nothing (its RST lost, say). */
    static TcpScript closedInFinWait2(TcpConfig config) {
        TcpScript t = established(config);
        t.at(20 * MS, () -> t.connection.close());
        t.at(30 * MS, () -> t.ack(2, 64000));
        t.runUntil(30 * MS);
        assertThat(t.nextAt(20 * MS).flags).isEqualTo(FIN | ACK);
        assertThat(t.connection.state()).isEqualTo(TcpState.FIN_WAIT_2);
        return t;
    }

    @Test
    void closedConnectionGivesUpOnASilentPeerInFinWait2() {
        // Regression (TcpChaosTest sample 559): nothing of ours was left to retransmit, so no timer ran
        // and the application, which had closed, was never told the connection ended.
        TcpScript t = closedInFinWait2(TcpScript.plain().withFinWait2Timeout(60 * S));
        t.runUntil(30 * MS + 60 * S - 1);
        assertThat(t.connection.state()).isEqualTo(TcpState.FIN_WAIT_2);
        t.expectNothing();
        t.runUntil(30 * MS + 60 * S);
        TcpSegment rst = t.nextAt(30 * MS + 60 * S);                  // a peer still there hears of it
        assertThat(rst.flags).isEqualTo(RST | ACK);
        assertThat(t.rel(rst.seq)).isEqualTo(2);
        assertThat(t.connection.state()).isEqualTo(TcpState.CLOSED);
        assertThat(t.events).containsExactly("connected", "closed TIMEOUT");
        assertThat(Tcp.of(t.dut).connections()).isEmpty();
    }

    @Test
    void closeInFinWait2AfterAHalfCloseStartsTheTimeout() {
        TcpScript t = established(TcpScript.plain().withFinWait2Timeout(5 * S));
        t.at(20 * MS, () -> t.connection.shutdownOutput());
        t.at(30 * MS, () -> t.ack(2, 64000));
        t.at(40 * MS, () -> t.connection.close());
        t.runUntil(40 * MS + 5 * S - 1);
        assertThat(t.nextAt(20 * MS).flags).isEqualTo(FIN | ACK);
        assertThat(t.connection.state()).isEqualTo(TcpState.FIN_WAIT_2);
        t.runUntil(40 * MS + 5 * S);
        assertThat(t.nextAt(40 * MS + 5 * S).flags).isEqualTo(RST | ACK);
        assertThat(t.events).containsExactly("connected", "closed TIMEOUT");
    }

    @Test
    void halfClosedConnectionWaitsInFinWait2AsLongAsThePeerLikes() {
        // The application may still read: only the peer's FIN (or RST) ends FIN-WAIT-2 (RFC 9293 §3.6).
        TcpScript t = established(TcpScript.plain().withFinWait2Timeout(5 * S));
        t.at(20 * MS, () -> t.connection.shutdownOutput());
        t.at(30 * MS, () -> t.ack(2, 64000));
        t.runUntil(3600 * S);
        t.nextAt(20 * MS);
        t.expectNothing();
        assertThat(t.connection.state()).isEqualTo(TcpState.FIN_WAIT_2);
        assertThat(t.events).containsExactly("connected");
    }

    @ParameterizedTest(name = "peer's FIN at {0} s")
    @ValueSource(longs = {10, 50})
    void peerFinInFinWait2AfterCloseLeadsToTimeWaitOfTwoMsl(long finAtSeconds) {
        // The FIN-WAIT-2 deadline (60 s) gives way to TIME-WAIT's 2·MSL (20 s here), earlier or later.
        TcpScript t = closedInFinWait2(TcpScript.plain().withFinWait2Timeout(60 * S));
        long fin = finAtSeconds * S;
        t.at(fin, () -> t.send(0, 2, 64000, true));
        t.runUntil(fin);
        assertThat(t.nextAt(fin).ack).isEqualTo(PEER_ISN + 2);
        assertThat(t.connection.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(t.events).containsExactly("connected", "closed NORMAL");
        t.runUntil(fin + 20 * S - 1);
        assertThat(Tcp.of(t.dut).connections()).hasSize(1);
        t.runUntil(fin + 20 * S);
        assertThat(Tcp.of(t.dut).connections()).isEmpty();
        t.runUntil(100 * S);
        t.expectNothing();                                             // no RST from the old deadline
        assertThat(t.events).containsExactly("connected", "closed NORMAL");
    }

    @ParameterizedTest(name = "TCP alone: {0}")
    @ValueSource(booleans = {false, true})
    void passiveCloseGoesThroughCloseWaitAndLastAck(boolean alone) {
        TcpScript t = established(TcpScript.plain(), alone);
        t.at(20 * MS, () -> t.send(300, 1, 64000, true));
        t.runUntil(20 * MS);
        assertThat(t.nextAt(20 * MS).ack).isEqualTo(PEER_ISN + 1 + 300 + 1);
        assertThat(t.connection.state()).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(t.events).containsExactly("connected", "data 300", "peerClosed");
        // Half close: this side may still send.
        t.at(25 * MS, () -> { t.connection.send(Message.zeros(100)); t.connection.close(); });
        t.runUntil(25 * MS);
        assertThat(t.nextAt(25 * MS).payload.length()).isEqualTo(100);
        TcpSegment last = t.nextAt(25 * MS);
        assertThat(last.flags).isEqualTo(FIN | ACK);
        assertThat(t.rel(last.seq)).isEqualTo(101);
        assertThat(t.connection.state()).isEqualTo(TcpState.LAST_ACK);
        t.at(30 * MS, () -> t.ack(102, 64000));
        t.runUntil(30 * MS);
        assertThat(t.connection.state()).isEqualTo(TcpState.CLOSED);
        assertThat(t.events).endsWith("closed NORMAL");
        assertThat(Tcp.of(t.dut).connections()).isEmpty();
    }

    @Test
    void simultaneousOpenGoesThroughSynReceivedToEstablished() {
        // RFC 9293 §3.5, Figure 7: the SYNs cross; each end answers with SYN-ACK, and each SYN-ACK
        // (which acknowledges the receiver's SYN) completes the handshake.
        TcpScript t = new TcpScript(TcpScript.plain());
        t.at(0, () -> t.connection = Tcp.of(t.dut).connect(TcpScript.PEER, TcpScript.PEER_PORT, null, t.recorder()));
        t.runUntil(0);
        TcpSegment syn = t.nextAt(0);
        assertThat(syn.flags).isEqualTo(SYN);
        t.at(5 * MS, () -> t.inject(t.connection.localPort(), SYN, PEER_ISN, 0, 64000, TcpScript.mssOption(1000), Message.EMPTY));
        t.runUntil(5 * MS);
        TcpSegment synAck = t.nextAt(5 * MS);
        assertThat(synAck.flags).isEqualTo(SYN | ACK);
        assertThat(synAck.seq).isEqualTo(syn.seq);
        assertThat(synAck.ack).isEqualTo(PEER_ISN + 1);
        assertThat(t.connection.state()).isEqualTo(TcpState.SYN_RECEIVED);
        t.at(6 * MS, () -> t.inject(t.connection.localPort(), SYN | ACK, PEER_ISN, syn.seq + 1, 64000, TcpScript.mssOption(1000),
                Message.EMPTY));
        t.runUntil(10 * MS);
        assertThat(t.connection.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(t.events).containsExactly("connected");
        t.expectNothing();
        // Data flows as on any connection.
        t.at(20 * MS, () -> t.connection.send(Message.zeros(100)));
        t.runUntil(20 * MS);
        TcpSegment data = t.nextAt(20 * MS);
        assertThat(data.seq).isEqualTo(syn.seq + 1);
        assertThat(data.ack).isEqualTo(PEER_ISN + 1);
    }

    @Test
    void simultaneousCloseGoesThroughClosing() {
        TcpScript t = established(TcpScript.plain());
        t.at(20 * MS, () -> t.connection.close());
        t.at(21 * MS, () -> t.send(0, 1, 64000, true));        // the peer's FIN crosses ours: it does not ack it
        t.runUntil(21 * MS);
        t.nextAt(20 * MS);
        TcpSegment ackOfFin = t.nextAt(21 * MS);
        assertThat(ackOfFin.ack).isEqualTo(PEER_ISN + 2);
        assertThat(t.connection.state()).isEqualTo(TcpState.CLOSING);
        t.at(22 * MS, () -> t.ack(2, 64000));
        t.runUntil(22 * MS);
        assertThat(t.connection.state()).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void delayedAckWaits200MsForOneSegmentAndAcksEverySecondFullSegmentAtOnce() {
        TcpScript t = established(TcpScript.plain().withDelayedAck(200 * MS));
        t.at(20 * MS, () -> t.send(100, 1, 64000, false));
        t.runUntil(500 * MS);
        TcpSegment delayed = t.nextAt(220 * MS);
        assertThat(delayed.ack).isEqualTo(PEER_ISN + 101);
        t.at(600 * MS, () -> t.send(1460, 1, 64000, false));
        t.at(601 * MS, () -> t.send(1460, 1, 64000, false));
        t.runUntil(700 * MS);
        TcpSegment second = t.nextAt(601 * MS);
        assertThat(second.ack).isEqualTo(PEER_ISN + 101 + 2920);
        t.expectNothing();
    }

    @Test
    void dataHeldWhileReadingIsPausedIsStillDeliveredAfterTheConnectionHasClosed() {
        // The application stops reading and shuts its output; the peer sends 500 bytes and its FIN.
        // The connection reaches TIME-WAIT with the data unread: the application must still get the
        // data, then peerClosed, then closed, in that order, once it reads again; and since the peer
        // can send nothing more, reading again sends no window update.
        TcpScript t = established(TcpScript.plain());
        t.at(20 * MS, () -> { t.connection.pauseReading(); t.connection.shutdownOutput(); });
        t.at(30 * MS, () -> t.ack(2, 64000));
        t.at(31 * MS, () -> t.send(500, 2, 64000, false));
        t.at(32 * MS, () -> t.send(0, 2, 64000, true));
        t.runUntil(40 * MS);
        assertThat(t.connection.state()).isEqualTo(TcpState.TIME_WAIT);
        t.nextAt(20 * MS);                                         // our FIN
        assertThat(t.nextAt(31 * MS).ack).isEqualTo(PEER_ISN + 501);
        assertThat(t.nextAt(32 * MS).ack).isEqualTo(PEER_ISN + 502);
        assertThat(t.events).containsExactly("connected");
        t.at(100 * MS, () -> t.connection.resumeReading());
        t.runUntil(100 * MS);
        assertThat(t.events).containsExactly("connected", "data 500", "peerClosed", "closed NORMAL");
        t.at(200 * MS, () -> { t.connection.pauseReading(); t.connection.resumeReading(); });
        t.runUntil(200 * MS);
        assertThat(t.events).as("told once").hasSize(4);
        t.expectNothing();
    }

    @Test
    void aSegmentShortenedToCarryOptionsStillCountsAsFullSized() {
        // The peer's segments carry a SACK block (12 bytes of options), so they hold 1448 data bytes,
        // not 1460: still full-sized (RFC 9293 §3.7.1), so the second is acknowledged at once.
        TcpScript t = established(TcpScript.plain().withDelayedAck(200 * MS));
        TcpSegment.Options sack = new TcpSegment.Options();
        sack.sackCount = 1;
        sack.sack[0] = t.dutIsn + 1;
        sack.sack[1] = t.dutIsn + 1;
        for (int k = 0; k < 2; k++) {
            t.at(20 * MS + k * MS, () -> {
                t.inject(t.connection.localPort(), TcpSegment.ACK, t.peerSeq, t.dutIsn + 1, 64000, sack, Message.zeros(1448));
                t.peerSeq += 1448;
            });
        }
        t.runUntil(100 * MS);
        assertThat(t.nextAt(21 * MS).ack).isEqualTo(PEER_ISN + 1 + 2 * 1448);
        t.expectNothing();
    }

    @Test
    void outOfOrderSegmentsGetImmediateDuplicateAcksWithSackBlocksUntilTheHoleFills() {
        TcpScript t = new TcpScript(TcpScript.plain().withSack(true).withDelayedAck(200 * MS).withMsl(S));
        TcpSegment.Options synAck = TcpScript.mssOption(1000);
        synAck.sackPermitted = true;
        t.activeOpen(10 * MS, 64000, synAck);
        int base = PEER_ISN + 1;
        // Segment 1 (1000 bytes) is lost; 2 and 3 arrive.
        t.at(20 * MS, () -> t.inject(t.connection.localPort(), ACK, base + 1000, t.dutIsn + 1, 64000, null, Message.zeros(1000)));
        t.at(21 * MS, () -> t.inject(t.connection.localPort(), ACK, base + 2000, t.dutIsn + 1, 64000, null, Message.zeros(1000)));
        t.runUntil(21 * MS);
        TcpSegment d1 = t.nextAt(20 * MS), d2 = t.nextAt(21 * MS);
        assertThat(d1.ack).isEqualTo(base);
        assertThat(d1.sackCount).isEqualTo(1);
        assertThat(d1.sack[0]).isEqualTo(base + 1000);
        assertThat(d1.sack[1]).isEqualTo(base + 2000);
        assertThat(d2.ack).isEqualTo(base);
        assertThat(d2.sackCount).isEqualTo(1);
        assertThat(d2.sack[0]).isEqualTo(base + 1000);
        assertThat(d2.sack[1]).isEqualTo(base + 3000);
        // A second hole: segment 5 arrives before 4. Its block comes first (RFC 2018 §4).
        t.at(22 * MS, () -> t.inject(t.connection.localPort(), ACK, base + 4000, t.dutIsn + 1, 64000, null, Message.zeros(1000)));
        t.runUntil(22 * MS);
        TcpSegment d3 = t.nextAt(22 * MS);
        assertThat(d3.sackCount).isEqualTo(2);
        assertThat(new int[] {d3.sack[0], d3.sack[1], d3.sack[2], d3.sack[3]})
                .containsExactly(base + 4000, base + 5000, base + 1000, base + 3000);
        assertThat(t.events).containsExactly("connected");
        // The first hole fills: a cumulative ACK at once, one SACK block left.
        t.at(23 * MS, () -> t.inject(t.connection.localPort(), ACK, base, t.dutIsn + 1, 64000, null, Message.zeros(1000)));
        t.runUntil(23 * MS);
        TcpSegment filled = t.nextAt(23 * MS);
        assertThat(filled.ack).isEqualTo(base + 3000);
        assertThat(filled.sackCount).isEqualTo(1);
        assertThat(t.events).containsExactly("connected", "data 1000", "data 1000", "data 1000");
        t.at(24 * MS, () -> t.inject(t.connection.localPort(), ACK, base + 3000, t.dutIsn + 1, 64000, null, Message.zeros(1000)));
        t.runUntil(24 * MS);
        TcpSegment all = t.nextAt(24 * MS);
        assertThat(all.ack).isEqualTo(base + 5000);
        assertThat(all.sackCount).isZero();
    }

    @Test
    void windowScaleIsNegotiatedAndAppliedOnlyAfterTheSyns() {
        TcpConfig config = TcpScript.plain().withWindowScale(true).withReceiveBuffer(1 << 20);
        TcpScript t = new TcpScript(config);
        TcpSegment.Options synAck = TcpScript.mssOption(1000);
        synAck.windowScale = 7;
        t.at(0, () -> t.connection = Tcp.of(t.dut).connect(TcpScript.PEER, TcpScript.PEER_PORT, null, t.recorder()));
        t.runUntil(0);
        TcpSegment syn = t.next();
        assertThat(syn.windowScale).isEqualTo(5);            // smallest shift making 2^20 fit 16 bits
        assertThat(syn.window).isEqualTo(65535);             // a SYN's window is never scaled
        t.at(10 * MS, () -> t.inject(t.connection.localPort(), SYN | ACK, PEER_ISN, syn.seq + 1, 1000, synAck, Message.EMPTY));
        t.runUntil(10 * MS);
        TcpSegment ack = t.next();
        assertThat(ack.window).isEqualTo((1 << 20) >> 5);
        assertThat(t.connection.info().sndWnd()).isEqualTo(1000);   // the SYN-ACK's own window is unscaled
        t.at(20 * MS, () -> t.ack(1, 100));
        t.runUntil(20 * MS);
        assertThat(t.connection.info().sndWnd()).isEqualTo(100 << 7);

        TcpScript u = new TcpScript(config);                 // a peer without the option: no scaling either way
        u.activeOpen(10 * MS, 1000, TcpScript.mssOption(1000));
        assertThat(u.all.get(1).seg().window).isEqualTo(65535);
    }

    @Test
    void rfc5961ChallengeAcksForInexactRstAndForSynWhileSynchronized() {
        TcpScript t = established(TcpScript.plain());
        int base = PEER_ISN + 1;
        t.at(20 * MS, () -> t.inject(t.connection.localPort(), RST, base + 10, 0, 0, null, Message.EMPTY));
        t.at(21 * MS, () -> t.inject(t.connection.localPort(), SYN, base + 5, 0, 1000, null, Message.EMPTY));
        t.at(22 * MS, () -> t.inject(t.connection.localPort(), RST, base + 1_000_000, 0, 0, null, Message.EMPTY));
        t.runUntil(22 * MS);
        TcpSegment challenge1 = t.nextAt(20 * MS), challenge2 = t.nextAt(21 * MS);
        assertThat(challenge1.flags).isEqualTo(ACK);
        assertThat(challenge1.ack).isEqualTo(base);
        assertThat(challenge2.flags).isEqualTo(ACK);
        t.expectNothing();                                   // out-of-window RST: silently dropped
        assertThat(t.connection.state()).isEqualTo(TcpState.ESTABLISHED);
        t.at(23 * MS, () -> t.inject(t.connection.localPort(), RST, base, 0, 0, null, Message.EMPTY));
        t.runUntil(23 * MS);
        assertThat(t.events).containsExactly("connected", "closed RESET");
        t.expectNothing();
    }

    @Test
    void pawsDropsOldTimestampsUntilTsRecentIsMoreThan24DaysOld() {
        TcpScript t = new TcpScript(TcpScript.plain().withTimestamps(true).withMsl(S));
        // The peer's timestamp clock ticks every millisecond: TSval = 1 + t/1 ms.
        TcpSegment.Options synAck = TcpScript.mssOption(1000);
        synAck.timestamp = true;
        synAck.tsVal = 11;
        synAck.tsEcr = 1;
        t.activeOpen(10 * MS, 64000, synAck);
        int port = t.connection.localPort();
        long day = 24 * 3600 * S;
        java.util.function.IntFunction<TcpSegment.Options> ts = tsVal -> {
            TcpSegment.Options o = new TcpSegment.Options();
            o.timestamp = true;
            o.tsVal = tsVal;
            o.tsEcr = 1;
            return o;
        };
        t.at(20 * MS, () -> t.inject(port, ACK, t.peerSeq, t.dutIsn + 1, 64000, ts.apply(21), Message.zeros(100)));
        t.runUntil(20 * MS);
        TcpSegment first = t.nextAt(20 * MS);
        assertThat(first.ack).isEqualTo(t.peerSeq + 100);
        assertThat(first.tsEcr).isEqualTo(21);                // TS.Recent = 21, set at 20 ms
        t.peerSeq += 100;
        // Exactly 24 days later TS.Recent is still valid: an older TSval is an old duplicate (RFC 7323 §5.3 R1),
        // dropped though its data would be next in sequence, and answered with an ACK.
        t.at(20 * MS + 24 * day, () -> t.inject(port, ACK, t.peerSeq, t.dutIsn + 1, 64000, ts.apply(20), Message.zeros(100)));
        t.runUntil(20 * MS + 24 * day);
        TcpSegment dropped = t.nextAt(20 * MS + 24 * day);
        assertThat(dropped.ack).isEqualTo(t.peerSeq);
        assertThat(dropped.tsEcr).isEqualTo(21);
        assertThat(t.dut.drops(TcpDrop.TCP_PAWS)).isEqualTo(1);
        assertThat(t.events).containsExactly("connected", "data 100");
        // After 25 idle days the peer's clock, 2,160,000,021, is "older" than 21 in 32-bit sequence arithmetic.
        // TS.Recent is invalid after more than 24 days (§5.5): the segment is accepted and its TSval adopted.
        int wrapped = (int) (1 + (20 * MS + 25 * day) / MS);
        assertThat(wrapped - 21).isNegative();
        t.at(20 * MS + 25 * day, () -> t.inject(port, ACK, t.peerSeq, t.dutIsn + 1, 64000, ts.apply(wrapped), Message.zeros(100)));
        t.runUntil(20 * MS + 25 * day);
        TcpSegment accepted = t.nextAt(20 * MS + 25 * day);
        assertThat(accepted.ack).isEqualTo(t.peerSeq + 100);
        assertThat(accepted.tsEcr).isEqualTo(wrapped);
        assertThat(t.events).containsExactly("connected", "data 100", "data 100");
        t.peerSeq += 100;
        // TS.Recent is valid again, from the adopted value: one tick older is an old duplicate.
        t.at(21 * MS + 25 * day, () -> t.inject(port, ACK, t.peerSeq, t.dutIsn + 1, 64000, ts.apply(wrapped - 1), Message.zeros(100)));
        t.runUntil(21 * MS + 25 * day);
        assertThat(t.nextAt(21 * MS + 25 * day).ack).isEqualTo(t.peerSeq);
        assertThat(t.dut.drops(TcpDrop.TCP_PAWS)).isEqualTo(2);
        assertThat(t.events).hasSize(3);
    }

    @Test
    void badChecksumsAndMalformedHeadersAreCountedDrops() {
        TcpScript t = established(TcpScript.plain());
        byte[] h = TcpSegment.header(TcpScript.PEER, TcpScript.DUT, TcpScript.PEER_PORT, t.connection.localPort(),
                PEER_ISN + 1, t.dutIsn + 1, ACK, 1000, null, Message.EMPTY);
        h[16] ^= 0x01;
        byte[] bad = TcpSegment.header(TcpScript.PEER, TcpScript.DUT, TcpScript.PEER_PORT, t.connection.localPort(),
                PEER_ISN + 1, t.dutIsn + 1, ACK, 1000, null, Message.EMPTY);
        bad[12] = 0x40;                                       // data offset 4 words: below the minimum
        refreshChecksum(bad);
        byte[] badOption = TcpSegment.header(TcpScript.PEER, TcpScript.DUT, TcpScript.PEER_PORT, t.connection.localPort(),
                PEER_ISN + 1, t.dutIsn + 1, ACK, 1000, TcpScript.mssOption(1000), Message.EMPTY);
        badOption[21] = 9;                                    // MSS option length 9 overruns the header
        refreshChecksum(badOption);
        t.at(20 * MS, () -> { t.injectRaw(h, Message.EMPTY); t.injectRaw(bad, Message.EMPTY); t.injectRaw(badOption, Message.EMPTY); });
        t.runUntil(30 * MS);
        assertThat(t.dut.drops(TcpDrop.TCP_CHECKSUM)).isEqualTo(1);
        assertThat(t.dut.drops("MALFORMED")).isEqualTo(2);
        assertThat(t.connection.state()).isEqualTo(TcpState.ESTABLISHED);
        t.expectNothing();
    }

    static void refreshChecksum(byte[] h) {
        h[16] = h[17] = 0;
        int ck = elvis.message.Checksum.finish(TcpSegment.pseudoHeaderSum(TcpScript.PEER, TcpScript.DUT, h.length)
                + elvis.message.Checksum.sum(h, 0, h.length));
        h[16] = (byte) (ck >>> 8);
        h[17] = (byte) ck;
    }

    @Test
    void aReaderThatPausesClosesTheWindowAndReopensItWithAnUpdate() {
        TcpScript t = established(TcpScript.plain().withReceiveBuffer(4000));
        t.at(15 * MS, () -> t.connection.pauseReading());
        for (int i = 0; i < 4; i++) t.at((20 + i) * MS, () -> t.send(1000, 1, 64000, false));
        t.runUntil(23 * MS);
        for (int i = 0; i < 4; i++) assertThat(t.nextAt((20 + i) * MS).window).isEqualTo(3000 - 1000 * i);
        assertThat(t.events).containsExactly("connected");
        t.at(30 * MS, () -> t.send(500, 1, 64000, false));      // beyond the closed window: dropped, re-ACKed
        t.runUntil(30 * MS);
        TcpSegment reAck = t.nextAt(30 * MS);
        assertThat(reAck.ack).isEqualTo(PEER_ISN + 1 + 4000);
        assertThat(t.dut.drops(TcpDrop.TCP_OUT_OF_WINDOW)).isEqualTo(1);
        t.at(40 * MS, () -> t.connection.resumeReading());
        t.runUntil(40 * MS);
        assertThat(t.events).containsExactly("connected", "data 1000", "data 1000", "data 1000", "data 1000");
        TcpSegment update = t.nextAt(40 * MS);
        assertThat(update.window).isEqualTo(4000);
        assertThat(update.ack).isEqualTo(PEER_ISN + 1 + 4000);
    }
}
