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
     * @param igp             the intra-domain protocol of every AS: ospf, rip, global or static
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

    public static String write(AsGraph g, Options o) {
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
        StringBuilder out = new StringBuilder(4096 + 600 * n);
        out.append("# An Internet-like topology written by elvis generate internet: ").append(g.count(AsGraph.Tier.TIER1)).append(" tier-1, ")
                .append(g.count(AsGraph.Tier.TRANSIT)).append(" transit and ").append(g.count(AsGraph.Tier.STUB)).append(" stub ASes, ")
                .append(g.ixps().size()).append(" exchange points, ").append(g.links().size()).append(" relationships.\n");
        out.append("[Simulation seed='").append(o.seed()).append('\'');
        if (o.until() != null) out.append(" until='").append(o.until()).append('\'');
        out.append("]\n");
        BlockCarver ixpSpace = new BlockCarver(IXP_SPACE);
        if (!g.ixps().isEmpty()) {
            out.append("[Networks]\n");
            for (AsGraph.Ixp x : g.ixps()) {
                Subnet s = ixpSpace.next(BlockCarver.prefixFor(x.members().size()));
                if (s == null) throw new IllegalArgumentException("too many exchange point members for " + IXP_SPACE);
                out.append("    [Network id='").append(x.name()).append("' latency='").append(o.lanLatency()).append("' bandwidth='").append(o.lanBandwidth()).append("']\n");
                out.append("        [IP subnet='").append(s.base()).append('/').append(s.prefix()).append("']\n");
            }
        }
        BlockCarver space = new BlockCarver(SPACE);
        String dnsNetwork = null;
        for (int i = 0; i < n; i++) {
            AsGraph.As as = ases.get(i);
            boolean stub = as.tier() == AsGraph.Tier.STUB;
            // Same order as the validator carves: the AS's networks in file order, then the links it is 'a' of.
            BlockCarver need = new BlockCarver(SPACE);
            need.next(BlockCarver.prefixFor(stub ? as.hosts() + 1 + (dnsNetwork == null && o.dnsDomain() != null ? 4 : 0) : routers[i]));
            for (int p = 0; p < peeringsAsA[i]; p++) need.next(30);
            int prefix = BlockCarver.prefixFor(need.used() - 2);
            Subnet block = space.next(prefix);
            if (block == null) throw new IllegalArgumentException("the ASes' hosts and links do not fit " + SPACE);
            String asn = Long.toString(as.asn());
            String lan = "as" + asn + (stub ? "-lan" : "-core");
            out.append("[AS asn='").append(asn).append("' igp='").append(o.igp()).append("' block='").append(block.base()).append('/').append(block.prefix()).append("']\n");
            out.append("    [Networks]\n");
            out.append("        [Network id='").append(lan).append("' latency='").append(o.lanLatency()).append("' bandwidth='").append(o.lanBandwidth()).append("']\n");
            out.append("    [Machines]\n");
            for (int r = 0; r < routers[i]; r++) {
                out.append("        [Machine name='as").append(asn).append("-r").append(r + 1).append("' router='true']\n");
                out.append("            [Networks]\n");
                out.append("                [Network id='").append(lan).append("']\n");
                for (String ix : ixpOf.get(firstRouter[i] + r)) out.append("                [Network id='").append(ix).append("']\n");
            }
            if (stub && as.hosts() > 0) {
                out.append("        [Machine name='as").append(asn).append("-h'").append(as.hosts() > 1 ? " count='" + as.hosts() + "'" : "").append("]\n");
                out.append("            [Networks]\n");
                out.append("                [Network id='").append(lan).append("']\n");
            }
            if (stub && dnsNetwork == null) dnsNetwork = lan;
        }
        out.append("[Peerings]\n");
        for (int l = 0; l < g.links().size(); l++) {
            AsGraph.Link link = g.links().get(l);
            out.append("    [Peering a='").append(linkEnds[l][0]).append("' b='").append(linkEnds[l][1]).append("' relationship='")
                    .append(link.peer() ? "peer" : "customer").append('\'');
            if (link.ixp() >= 0) {
                out.append(" network='").append(g.ixps().get(link.ixp()).name()).append('\'');
            } else {
                out.append(" latency='").append(o.peeringLatency()).append("' bandwidth='").append(o.peeringBandwidth()).append('\'');
            }
            out.append("]\n");
        }
        if (o.dnsDomain() != null && dnsNetwork != null) {
            out.append("[DNS domain='").append(o.dnsDomain()).append("' network='").append(dnsNetwork).append("']\n");
        }
        return out.toString();
    }
}
