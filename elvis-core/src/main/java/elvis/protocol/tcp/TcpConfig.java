package elvis.protocol.tcp;

import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.config.Values;

/**
 * Per-machine TCP parameters, each declared once below as an {@link Attribute} (name, range,
 * default, documentation): the NDL's [Protocol name='TCP' ...] keys, their checks, the docs table
 * and the results' echo come from {@link #SCHEMA}. {@link #DEFAULT} follows the RFCs: MSS from a
 * 1500-byte MTU, the RFC 5681/3390 initial window, RFC 6298 timers, 200 ms delayed ACK (RFC 9293
 * §3.8.6.3 allows up to 500 ms), Nagle on, SACK, timestamps and window scaling offered, NewReno,
 * MSL of 2 minutes. TCP reads the plain fields on its per-segment paths, never the {@link Values}.
 */
public final class TcpConfig {
    static final long MS = 1_000_000, S = 1_000_000_000;
    private static final long YEAR = 8760 * 3600 * S;

    private static final Schema.Builder DECLARE = Schema.builder("TCP");
    public static final Attribute<String> CONGESTION_CONTROL = DECLARE.add(Attribute.choice("cc", CongestionControlRegistry.names())
            .byDefault("newreno").doc("congestion control: `reno`, `newreno` (RFC 6582), `cubic` (RFC 9438), or another registered "
                    + "as an `elvis.protocol.tcp.CongestionControlFactory`; with SACK, loss recovery is RFC 6675 for all"));
    public static final Attribute<Integer> INITIAL_WINDOW = DECLARE.add(Attribute.integer("iw", 1, 1000)
            .byDefault(0, "RFC 5681 rule (2–4 segments)").doc("initial congestion window in segments"));
    public static final Attribute<Integer> MSS = DECLARE.add(Attribute.integer("mss", 64, 65495).byDefault(1460)
            .doc("largest segment payload we accept (our MSS option); a connection also sends at most the interface's MTU − 40"));
    public static final Attribute<Long> SEND_BUFFER = DECLARE.add(Attribute.size("send_buffer", 1, 1L << 30).byDefault(1L << 20)
            .doc("bytes the application may queue, unacknowledged ones included"));
    public static final Attribute<Long> RECEIVE_BUFFER = DECLARE.add(Attribute.size("receive_buffer", 1, 65535L << 14)
            .byDefault(1L << 20).doc("bytes buffered for the application; the advertised window derives from it"));
    public static final Attribute<Long> MIN_RTO = DECLARE.add(Attribute.duration("min_rto", 1, YEAR).byDefault(S)
            .doc("lower bound on the retransmission timeout (RFC 6298 (2.4))"));
    public static final Attribute<Long> INITIAL_RTO = DECLARE.add(Attribute.duration("initial_rto", 1, YEAR).byDefault(S)
            .doc("retransmission timeout before the first RTT sample (RFC 6298 (2.1))"));
    public static final Attribute<Integer> MAX_RETRIES = DECLARE.add(Attribute.integer("max_retries", 1, 100).byDefault(15)
            .doc("timeouts of one segment in a row before the connection fails"));
    public static final Attribute<Long> DELAYED_ACK = DECLARE.add(Attribute.duration("delayed_ack", 0, YEAR).byDefault(200 * MS)
            .doc("delayed-ACK timer; `0` acknowledges every segment at once"));
    public static final Attribute<Boolean> NAGLE = DECLARE.add(Attribute.bool("nagle").byDefault(true)
            .doc("Nagle's algorithm (RFC 9293 §3.7.4)"));
    public static final Attribute<Boolean> SACK = DECLARE.add(Attribute.bool("sack").byDefault(true)
            .doc("offer SACK (RFC 2018) and use RFC 6675 loss recovery when agreed"));
    public static final Attribute<Boolean> TIMESTAMPS = DECLARE.add(Attribute.bool("timestamps").byDefault(true)
            .doc("offer RFC 7323 timestamps (RTT measurement, PAWS)"));
    public static final Attribute<Boolean> WINDOW_SCALE = DECLARE.add(Attribute.bool("window_scale").byDefault(true)
            .doc("offer RFC 7323 window scaling"));
    public static final Attribute<Long> MSL = DECLARE.add(Attribute.duration("msl", 0, YEAR).byDefault(120 * S)
            .doc("maximum segment lifetime; TIME-WAIT lasts twice that"));
    public static final Attribute<Long> FIN_WAIT_2_TIMEOUT = DECLARE.add(Attribute.duration("fin_wait_2_timeout", 1, YEAR)
            .byDefault(60 * S).doc("how long a connection the application has closed waits in FIN-WAIT-2 for the peer's FIN "
                    + "before it is dropped (Linux's tcp_fin_timeout); one only half closed waits as long as the peer likes"));
    public static final Attribute<Long> MAX_RTO = DECLARE.add(Attribute.duration("max_rto", 1, YEAR).byDefault(60 * S)
            .doc("upper bound on the backed-off retransmission timeout (RFC 6298 (2.5): at least 60s), not below `min_rto`"));
    public static final Attribute<Long> CLOCK_GRANULARITY = DECLARE.add(Attribute.duration("clock_granularity", 0, 3600 * S)
            .byDefault(MS).doc("G in RFC 6298 (2.2): the RTO is at least SRTT plus this"));
    public static final Attribute<Long> TIMESTAMP_TICK = DECLARE.add(Attribute.duration("timestamp_tick", 1, S).byDefault(MS)
            .doc("period of the timestamp clock (RFC 7323 §5.4: 1ms to 1s)"));
    public static final Attribute<String> ECN = DECLARE.add(Attribute.choice("ecn", "off", "passive", "on").byDefault("passive")
            .doc("Explicit Congestion Notification (RFC 3168): `on` asks for it in the SYN and accepts it, `passive` accepts "
                    + "it when the peer asks but never asks (Linux's default, tcp_ecn=2), `off` never uses it. Once agreed, "
                    + "new data goes ECT(0), a CE mark is echoed with ECE until CWR, and ECE halves the window once per round trip"));
    /** Every TCP attribute, in declaration order. */
    public static final Schema SCHEMA = DECLARE.build();

