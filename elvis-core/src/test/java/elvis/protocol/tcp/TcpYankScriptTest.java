package elvis.protocol.tcp;

import elvis.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static elvis.protocol.tcp.TcpRecoveryScriptTest.MSS;
import static elvis.protocol.tcp.TcpScript.MS;
import static elvis.protocol.tcp.TcpScript.S;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ModNet's revocation (yank, peek, lock) and the live view (received-segment and ACK records, ACK
 * listeners) against packet scripts: what the endpoint emits is compared byte for byte with what the
 * application queued, so a yank that touched a byte once sent, or a byte sent while locked, shows.
 */
class TcpYankScriptTest {
    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** One past the highest relative sequence number the endpoint ever emitted (its true SND.MAX). */
    static long highestSent(TcpScript t) {
        long high = 1;
        for (TcpScript.Emitted e : t.all) if (!e.seg().has(TcpSegment.SYN)) high = Math.max(high, t.rel(e.seg().seq) + (long) e.seg().seqLength());
        return high;
    }

    /** Every data byte the endpoint emitted is the byte {@code stream} holds at its position, and none lies beyond it. */
    static void emittedMatch(TcpScript t, byte[] stream) {
        for (TcpScript.Emitted e : t.all) {
            TcpSegment s = e.seg();
            if (s.payload.isEmpty()) continue;
            int pos = t.rel(s.seq) - 1;
            byte[] got = s.payload.toByteArray();
            assertThat(pos + got.length).as("end of the segment at %d sent at %d ns", pos, e.timeNs()).isLessThanOrEqualTo(stream.length);
            assertThat(got).as("bytes of the segment at %d sent at %d ns", pos, e.timeNs())
                    .isEqualTo(Arrays.copyOfRange(stream, pos, pos + got.length));
        }
    }

    /** From {@code from}, every {@code stepNs} until {@code to}, the peer acknowledges all the endpoint has sent. */
    static void ackEverything(TcpScript t, long from, long to, long stepNs) {
        for (long at = from; at <= to; at += stepNs) t.at(at, () -> t.ack((int) highestSent(t), 64000));
    }

    @Test
    void afterATimeoutMovedSndNxtBackAYankStillStopsAtSndMax() {
        TcpScript t = TcpRecoveryScriptTest.established(TcpScript.plain().withInitialWindow(10));
        byte[] data = random(20 * MSS, 1);
        t.at(20 * MS, () -> assertThat(t.connection.send(Message.wrap(data))).isEqualTo(20 * MSS));
        t.runUntil(1020 * MS);                               // ten segments, then the RTO resends the first
        TcpConnection c = t.connection;
        assertThat(c.info().retransmissions()).isEqualTo(1);
        assertThat((c.sndNxt() - c.sndUna()) & 0xFFFFFFFFL).as("SND.NXT went back").isEqualTo(MSS);
        assertThat(highestSent(t)).isEqualTo(1 + 10 * MSS);
        // Unsent means never sent: [10 segments, 20 segments), not the 19 segments after SND.NXT that TcpInfo counts.
        assertThat(c.unsentBytes()).isEqualTo(10 * MSS);
        assertThat(c.info().unsentBytes()).isEqualTo(19 * MSS);
        assertThat(c.yank(Integer.MAX_VALUE, false).toByteArray()).isEqualTo(Arrays.copyOfRange(data, 10 * MSS, 20 * MSS));
        int cut = 20 * MSS - 5300;
        assertThat(c.yank(5300, true).toByteArray()).isEqualTo(Arrays.copyOfRange(data, cut, 20 * MSS));
        assertThat(c.unsentBytes()).isEqualTo(cut - 10 * MSS);
        // Go-back-N resends the first ten segments, then the rest up to the cut, then what the application writes next.
        byte[] more = random(3000, 2);
        ackEverything(t, 1030 * MS, 1400 * MS, 10 * MS);
        t.at(1200 * MS, () -> {
            assertThat(c.send(Message.wrap(more))).isEqualTo(3000);
            c.shutdownOutput();
        });
        t.runUntil(1500 * MS);
        byte[] stream = concat(Arrays.copyOf(data, cut), more);
        emittedMatch(t, stream);
        assertThat(highestSent(t)).as("all sent, then the FIN").isEqualTo(1 + stream.length + 1);
        assertThat(c.state()).isEqualTo(TcpState.FIN_WAIT_2);
    }

