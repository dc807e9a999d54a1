package elvis.protocol.tcp;

/**
 * RFC 6298 round-trip estimation and retransmission timeout for one connection: SRTT, RTTVAR and the
 * RTO with its bounds and backoff, Karn's rule through {@link SendTimes} (each segment's virtual send
 * time), and the 3 s rule after a handshake timeout (5.7). Samples come per ACK, not per RTT, so the
 * gains are divided by the samples expected in a window (RFC 7323 Appendix G). Times are nanoseconds.
 */
final class RttEstimator {
    private final TcpConfig config;             // its RTO bounds and clock granularity (socket options leave them alone)
    private final SendTimes sendTimes = new SendTimes();
    private long srtt = -1, rttvar, rto;
    private boolean handshakeTimedOut;          // a SYN or SYN-ACK was retransmitted: RFC 6298 (5.7)

    RttEstimator(TcpConfig config) {
        this.config = config;
        this.rto = config.initialRtoNs();       // (2.1)
    }

    /** SRTT, or -1 before the first sample. */
    long srtt() { return srtt; }
    long rttvar() { return rttvar; }
    long rto() { return rto; }

    /** New sequence space up to {@code end} left at {@code nowNs}. */
    void sent(long end, long nowNs) { sendTimes.sent(end, nowNs); }

    /** [from, to) was sent again: Karn's rule, nothing it overlaps is timed. */
    void resent(long from, long to) { sendTimes.resent(from, to); }

    /**
     * An ACK up to {@code una} arrived: the send time of the newest segment it completes, or -1 when
     * it may not be timed (nothing completed, or a retransmission among them).
     */
    long ackedTo(long una) { return sendTimes.ackedTo(una); }

    /** The end of the newest segment {@link #ackedTo} completed. */
    long lastAckedEnd() { return sendTimes.lastEnd(); }

    /** The sequence space of that segment. */
    long lastAckedLength() { return sendTimes.lastEnd() - sendTimes.lastStart(); }

    /**
     * A measurement {@code r}: RFC 6298 (2.2) for the first, (2.3) with the gains divided by the samples
     * expected in a window of {@code flight} bytes acknowledged every second segment of {@code smss}
     * (RFC 7323 Appendix G) after it; then the RTO within its bounds (2.4), (2.5).
     */
    void sample(long r, long flight, int smss) {
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            long expected = Math.max(1, (flight + 2L * smss - 1) / (2L * smss));
            rttvar += (Math.abs(srtt - r) - rttvar) / (4 * expected);
            srtt += (r - srtt) / (8 * expected);
        }
        rto = Math.min(Math.max(srtt + Math.max(config.clockGranularityNs(), 4 * rttvar), config.minRtoNs()), config.maxRtoNs());
    }

    /** The retransmission timer expired: (5.5) doubles the RTO, up to its maximum. */
    void backOff() { rto = Math.min(rto * 2, config.maxRtoNs()); }

    /** A SYN or SYN-ACK timed out (and was backed off): data transfer will start from at least 3 s. */
    void handshakeTimedOut() { handshakeTimedOut = true; }

    /** The handshake completed: (5.7), after a handshake timeout, the RTO is at least 3 s. */
    void established() {
        if (handshakeTimedOut && rto < 3 * TcpConfig.S) rto = 3 * TcpConfig.S;
    }
}
