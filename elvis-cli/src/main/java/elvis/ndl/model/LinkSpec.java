package elvis.ndl.model;

import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.link.LinkConfig;

/**
 * A network's link: the link's properties (bandwidth, latency … see {@link LinkConfig#SCHEMA}) and the
 * [Network] keys that say how the network is built, declared in {@link #NETWORK}.
 */
public record LinkSpec(LinkConfig config, ArpMode arp, boolean pcap, NetworkType type) {

    private static final Schema.Builder DECLARE = Schema.builder("network");
    public static final Attribute<String> ID = DECLARE.add(Attribute.string("id").required().doc("the network's name, unique among networks"));
    public static final Attribute<String> ARP = DECLARE.add(Attribute.choice("arp", "static", "dynamic").byDefault("static")
            .doc("`static`: addresses are pre-resolved, no ARP traffic (scales to millions of machines); `dynamic`: real ARP "
                    + "requests and replies, as on a LAN (each request is broadcast to every port, so keep it to small networks); "
                    + "while a neighbour is being resolved, up to 101 packets wait for it (Linux's default), older ones are dropped"));
    public static final Attribute<Boolean> PCAP = DECLARE.add(Attribute.bool("pcap").byDefault(false)
            .doc("`true` records the network's traffic as transmitted, and its drops in a drop log beside it (see docs/pcap.md)"));
    public static final Attribute<String> TYPE = DECLARE.add(Attribute.choice("type", "switched", "p2p").byDefault("switched")
            .doc("`switched`, or `p2p`: a point-to-point link, which needs exactly two machines"));
    /** The [Network] keys that are not link properties. */
    public static final Schema NETWORK = DECLARE.build();

    public static final LinkSpec DEFAULT = new LinkSpec(LinkConfig.UNLIMITED, ArpMode.STATIC, false, NetworkType.SWITCHED);

    public enum ArpMode { STATIC, DYNAMIC }

    public enum NetworkType { SWITCHED, P2P }
}
