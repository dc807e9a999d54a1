package elvis.protocol.tcp;

import elvis.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static elvis.protocol.tcp.TcpScript.MS;
import static elvis.protocol.tcp.TcpScript.PEER;
import static elvis.protocol.tcp.TcpScript.PEER_ISN;
import static elvis.protocol.tcp.TcpScript.S;
import static elvis.protocol.tcp.TcpSegment.ACK;
import static elvis.protocol.tcp.TcpSegment.FIN;
import static elvis.protocol.tcp.TcpSegment.PSH;
import static elvis.protocol.tcp.TcpSegment.RST;
import static elvis.protocol.tcp.TcpSegment.SYN;
import static org.assertj.core.api.Assertions.assertThat;

/** Packet-level scripts against the RFCs' numbers. */
class TcpScriptTest {
    /** The endpoint on a LAN, or TCP alone over a fake network layer: the same script, the same segments. */
    private static TcpScript script(boolean alone) {
        return alone ? TcpScript.alone(TcpScript.plain()) : new TcpScript(TcpScript.plain());
    }

    @ParameterizedTest(name = "TCP alone: {0}")
    @ValueSource(booleans = {false, true})
    void activeOpenSendsSynWithMssAndUsesThePeersSmallerMss(boolean alone) {
        TcpScript t = script(alone);
        t.at(0, () -> t.connection = Tcp.of(t.dut).connect(PEER, TcpScript.PEER_PORT, null, t.recorder()));
        t.runUntil(0);
        TcpSegment syn = t.nextAt(0);
        assertThat(syn.flags).isEqualTo(SYN);
        assertThat(syn.mss).isEqualTo(1460);
        assertThat(syn.windowScale).isEqualTo(-1);
        assertThat(syn.sackPermitted || syn.hasTimestamp).isFalse();
        assertThat(syn.window).isEqualTo(65535);
        assertThat(t.connection.state()).isEqualTo(TcpState.SYN_SENT);

        t.at(10 * MS, () -> t.inject(t.connection.localPort(), SYN | ACK, PEER_ISN, syn.seq + 1, 8000, TcpScript.mssOption(1000), Message.EMPTY));
        t.runUntil(10 * MS);
        TcpSegment ack = t.nextAt(10 * MS);
        assertThat(ack.flags).isEqualTo(ACK);
        assertThat(t.rel(ack.seq)).isEqualTo(1);
        assertThat(ack.ack).isEqualTo(PEER_ISN + 1);
        assertThat(t.events).containsExactly("connected");
        t.expectNothing();
        // Segments follow the peer's MSS of 1000 (RFC 9293 §3.7.1).
        t.at(11 * MS, () -> t.connection.send(Message.zeros(2500)));
        t.runUntil(11 * MS);
        TcpSegment d1 = t.nextAt(11 * MS), d2 = t.nextAt(11 * MS);
        assertThat(d1.payload.length()).isEqualTo(1000);
        assertThat(t.rel(d2.seq)).isEqualTo(1001);
        t.expectNothing();   // Nagle (RFC 9293 §3.7.4): the 500-byte tail waits while data is unacknowledged
        t.at(20 * MS, () -> t.ack(2001, 8000));
        t.runUntil(20 * MS);
        TcpSegment d3 = t.nextAt(20 * MS);
        assertThat(t.rel(d3.seq)).isEqualTo(2001);
        assertThat(d3.payload.length()).isEqualTo(500);
        assertThat(d3.flags).isEqualTo(ACK | PSH);
        t.expectNothing();
        // RTT samples: the handshake's 10 ms gives SRTT = R, RTTVAR = R/2 (RFC 6298 (2.2)); the segment timed
        // from 11 to 20 ms gives RTTVAR = 3/4·5 + 1/4·|10 − 9| = 4 ms, SRTT = 7/8·10 + 1/8·9 (2.3); RTO floors at 1 s.
        TcpInfo info = t.connection.info();
        assertThat(info.srttNs()).isEqualTo(9_875_000);
        assertThat(info.rttvarNs()).isEqualTo(4 * MS);
        assertThat(info.rtoNs()).isEqualTo(S);
    }