    public static final TcpConfig DEFAULT = new TcpConfig(SCHEMA.defaults());

    private final Values values;
    private final int mss, initialWindow, sendBuffer, receiveBuffer, maxRetries;
    private final long minRtoNs, initialRtoNs, maxRtoNs, clockGranularityNs, delayedAckNs, mslNs, finWait2TimeoutNs, timestampTickNs;
    private final boolean nagle, sack, timestamps, windowScale, ecnAsk, ecnAccept;
    private final String congestionControl;

    /** From values of {@link #SCHEMA} (or a schema extending it); throws when they do not fit together. */
    public TcpConfig(Values values) {
        if (!values.schema().includes(SCHEMA)) throw new IllegalArgumentException("not TCP's values: " + values);
        this.values = values;
        mss = values.get(MSS);
        initialWindow = values.get(INITIAL_WINDOW);
        sendBuffer = Math.toIntExact(values.get(SEND_BUFFER));
        receiveBuffer = Math.toIntExact(values.get(RECEIVE_BUFFER));
        minRtoNs = values.get(MIN_RTO);
        initialRtoNs = values.get(INITIAL_RTO);
        maxRtoNs = values.get(MAX_RTO);
        clockGranularityNs = values.get(CLOCK_GRANULARITY);
        maxRetries = values.get(MAX_RETRIES);
        delayedAckNs = values.get(DELAYED_ACK);
        nagle = values.get(NAGLE);
        sack = values.get(SACK);
        timestamps = values.get(TIMESTAMPS);
        windowScale = values.get(WINDOW_SCALE);
        congestionControl = values.get(CONGESTION_CONTROL);
        mslNs = values.get(MSL);
        finWait2TimeoutNs = values.get(FIN_WAIT_2_TIMEOUT);
        timestampTickNs = values.get(TIMESTAMP_TICK);
        String e = values.get(ECN);
        ecnAsk = e.equals("on");
        ecnAccept = !e.equals("off");
        if (maxRtoNs < minRtoNs) throw new IllegalArgumentException("max_rto must not be below min_rto");
    }

    /** This configuration with one attribute changed; throws when the declaration does not allow the value. */
    public <T> TcpConfig with(Attribute<T> attribute, T value) {
        return new TcpConfig(values.with(attribute, value));
    }

