package elvis.protocol.tcp;

/**
 * A congestion controller: owns cwnd and ssthresh (bytes) and decides how they move. The
 * connection detects losses and runs recovery ({@link LossRecovery}); the controller only sizes the
 * window. The base class is RFC 5681 slow start and congestion avoidance. Controllers are found by
 * name through {@link CongestionControlRegistry}; a new one subclasses this (or {@link NewReno}),
 * overrides the protected hooks, and registers a {@link CongestionControlFactory}.
 */
public abstract class CongestionControl {
    protected int smss;
    protected long cwnd;
    protected long ssthresh = Long.MAX_VALUE;   // RFC 5681 §3.1: initially arbitrarily high
    private long avoidanceCredit;                // bytes acked towards the next +SMSS in avoidance

    protected CongestionControl(int smss) { this.smss = smss; }

    /** The controller called {@code name} in {@link CongestionControlRegistry}, e.g. "reno", "newreno" or "cubic". */
    public static CongestionControl create(String name, int smss) { return CongestionControlRegistry.create(name, smss); }

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
    protected void onAck(long acked, long nowNs, long srttNs) {
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
    protected void onLoss(long flightSize, long nowNs) {
        ssthresh = Math.max(flightSize / 2, 2L * smss);
        cwnd = ssthresh;
        avoidanceCredit = 0;
    }

    /** Retransmission timeout: ssthresh as for a loss (first timeout only), cwnd = loss window of 1 SMSS (RFC 5681 §3.1). */
    protected void onTimeout(long flightSize, boolean firstTimeout, long nowNs) {
        if (firstTimeout) onLoss(flightSize, nowNs);
        cwnd = smss;
        avoidanceCredit = 0;
    }

    /** Fast recovery ended with a full ACK (RFC 6582 §3.2 step 6, option 1). */
    protected void onRecoveryEnd(long flightSize) {
        cwnd = Math.min(ssthresh, Math.max(flightSize, smss) + smss);
    }

    /** Sets the window during recovery (inflation and deflation are the connection's business). */
    void setCwnd(long bytes) { cwnd = Math.max(bytes, smss); }

    /** Full-sized segments are now {@code smss} bytes (path MTU discovery lowered it, RFC 1191). */
    void smss(int smss) { this.smss = smss; }

    /** RFC 5681 Reno: fast retransmit and fast recovery that ends on the first new ACK. */
    public static final class Reno extends CongestionControl {
        public Reno(int smss) { super(smss); }

        @Override public String name() { return "reno"; }
        @Override public boolean partialAckKeepsRecovery() { return false; }

        public static final class Factory implements CongestionControlFactory {
            @Override public String name() { return "reno"; }
            @Override public CongestionControl create(int smss) { return new Reno(smss); }
        }
    }

    /** RFC 6582 NewReno: recovery lasts until everything outstanding at the loss is acknowledged. */
    public static class NewReno extends CongestionControl {
        public NewReno(int smss) { super(smss); }

        @Override public String name() { return "newreno"; }
        @Override public boolean partialAckKeepsRecovery() { return true; }

        public static final class Factory implements CongestionControlFactory {
            @Override public String name() { return "newreno"; }
            @Override public CongestionControl create(int smss) { return new NewReno(smss); }
        }
    }
}
