package elvis.protocol.tcp;

/**
 * CUBIC (RFC 9438): in congestion avoidance the window follows W_cubic(t) = C(t − K)³ + W_max
 * (segments, seconds), never below the Reno-friendly estimate W_est; multiplicative decrease by
 * β = 0.7 with fast convergence. Slow start and recovery are NewReno's.
 */
final class Cubic extends CongestionControl.NewReno {
    static final double C = 0.4, BETA = 0.7;
    static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);   // RFC 9438 §4.3

    private double wMax = -1;          // segments; -1 before the first congestion event
    private double k;                  // seconds
    private double wEst;               // segments
    private long epochStartNs = -1;    // start of the current avoidance epoch, -1 = none

    Cubic(int smss) { super(smss); }

    @Override public String name() { return "cubic"; }

    @Override
    protected void avoidanceAck(long acked, long nowNs, long srttNs) {
        double w = (double) cwnd / smss;
        if (epochStartNs < 0) {                        // §4.2: a new epoch begins
            epochStartNs = nowNs;
            if (wMax < w) wMax = w;
            k = Math.cbrt((wMax - w) / C);
            wEst = w;
        }
        double segs = (double) acked / smss;
        // §4.3: Reno-friendly estimate; α becomes 1 once W_est reaches W_max.
        wEst += (wEst >= wMax ? 1 : ALPHA) * segs / w;
        double t = (nowNs - epochStartNs) / 1e9;
        double rtt = Math.max(srttNs, 0) / 1e9;
        if (wCubic(t) < wEst) {
            cwnd = Math.max(cwnd, (long) (wEst * smss));
            return;
        }
        // §4.4: aim at W_cubic one RTT ahead, bounded to [cwnd, 1.5·cwnd].
        double target = Math.min(Math.max(wCubic(t + rtt), w), 1.5 * w);
        cwnd += (long) ((target - w) / w * segs * smss);
    }

    private double wCubic(double t) { return C * Math.pow(t - k, 3) + wMax; }

    @Override
    protected void onLoss(long flightSize, long nowNs) {
        double w = (double) cwnd / smss;
        wMax = (wMax >= 0 && w < wMax) ? w * (1 + BETA) / 2 : w;   // §4.7 fast convergence
        ssthresh = Math.max((long) (cwnd * BETA), 2L * smss);        // §4.6
        cwnd = ssthresh;
        epochStartNs = -1;
    }

    @Override
    protected void onTimeout(long flightSize, boolean firstTimeout, long nowNs) {
        super.onTimeout(flightSize, firstTimeout, nowNs);           // §4.8: cwnd = 1 segment, new epoch later
        epochStartNs = -1;
    }

    @Override
    protected void onRecoveryEnd(long flightSize) { cwnd = ssthresh; }

    public static final class Factory implements CongestionControlFactory {
        @Override public String name() { return "cubic"; }
        @Override public CongestionControl create(int smss) { return new Cubic(smss); }
    }
}
