package elvis.ndl.model;

/**
 * The characteristics of a network's link.
 *
 * @param bandwidthBps bit/s, 0 = unlimited
 * @param loss         fraction 0..1 of frames dropped
 * @param corruption   fraction 0..1 of frames damaged
 * @param queuePackets queue limit in packets, 0 = none
 * @param queueBytes   queue limit in bytes, 0 = none
 */
public record LinkSpec(long bandwidthBps, long latencyNanos, long jitterNanos, double loss, double corruption,
                       int mtu, long queuePackets, long queueBytes, ArpMode arp, boolean pcap, NetworkType type) {

    public static final LinkSpec DEFAULT =
            new LinkSpec(0, 0, 0, 0, 0, 1500, 0, 0, ArpMode.STATIC, false, NetworkType.SWITCHED);

    public enum ArpMode { STATIC, DYNAMIC }

    public enum NetworkType { SWITCHED, P2P }
}