    @Test
    void duringSackRecoveryAYankStillStopsAtSndMax() {
        TcpScript t = TcpRecoveryScriptTest.sackEstablished(TcpScript.plain().withInitialWindow(10));
        byte[] data = random(30 * MSS, 3);
        t.at(20 * MS, () -> t.connection.send(Message.wrap(data)));
        // Segment 2 is lost: the peer acknowledges 1, then SACKs 3, 3–4, 3–5: the third starts recovery.
        t.at(30 * MS, () -> t.ack(1 + MSS, 64000));
        int[][] sacks = {{3, 3}, {3, 4}, {3, 5}};
        for (int k = 0; k < sacks.length; k++) {
            int[] sk = sacks[k];
            t.at(31 * MS + k * MS, () -> t.ack(1 + MSS, 64000, TcpRecoveryScriptTest.sackOf(t, sk)));
        }
        t.runUntil(33 * MS);
        TcpConnection c = t.connection;
        assertThat(c.info().inRecovery()).isTrue();
        assertThat(c.info().retransmissions()).isEqualTo(1);
        long first = highestSent(t) - 1;                     // stream position of the first byte never sent
        assertThat(first).isGreaterThan(10 * MSS);
        assertThat(c.unsentBytes()).isEqualTo(data.length - first);
        assertThat(c.yank(Integer.MAX_VALUE, false).toByteArray()).isEqualTo(Arrays.copyOfRange(data, (int) first, data.length));
        int k = 700;                                         // keep 700 unsent bytes, yank the rest
        byte[] yanked = c.yank((int) (data.length - first - k), true).toByteArray();
        assertThat(yanked).isEqualTo(Arrays.copyOfRange(data, (int) first + k, data.length));
        int cut = (int) first + k;
        // The peer gets the hole and everything after it, with SACKs: recovery ends, the rest goes, then new data.
        byte[] more = random(2500, 4);
        ackEverything(t, 40 * MS, 400 * MS, 10 * MS);
        t.at(200 * MS, () -> { c.send(Message.wrap(more)); c.shutdownOutput(); });
        t.runUntil(500 * MS);
        emittedMatch(t, concat(Arrays.copyOf(data, cut), more));
        assertThat(highestSent(t)).isEqualTo(1 + cut + more.length + 1);
        assertThat(c.state()).isEqualTo(TcpState.FIN_WAIT_2);
    }

    @Test
    void lockHoldsNewDataAndTheFinButNotRetransmissionsUntilUnlocked() {
        TcpScript t = TcpRecoveryScriptTest.established(TcpScript.plain().withInitialWindow(2));
        byte[] data = random(10 * MSS, 5);
        t.at(20 * MS, () -> t.connection.send(Message.wrap(data)));
        t.at(21 * MS, () -> t.connection.lockSending(true));
        t.runUntil(21 * MS);
        assertThat(t.pending()).isEqualTo(2);
        t.next(); t.next();
        t.runUntil(1020 * MS);
        TcpSegment resent = t.nextAt(1020 * MS);              // the RTO's retransmission goes while locked
        assertThat(t.rel(resent.seq)).isEqualTo(1);
        t.at(1030 * MS, () -> t.ack(1 + 2 * MSS, 64000));     // a window opens: nothing new may go
        t.at(1040 * MS, () -> t.connection.send(Message.wrap(random(MSS, 6))));   // the queue takes it, the wire does not
        t.at(1050 * MS, () -> t.connection.shutdownOutput());                       // the FIN waits too
        t.runUntil(20 * S);
        t.expectNothing();                                    // no probe either: nothing sent is outstanding
        assertThat(t.connection.unsentBytes()).isEqualTo(9 * MSS);
        // Yank the last 6500 bytes (the late write and part of the first): the FIN follows the new end.
        int end = 11 * MSS - 6500;
        t.at(20 * S, () -> t.connection.yank(6500, true));
        t.at(20 * S + 1, () -> t.connection.lockSending(false));
        ackEverything(t, 20 * S + 10 * MS, 21 * S, 10 * MS);
        t.runUntil(22 * S);
        TcpSegment firstAfter = t.nextAt(20 * S + 1);
        assertThat(t.rel(firstAfter.seq)).isEqualTo(1 + 2 * MSS);
        emittedMatch(t, Arrays.copyOf(data, end));
        TcpSegment last = t.all.getLast().seg();
        assertThat(last.has(TcpSegment.FIN)).isTrue();
        assertThat(t.rel(last.seq) + last.payload.length()).isEqualTo(1 + end);
        assertThat(t.connection.ackedLength(0)).as("the FIN's ACK: its segment's data, not the FIN").isEqualTo(last.payload.length());
    }

