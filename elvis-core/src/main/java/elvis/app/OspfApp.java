package elvis.app;

import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.config.Units;
import elvis.machine.Application;
import elvis.routing.Redistribute;
import elvis.routing.ospf.Lsa;
import elvis.routing.ospf.Ospf;
import elvis.routing.ospf.OspfConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code ospf}: an OSPFv2 router ({@link Ospf}, RFC 2328, one area) on every network of its machine,
 * with the RFC's timers and FRR's SPF throttle unless given. Per-interface settings name the
 * machine's interfaces as {@code eth0}, {@code eth1}…: {@code cost='eth1:10,eth2:5'},
 * {@code priority='eth0:0'}, {@code passive='eth2'}. With {@code redistribute} it is an AS boundary
 * router: the table's routes of those origins become AS-external LSAs.
 */
public final class OspfApp implements ApplicationFactory {
    static final long S = Units.NANOS_PER_SECOND;

    @Override
    public Schema schema() {
        OspfConfig d = OspfConfig.DEFAULT;
        return new Schema("ospf", List.of(
                Attribute.ipv4("router_id").doc("the router ID; by default the machine's highest interface address"),
                Attribute.ipv4("area").byDefault(0, "`0.0.0.0`").doc("the one area this router's interfaces are in"),
                Declare.duration("hello").byDefault(d.helloNs()).doc("HelloInterval: a Hello out of each interface this often; whole seconds"),
                Declare.duration("dead").byDefault(d.deadNs()).doc("RouterDeadInterval: a neighbour silent this long is down; whole seconds, longer than `hello`"),
                Declare.duration("retransmit").byDefault(d.retransmitNs()).doc("RxmtInterval: unacknowledged LSAs, DD packets and requests are sent again this often"),
                Declare.duration("transmit_delay").byDefault(d.transmitDelayNs()).doc("InfTransDelay: added to an LSA's age when it is sent; whole seconds"),
                Declare.duration("spf_delay").byDefault(d.spfDelayNs()).doc("SPF runs this long after the first change"),
                Declare.duration("spf_hold").byDefault(d.spfHoldNs()).doc("while changes keep coming, SPF waits this long, doubling each time up to `spf_max_hold`"),
                Declare.duration("spf_max_hold").byDefault(d.spfMaxHoldNs()).doc("the longest SPF wait"),
                Attribute.bandwidth("reference_bandwidth").byDefault(d.referenceBandwidth(), "`100Mbit`")
                        .doc("an interface's default cost is this over its link's bandwidth, at least 1 (an unlimited link costs 1)"),
                Attribute.string("cost").doc("interface costs 1-65535, comma-separated `ethN:cost`"),
                Attribute.string("priority").doc("router priorities for the DR election 0-255 (0: never DR; default 1), comma-separated `ethN:priority`"),
                Attribute.string("passive").doc("interfaces whose subnet is advertised but where no Hello is sent (a LAN of hosts), comma-separated `ethN`"),
                Attribute.string("redistribute").doc("other routes of the machine's table it advertises as AS-external LSAs, comma-separated: "
                        + "static, bgp (eBGP-learnt), rip"),
                Attribute.integer("external_metric", 1, Lsa.LS_INFINITY - 1).byDefault(OspfConfig.DEFAULT_EXTERNAL_METRIC)
                        .doc("the metric of the redistributed routes' AS-external LSAs"),
                Attribute.choice("metric_type", "1", "2").byDefault("2")
                        .doc("2: routers compare the external metric alone (then the cost to the boundary router); 1: they add their cost to the boundary router")),
                List.of());
    }

