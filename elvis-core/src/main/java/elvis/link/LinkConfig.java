package elvis.link;

/**
 * Immutable properties of one direction of a link, shared by every pipe built from it
 * (so a 100,000-port network holds one copy).
 *
 * @param bandwidthBps  bits per second; 0 = unlimited (no serialization delay, no queueing)
 * @param delayNs       propagation delay
 * @param jitterNs      extra delay drawn uniformly from [0, jitter] per packet (may reorder packets)
 * @param queuePackets  most packets waiting behind the one in transmission; 0 = no limit
 * @param queueBytes    most bytes waiting behind the one in transmission; 0 = no limit
 * @param loss          probability that a transmitted frame is lost on the wire
 * @param corruption    probability that one random bit of a delivered frame is flipped
 * @param mtu           largest L3 packet (frame minus its 14-byte Ethernet header) accepted
 * @param checkFcs      whether receivers check the Ethernet FCS (true for Ethernet; false lets
 *                      corrupted frames through to the IPv4/UDP/TCP checksums)
 * @param discipline    how waiting frames are ordered and dropped; {@link Discipline#FIFO} keeps
 *                      the one-event-per-busy-pipe fast path. The queue limits apply to each band.
 */
public record LinkConfig(long bandwidthBps, long delayNs, long jitterNs, int queuePackets, long queueBytes,
                         double loss, double corruption, int mtu, boolean checkFcs, Discipline discipline) {

    public static final int ETHERNET_HEADER = 14;
    public static final LinkConfig UNLIMITED = new LinkConfig(0, 0, 0, 0, 0, 0, 0, 1500, true);

    /** A FIFO tail-drop link. */
    public LinkConfig(long bandwidthBps, long delayNs, long jitterNs, int queuePackets, long queueBytes,
                      double loss, double corruption, int mtu, boolean checkFcs) {
        this(bandwidthBps, delayNs, jitterNs, queuePackets, queueBytes, loss, corruption, mtu, checkFcs, Discipline.FIFO);
    }

    public LinkConfig {
        if (discipline == null) throw new IllegalArgumentException("discipline must not be null");
        if (bandwidthBps < 0) throw new IllegalArgumentException("bandwidth must not be negative: " + bandwidthBps);
        if (delayNs < 0) throw new IllegalArgumentException("delay must not be negative: " + delayNs);
        if (jitterNs < 0) throw new IllegalArgumentException("jitter must not be negative: " + jitterNs);
        if (queuePackets < 0 || queueBytes < 0) throw new IllegalArgumentException("queue limit must not be negative");
        if (!(loss >= 0 && loss <= 1)) throw new IllegalArgumentException("loss must be within [0, 1]: " + loss);
        if (!(corruption >= 0 && corruption <= 1)) throw new IllegalArgumentException("corruption must be within [0, 1]: " + corruption);
        if (mtu < 68 || mtu > 65535) throw new IllegalArgumentException("mtu must be within [68, 65535]: " + mtu);
    }

    public LinkConfig withBandwidth(long bps) { return new LinkConfig(bps, delayNs, jitterNs, queuePackets, queueBytes, loss, corruption, mtu, checkFcs, discipline); }
    public LinkConfig withDelay(long ns) { return new LinkConfig(bandwidthBps, ns, jitterNs, queuePackets, queueBytes, loss, corruption, mtu, checkFcs, discipline); }
    public LinkConfig withJitter(long ns) { return new LinkConfig(bandwidthBps, delayNs, ns, queuePackets, queueBytes, loss, corruption, mtu, checkFcs, discipline); }
    public LinkConfig withQueuePackets(int n) { return new LinkConfig(bandwidthBps, delayNs, jitterNs, n, queueBytes, loss, corruption, mtu, checkFcs, discipline); }
    public LinkConfig withQueueBytes(long n) { return new LinkConfig(bandwidthBps, delayNs, jitterNs, queuePackets, n, loss, corruption, mtu, checkFcs, discipline); }
    public LinkConfig withLoss(double p) { return new LinkConfig(bandwidthBps, delayNs, jitterNs, queuePackets, queueBytes, p, corruption, mtu, checkFcs, discipline); }
    public LinkConfig withCorruption(double p) { return new LinkConfig(bandwidthBps, delayNs, jitterNs, queuePackets, queueBytes, loss, p, mtu, checkFcs, discipline); }
    public LinkConfig withMtu(int n) { return new LinkConfig(bandwidthBps, delayNs, jitterNs, queuePackets, queueBytes, loss, corruption, n, checkFcs, discipline); }
    public LinkConfig withCheckFcs(boolean b) { return new LinkConfig(bandwidthBps, delayNs, jitterNs, queuePackets, queueBytes, loss, corruption, mtu, b, discipline); }

    public LinkConfig withDiscipline(Discipline d) { return new LinkConfig(bandwidthBps, delayNs, jitterNs, queuePackets, queueBytes, loss, corruption, mtu, checkFcs, d); }

    /** Serialization time of {@code bytes} in ns, rounded up; 0 when bandwidth is unlimited. */
    public long transmissionNs(int bytes) {
        return bandwidthBps == 0 ? 0 : Math.ceilDiv(bytes * 8L * 1_000_000_000L, bandwidthBps);
    }
}
