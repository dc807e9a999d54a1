package elvis.ndl.model;

import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.link.LinkConfig;

/**
 * A network's link: the link's properties (bandwidth, latency … see {@link LinkConfig#SCHEMA}) and the
 * [Network] keys that say how the network is built, declared in {@link #NETWORK}.
 */
public record LinkSpec(LinkConfig config, ArpMode arp, boolean pcap, NetworkType type) {

    /** Most links one [Network count] makes: a /10's worth of /30s. */
    public static final int MAX_LINKS = 1 << 20;

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
    public static final Attribute<Integer> COUNT = DECLARE.add(Attribute.integer("count", 1, MAX_LINKS).byDefault(1)
            .doc("with `type='p2p'`: this many point-to-point links, `ID-1` … `ID-N`, link *i* on the *i*-th /30 of the network's one "
                    + "`subnet` entry; one machine on the network is on every link, a group of `count='N'` machines has one link each"));
    public static final Attribute<String> TAP = DECLARE.add(Attribute.string("tap").byDefault("", "none")
            .doc("bridges the network to TAP device NAME (1 to 15 characters, no `/`, `:` or spaces), one more port of its switch that "
                    + "learns the addresses behind it, so real programs take part (docs/live.md); only on a switched network, which then "
                    + "resolves by ARP (`arp='dynamic'`); needs `elvis emulate` or `elvis run --realtime`"));
    public static final Attribute<String> TAP_NETNS = DECLARE.add(Attribute.string("tap_netns").byDefault("", "none")
            .doc("with `tap`: `elvis emulate` creates this network namespace (letters, digits, `.`, `_`, `-`; at most 64) and moves "
                    + "the TAP device into it; removed when the run ends"));
    public static final Attribute<String> TAP_ADDRESS = DECLARE.add(Attribute.string("tap_address").byDefault("", "none")
            .doc("with `tap`: `elvis emulate` gives the TAP device this address and prefix, e.g. `10.0.0.100/24` (the Linux side; in "
                    + "the network's subnet, an address no simulated machine has)"));
    public static final Attribute<String> TAP_GATEWAY = DECLARE.add(Attribute.string("tap_gateway").byDefault("", "none")
            .doc("with `tap_netns` and `tap_address`: `elvis emulate` routes the namespace's default route via this address, a "
                    + "simulated router on the network"));
    /** The [Network] keys that are not link properties. */
    public static final Schema NETWORK = DECLARE.build();

    public static final LinkSpec DEFAULT = new LinkSpec(LinkConfig.UNLIMITED, ArpMode.STATIC, false, NetworkType.SWITCHED);

    public enum ArpMode { STATIC, DYNAMIC }

    public enum NetworkType { SWITCHED, P2P }
}
