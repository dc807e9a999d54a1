package elvis.protocol.tcp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LossRecovery} alone, against the rules of RFC 5681 §3.2, RFC 6582 §3.2 and RFC 6675 §4–5: a fake
 * connection holds SND.UNA and SND.MAX (as offsets: the first data octet is 1) and records what recovery
 * sends. Ten 1000-byte segments are in flight, cwnd 10 SMSS.
 */
class LossRecoveryTest {
    static final int SMSS = 1000;

    /** The connection's side: moves SND.UNA on new ACKs as TcpConnection does, and records every segment sent. */
    static final class FakeConnection implements LossRecovery.Sender {
        long una = 1, max = 1 + 10 * SMSS, newData;          // newData: unsent bytes the application queued
        final boolean sack;
        final CongestionControl cc;
        final List<String> sent = new ArrayList<>();
        final LossRecovery recovery = new LossRecovery(this);

        FakeConnection(boolean sack, CongestionControl cc) {
            this.sack = sack;
            this.cc = cc;
            cc.start(SMSS, 10L * SMSS);
        }

        @Override public long sndUna() { return una; }
        @Override public long sndMax() { return max; }
        @Override public int smss() { return SMSS; }
        @Override public boolean sackOk() { return sack; }
        @Override public CongestionControl cc() { return cc; }
        @Override public long now() { return 0; }
        @Override public int sendSegment(long off, int maxLen) {
            int len = (int) Math.min(maxLen, max - off);
            sent.add(off + "+" + len);
            return len;
        }
        @Override public boolean canSendNew() { return newData > 0; }
        @Override public int sendNew() {
            int len = (int) Math.min(SMSS, newData);
            sent.add("new " + max + "+" + len);
            max += len;
            newData -= len;
            return len;
        }

        /** A cumulative ACK up to {@code ack}. */
        boolean ack(long ack) {
            long acked = ack - una;
            una = ack;
            return recovery.newAck(acked);
        }

        /** A duplicate ACK carrying one new SACK block. */
        void sack(long left, long right) {
            assertThat(recovery.sacked(left, right)).isPositive();
            recovery.sackDuplicateAck();
        }
    }

    @Test
    void newRenoRetransmitsOnTheThirdDuplicateInflatesAndDeflatesOnAPartialAckAndLeavesAtTheRecoveryPoint() {
        FakeConnection c = new FakeConnection(false, new CongestionControl.NewReno(SMSS));
        c.recovery.duplicateAck();
        c.recovery.duplicateAck();
        assertThat(c.recovery.inRecovery()).isFalse();
        assertThat(c.sent).isEmpty();
        c.recovery.duplicateAck();                             // RFC 5681 §3.2 (2)-(3): the third one
        assertThat(c.recovery.inRecovery()).isTrue();
        assertThat(c.sent).containsExactly("1+1000");          // the segment at SND.UNA
        assertThat(c.cc.ssthresh()).isEqualTo(5 * SMSS);       // FlightSize / 2, eq. (4)
        assertThat(c.cc.cwnd()).isEqualTo(8 * SMSS);           // ssthresh + 3 SMSS
        c.recovery.duplicateAck();                             // (4): one more SMSS per further duplicate
        assertThat(c.cc.cwnd()).isEqualTo(9 * SMSS);

        assertThat(c.ack(3001)).isTrue();                      // RFC 6582 §3.2 (5): a partial ACK
        assertThat(c.recovery.inRecovery()).isTrue();
        assertThat(c.sent).containsExactly("1+1000", "3001+1000");   // the next hole, at once
        assertThat(c.cc.cwnd()).isEqualTo(9 * SMSS - 3000 + SMSS);   // deflated by the amount acked, plus SMSS

        assertThat(c.ack(1 + 10 * SMSS)).isTrue();             // (6): recover (SND.MAX at the loss) is acknowledged
        assertThat(c.recovery.inRecovery()).isFalse();
        assertThat(c.cc.cwnd()).isEqualTo(2 * SMSS);           // option 1: min(ssthresh, FlightSize + SMSS), FlightSize 0 → SMSS
        assertThat(c.ack(1 + 10 * SMSS)).isFalse();            // outside recovery the controller grows cwnd itself
    }