    // Typed shorthands for code and tests; each is the one path above.
    public TcpConfig withMss(int v) { return with(MSS, v); }
    public TcpConfig withInitialWindow(int v) { return with(INITIAL_WINDOW, v); }
    public TcpConfig withSendBuffer(int v) { return with(SEND_BUFFER, (long) v); }
    public TcpConfig withReceiveBuffer(int v) { return with(RECEIVE_BUFFER, (long) v); }
    public TcpConfig withMinRto(long ns) { return with(MIN_RTO, ns); }
    public TcpConfig withInitialRto(long ns) { return with(INITIAL_RTO, ns); }
    public TcpConfig withMaxRetries(int v) { return with(MAX_RETRIES, v); }
    public TcpConfig withDelayedAck(long ns) { return with(DELAYED_ACK, ns); }
    public TcpConfig withNagle(boolean v) { return with(NAGLE, v); }
    public TcpConfig withSack(boolean v) { return with(SACK, v); }
    public TcpConfig withTimestamps(boolean v) { return with(TIMESTAMPS, v); }
    public TcpConfig withWindowScale(boolean v) { return with(WINDOW_SCALE, v); }
    public TcpConfig withCongestionControl(String v) { return with(CONGESTION_CONTROL, v); }
    public TcpConfig withMsl(long ns) { return with(MSL, ns); }
    public TcpConfig withFinWait2Timeout(long ns) { return with(FIN_WAIT_2_TIMEOUT, ns); }
    public TcpConfig withEcn(String v) { return with(ECN, v); }

    /** Every attribute's value, for echoes. */
    public Values values() { return values; }

    /** Largest segment payload we accept (our MSS option); also caps what we send. */
    public int mss() { return mss; }
    /** Initial congestion window in segments; 0 = RFC 5681 §3.1 (2 to 4 by SMSS). */
    public int initialWindow() { return initialWindow; }
    /** Bytes the application may queue (sent but unacknowledged included). */
    public int sendBuffer() { return sendBuffer; }
    /** Bytes buffered for the application; the advertised window derives from it. */
    public int receiveBuffer() { return receiveBuffer; }
    /** Lower bound on the RTO (RFC 6298 (2.4): 1 s). */
    public long minRtoNs() { return minRtoNs; }
    /** RTO before the first RTT sample (RFC 6298 (2.1): 1 s). */
    public long initialRtoNs() { return initialRtoNs; }
    /** Upper bound on the backed-off RTO (RFC 6298 (2.5): at least 60 s). */
    public long maxRtoNs() { return maxRtoNs; }
    /** G in RFC 6298 (2.2). */
    public long clockGranularityNs() { return clockGranularityNs; }
    /** Consecutive timeouts of one segment before the connection gives up. */
    public int maxRetries() { return maxRetries; }
    /** Delayed-ACK timer; 0 acknowledges every segment at once. */
    public long delayedAckNs() { return delayedAckNs; }
    /** RFC 9293 §3.7.4 Nagle algorithm. */
    public boolean nagle() { return nagle; }
    /** Offer SACK (RFC 2018) and use RFC 6675 loss recovery when agreed. */
    public boolean sack() { return sack; }
    /** Offer RFC 7323 timestamps (RTTM, PAWS). */
    public boolean timestamps() { return timestamps; }
    /** Offer RFC 7323 window scaling. */
    public boolean windowScale() { return windowScale; }
    /** A name in {@link CongestionControlRegistry}. */
    public String congestionControl() { return congestionControl; }
    /** Maximum segment lifetime; TIME-WAIT lasts 2·MSL. */
    public long mslNs() { return mslNs; }
    /** How long a connection closed by its application waits in FIN-WAIT-2 for the peer's FIN. */
    public long finWait2TimeoutNs() { return finWait2TimeoutNs; }
    /** Period of the timestamp clock (RFC 7323 §5.4: 1 ms to 1 s). */
    public long timestampTickNs() { return timestampTickNs; }
    /** Whether an active open asks for ECN (ECN-setup SYN, RFC 3168 §6.1.1). */
    public boolean ecnAsk() { return ecnAsk; }
    /** Whether a passive open accepts the peer's ECN-setup SYN. */
    public boolean ecnAccept() { return ecnAccept; }

    /** Initial window in bytes for sender MSS {@code smss} (RFC 5681 §3.1 unless configured). */
    long initialWindowBytes(int smss) {
        if (initialWindow > 0) return (long) initialWindow * smss;
        return smss > 2190 ? 2L * smss : smss > 1095 ? 3L * smss : 4L * smss;
    }

    @Override
    public boolean equals(Object o) { return o instanceof TcpConfig c && c.values.equals(values); }

    @Override
    public int hashCode() { return values.hashCode(); }

    @Override
    public String toString() { return values.toString(); }
}