    @Test
    void zeroWindowProbesOfSentBytesGoOnWhileLockedAndUnlockingProbesTheUnsent() {
        TcpScript t = new TcpScript(TcpScript.plain());
        t.activeOpen(10 * MS, 2 * MSS, TcpScript.mssOption(MSS));
        t.at(20 * MS, () -> t.connection.send(Message.zeros(5 * MSS)));
        t.at(30 * MS, () -> t.ack(1 + 2 * MSS, 0));           // both taken, window now closed
        t.at(1040 * MS, () -> t.connection.lockSending(true)); // after the first probe: its byte is sent data
        List<Long> probeTimes = new ArrayList<>();
        t.runUntil(30 * MS);
        t.next(); t.next();
        t.onEmit = e -> {
            probeTimes.add(e.timeNs());
            t.at(e.timeNs() + 10 * MS, () -> t.ack(1 + 2 * MSS, 0));
        };
        t.runUntil(8 * S);
        assertThat(probeTimes).containsExactly(1030 * MS, 3030 * MS, 7030 * MS);   // the lock holds none of them
        for (int i = 0; i < 3; i++) assertThat(t.rel(t.next().seq)).isEqualTo(1 + 2 * MSS);
        t.onEmit = e -> { };
        t.at(8 * S, () -> t.ack(2 + 2 * MSS, 3 * MSS));        // the window opens and takes the probe byte
        t.runUntil(9 * S);
        t.expectNothing();                                     // new data waits for the unlock
        t.at(9 * S, () -> t.connection.lockSending(false));
        t.runUntil(9 * S);
        assertThat(t.rel(t.nextAt(9 * S).seq)).isEqualTo(2 + 2 * MSS);
    }

    @Test
    void aZeroWindowMetWhileLockedIsProbedOnceUnlocked() {
        TcpScript t = new TcpScript(TcpScript.plain());
        t.activeOpen(10 * MS, 2 * MSS, TcpScript.mssOption(MSS));
        t.at(20 * MS, () -> t.connection.send(Message.zeros(5 * MSS)));
        t.at(25 * MS, () -> t.connection.lockSending(true));
        t.at(30 * MS, () -> t.ack(1 + 2 * MSS, 0));           // all sent is acknowledged, the window closed
        t.runUntil(10 * S);
        t.next(); t.next();
        t.expectNothing();                                     // no probe: it would be new data
        t.at(10 * S, () -> t.connection.lockSending(false));  // the persist timer starts again
        t.runUntil(12 * S);
        List<TcpScript.Emitted> probes = t.all.stream().filter(e -> e.timeNs() > 10 * S).toList();
        assertThat(probes).isNotEmpty();
        assertThat(t.rel(probes.getFirst().seg().seq)).isEqualTo(1 + 2 * MSS);
        assertThat(probes.getFirst().seg().payload.length()).isEqualTo(1);
    }

    @Test
    void aYankThatFreesAQuarterOfTheBufferTellsAShortWriterItMayWrite() {
        TcpScript t = TcpRecoveryScriptTest.established(TcpScript.plain().withInitialWindow(2).withSendBuffer(8 * MSS));
        t.at(20 * MS, () -> assertThat(t.connection.send(Message.zeros(12 * MSS))).isEqualTo(8 * MSS));
        t.at(25 * MS, () -> t.connection.yank(MSS, true));    // an eighth: not yet
        t.at(26 * MS, () -> t.connection.yank(MSS, true));    // a quarter free
        t.runUntil(25 * MS);
        assertThat(t.events).doesNotContain("writable");
        t.runUntil(26 * MS);
        assertThat(t.events).containsOnlyOnce("writable");
        assertThat(t.connection.writableBytes()).isEqualTo(2 * MSS);
    }

    @Test
    void peekOfMoreThanIsUnsentReturnsAllUnsentAndYankOfNothingIsEmpty() {
        TcpScript t = TcpRecoveryScriptTest.established(TcpScript.plain().withInitialWindow(2));
        byte[] data = random(3 * MSS + 17, 7);
        t.at(20 * MS, () -> t.connection.send(Message.wrap(Arrays.copyOf(data, 2 * MSS))));
        t.at(20 * MS, () -> t.connection.send(Message.wrap(Arrays.copyOfRange(data, 2 * MSS, data.length))));   // two chunks
        t.runUntil(20 * MS);
        TcpConnection c = t.connection;
        assertThat(c.yank(0, true)).isSameAs(Message.EMPTY);
        assertThat(c.yank(5 * MSS, false).toByteArray()).isEqualTo(Arrays.copyOfRange(data, 2 * MSS, data.length));
        assertThat(c.yank(MSS + 17, true).toByteArray()).isEqualTo(Arrays.copyOfRange(data, 2 * MSS, data.length));
        assertThat(c.unsentBytes()).isZero();
        assertThat(c.yank(100, true).isEmpty()).isTrue();
    }