    @Test
    void renoLeavesRecoveryOnTheFirstNewAck() {
        FakeConnection c = new FakeConnection(false, new CongestionControl.Reno(SMSS));
        for (int i = 0; i < 3; i++) c.recovery.duplicateAck();
        assertThat(c.recovery.inRecovery()).isTrue();
        c.ack(3001);                                           // RFC 5681 §3.2 (6): any new ACK deflates and ends it
        assertThat(c.recovery.inRecovery()).isFalse();
        assertThat(c.sent).containsExactly("1+1000");          // no NewReno retransmission of the next hole
        assertThat(c.cc.cwnd()).isEqualTo(5 * SMSS);           // min(ssthresh, FlightSize 7000 + SMSS)
    }

    @Test
    void duplicatesOfDataSentBeforeATimeoutStartNoRecovery() {
        FakeConnection c = new FakeConnection(false, new CongestionControl.NewReno(SMSS));
        c.recovery.timeout(false);                             // RFC 6582 §3.2 (2): recover = SND.MAX at the timeout
        c.una = 1;
        c.max = 1 + 10 * SMSS + 2 * SMSS;                      // two more segments sent since
        for (int i = 0; i < 5; i++) c.recovery.duplicateAck();
        assertThat(c.recovery.inRecovery()).isFalse();
        assertThat(c.sent).isEmpty();
        c.ack(1 + 10 * SMSS);                                  // what was outstanding at the timeout is acknowledged
        for (int i = 0; i < 3; i++) c.recovery.duplicateAck();
        assertThat(c.recovery.inRecovery()).isTrue();
        assertThat(c.sent).containsExactly((1 + 10 * SMSS) + "+1000");
    }

    @Test
    void sackRecoveryStartsOnTheThirdDuplicateWithLimitedTransmitBefore() {
        FakeConnection c = new FakeConnection(true, new CongestionControl.NewReno(SMSS));
        c.newData = 2 * SMSS;
        c.sack(1001, 2001);                                    // RFC 6675 §5 (3): limited transmit while cwnd − pipe ≥ SMSS
        assertThat(c.recovery.inRecovery()).isFalse();
        assertThat(c.sent).containsExactly("new 10001+1000");
        c.sack(2001, 3001);
        assertThat(c.sent).containsExactly("new 10001+1000", "new 11001+1000");
        c.sack(3001, 4001);                                    // (4): DupAcks = DupThresh
        assertThat(c.recovery.inRecovery()).isTrue();
        assertThat(c.sent).last().isEqualTo("1+1000");         // (4.3): the first unacknowledged segment
        // (4.2): ssthresh = cwnd = FlightSize / 2, limited transmit's segments not counted (RFC 5681 §3.2).
        assertThat(c.cc.ssthresh()).isEqualTo(5 * SMSS);
        assertThat(c.cc.cwnd()).isEqualTo(5 * SMSS);
        // SetPipe (§4): octets 4001..12001 are neither SACKed nor lost (8000), plus the retransmission below HighRxt (1000).
        assertThat(c.recovery.pipe()).isEqualTo(9 * SMSS);
    }

    @Test
    void sackRecoveryStartsAtOnceWhenTheFirstSegmentIsDeemedLostAndEndsAtTheRecoveryPoint() {
        FakeConnection c = new FakeConnection(true, new CongestionControl.NewReno(SMSS));
        c.sack(1001, 4001);                                    // §5 (2): IsLost(HighACK + 1): 3 segments SACKed above it
        assertThat(c.recovery.inRecovery()).isTrue();
        assertThat(c.sent).containsExactly("1+1000");
        // More SACKs shrink pipe; a partial ACK keeps recovery (RecoveryPoint not reached). NextSeg (§4) then
        // picks the hole deemed lost (rule 1: 4001, with 4 segments SACKed above it); with no new data and no
        // unSACKed octet left between HighRxt and the highest SACK (rules 2, 3), the rescue (rule 4): one
        // segment holding the highest outstanding unSACKed octet, once per recovery (HighACK > RescueRxt).
        c.sack(5001, 9001);
        assertThat(c.ack(1001)).isTrue();
        assertThat(c.recovery.inRecovery()).isTrue();
        c.recovery.output();
        assertThat(c.sent).containsExactly("1+1000", "4001+1000", "9001+1000");
        c.ack(4001);
        c.recovery.output();
        assertThat(c.sent).hasSize(3);                         // RescueRxt = RecoveryPoint: no second rescue
        assertThat(c.ack(1 + 10 * SMSS)).isTrue();             // (A): RecoveryPoint acknowledged
        assertThat(c.recovery.inRecovery()).isFalse();
    }
}
