package elvis.protocol.tcp;

/**
 * A connection's loss detection and recovery: duplicate ACKs and fast retransmit (RFC 5681 §3.2),
 * NewReno's partial ACKs (RFC 6582) without SACK, and with SACK the RFC 6675 scoreboard, IsLost,
 * SetPipe, limited transmit and NextSeg rules 1–4 (the rescue retransmission included). It owns the
 * scoreboard and the recovery state; the connection owns the sequence space and the segments, so it
 * hands over its ACKs here and sends what this asks for. The window itself is the congestion
 * controller's: this tells it of losses and sets it while recovering.
 */
final class LossRecovery {
    /** What recovery needs of its connection: the send sequence space, the congestion controller, and sending. */
    interface Sender {
        /** SND.UNA and SND.MAX as offsets from the ISS. */
        long sndUna();
        long sndMax();
        int smss();
        boolean sackOk();
        CongestionControl cc();
        long now();
        /** Sends up to {@code maxLen} bytes at {@code off} (a retransmission below SND.MAX); returns the sequence space used. */
        int sendSegment(long off, int maxLen);
        /** Whether a segment of new data (or the FIN) may go now. */
        boolean canSendNew();
        /** Sends a segment of new data at SND.MAX; returns the sequence space used. */
        int sendNew();
    }

    private final Sender c;
    private final Scoreboard scoreboard = new Scoreboard();
    private int dupAcks;
    private boolean inRecovery;
    private long recover;                    // RFC 6582 recover, RFC 6675 RecoveryPoint: SND.MAX at the loss (exclusive)
    private long rxtEnd, rescueEnd;          // one past RFC 6675 HighRxt and RescueRxt
    private long limitedBytes;               // sent by limited transmit since the last cumulative ACK

    LossRecovery(Sender c) { this.c = c; }

    boolean inRecovery() { return inRecovery; }

    /** RFC 6675 §4 Update(): records a SACK block; returns how many of its bytes are newly SACKed. */
    long sacked(long left, long right) { return scoreboard.add(left, right); }

    /** The first offset at or above {@code off} that is not SACKed. */
    long skipSacked(long off) { return scoreboard.skipSacked(off); }

    /** Whether the octet at {@code off} was SACKed. */
    boolean isSacked(long off) { return !scoreboard.isEmpty() && scoreboard.isSacked(off); }

    /**
     * SND.UNA advanced by {@code acked} (the connection has moved it): forgets what it covers and ends or
     * continues recovery. Returns whether the connection was recovering, in which case the window is
     * recovery's business and congestion avoidance leaves it alone.
     */
    boolean newAck(long acked) {
        scoreboard.ackedTo(c.sndUna());
        dupAcks = 0;
        limitedBytes = 0;
        if (!inRecovery) return false;
        // RFC 6675 §5 (A) and RFC 6582 step 6: recovery ends when RecoveryPoint is acknowledged; Reno
        // without SACK ends it at the first new ACK (RFC 5681 §3.2 step 6).
        if (c.sndUna() >= recover || (!c.sackOk() && !c.cc().partialAckKeepsRecovery())) {
            inRecovery = false;
            c.cc().onRecoveryEnd(c.sndMax() - c.sndUna());
        } else if (!c.sackOk()) {
            partialAck(acked);                          // with SACK, NextSeg() picks what to resend
        }
        return true;
    }

    /** RFC 6582 §3.2 step 5: resend the next hole, deflate by what was acknowledged. */
    private void partialAck(long acked) {
        int smss = c.smss();
        c.sendSegment(c.sndUna(), smss);
        c.cc().setCwnd(c.cc().cwnd() - acked + (acked >= smss ? smss : 0));
    }

    /** A duplicate ACK without SACK (RFC 5681 §2). */
    void duplicateAck() {
        dupAcks++;
        if (!inRecovery) {
            // RFC 6582 §3.2 step 2: not when these duplicates may stem from data sent before a timeout.
            if (dupAcks == Scoreboard.DUP_THRESH && c.sndUna() >= recover) enterRecovery();
        } else {
            c.cc().setCwnd(c.cc().cwnd() + c.smss());                             // RFC 6582 §3.2 step 4: inflate
        }
    }

