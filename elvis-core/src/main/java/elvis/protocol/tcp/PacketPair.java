package elvis.protocol.tcp;

/**
 * A passive packet-pair estimate of a connection's bottleneck rate, from its own data and ACKs
 * (ModNet's adaptive modules; REQUIREMENTS.md §9.5). Two segments that leave the sender close
 * together queue behind each other at the bottleneck, which spaces them by the time it takes to send
 * the second; the receiver's ACKs keep that spacing. So after each ACK that advances SND.UNA, the
 * bytes it acknowledged divided by the time since the ACK before it is a sample of the bottleneck
 * rate, when the two ACKs' newest segments
 * <ul>
 *   <li>have a known first send time (a retransmission, or a segment SACKed earlier, has none: its
 *       ACK says nothing about when it arrived),</li>
 *   <li>were first sent at most {@link #maxSendGapNs} apart (else the sender's own pause, not the
 *       bottleneck, set the spacing), and</li>
 *   <li>are of similar size, the smaller at least {@link #minSizeRatio} of the larger (a short
 *       segment's headers weigh more, and its spacing says less about the rate of full ones),</li>
 *   <li>and the two ACKs arrived at different instants.</li>
 * </ul>
 * Valid samples feed an exponentially weighted moving average with gain {@link #gain} (1: none).
 * Rates are payload bits per second, so a link of rate R carrying 1500-byte packets with 1448 bytes
 * of data shows about 0.965·R. Attach it with {@link #attach}; it runs inside TCP's ACK processing
 * and only reads the view. Everything is deterministic virtual time.
 */
public final class PacketPair implements TcpView.AckListener {
    /**
     * 50 ms. Segments sent back to back (a window's burst) always pass; so does the ACK clock of a
     * bottleneck down to about 460 kbit/s with delayed ACKs (two 1448-byte segments per ACK) or
     * 230 kbit/s without, where each pair is sent one ACK gap apart. Pairs split by a pause of the
     * sender longer than that (an application with nothing to send, a response boundary) are rejected:
     * their ACK gap is the pause, and the sample would be far too low. Slower paths want a larger one.
     */
    public static final long DEFAULT_MAX_SEND_GAP_NS = 50_000_000L;
    /**
     * 0.9. Full-sized segments differ only by the SACK blocks riding along (at most 36 of 1448 bytes),
     * so every pair of them passes; the short segment ending a write does not.
     */
    public static final double DEFAULT_MIN_SIZE_RATIO = 0.9;
    /**
     * 1/8, as SRTT's gain (RFC 6298): one pair compressed in a queue moves the estimate by an eighth of
     * its error, and a step change of the rate is 90% followed after 17 valid samples (a few ms at
     * 10 Mbit/s, about a second at 700 kbit/s).
     */
    public static final double DEFAULT_GAIN = 0.125;

    private final long maxSendGapNs;
    private final double minSizeRatio, gain;
    private TcpView view;
    private double latestBps = -1, smoothedBps = -1;
    private long latestNs = -1;
    private long valid, unknownSendTime, farApart, dissimilar, simultaneous;

    public PacketPair() { this(DEFAULT_MAX_SEND_GAP_NS, DEFAULT_MIN_SIZE_RATIO, DEFAULT_GAIN); }

    public PacketPair(long maxSendGapNs, double minSizeRatio, double gain) {
        if (maxSendGapNs < 0) throw new IllegalArgumentException("maximum send gap " + maxSendGapNs + " ns is negative");
        if (!(minSizeRatio >= 0 && minSizeRatio <= 1)) throw new IllegalArgumentException("size ratio " + minSizeRatio + " is not in [0, 1]");
        if (!(gain > 0 && gain <= 1)) throw new IllegalArgumentException("gain " + gain + " is not in (0, 1]");
        this.maxSendGapNs = maxSendGapNs;
        this.minSizeRatio = minSizeRatio;
        this.gain = gain;
    }

    /** Starts estimating on {@code view}'s ACKs (one view per estimator); returns this. */
    public PacketPair attach(TcpView view) {
        if (this.view != null) throw new IllegalStateException("already attached to " + this.view);
        this.view = view;
        view.addAckListener(this);
        return this;
    }

    /** Stops listening (the figures stay readable). */
    public void detach() {
        if (view != null) view.removeAckListener(this);
        view = null;
    }

    public long maxSendGapNs() { return maxSendGapNs; }
    public double minSizeRatio() { return minSizeRatio; }
    public double gain() { return gain; }

    /** The latest valid sample in bit/s, -1 before the first. */
    public double latestBps() { return latestBps; }
    /** When it was taken (the later ACK's arrival, virtual ns), -1 before the first. */
    public long latestNs() { return latestNs; }
    /** The moving average of the valid samples in bit/s, -1 before the first. */
    public double smoothedBps() { return smoothedBps; }
    /** Pairs that gave a sample. */
    public long validSamples() { return valid; }
    /** Pairs rejected: a send time unknown (retransmitted or SACKed before), sent too far apart, or of dissimilar sizes. */
    public long unknownSendTimeSamples() { return unknownSendTime; }
    public long farApartSamples() { return farApart; }
    public long dissimilarSamples() { return dissimilar; }
    /** Pairs whose ACKs arrived in the same instant (no gap to divide by). */
    public long simultaneousSamples() { return simultaneous; }
    /** Every pair looked at (the first ACK makes none). */
    public long pairs() { return valid + unknownSendTime + farApart + dissimilar + simultaneous; }

    @Override
    public void acked(TcpView v) {
        long earlierNs = v.ackNs(1);
        if (earlierNs < 0) return;                           // the first ACK: no pair yet
        long sent = v.ackedSentNs(0), sentBefore = v.ackedSentNs(1);
        if (sent < 0 || sentBefore < 0) { unknownSendTime++; return; }
        if (Math.abs(sent - sentBefore) > maxSendGapNs) { farApart++; return; }
        int len = v.ackedLength(0), lenBefore = v.ackedLength(1);
        if (Math.min(len, lenBefore) < minSizeRatio * Math.max(len, lenBefore)) { dissimilar++; return; }
        long gapNs = v.ackNs(0) - earlierNs;
        if (gapNs <= 0) { simultaneous++; return; }
        double bps = v.ackBytes(0) * 8e9 / gapNs;
        valid++;
        latestBps = bps;
        latestNs = v.ackNs(0);
        smoothedBps = smoothedBps < 0 ? bps : smoothedBps + gain * (bps - smoothedBps);
    }

    @Override
    public String toString() {
        return String.format("packet pair: %.0f bit/s latest, %.0f smoothed, %d valid of %d pairs", latestBps, smoothedBps, valid, pairs());
    }
}
