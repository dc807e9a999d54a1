package elvis.protocol.tcp;

/**
 * Per-machine TCP parameters. {@link #DEFAULT} follows the RFCs: MSS from a 1500-byte MTU, the
 * RFC 5681/3390 initial window, RFC 6298 timers, 200 ms delayed ACK (RFC 9293 §3.8.6.3 allows up
 * to 500 ms), Nagle on, SACK, timestamps and window scaling offered, NewReno, MSL of 2 minutes.
 *
 * @param mss               largest segment payload we accept (our MSS option); also caps what we send
 * @param initialWindow     initial congestion window in segments; 0 = RFC 5681 §3.1 (2 to 4 by SMSS)
 * @param sendBuffer        bytes the application may queue (sent but unacknowledged included)
 * @param receiveBuffer     bytes buffered for the application; the advertised window derives from it
 * @param minRtoNs          lower bound on the RTO (RFC 6298 (2.4): 1 s)
 * @param initialRtoNs      RTO before the first RTT sample (RFC 6298 (2.1): 1 s)
 * @param maxRtoNs          upper bound on the backed-off RTO (RFC 6298 (2.5): at least 60 s)
 * @param clockGranularityNs G in RFC 6298 (2.2)
 * @param maxRetries        consecutive timeouts of one segment before the connection gives up
 * @param delayedAckNs      delayed-ACK timer; 0 acknowledges every segment at once
 * @param nagle             RFC 9293 §3.7.4 Nagle algorithm
 * @param sack              offer SACK (RFC 2018) and use RFC 6675 loss recovery when agreed
 * @param timestamps        offer RFC 7323 timestamps (RTTM, PAWS)
 * @param windowScale       offer RFC 7323 window scaling
 * @param congestionControl a name in {@link CongestionControlRegistry}: "reno", "newreno", "cubic" or one a user registered
 * @param mslNs             maximum segment lifetime; TIME-WAIT lasts 2·MSL
 * @param timestampTickNs   period of the timestamp clock (RFC 7323 §5.4: 1 ms to 1 s)
 */
