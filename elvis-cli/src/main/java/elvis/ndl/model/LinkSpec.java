package elvis.ndl.model;

import java.util.List;

/**
 * The characteristics of a network's link.
 *
 * @param bandwidthBps bit/s, 0 = unlimited
 * @param loss         fraction 0..1 of frames dropped
 * @param corruption   fraction 0..1 of frames damaged
 * @param queuePackets queue limit in packets, 0 = none
 * @param queueBytes   queue limit in bytes, 0 = none
 * @param qdisc        queue discipline; with {@code PRIO}, {@code bands} bands, each with the queue limit
 * @param down         when the network (or, for a machine's entry, its interface) is down, in time order
 */
public record LinkSpec(long bandwidthBps, long latencyNanos, long jitterNanos, double loss, double corruption,
                       int mtu, long queuePackets, long queueBytes, ArpMode arp, boolean pcap, NetworkType type,
                       Qdisc qdisc, int bands, List<DownInterval> down) {

    public static final int DEFAULT_BANDS = 3;
    public static final LinkSpec DEFAULT = new LinkSpec(0, 0, 0, 0, 0, 1500, 0, 0, ArpMode.STATIC, false, NetworkType.SWITCHED,
            Qdisc.FIFO, DEFAULT_BANDS, List.of());

    public LinkSpec {
        down = List.copyOf(down);
    }

    /** The same link, down at {@code intervals}. */
    public LinkSpec withDown(List<DownInterval> intervals) {
        return new LinkSpec(bandwidthBps, latencyNanos, jitterNanos, loss, corruption, mtu, queuePackets, queueBytes, arp, pcap,
                type, qdisc, bands, intervals);
    }

    public enum ArpMode { STATIC, DYNAMIC }

    public enum Qdisc { FIFO, PRIO }

    public enum NetworkType { SWITCHED, P2P }
}
