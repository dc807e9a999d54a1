package elvis.link;

import elvis.config.Attribute;
import elvis.config.QueueLimit;
import elvis.config.Schema;
import elvis.config.Units;
import elvis.config.Values;

/**
 * Immutable properties of one direction of a link, shared by every pipe built from it (so a
 * 100,000-port network holds one copy). Each property is declared once below as an
 * {@link Attribute}: the NDL's [Network] keys, their checks and defaults, the docs table and the
 * results' echo all come from {@link #SCHEMA}. Adding one is one declaration plus, when the pipe
 * reads it, one plain field: the pipe reads fields per frame, never the {@link Values}.
 */
public final class LinkConfig {
    public static final int ETHERNET_HEADER = 14;
    private static final long MAX_DELAY = 3600 * Units.NANOS_PER_SECOND;

    private static final Schema.Builder DECLARE = Schema.builder("link");
    public static final Attribute<Long> BANDWIDTH = DECLARE.add(Attribute.bandwidth("bandwidth").byDefault(0L, "`0` (unlimited)")
            .doc("bit rate of each direction; 0 means unlimited: no serialization delay, no queueing"));
    public static final Attribute<Long> LATENCY = DECLARE.add(Attribute.duration("latency", 0, MAX_DELAY).byDefault(0L)
            .doc("one-way propagation delay"));
    public static final Attribute<Long> JITTER = DECLARE.add(Attribute.duration("jitter", 0, MAX_DELAY).byDefault(0L)
            .doc("random extra delay per frame, drawn uniformly from 0 to this (may reorder frames)"));
    public static final Attribute<Double> LOSS = DECLARE.add(Attribute.probability("loss").byDefault(0.0)
            .doc("share of transmitted frames lost on the wire: `0.5%`, or a fraction `0.005`"));
    public static final Attribute<Double> CORRUPTION = DECLARE.add(Attribute.probability("corruption").byDefault(0.0)
            .doc("share of delivered frames with one random bit flipped"));
    public static final Attribute<Integer> MTU = DECLARE.add(Attribute.integer("mtu", 68, 65535).byDefault(1500)
            .doc("largest IP packet in bytes (a frame minus its 14-byte Ethernet header)"));
    public static final Attribute<QueueLimit> QUEUE = DECLARE.add(Attribute.queueLimit("queue", 10_000_000, 1L << 30)
            .byDefault(QueueLimit.NONE, "none")
            .doc("most frames (a plain number) or bytes (`1500B`, `64KB`) waiting behind the one in transmission; 0 = no limit"));
    public static final Attribute<Boolean> FCS = DECLARE.add(Attribute.bool("fcs").byDefault(true)
            .doc("receivers check the Ethernet FCS; `false` lets corrupted frames through to the IPv4, UDP and TCP checksums"));
    /** Every link attribute, in declaration order. */
    public static final Schema SCHEMA = DECLARE.build();

    public static final LinkConfig UNLIMITED = new LinkConfig(SCHEMA.defaults());

    private final Values values;
    // Plain copies of what the pipe reads per frame.
    private final long bandwidthBps, delayNs, jitterNs, queueBytes;
    private final int queuePackets, mtu;
    private final double loss, corruption;
    private final boolean checkFcs;

    /** From values of {@link #SCHEMA}, or of a schema that extends it. */
    public LinkConfig(Values values) {
        if (!values.schema().includes(SCHEMA)) throw new IllegalArgumentException("not a link's values: " + values);
        this.values = values;
        bandwidthBps = values.get(BANDWIDTH);
        delayNs = values.get(LATENCY);
        jitterNs = values.get(JITTER);
        loss = values.get(LOSS);
        corruption = values.get(CORRUPTION);
        mtu = values.get(MTU);
        queuePackets = values.get(QUEUE).packets();
        queueBytes = values.get(QUEUE).bytes();
        checkFcs = values.get(FCS);
    }

    /** This configuration with one attribute changed; throws when the declaration does not allow the value. */
    public <T> LinkConfig with(Attribute<T> attribute, T value) {
        return new LinkConfig(values.with(attribute, value));
    }

    // Typed shorthands for code and tests; each is the one path above.
    public LinkConfig withBandwidth(long bps) { return with(BANDWIDTH, bps); }
    public LinkConfig withDelay(long ns) { return with(LATENCY, ns); }
    public LinkConfig withJitter(long ns) { return with(JITTER, ns); }
    public LinkConfig withQueuePackets(int n) { return with(QUEUE, new QueueLimit(n, queueBytes)); }
    public LinkConfig withQueueBytes(long n) { return with(QUEUE, new QueueLimit(queuePackets, n)); }
    public LinkConfig withLoss(double p) { return with(LOSS, p); }
    public LinkConfig withCorruption(double p) { return with(CORRUPTION, p); }
    public LinkConfig withMtu(int n) { return with(MTU, n); }
    public LinkConfig withCheckFcs(boolean b) { return with(FCS, b); }

    /** Every attribute's value, for echoes and for attributes without a field of their own. */
    public Values values() { return values; }

    /** Bits per second; 0 = unlimited (no serialization delay, no queueing). */
    public long bandwidthBps() { return bandwidthBps; }
    /** Propagation delay. */
    public long delayNs() { return delayNs; }
    /** Extra delay drawn uniformly from [0, jitter] per packet (may reorder packets). */
    public long jitterNs() { return jitterNs; }
    /** Most packets waiting behind the one in transmission; 0 = no limit. */
    public int queuePackets() { return queuePackets; }
    /** Most bytes waiting behind the one in transmission; 0 = no limit. */
    public long queueBytes() { return queueBytes; }
    /** Probability that a transmitted frame is lost on the wire. */
    public double loss() { return loss; }
    /** Probability that one random bit of a delivered frame is flipped. */
    public double corruption() { return corruption; }
    /** Largest L3 packet (frame minus its 14-byte Ethernet header) accepted. */
    public int mtu() { return mtu; }
    /** Whether receivers check the Ethernet FCS. */
    public boolean checkFcs() { return checkFcs; }

    /** Serialization time of {@code bytes} in ns, rounded up; 0 when bandwidth is unlimited. */
    public long transmissionNs(int bytes) {
        return bandwidthBps == 0 ? 0 : Math.ceilDiv(bytes * 8L * 1_000_000_000L, bandwidthBps);
    }

    @Override
    public boolean equals(Object o) { return o instanceof LinkConfig c && c.values.equals(values); }

    @Override
    public int hashCode() { return values.hashCode(); }

    @Override
    public String toString() { return values.toString(); }
}