    // ---------------------------------------------------------------- the live view's records

    /** An established connection with timestamps (the SYN-ACK echoes the SYN's TSval). */
    static TcpScript timestamped() {
        TcpScript t = new TcpScript(TcpScript.plain().withTimestamps(true).withInitialWindow(10));
        TcpSegment.Options synAck = TcpScript.mssOption(MSS);
        synAck.timestamp = true;
        synAck.tsVal = 500;
        t.at(0, () -> t.connection = Tcp.of(t.dut).connect(TcpScript.PEER, TcpScript.PEER_PORT, null, t.recorder()));
        t.runUntil(0);
        TcpSegment syn = t.nextAt(0);
        synAck.tsEcr = syn.tsVal;
        t.at(10 * MS, () -> t.inject(t.connection.localPort(), TcpSegment.SYN | TcpSegment.ACK, TcpScript.PEER_ISN, syn.seq + 1, 64000,
                synAck, Message.EMPTY));
        t.runUntil(10 * MS);
        t.next();
        return t;
    }

    static TcpSegment.Options ts(int val, int ecr) {
        TcpSegment.Options o = new TcpSegment.Options();
        o.timestamp = true;
        o.tsVal = val;
        o.tsEcr = ecr;
        return o;
    }

    @Test
    void theTwoLatestReceivedSegmentsAreRecordedAsTheyArrived() {
        TcpScript t = timestamped();
        TcpConnection c = t.connection;
        assertThat(c.receivedNs(0)).isEqualTo(10 * MS);      // the SYN-ACK
        assertThat(c.receivedSeq(0)).isEqualTo(TcpScript.PEER_ISN);
        assertThat(c.receivedTsVal(0)).isEqualTo(500);
        assertThat(c.receivedNs(1)).isEqualTo(-1);
        int base = t.peerSeq;
        t.at(50 * MS, () -> t.inject(c.localPort(), TcpSegment.ACK, base, t.dutIsn + 1, 64000, ts(0x7FFFFF00, 3), Message.zeros(300)));
        t.at(60 * MS, () -> t.inject(c.localPort(), TcpSegment.ACK | TcpSegment.PSH, base + 300, t.dutIsn + 1, 64000,
                ts(0x80000010, 4), Message.zeros(200)));
        t.runUntil(60 * MS);
        assertThat(List.of(c.receivedNs(0), c.receivedSeq(0), c.receivedAck(0), c.receivedTsVal(0), c.receivedTsEcr(0), (long) c.receivedLength(0)))
                .containsExactly(60 * MS, Integer.toUnsignedLong(base + 300), Integer.toUnsignedLong(t.dutIsn + 1), 0x80000010L, 4L, 200L);
        assertThat(List.of(c.receivedNs(1), c.receivedSeq(1), c.receivedAck(1), c.receivedTsVal(1), c.receivedTsEcr(1), (long) c.receivedLength(1)))
                .containsExactly(50 * MS, Integer.toUnsignedLong(base), Integer.toUnsignedLong(t.dutIsn + 1), 0x7FFFFF00L, 3L, 300L);
        // A segment without the option reads -1 for both; the older record is the one overwritten.
        t.at(70 * MS, () -> t.inject(c.localPort(), TcpSegment.ACK, base + 500, t.dutIsn + 1, 64000, null, Message.EMPTY));
        t.runUntil(70 * MS);
        assertThat(c.receivedNs(0)).isEqualTo(70 * MS);
        assertThat(c.receivedTsVal(0)).isEqualTo(-1);
        assertThat(c.receivedTsEcr(0)).isEqualTo(-1);
        assertThat(c.receivedLength(0)).isZero();
        assertThat(c.receivedNs(1)).isEqualTo(60 * MS);
    }

