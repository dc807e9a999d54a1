package elvis.link;

import elvis.config.Attribute;
import elvis.config.Intervals;
import elvis.config.QueueLimit;
import elvis.config.Schema;
import elvis.config.Units;
import elvis.config.Values;
import elvis.dummynet.aqm.CoDel;
import elvis.dummynet.aqm.Pie;
import elvis.dummynet.aqm.Red;
import elvis.dummynet.profile.BandwidthTrace;
import elvis.dummynet.profile.EmpiricalProfile;
import elvis.dummynet.profile.LinkConditions;
import elvis.util.SourceError;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Immutable properties of one direction of a link, shared by every pipe built from it (so a
 * 100,000-port network holds one copy). Each property is declared once below as an
 * {@link Attribute}: the NDL's [Network] keys, their checks and defaults, the docs table and the
 * results' echo all come from {@link #SCHEMA}. Adding one is one declaration plus, when the pipe
 * reads it, one plain field: the pipe reads fields per frame, never the {@link Values}.
 * {@link #PORT} is the subset a single port (one direction of a point-to-point link) may set.
 */
public final class LinkConfig {
    public static final int ETHERNET_HEADER = 14;
    private static final long MAX_DELAY = 3600 * Units.NANOS_PER_SECOND;
    private static final long MAX_RUN = 8760 * 3600 * Units.NANOS_PER_SECOND;

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
    public static final Attribute<String> QDISC = DECLARE.add(Attribute.choice("qdisc", "fifo", "prio", "red", "gred", "codel", "pie")
            .byDefault("fifo")
            .doc("queue discipline: `fifo` (tail drop), or `prio`: strict priority over `bands` FIFO bands, each with the `queue` "
                    + "limit of its own, chosen by the IPv4 DSCP class selector (precedence p → band (7 − p) · bands / 8, band 0 "
                    + "served first: EF and network control first, best effort last; frames that are not IPv4, such as ARP, in band 0); "
                    + "or one FIFO under active queue management, the `queue` limit still tail-dropping: `red` and `gred` (gentle RED, "
                    + "the `red_*` attributes), `codel` (RFC 8289, `codel_*`), `pie` (RFC 8033, `pie_*`); with `ecn`, ECN-capable "
                    + "packets are marked CE instead of dropped"));
    public static final Attribute<Integer> BANDS = DECLARE.add(Attribute.integer("bands", 2, Discipline.Prio.MAX_BANDS).byDefault(3)
            .doc("how many bands `qdisc='prio'` has; only with `prio`"));
    public static final Attribute<Double> RED_WQ = DECLARE.add(Attribute.probability("red_wq").byDefault(0.002)
            .doc("RED's weight w_q of the average queue (avg ← (1 − w_q)·avg + w_q·q); only with `red`/`gred`"));
    public static final Attribute<Long> RED_MIN_TH = DECLARE.add(Attribute.wholeNumber("red_min_th", 0, 1L << 30).byDefault(5L)
            .doc("RED's min_th, in the `queue`'s unit (packets, or bytes when `queue` is in bytes): no drop below it"));
    public static final Attribute<Long> RED_MAX_TH = DECLARE.add(Attribute.wholeNumber("red_max_th", 1, 1L << 30).byDefault(15L)
            .doc("RED's max_th: the drop probability rises linearly to `red_max_p` here, then is 1 (gentle: rises to 1 at 2·max_th)"));
    public static final Attribute<Double> RED_MAX_P = DECLARE.add(Attribute.probability("red_max_p").byDefault(0.1)
            .doc("RED's max_p, the drop probability at max_th"));
    public static final Attribute<Long> CODEL_TARGET = DECLARE.add(Attribute.duration("codel_target", 1, MAX_DELAY)
            .byDefault(CoDel.DEFAULT_TARGET_NS).doc("CoDel's target sojourn time; only with `codel`"));
    public static final Attribute<Long> CODEL_INTERVAL = DECLARE.add(Attribute.duration("codel_interval", 1, MAX_DELAY)
            .byDefault(CoDel.DEFAULT_INTERVAL_NS).doc("CoDel's interval: how long the sojourn must stay above target before it drops"));
    public static final Attribute<Long> PIE_TARGET = DECLARE.add(Attribute.duration("pie_target", 1, MAX_DELAY)
            .byDefault(Pie.DEFAULT.targetNs()).doc("PIE's target queue delay; only with `pie`"));
    public static final Attribute<Long> PIE_TUPDATE = DECLARE.add(Attribute.duration("pie_tupdate", 1, MAX_DELAY)
            .byDefault(Pie.DEFAULT.tupdateNs()).doc("how often PIE updates its drop probability"));
    public static final Attribute<Long> PIE_MAX_BURST = DECLARE.add(Attribute.duration("pie_max_burst", 0, Pie.MAX_BURST_LIMIT_NS)
            .byDefault(Pie.DEFAULT.maxBurstNs()).doc("PIE's burst allowance: no drop for this long after the queue was idle"));
    public static final Attribute<Double> PIE_MAX_ECNTH = DECLARE.add(Attribute.probability("pie_max_ecnth").byDefault(0.1)
            .doc("with `ecn`, PIE marks instead of dropping while its drop probability is at most this"));
    public static final Attribute<String> PIE_DELAY = DECLARE.add(Attribute.choice("pie_delay", "dre", "ts").byDefault("dre")
            .doc("how PIE estimates the queue delay: `dre` from the departure rate (RFC 8033 §5.2), `ts` from packet timestamps"));
    public static final Attribute<Boolean> ECN = DECLARE.add(Attribute.bool("ecn").byDefault(false)
            .doc("the AQM (`red`, `gred`, `codel`, `pie`) marks ECN-capable IPv4 packets CE instead of dropping them; "
                    + "packets that are not ECN-capable are still dropped"));
    public static final Attribute<Intervals> DOWN = DECLARE.add(Attribute.intervals("down", MAX_RUN)
            .doc("when the link is down, e.g. `2s-5s, 8s`: every frame offered is dropped (`link_down` in the results and drop "
                    + "logs), going down drops the frames waiting in the queues, frames already on the wire arrive"));
    public static final Attribute<Boolean> FLOOD_SHORTCUT = DECLARE.add(Attribute.bool("flood_shortcut").byDefault(true)
            .doc("a switched network floods a broadcast only to the ports whose machines act on it, not to those that would "
                    + "only count a discard (see docs/architecture.md, Links); `false` floods to every port"));
    // Delay profiles and bandwidth traces (dummynet, R-DN-9/10) and our extensions; see LinkConditions.
    public static final Attribute<String> PROFILE = DECLARE.add(Attribute.string("profile").byDefault("", "none")
            .doc("a dummynet delay profile file (ipfw(8)'s format; relative to the description): per frame the link stays busy for a "
                    + "delay drawn from its curve and drops the frame, after that time, above its `loss-level`; its `bw` line is the "
                    + "bandwidth when `bandwidth` is not given"));
    public static final Attribute<String> BANDWIDTH_TRACE = DECLARE.add(Attribute.string("bandwidth_trace").byDefault("", "none")
            .doc("the rate follows a trace instead of `bandwidth`: a file, HSDPA logs (6 columns, Riiser et al.) or `TIME RATE` lines "
                    + "ended by the end time alone, or a generator `gen:mean=2.67Mbps,cv=0.54,duration=457s` (optional `step=1s`, "
                    + "`corr=0.8`, `seed=1`); a frame across a rate change is sent at each rate in turn"));
    public static final Attribute<String> TRACE_END = DECLARE.add(Attribute.choice("trace_end", "loop", "hold").byDefault("loop")
            .doc("after the trace's end: `loop` replays it, `hold` keeps its last rate"));
    public static final Attribute<String> LOSS_MODEL = DECLARE.add(Attribute.string("loss_model").byDefault("", "none")
            .doc("Gilbert-Elliott loss on the wire, lost frames clustered in runs (our extension), `ge:p,r[,loss_bad[,loss_good]]` in netem's order: "
                    + "good→bad p, bad→good r, loss in each state (defaults 100% and 0%); beside `loss`"));
    public static final Attribute<Double> DUPLICATE = DECLARE.add(Attribute.probability("duplicate").byDefault(0.0)
            .doc("share of delivered frames that arrive twice (our extension, as netem's `duplicate`)"));
    public static final Attribute<Double> REORDER = DECLARE.add(Attribute.probability("reorder").byDefault(0.0)
            .doc("share of frames held back by `reorder_delay` so that later frames overtake them (our extension; netem "
                    + "instead sends its share early and delays the rest)"));
    public static final Attribute<Long> REORDER_DELAY = DECLARE.add(Attribute.duration("reorder_delay", 0, MAX_DELAY).byDefault(0L)
            .doc("extra delay of a reordered frame; needed with `reorder`"));
    /** Every link attribute, in declaration order. */
    public static final Schema SCHEMA = DECLARE.build();
    /** The attributes one port may set for the direction towards it; the others (mtu, fcs) are the whole network's. */
    public static final Schema PORT = new Schema("port", List.of(BANDWIDTH, LATENCY, JITTER, LOSS, CORRUPTION, QUEUE,
            QDISC, BANDS, RED_WQ, RED_MIN_TH, RED_MAX_TH, RED_MAX_P, CODEL_TARGET, CODEL_INTERVAL, PIE_TARGET, PIE_TUPDATE,
            PIE_MAX_BURST, PIE_MAX_ECNTH, PIE_DELAY, ECN, DOWN,
            PROFILE, BANDWIDTH_TRACE, TRACE_END, LOSS_MODEL, DUPLICATE, REORDER, REORDER_DELAY));
    /** The attributes of the AQM disciplines: errors name them, and only an AQM qdisc may set them. */
    public static final List<Attribute<?>> AQM_ATTRIBUTES = List.of(RED_WQ, RED_MIN_TH, RED_MAX_TH, RED_MAX_P, CODEL_TARGET,
            CODEL_INTERVAL, PIE_TARGET, PIE_TUPDATE, PIE_MAX_BURST, PIE_MAX_ECNTH, PIE_DELAY, ECN);

    public static final LinkConfig UNLIMITED = new LinkConfig(SCHEMA.defaults());

    private final Values values;
    // Plain copies of what the pipe reads per frame.
    private final long bandwidthBps, delayNs, jitterNs, queueBytes;
    private final int queuePackets, mtu;
    private final double loss, corruption;
    private final boolean checkFcs, floodShortcut;
    private final Discipline discipline;
    private final LinkConditions conditions;    // null when none: the pipe's one test
    // transmissionNs without a 64-bit division per frame: ns per byte as the reduced fraction
    // nsNumerator / nsDenominator, and floor(x / nsDenominator) as (x * nsMagic) >>> nsShift for x < 2^31.
    private final long nsNumerator, nsDenominator, nsMagic;
    private final int nsShift;

    /**
     * From values of {@link #SCHEMA}, or of a schema that extends it; a profile or trace file is read
     * relative to the working directory ({@link #LinkConfig(Values, Path)} for another base). Throws
     * {@link IllegalArgumentException} naming the parameter when the AQM's values do not fit together
     * (RED's min_th not below max_th), or with its place for an error in a profile or trace file.
     */
    public LinkConfig(Values values) {
        this(values, Path.of(""));
    }

    private static Discipline discipline(Values v) {
        boolean ecn = v.get(ECN);
        return switch (v.get(QDISC)) {
            case "prio" -> new Discipline.Prio(v.get(BANDS));
            case "red", "gred" -> new Discipline.Managed(new Red(v.get(RED_WQ), v.get(RED_MIN_TH), v.get(RED_MAX_TH), v.get(RED_MAX_P),
                    v.get(QDISC).equals("gred"), ecn, v.get(QUEUE).bytes() > 0));
            case "codel" -> new Discipline.Managed(new CoDel(v.get(CODEL_TARGET), v.get(CODEL_INTERVAL), ecn));
            case "pie" -> new Discipline.Managed(new Pie(v.get(PIE_TARGET), v.get(PIE_TUPDATE), Pie.DEFAULT.alpha(), Pie.DEFAULT.beta(),
                    v.get(PIE_MAX_BURST), v.get(PIE_MAX_ECNTH), ecn, true, true, v.get(PIE_DELAY).equals("ts")));
            default -> Discipline.FIFO;
        };
    }

    /** As {@link #LinkConfig(Values)}, with profile and trace files read relative to {@code base}. */
    public LinkConfig(Values values, Path base) {
        this(values, discipline(values), conditions(values, base));
    }

    /** {@code values} with conditions already read (the NDL reads them to place its errors); they must be what the values describe. */
    public LinkConfig(Values values, LinkConditions conditions) {
        this(values, discipline(values), conditions);
    }

    private LinkConfig(Values values, Discipline discipline, LinkConditions conditions) {
        if (!values.schema().includes(SCHEMA)) throw new IllegalArgumentException("not a link's values: " + values);
        this.values = values;
        this.discipline = discipline;
        this.conditions = conditions;
        if (!values.get(BANDWIDTH_TRACE).isEmpty() && values.get(BANDWIDTH) > 0)
            throw new IllegalArgumentException("give 'bandwidth' or 'bandwidth_trace', not both");
        long profileBandwidth = conditions != null && conditions.profile() instanceof EmpiricalProfile e ? e.bandwidthBps() : 0;
        if (conditions != null && conditions.profile() != null && values.get(BANDWIDTH) == 0 && profileBandwidth == 0 && conditions.trace() == null)
            throw new IllegalArgumentException("a delay profile needs a bandwidth: 'bandwidth', 'bandwidth_trace' or a 'bw' line in the profile");
        bandwidthBps = values.get(BANDWIDTH) > 0 ? values.get(BANDWIDTH) : profileBandwidth;
        delayNs = values.get(LATENCY);
        jitterNs = values.get(JITTER);
        loss = values.get(LOSS);
        corruption = values.get(CORRUPTION);
        mtu = values.get(MTU);
        queuePackets = values.get(QUEUE).packets();
        queueBytes = values.get(QUEUE).bytes();
        checkFcs = values.get(FCS);
        floodShortcut = values.get(FLOOD_SHORTCUT);
        long g = bandwidthBps == 0 ? 1 : gcd(8L * 1_000_000_000L, bandwidthBps);
        nsNumerator = 8L * 1_000_000_000L / g;
        nsDenominator = bandwidthBps / g;
        // Granlund and Montgomery (PLDI 1994), Theorem 4.2 with N = 31: with l = ceil(log2 d) and
        // m = ceil(2^(31+l) / d), floor(x / d) = floor(x * m / 2^(31+l)) for every 0 <= x < 2^31.
        // The product stays below 2^64, so an unsigned shift reads it exactly.
        if (nsDenominator > 1 && nsDenominator < (1L << 31)) {
            int l = 64 - Long.numberOfLeadingZeros(nsDenominator - 1);
            nsShift = 31 + l;
            nsMagic = Math.ceilDiv(1L << nsShift, nsDenominator);
        } else {
            nsShift = 0;
            nsMagic = 0;
        }
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static final List<Attribute<?>> CONDITIONS = List.of(PROFILE, BANDWIDTH_TRACE, TRACE_END, LOSS_MODEL, DUPLICATE, REORDER, REORDER_DELAY);

    /** The conditions the values describe, files relative to {@code base}; an error becomes IllegalArgumentException naming its place. */
    private static LinkConditions conditions(Values v, Path base) {
        try {
            return LinkConditions.load(v.get(PROFILE), place(PROFILE), v.get(BANDWIDTH_TRACE), place(BANDWIDTH_TRACE),
                    BandwidthTrace.End.valueOf(v.get(TRACE_END).toUpperCase(Locale.ROOT)), v.get(LOSS_MODEL), place(LOSS_MODEL),
                    v.get(DUPLICATE), v.get(REORDER), v.get(REORDER_DELAY), base);
        } catch (SourceError e) {
            throw new IllegalArgumentException(e.getMessage());
        }     // an impossible combination (reorder without its delay) throws IllegalArgumentException itself
    }

    /** An inline spec set in code is placed at its attribute: {@code loss_model:1:COLUMN}. */
    private static LinkConditions.Place place(Attribute<?> a) { return new LinkConditions.Place(a.name(), 1, 1); }

    /**
     * This configuration with one attribute changed; throws when the declaration does not allow the
     * value. Setting a profile or trace file reads it relative to the working directory.
     */
    public <T> LinkConfig with(Attribute<T> attribute, T value) {
        Values v = values.with(attribute, value);
        return new LinkConfig(v, discipline(v), CONDITIONS.contains(attribute) ? conditions(v, Path.of("")) : conditions);
    }

    /** This configuration with conditions made in code (a trace generated, a profile parsed); the attributes keep describing the declared ones. */
    public LinkConfig withConditions(LinkConditions c) { return new LinkConfig(values, discipline, c); }

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
    public LinkConfig withDown(Intervals down) { return with(DOWN, down); }
    public LinkConfig withFloodShortcut(boolean b) { return with(FLOOD_SHORTCUT, b); }

    /**
     * This configuration with {@code d}: FIFO and DSCP-classified prio set {@link #QDISC} and
     * {@link #BANDS} (the one path above); a discipline made in code (another classifier or queue)
     * is kept as given, and the attributes keep describing the declared one.
     */
    public LinkConfig withDiscipline(Discipline d) {
        if (d instanceof Discipline.Fifo) return with(QDISC, "fifo");
        if (d instanceof Discipline.Prio p && p.classifier() == Classifier.DSCP) return new LinkConfig(values.with(QDISC, "prio").with(BANDS, p.bands()), conditions);
        return new LinkConfig(values, d, conditions);
    }

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
    /** How waiting frames are ordered and dropped; {@link Discipline#FIFO} keeps the one-event-per-busy-pipe fast path. The queue limits apply to each band. */
    public Discipline discipline() { return discipline; }
    /** Delay profile, bandwidth trace, Gilbert-Elliott loss, duplication, reordering; null when none (the common case). */
    public LinkConditions conditions() { return conditions; }
    /** Whether a switched network skips the ports that would only discard a broadcast (a whole network's setting). */
    public boolean floodShortcut() { return floodShortcut; }

    /**
     * True when a frame going through a pipe of this configuration can neither be delayed by another
     * frame nor change another's fate: no serialization (so no queue), no random draw (loss,
     * corruption, jitter), FIFO. Such pipes carry a flooded frame as one event ({@link Network}).
     */
    public boolean isTransparent() {
        return bandwidthBps == 0 && jitterNs == 0 && loss == 0 && corruption == 0 && conditions == null && discipline.decidesAtEnqueue();
    }

    /** When the network (for a port's configuration, that port) is down; {@link Network} schedules it. */
    public Intervals down() { return values.get(DOWN); }

    /**
     * How long before its arrival a frame through a pipe of this configuration has surely started
     * transmission: the delay, plus the serialization of the smallest frame where the bandwidth is
     * limited (not with {@link #conditions}, whose rate may differ). A cut link's lookahead.
     */
    public long leadNs() {
        return delayNs + (conditions == null ? transmissionNs(ETHERNET_HEADER) : 0);
    }

    /** Serialization time of {@code bytes} in ns, rounded up; 0 when bandwidth is unlimited. */
    public long transmissionNs(int bytes) {
        if (bandwidthBps == 0) return 0;
        long bits = bytes * nsNumerator;                       // bytes * 8e9 / bps, reduced
        if (nsDenominator == 1) return bits;                   // whole ns per byte (1 Gbit/s: 8)
        long x = bits + nsDenominator - 1;                     // rounded up
        if (nsMagic != 0 && x >= 0 && x < (1L << 31)) return (x * nsMagic) >>> nsShift;
        return Math.ceilDiv(bits, nsDenominator);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkConfig c && c.values.equals(values) && c.discipline.equals(discipline) && java.util.Objects.equals(c.conditions, conditions);
    }

    @Override
    public int hashCode() { return values.hashCode() * 31 + discipline.hashCode(); }

    @Override
    public String toString() { return values.toString(); }
}