    /** RFC 6675 §5 steps 1 to 4, for a duplicate ACK (§2: one with new SACK information); none while recovering. */
    void sackDuplicateAck() {
        if (inRecovery) return;
        dupAcks++;
        if (c.sndUna() < recover) return;                     // §5.1: not before a timeout's data is acknowledged
        if (dupAcks >= Scoreboard.DUP_THRESH || c.sndUna() < scoreboard.lostBelow(c.smss())) enterRecovery();   // IsLost(HighACK+1)
        else limitedTransmit();
    }

    /** RFC 6675 §5 step 3: limited transmit of new data, as far as cwnd − pipe allows. */
    private void limitedTransmit() {
        rxtEnd = c.sndUna();
        long pipe = pipe();
        while (c.cc().cwnd() - pipe >= c.smss() && c.canSendNew()) {
            int sent = c.sendNew();
            limitedBytes += sent;
            pipe += sent;
        }
    }

    /** Fast retransmit (RFC 5681 §3.2) and the start of fast recovery (RFC 6582, or RFC 6675 §5 step 4 with SACK). */
    private void enterRecovery() {
        inRecovery = true;
        recover = c.sndMax();
        c.cc().onLoss(c.sndMax() - c.sndUna() - limitedBytes, c.now());          // RFC 5681 §3.2: limited transmit is not FlightSize
        int smss = c.smss();
        if (!c.sackOk()) {
            c.sendSegment(c.sndUna(), smss);
            c.cc().setCwnd(c.cc().ssthresh() + 3L * smss);
            return;
        }
        // (4.3): the first segment, not into SACKed data; it is also where a rescue may start from.
        long una = c.sndUna();
        rxtEnd = rescueEnd = una + c.sendSegment(una, (int) Math.min(smss, scoreboard.nextSacked(una, c.sndMax()) - una));
    }

    /** RFC 6675 §5 (B.2) and (C), during SACK recovery: while cwnd − pipe ≥ SMSS, send the segment NextSeg() (§4) picks. */
    void output() {
        int smss = c.smss();
        long pipe = pipe();
        while (c.cc().cwnd() - pipe >= smss) {
            long una = c.sndUna();
            long high = scoreboard.highest();
            long hole = scoreboard.skipSacked(Math.max(rxtEnd, una));      // the first unSACKed octet above HighRxt
            int sent;
            // Rule 1: it is lost; rule 3: below the highest SACK, not deemed lost, and nothing new to send.
            if (hole < scoreboard.lostBelow(smss) || (hole < high && !c.canSendNew())) {
                sent = c.sendSegment(hole, (int) Math.min(smss, scoreboard.nextSacked(hole, high) - hole));
                rxtEnd = hole + sent;                                       // (C.2)
            } else if (c.canSendNew()) {
                sent = c.sendNew();                                         // rule 2, (C.3)
            } else if (una >= rescueEnd) {
                // Rule 4, once per recovery: the last segment's worth of the highest unSACKed run, to draw an ACK
                // when the tail was lost; HighRxt stays.
                long end = scoreboard.highestUnsackedEnd(c.sndMax());
                long start = Math.max(Math.max(una, scoreboard.sackedEndBelow(end)), end - smss);
                sent = c.sendSegment(start, (int) (end - start));
                rescueEnd = recover;
            } else {
                return;
            }
            pipe += sent;                                                   // (C.4)
        }
    }

    /** RFC 6675 §4 SetPipe(): unSACKed octets not deemed lost, plus unSACKed octets up to HighRxt. */
    long pipe() {
        long una = c.sndUna(), max = c.sndMax();
        long lost = Math.max(scoreboard.lostBelow(c.smss()), una);
        return scoreboard.unsackedBetween(lost, max) + scoreboard.unsackedBetween(una, Math.min(rxtEnd, max));
    }

    /**
     * A retransmission timeout (the connection has told the controller). RFC 6675 §5.1: recovery ends,
     * RecoveryPoint = HighData, no new one until it is acknowledged, and the retransmission state starts
     * afresh. SACK information is kept, as §5.1 suggests, so the resending skips SACKed data; but a second
     * timeout in a row ({@code again}) discards it (RFC 2018 §8), in case the receiver reneged and the
     * skipped data is missing.
     */
    void timeout(boolean again) {
        inRecovery = false;
        dupAcks = 0;
        recover = c.sndMax();
        rxtEnd = c.sndUna();
        if (again) scoreboard.clear();
    }
}
