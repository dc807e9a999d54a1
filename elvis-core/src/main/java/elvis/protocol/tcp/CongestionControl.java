package elvis.protocol.tcp;

/**
 * A congestion controller: owns cwnd and ssthresh (bytes) and decides how they move. The
 * connection detects losses and runs recovery; the controller only sizes the window.
 * The base class is RFC 5681 slow start and congestion avoidance.
 */
public abstract class CongestionControl {
    protected int smss;
    protected long cwnd;
    protected long ssthresh = Long.MAX_VALUE;   // RFC 5681 §3.1: initially arbitrarily high
    private long avoidanceCredit;                // bytes acked towards the next +SMSS in avoidance

    /** "reno", "newreno" or "cubic". */
    public static CongestionControl create(String name, int smss) {
        CongestionControl cc = switch (name) {
            case "reno" -> new Reno();
            case "newreno" -> new NewReno();
            case "cubic" -> new Cubic();
            default -> throw new IllegalArgumentException("unknown congestion control '" + name + "' (reno, newreno, cubic)");
        };
        cc.smss = smss;
        return cc;
    }

    public abstract String name();

    /**
     * Whether, without SACK, a partial ACK keeps fast recovery going (RFC 6582) instead of ending it (Reno).
     * With SACK, RFC 6675 recovery lasts until RecoveryPoint is acknowledged whatever the controller.
     */
    public abstract boolean partialAckKeepsRecovery();

    public long cwnd() { return cwnd; }
    public long ssthresh() { return ssthresh; }

    void start(int smss, long initialWindow) {
        this.smss = smss;
        this.cwnd = initialWindow;
    }

    /** New data acknowledged outside loss recovery. */
    void onAck(long acked, long nowNs, long srttNs) {
        if (cwnd < ssthresh) {
            cwnd += Math.min(acked, smss);                  // RFC 5681 eq. (2)
        } else {
            avoidanceAck(acked, nowNs, srttNs);
        }
    }

    /** RFC 5681 §3.1 congestion avoidance with byte counting: one SMSS per cwnd of acked data (about one RTT). */
    protected void avoidanceAck(long acked, long nowNs, long srttNs) {
        avoidanceCredit += acked;
        if (avoidanceCredit >= cwnd) {
            avoidanceCredit -= cwnd;
            cwnd += smss;
        }
    }

    /** Loss detected by duplicate ACKs: RFC 5681 eq. (4), cwnd = ssthresh (the connection inflates it if needed). */
    void onLoss(long flightSize, long nowNs) {
        ssthresh = Math.max(flightSize / 2, 2L * smss);
        cwnd = ssthresh;
        avoidanceCredit = 0;
    }

    /** Retransmission timeout: ssthresh as for a loss (first timeout only), cwnd = loss window of 1 SMSS (RFC 5681 §3.1). */
    void onTimeout(long flightSize, boolean firstTimeout, long nowNs) {
        if (firstTimeout) onLoss(flightSize, nowNs);
        cwnd = smss;
        avoidanceCredit = 0;
    }

    /** Fast recovery ended with a full ACK (RFC 6582 §3.2 step 6, option 1). */
    void onRecoveryEnd(long flightSize) {
        cwnd = Math.min(ssthresh, Math.max(flightSize, smss) + smss);
    }

    /** Sets the window during recovery (inflation and deflation are the connection's business). */
    void setCwnd(long bytes) { cwnd = Math.max(bytes, smss); }

    /** RFC 5681 Reno: fast retransmit and fast recovery that ends on the first new ACK. */
    static final class Reno extends CongestionControl {
        @Override public String name() { return "reno"; }
        @Override public boolean partialAckKeepsRecovery() { return false; }
    }

    /** RFC 6582 NewReno: recovery lasts until everything outstanding at the loss is acknowledged. */
    static class NewReno extends CongestionControl {
        @Override public String name() { return "newreno"; }
        @Override public boolean partialAckKeepsRecovery() { return true; }
    }
}