public record TcpConfig(int mss, int initialWindow, int sendBuffer, int receiveBuffer, long minRtoNs, long initialRtoNs,
                        long maxRtoNs, long clockGranularityNs, int maxRetries, long delayedAckNs, boolean nagle,
                        boolean sack, boolean timestamps, boolean windowScale, String congestionControl, long mslNs,
                        long timestampTickNs) {
    static final long MS = 1_000_000, S = 1_000_000_000;

    public static final TcpConfig DEFAULT = new TcpConfig(1460, 0, 1 << 20, 1 << 20, S, S, 60 * S, MS, 15, 200 * MS,
            true, true, true, true, "newreno", 120 * S, MS);

    public TcpConfig {
        if (mss < 64 || mss > 65495) throw new IllegalArgumentException("mss must be within [64, 65495]: " + mss);
        if (initialWindow < 0) throw new IllegalArgumentException("initial window must not be negative");
        if (sendBuffer < 1 || receiveBuffer < 1) throw new IllegalArgumentException("buffers must be positive");
        if (receiveBuffer > (65535 << 14)) throw new IllegalArgumentException("receive buffer above 2^30 (RFC 7323 limit)");
        if (minRtoNs <= 0 || initialRtoNs <= 0 || maxRtoNs < minRtoNs) throw new IllegalArgumentException("RTO bounds must be positive and ordered");
        if (clockGranularityNs < 0 || delayedAckNs < 0 || mslNs < 0) throw new IllegalArgumentException("times must not be negative");
        if (maxRetries < 1) throw new IllegalArgumentException("maxRetries must be at least 1");
        if (timestampTickNs < 1) throw new IllegalArgumentException("timestamp tick must be positive");
        CongestionControlRegistry.check(congestionControl);
    }

    public TcpConfig withMss(int v) { return new TcpConfig(v, initialWindow, sendBuffer, receiveBuffer, minRtoNs, initialRtoNs, maxRtoNs, clockGranularityNs, maxRetries, delayedAckNs, nagle, sack, timestamps, windowScale, congestionControl, mslNs, timestampTickNs); }
    public TcpConfig withInitialWindow(int v) { return new TcpConfig(mss, v, sendBuffer, receiveBuffer, minRtoNs, initialRtoNs, maxRtoNs, clockGranularityNs, maxRetries, delayedAckNs, nagle, sack, timestamps, windowScale, congestionControl, mslNs, timestampTickNs); }
    public TcpConfig withSendBuffer(int v) { return new TcpConfig(mss, initialWindow, v, receiveBuffer, minRtoNs, initialRtoNs, maxRtoNs, clockGranularityNs, maxRetries, delayedAckNs, nagle, sack, timestamps, windowScale, congestionControl, mslNs, timestampTickNs); }
    public TcpConfig withReceiveBuffer(int v) { return new TcpConfig(mss, initialWindow, sendBuffer, v, minRtoNs, initialRtoNs, maxRtoNs, clockGranularityNs, maxRetries, delayedAckNs, nagle, sack, timestamps, windowScale, congestionControl, mslNs, timestampTickNs); }
    public TcpConfig withMinRto(long ns) { return new TcpConfig(mss, initialWindow, sendBuffer, receiveBuffer, ns, initialRtoNs, maxRtoNs, clockGranularityNs, maxRetries, delayedAckNs, nagle, sack, timestamps, windowScale, congestionControl, mslNs, timestampTickNs); }
    public TcpConfig withInitialRto(long ns) { return new TcpConfig(mss, initialWindow, sendBuffer, receiveBuffer, minRtoNs, ns, maxRtoNs, clockGranularityNs, maxRetries, delayedAckNs, nagle, sack, timestamps, windowScale, congestionControl, mslNs, timestampTickNs); }
    public TcpConfig withMaxRetries(int v) { return new TcpConfig(mss, initialWindow, sendBuffer, receiveBuffer, minRtoNs, initialRtoNs, maxRtoNs, clockGranularityNs, v, delayedAckNs, nagle, sack, timestamps, windowScale, congestionControl, mslNs, timestampTickNs); }
    public TcpConfig withDelayedAck(long ns) { return new TcpConfig(mss, initialWindow, sendBuffer, receiveBuffer, minRtoNs, initialRtoNs, maxRtoNs, clockGranularityNs, maxRetries, ns, nagle, sack, timestamps, windowScale, congestionControl, mslNs, timestampTickNs); }
    public TcpConfig withNagle(boolean v) { return new TcpConfig(mss, initialWindow, sendBuffer, receiveBuffer, minRtoNs, initialRtoNs, maxRtoNs, clockGranularityNs, maxRetries, delayedAckNs, v, sack, timestamps, windowScale, congestionControl, mslNs, timestampTickNs); }
    public TcpConfig withSack(boolean v) { return new TcpConfig(mss, initialWindow, sendBuffer, receiveBuffer, minRtoNs, initialRtoNs, maxRtoNs, clockGranularityNs, maxRetries, delayedAckNs, nagle, v, timestamps, windowScale, congestionControl, mslNs, timestampTickNs); }
    public TcpConfig withTimestamps(boolean v) { return new TcpConfig(mss, initialWindow, sendBuffer, receiveBuffer, minRtoNs, initialRtoNs, maxRtoNs, clockGranularityNs, maxRetries, delayedAckNs, nagle, sack, v, windowScale, congestionControl, mslNs, timestampTickNs); }
    public TcpConfig withWindowScale(boolean v) { return new TcpConfig(mss, initialWindow, sendBuffer, receiveBuffer, minRtoNs, initialRtoNs, maxRtoNs, clockGranularityNs, maxRetries, delayedAckNs, nagle, sack, timestamps, v, congestionControl, mslNs, timestampTickNs); }
    public TcpConfig withCongestionControl(String v) { return new TcpConfig(mss, initialWindow, sendBuffer, receiveBuffer, minRtoNs, initialRtoNs, maxRtoNs, clockGranularityNs, maxRetries, delayedAckNs, nagle, sack, timestamps, windowScale, v, mslNs, timestampTickNs); }
    public TcpConfig withMsl(long ns) { return new TcpConfig(mss, initialWindow, sendBuffer, receiveBuffer, minRtoNs, initialRtoNs, maxRtoNs, clockGranularityNs, maxRetries, delayedAckNs, nagle, sack, timestamps, windowScale, congestionControl, ns, timestampTickNs); }

    /** Initial window in bytes for sender MSS {@code smss} (RFC 5681 §3.1 unless configured). */
    long initialWindowBytes(int smss) {
        if (initialWindow > 0) return (long) initialWindow * smss;
        return smss > 2190 ? 2L * smss : smss > 1095 ? 3L * smss : 4L * smss;
    }
}