    @Test
    void advancingAcksAreRecordedWithTheFirstSendTimeOfTheirNewestSegment() {
        TcpScript t = timestamped();
        TcpConnection c = t.connection;
        int smss = MSS - 12;                                  // the timestamp option takes 12 bytes (RFC 6691)
        t.at(20 * MS, () -> c.send(Message.zeros(3 * smss)));
        t.at(25 * MS, () -> c.send(Message.zeros(smss)));
        List<long[]> told = new ArrayList<>();
        c.addAckListener(v -> told.add(new long[] {v.ackNs(0), v.ackBytes(0), v.unackedBytes()}));
        t.at(30 * MS, () -> t.ack(1 + smss, 64000, ts(600, 1)));
        t.at(35 * MS, () -> t.ack(1 + smss, 64000, ts(601, 1)));             // a duplicate: not recorded, no call
        t.at(40 * MS, () -> t.ack(1 + 3 * smss, 64000, ts(602, 1)));
        t.runUntil(40 * MS);
        assertThat(List.of(c.ackNs(0), c.ackBytes(0), c.ackedSentNs(0), (long) c.ackedLength(0)))
                .containsExactly(40 * MS, 2L * smss, 20 * MS, (long) smss);
        assertThat(List.of(c.ackNs(1), c.ackBytes(1), c.ackedSentNs(1), (long) c.ackedLength(1)))
                .containsExactly(30 * MS, (long) smss, 20 * MS, (long) smss);
        assertThat(told).hasSize(2);
        assertThat(told.get(0)[0]).isEqualTo(30 * MS);
        assertThat(told.get(1)[1]).isEqualTo(2L * smss);
        // The segment sent at 25 ms is lost and resent by the RTO: its ACK has no send time (Karn).
        t.runUntil(1100 * MS);                               // the RTO (1 s after the last ACK) resent it
        assertThat(c.info().retransmissions()).isEqualTo(1);
        assertThat(t.all.getLast().timeNs()).isEqualTo(1040 * MS);
        t.at(1100 * MS, () -> t.ack(1 + 4 * smss, 64000, ts(700, 1)));
        t.runUntil(1100 * MS);
        assertThat(c.ackedSentNs(0)).isEqualTo(-1);
        assertThat(c.ackBytes(0)).isEqualTo(smss);
        assertThat(told).hasSize(3);
        assertThat(told.get(2)[2]).as("the listener runs after the ACK was processed: nothing outstanding").isZero();
        TcpInfo info = c.info();                              // TcpInfo's pair agrees with the view's
        assertThat(info.lastAckNs()).isEqualTo(c.ackNs(0));
        assertThat(info.previousAckBytes()).isEqualTo(c.ackBytes(1));
    }

    @Test
    void aListenerSeesTheDataItsAckReleasedAndMayRemoveItself() {
        TcpScript t = TcpRecoveryScriptTest.established(TcpScript.plain().withInitialWindow(2));
        TcpConnection c = t.connection;
        t.at(20 * MS, () -> c.send(Message.zeros(10 * MSS)));
        List<Long> sndMaxSeen = new ArrayList<>();
        TcpView.AckListener[] self = new TcpView.AckListener[1];
        self[0] = v -> {
            sndMaxSeen.add((v.sndMax() - v.sndUna()) & 0xFFFFFFFFL);
            if (sndMaxSeen.size() == 2) v.removeAckListener(self[0]);
        };
        c.addAckListener(self[0]);
        TcpView.AckListener other = v -> { };
        c.addAckListener(other);
        t.at(30 * MS, () -> t.ack(1 + MSS, 64000));
        t.at(31 * MS, () -> t.ack(1 + 2 * MSS, 64000));
        t.at(32 * MS, () -> t.ack(1 + 3 * MSS, 64000));
        t.runUntil(32 * MS);
        // Slow start: each ACK of one segment releases two, already sent when the listener runs.
        assertThat(sndMaxSeen).containsExactly(3L * MSS, 4L * MSS);
        c.removeAckListener(other);
    }

    @Test
    void aListenerThatThrowsIsRemovedAndRecordedAsAFailure() {
        TcpScript t = TcpRecoveryScriptTest.established(TcpScript.plain().withInitialWindow(2));
        TcpConnection c = t.connection;
        t.at(20 * MS, () -> c.send(Message.zeros(4 * MSS)));
        int[] calls = {0};
        c.addAckListener(v -> { calls[0]++; throw new IllegalStateException("listener bug"); });
        t.at(30 * MS, () -> t.ack(1 + MSS, 64000));
        t.at(31 * MS, () -> t.ack(1 + 2 * MSS, 64000));
        t.runUntil(31 * MS);
        assertThat(calls[0]).isEqualTo(1);
        assertThat(t.dut.failures()).hasSize(1);
        assertThat((c.sndUna() - t.dutIsn) & 0xFFFFFFFFL).isEqualTo(1 + 2 * MSS);   // TCP went on
    }
}
