package elvis.dummynet;

/**
 * A declared pipe ({@code pipe N config bw 1Mbit/s delay 20ms ...}): the link of scheduler N
 * (bandwidth, delay, burst, delay profile, and our extensions jitter, wire loss, corruption, MTU)
 * and the parameters of its own queue (queue, plr, buckets, noerror: see {@link QueueConfig}). A
 * pipe's {@code mask} is the sched mask: each masked value gets its own instance at the full rate.
 *
 * @param id         "1".."65534" or a name
 * @param rate       the line's bandwidth ({@link LineRate.Constant} of {@code bw}; 0 = unlimited) or a trace
 * @param delayNs    propagation delay added after serialization
 * @param burstBytes bytes an idle pipe may pass at once: min(burst, bw × idle time), the code's rule
 * @param profile    delay profile (extra busy time and loss per packet), or null
 * @param jitterNs   ours: a uniform extra delay in [0, jitter] per packet; packets may overtake each other, as on link pipes
 * @param loss       ours: probability of losing a packet on the wire, after it used its link time
 * @param corruption ours: probability of flipping one bit of a packet
 * @param mtu        ours: largest packet (IP length at the IP layer, frame length minus 14 at Ethernet), 0 = none
 * @param sched      the scheduler and its mask
 * @param queue      the pipe's own queue
 * @param impairments ours, as on link pipes: Gilbert-Elliott loss, duplication, reordering; null when none
 */
public record PipeConfig(String id, LineRate rate, long delayNs, long burstBytes, DelayProfile profile, long jitterNs,
                         double loss, double corruption, int mtu, SchedConfig sched, QueueConfig queue, Impairments impairments) {
    /**
     * Our link impairments on a dummynet pipe, as on link pipes (docs/dummynet.md).
     *
     * @param lossModel      Gilbert-Elliott loss after transmission, or null
     * @param duplicate      share of packets delivered twice
     * @param reorder        share of packets held back by {@code reorderDelayNs}, so later ones overtake them
     * @param reorderDelayNs extra delay of a reordered packet
     */
    public record Impairments(WireLoss lossModel, double duplicate, double reorder, long reorderDelayNs) {
        public static final Impairments NONE = new Impairments(null, 0, 0, 0);

        public Impairments {
            if (!(duplicate >= 0 && duplicate <= 1)) throw new IllegalArgumentException("duplicate must be a probability in [0, 1]: " + duplicate);
            if (!(reorder >= 0 && reorder <= 1)) throw new IllegalArgumentException("reorder must be a probability in [0, 1]: " + reorder);
            if (reorderDelayNs < 0) throw new IllegalArgumentException("reorder-delay must be >= 0: " + reorderDelayNs + " ns");
            if (reorder > 0 && reorderDelayNs == 0) throw new IllegalArgumentException("reorder needs a reorder-delay above 0");
        }

        public Impairments withLossModel(WireLoss m) { return new Impairments(m, duplicate, reorder, reorderDelayNs); }
        public Impairments withDuplicate(double d) { return new Impairments(lossModel, d, reorder, reorderDelayNs); }
        public Impairments withReorder(double r, long delayNs) { return new Impairments(lossModel, duplicate, r, delayNs); }
    }

    public PipeConfig {
        Dummynet.checkId(id);
        if (rate == null) rate = new LineRate.Constant(0);
        if (delayNs < 0) throw new IllegalArgumentException("delay must be >= 0: " + delayNs + " ns");
        if (burstBytes < 0) throw new IllegalArgumentException("burst must be >= 0: " + burstBytes);
        if (jitterNs < 0) throw new IllegalArgumentException("jitter must be >= 0: " + jitterNs + " ns");
        if (!(loss >= 0 && loss <= 1)) throw new IllegalArgumentException("loss must be a probability in [0, 1]: " + loss);
        if (!(corruption >= 0 && corruption <= 1)) throw new IllegalArgumentException("corruption must be a probability in [0, 1]: " + corruption);
        if (mtu < 0) throw new IllegalArgumentException("mtu must be >= 0: " + mtu);
        if (sched == null) sched = SchedConfig.defaults(id);
        if (queue == null) queue = QueueConfig.defaults(id, id);
        if (impairments == null) impairments = Impairments.NONE;
    }

    /** Whether packets may overtake each other in the delay line (jitter, reordering, duplication): each then has its own event. */
    public boolean reorders() { return jitterNs > 0 || impairments.reorder() > 0 || impairments.duplicate() > 0; }

    /** dummynet's defaults: unlimited bandwidth, no delay, no burst, queue 50 slots, FIFO. */
    public static PipeConfig defaults(String id) {
        return new PipeConfig(id, new LineRate.Constant(0), 0, 0, null, 0, 0, 0, 0, SchedConfig.defaults(id), QueueConfig.defaults(id, id), Impairments.NONE);
    }

    public PipeConfig withBandwidth(long bps) { return withRate(new LineRate.Constant(bps)); }
    public PipeConfig withRate(LineRate r) { return new PipeConfig(id, r, delayNs, burstBytes, profile, jitterNs, loss, corruption, mtu, sched, queue, impairments); }
    public PipeConfig withDelayNs(long d) { return new PipeConfig(id, rate, d, burstBytes, profile, jitterNs, loss, corruption, mtu, sched, queue, impairments); }
    public PipeConfig withBurst(long b) { return new PipeConfig(id, rate, delayNs, b, profile, jitterNs, loss, corruption, mtu, sched, queue, impairments); }
    public PipeConfig withProfile(DelayProfile p) { return new PipeConfig(id, rate, delayNs, burstBytes, p, jitterNs, loss, corruption, mtu, sched, queue, impairments); }
    public PipeConfig withJitterNs(long j) { return new PipeConfig(id, rate, delayNs, burstBytes, profile, j, loss, corruption, mtu, sched, queue, impairments); }
    public PipeConfig withLoss(double l) { return new PipeConfig(id, rate, delayNs, burstBytes, profile, jitterNs, l, corruption, mtu, sched, queue, impairments); }
    public PipeConfig withCorruption(double c) { return new PipeConfig(id, rate, delayNs, burstBytes, profile, jitterNs, loss, c, mtu, sched, queue, impairments); }
    public PipeConfig withMtu(int m) { return new PipeConfig(id, rate, delayNs, burstBytes, profile, jitterNs, loss, corruption, m, sched, queue, impairments); }
    public PipeConfig withSched(SchedConfig s) { return new PipeConfig(id, rate, delayNs, burstBytes, profile, jitterNs, loss, corruption, mtu, s, queue, impairments); }
    public PipeConfig withQueue(QueueConfig q) { return new PipeConfig(id, rate, delayNs, burstBytes, profile, jitterNs, loss, corruption, mtu, sched, q, impairments); }
    public PipeConfig withImpairments(Impairments i) { return new PipeConfig(id, rate, delayNs, burstBytes, profile, jitterNs, loss, corruption, mtu, sched, queue, i); }
    /** The pipe's mask is its sched mask (dynamic pipes: each flow gets the full rate). */
    public PipeConfig withMask(FlowMask m) { return withSched(sched.withMask(m)); }
}