    @ParameterizedTest(name = "TCP alone: {0}")
    @ValueSource(booleans = {false, true})
    void passiveOpenAnswersSynWithSynAckAndAcceptsOnTheFinalAck(boolean alone) {
        TcpScript t = script(alone);
        Tcp.of(t.dut).listen(80, 4, null, c -> { t.connection = c; t.events.add("accepted"); return t.recorder(); });
        t.at(MS, () -> t.inject(80, SYN, PEER_ISN, 0, 4000, TcpScript.mssOption(536), Message.EMPTY));
        t.runUntil(MS);
        TcpSegment synAck = t.nextAt(MS);
        assertThat(synAck.flags).isEqualTo(SYN | ACK);
        assertThat(synAck.ack).isEqualTo(PEER_ISN + 1);
        assertThat(synAck.mss).isEqualTo(1460);
        assertThat(synAck.dstPort).isEqualTo(5000);
        assertThat(t.events).isEmpty();
        t.at(2 * MS, () -> t.inject(80, ACK, PEER_ISN + 1, synAck.seq + 1, 4000, null, Message.EMPTY));
        t.runUntil(2 * MS);
        assertThat(t.events).containsExactly("accepted");
        assertThat(t.connection.state()).isEqualTo(TcpState.ESTABLISHED);
        t.expectNothing();
        t.at(3 * MS, () -> t.connection.send(Message.zeros(600)));
        t.runUntil(3 * MS);
        assertThat(t.nextAt(3 * MS).payload.length()).isEqualTo(536);   // the peer's MSS
        t.expectNothing();                                              // Nagle holds the 64-byte rest
        t.at(4 * MS, () -> t.inject(80, ACK, PEER_ISN + 1, synAck.seq + 537, 4000, null, Message.EMPTY));
        t.runUntil(4 * MS);
        assertThat(t.nextAt(4 * MS).payload.length()).isEqualTo(64);
    }

    @Test
    void synBeyondTheBacklogIsDroppedAndCounted() {
        TcpScript t = new TcpScript(TcpScript.plain());
        Tcp.of(t.dut).listen(80, 1, null, c -> t.recorder());
        t.at(MS, () -> t.inject(80, SYN, PEER_ISN, 0, 4000, null, Message.EMPTY));
        t.at(MS, () -> t.injectRaw(TcpSegment.header(PEER, TcpScript.DUT, 5001, 80, 7, 0, SYN, 4000, null, Message.EMPTY), Message.EMPTY));
        t.runUntil(MS);
        assertThat(t.next().dstPort).isEqualTo(5000);
        t.expectNothing();
        assertThat(t.dut.drops(TcpDrop.TCP_BACKLOG)).isEqualTo(1);
    }

    @Test
    void segmentsToAClosedPortAreAnsweredWithRfc9293Resets() {
        TcpScript t = new TcpScript(TcpScript.plain());
        // Without ACK: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; a SYN counts one.
        t.at(MS, () -> t.inject(81, SYN, 7777, 0, 1000, null, Message.EMPTY));
        // With ACK: <SEQ=SEG.ACK><CTL=RST>.
        t.at(2 * MS, () -> t.inject(81, ACK | PSH, 100, 424242, 1000, null, Message.zeros(10)));
        // A RST is never answered.
        t.at(3 * MS, () -> t.inject(81, RST, 100, 0, 0, null, Message.EMPTY));
        t.runUntil(10 * MS);
        TcpSegment r1 = t.nextAt(MS);
        assertThat(r1.flags).isEqualTo(RST | ACK);
        assertThat(r1.seq).isZero();
        assertThat(r1.ack).isEqualTo(7778);
        TcpSegment r2 = t.nextAt(2 * MS);
        assertThat(r2.flags).isEqualTo(RST);
        assertThat(r2.seq).isEqualTo(424242);
        t.expectNothing();
        assertThat(t.dut.drops("NO_PORT")).isEqualTo(3);
    }

    @Test
    void aRstAnswerToOurSynIsConnectionRefused() {
        TcpScript t = new TcpScript(TcpScript.plain());
        t.at(0, () -> t.connection = Tcp.of(t.dut).connect(PEER, TcpScript.PEER_PORT, null, t.recorder()));
        t.runUntil(0);
        TcpSegment syn = t.next();
        t.at(MS, () -> t.inject(t.connection.localPort(), RST | ACK, 0, syn.seq + 1, 0, null, Message.EMPTY));
        t.runUntil(5 * S);
        assertThat(t.events).containsExactly("closed REFUSED");
        t.expectNothing();
        assertThat(Tcp.of(t.dut).connections()).isEmpty();
    }
}