    @Override
    public Application create(Arguments a, Context context) {
        OspfConfig d = OspfConfig.DEFAULT;
        long hello = a.duration("hello", d.helloNs()), dead = a.duration("dead", d.deadNs()), delay = a.duration("transmit_delay", d.transmitDelayNs());
        for (String k : List.of("hello", "dead", "transmit_delay"))
            if (a.duration(k, S) % S != 0) throw new Arguments.ArgumentException(k, "'" + k + "' must be whole seconds: OSPF sends it in seconds");
        if (hello < S || hello > 0xFFFF * S) throw new Arguments.ArgumentException("hello", "'hello' must be 1s to 65535s");
        if (dead <= hello) throw new Arguments.ArgumentException("dead", "'dead' must be longer than 'hello'");
        long rxmt = a.duration("retransmit", d.retransmitNs());
        if (rxmt <= 0) throw new Arguments.ArgumentException("retransmit", "'retransmit' must be positive");
        long spfHold = a.duration("spf_hold", d.spfHoldNs()), spfMax = a.duration("spf_max_hold", d.spfMaxHoldNs());
        if (spfMax < spfHold) throw new Arguments.ArgumentException("spf_max_hold", "'spf_max_hold' must be at least 'spf_hold'");
        long reference = d.referenceBandwidth();
        if (a.has("reference_bandwidth")) {
            try {
                reference = Units.bandwidth(a.string("reference_bandwidth"), "reference_bandwidth");
            } catch (Units.BadValue e) {
                throw new Arguments.ArgumentException("reference_bandwidth", e.getMessage());
            }
            if (reference <= 0) throw new Arguments.ArgumentException("reference_bandwidth", "'reference_bandwidth' must be positive");
        }
        // Per interface: {cost, priority, passive}, merged from the three lists.
        TreeMap<Integer, int[]> ifs = new TreeMap<>();
        perInterface(a, "cost", 1, 0xFFFF, ifs, 0);
        perInterface(a, "priority", 0, 255, ifs, 1);
        if (a.has("passive")) for (String e : a.string("passive").split(",")) slot(ifs, device(e.trim(), "passive"))[2] = 1;
        List<OspfConfig.Interface> list = new ArrayList<>();
        ifs.forEach((dev, v) -> list.add(new OspfConfig.Interface(dev, v[0], v[1], v[2] == 1)));
        OspfConfig c = new OspfConfig(a.has("router_id") ? ipv4(a, "router_id") : 0, a.has("area") ? ipv4(a, "area") : 0, hello, dead, rxmt, delay,
                a.duration("spf_delay", d.spfDelayNs()), spfHold, spfMax, reference, list);
        try {
            c = c.withRedistribution(Redistribute.parse(a.string("redistribute", "")),
                    (int) a.integer("external_metric", 1, Lsa.LS_INFINITY - 1, OspfConfig.DEFAULT_EXTERNAL_METRIC), !a.string("metric_type", "2").equals("1"));
        } catch (IllegalArgumentException e) {
            if (e instanceof Arguments.ArgumentException ae) throw ae;
            throw new Arguments.ArgumentException("redistribute", e.getMessage());
        }
        return new Ospf(c);
    }

    private static int ipv4(Arguments a, String key) {
        try {
            return Units.ipv4(a.string(key));
        } catch (Units.BadValue e) {
            throw new Arguments.ArgumentException(key, e.getMessage());
        }
    }

    private static int[] slot(TreeMap<Integer, int[]> ifs, int device) { return ifs.computeIfAbsent(device, k -> new int[] {0, 1, 0}); }

    private static void perInterface(Arguments a, String key, int min, int max, TreeMap<Integer, int[]> ifs, int index) {
        if (!a.has(key)) return;
        for (String entry : a.string(key).split(",")) {
            String e = entry.trim();
            int colon = e.indexOf(':');
            if (colon < 0) throw new Arguments.ArgumentException(key, "'" + e + "' is not 'ethN:" + key + "'");
            try {
                slot(ifs, device(e.substring(0, colon).trim(), key))[index] = (int) Units.wholeNumber(e.substring(colon + 1).trim(), key, min, max);
            } catch (Units.BadValue x) {
                throw new Arguments.ArgumentException(key, "'" + e + "': " + x.getMessage());
            }
        }
    }

    /** {@code ethN}: N. */
    private static int device(String name, String key) {
        if (!name.matches("eth\\d{1,4}")) throw new Arguments.ArgumentException(key, "'" + name + "' is not an interface name such as eth0");
        return Integer.parseInt(name.substring(3));
    }
}
