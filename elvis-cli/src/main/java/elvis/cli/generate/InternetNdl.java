package elvis.cli.generate;

import elvis.ndl.model.BlockCarver;
import elvis.ndl.model.Ipv4;
import elvis.ndl.model.Subnet;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes an {@link AsGraph} as NDL: one {@code [AS]} section per AS with its address block, its
 * routers (a core LAN joins a transit AS's routers; a stub has one router on a LAN with its hosts), and
 * a {@code [Peerings]} section with every relationship: a point-to-point link for a provider-customer
 * or private peering, the exchange point's LAN for a peering there. Blocks are carved from 10.0.0.0/8
 * with the rule the validator carves networks by ({@link BlockCarver}), exchange points from 172.16.0.0/12.
 */
public final class InternetNdl {

    /**
     * @param igp             the intra-domain protocol of every AS of several routers: ospf, rip or static (one router needs none)
     * @param transitRouters  routers of each tier-1 and transit AS
     * @param dnsDomain       a [DNS] hierarchy under this domain on the first stub's LAN, or null for none
     * @param until           the [Simulation until] value, or null
     */
    public record Options(String igp, int transitRouters, String peeringLatency, String peeringBandwidth,
                          String lanLatency, String lanBandwidth, String dnsDomain, long seed, String until) {
        public static Options defaults(long seed) {
            return new Options("ospf", 2, "10ms", "1Gbps", "1ms", "1Gbps", null, seed, null);
        }
    }

    private static final Subnet SPACE = new Subnet(new Ipv4(0x0A000000), 8);
    private static final Subnet IXP_SPACE = new Subnet(new Ipv4(0xAC100000), 12);

    private InternetNdl() { }

    /** The router of AS {@code as} that ends its {@code k}-th relationship (round robin over its routers). */
    static String routerName(long asn, int k, int routers) { return "as" + asn + "-r" + (k % routers + 1); }

    public static void write(AsGraph g, Options o, NdlWriter ndl) {
        List<AsGraph.As> ases = g.ases();
        int n = ases.size();
        int[] routers = new int[n];
        for (int i = 0; i < n; i++) routers[i] = ases.get(i).tier() == AsGraph.Tier.STUB ? 1 : Math.max(1, o.transitRouters());
        // Which router ends each relationship at each side, and what each router is attached to.
        int[] ends = new int[n];
        List<List<String>> ixpOf = new ArrayList<>();       // per router of each AS: the exchange points it is on
        int[] firstRouter = new int[n + 1];
        for (int i = 0; i < n; i++) firstRouter[i + 1] = firstRouter[i] + routers[i];
        for (int r = 0; r < firstRouter[n]; r++) ixpOf.add(new ArrayList<>());
        String[][] linkEnds = new String[g.links().size()][2];
        int[] peeringsAsA = new int[n];
        for (int l = 0; l < g.links().size(); l++) {
            AsGraph.Link link = g.links().get(l);
            int[] sides = {link.a(), link.b()};
            for (int s = 0; s < 2; s++) {
                int as = sides[s];
                int k = ends[as]++;
                linkEnds[l][s] = routerName(ases.get(as).asn(), k, routers[as]);
                if (link.ixp() >= 0) {
                    List<String> on = ixpOf.get(firstRouter[as] + k % routers[as]);
                    String ix = g.ixps().get(link.ixp()).name();
                    if (!on.contains(ix)) on.add(ix);
                }
            }
            if (link.ixp() < 0) peeringsAsA[link.a()]++;
        }
        ndl.comment("An Internet-like topology written by elvis generate internet: " + g.count(AsGraph.Tier.TIER1) + " tier-1, "
                + g.count(AsGraph.Tier.TRANSIT) + " transit and " + g.count(AsGraph.Tier.STUB) + " stub ASes, " + g.ixps().size()
                + " exchange point" + (g.ixps().size() == 1 ? ", " : "s, ") + g.links().size() + " relationships.");
        ndl.section(0, "Simulation", "seed", o.seed(), "until", o.until());
        BlockCarver ixpSpace = new BlockCarver(IXP_SPACE);
        if (!g.ixps().isEmpty()) {
            ndl.section(0, "Networks");
            for (AsGraph.Ixp x : g.ixps()) {
                long attached = ixpOf.stream().filter(on -> on.contains(x.name())).count();   // a member may bring several routers
                Subnet s = ixpSpace.next(BlockCarver.prefixFor(attached));
                if (s == null) throw new IllegalArgumentException("too many exchange point members for " + IXP_SPACE);
                ndl.section(1, "Network", "id", x.name(), "latency", o.lanLatency(), "bandwidth", o.lanBandwidth());
                ndl.section(2, "IP", "subnet", s.base() + "/" + s.prefix());
            }
        }
        BlockCarver space = new BlockCarver(SPACE);
        String dnsNetwork = null;
        for (int i = 0; i < n; i++) {
            AsGraph.As as = ases.get(i);
            boolean stub = as.tier() == AsGraph.Tier.STUB;
            boolean dnsHere = stub && dnsNetwork == null && o.dnsDomain() != null;
            // Sized as the validator carves: the AS's network first, then the links it is 'a' of, each aligned.
            BlockCarver need = new BlockCarver(SPACE);
            need.next(BlockCarver.prefixFor(stub ? as.hosts() + 1L + (dnsHere ? 4 : 0) : routers[i]));
            for (int p = 0; p < peeringsAsA[i]; p++) need.next(BlockCarver.prefixFor(2));
            Subnet block = space.next(BlockCarver.prefixFor(need.used() - 2));
            if (block == null) throw new IllegalArgumentException("the ASes' hosts and links do not fit " + SPACE);
            String asn = Long.toString(as.asn());
            String lan = "as" + asn + (stub ? "-lan" : "-core");
            // One router needs no intra-domain protocol.
            ndl.section(0, "AS", "asn", asn, "igp", routers[i] == 1 ? "static" : o.igp(), "block", block.base() + "/" + block.prefix());
            ndl.section(1, "Networks");
            ndl.section(2, "Network", "id", lan, "latency", o.lanLatency(), "bandwidth", o.lanBandwidth());
            ndl.section(1, "Machines");
            for (int r = 0; r < routers[i]; r++) {
                ndl.section(2, "Machine", "name", "as" + asn + "-r" + (r + 1), "router", "true");
                ndl.section(3, "Networks");
                ndl.section(4, "Network", "id", lan);
                for (String ix : ixpOf.get(firstRouter[i] + r)) ndl.section(4, "Network", "id", ix);
            }
            if (stub && as.hosts() > 0) {
                ndl.section(2, "Machine", "name", "as" + asn + "-h", "count", as.hosts() > 1 ? as.hosts() : null);
                ndl.section(3, "Networks");
                ndl.section(4, "Network", "id", lan);
            }
            if (dnsHere) dnsNetwork = lan;
        }
        if (!g.links().isEmpty()) ndl.section(0, "Peerings");
        for (int l = 0; l < g.links().size(); l++) {
            AsGraph.Link link = g.links().get(l);
            boolean ix = link.ixp() >= 0;
            ndl.section(1, "Peering", "a", linkEnds[l][0], "b", linkEnds[l][1], "relationship", link.peer() ? "peer" : "customer",
                    "network", ix ? g.ixps().get(link.ixp()).name() : null, "latency", ix ? null : o.peeringLatency(),
                    "bandwidth", ix ? null : o.peeringBandwidth());
        }
        if (dnsNetwork != null) ndl.section(0, "DNS", "domain", o.dnsDomain(), "network", dnsNetwork);
    }
}
