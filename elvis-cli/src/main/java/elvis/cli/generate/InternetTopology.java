package elvis.cli.generate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates an Internet-like AS graph: a clique of tier-1 ASes, then transit ASes and then stub ASes,
 * each attaching to providers chosen with probability proportional to their customer count plus one
 * (preferential attachment, which gives the AS graph its heavy-tailed degrees), a few private peerings
 * between transit ASes, and exchange points whose members peer with each other. Every random draw
 * comes from one {@link SplittableRandom} seeded with {@code seed}, so a seed gives the same graph.
 * Providers are always made before their customers, so the customer-provider graph has no cycle and
 * every AS reaches every other under Gao-Rexford policies (up to the clique, across, down).
 */
public final class InternetTopology {

    /**
     * @param ases              ASes in all
     * @param tier1             of which tier-1 (a clique of peers)
     * @param transit           of which transit (the rest are stubs)
     * @param transitProviders  most providers a transit AS has (each has 1..this)
     * @param multihomed        share of stubs with two providers
     * @param transitPeerings   private peerings between transit ASes, per transit AS
     * @param ixps              exchange points
     * @param ixpMembers        members of each exchange point
     * @param hosts             hosts in all, spread evenly over the stubs
     */
    public record Params(int ases, int tier1, int transit, int transitProviders, double multihomed, double transitPeerings,
                         int ixps, int ixpMembers, long hosts, long seed) {

        public static final int MAX_ASES = 20_000;

        /** Defaults for {@code ases} ASes: 4 tier-1 (fewer if tiny), 15% transit, one exchange point per 50 ASes, 10 hosts per stub. */
        public static Params defaults(int ases, long seed) {
            int tier1 = Math.max(1, Math.min(4, ases / 3));
            int transit = Math.min(ases - tier1, Math.max(ases > tier1 + 1 ? 1 : 0, (int) Math.round(ases * 0.15)));
            int stubs = ases - tier1 - transit;
            return new Params(ases, tier1, transit, 2, 0.3, 0.5, ases / 50, 6, 10L * stubs, seed);
        }

        /** What is wrong with these parameters, or null. */
        public String problem() {
            if (ases < 1 || ases > MAX_ASES) return "--ases must be 1.." + MAX_ASES;
            if (tier1 < 1 || tier1 > ases) return "--tier1 must be 1..ases";
            if (transit < 0 || tier1 + transit > ases) return "--transit must be 0..ases - tier1";
            if (transitProviders < 1) return "--transit-providers must be at least 1";
            if (!(multihomed >= 0 && multihomed <= 1)) return "--multihomed must be 0..1";
            if (!(transitPeerings >= 0 && transitPeerings <= 100)) return "--transit-peerings must be 0..100";
            if (ixps < 0 || ixps > ases) return "--ixps must be 0..ases";
            if (ixpMembers < 2 || ixpMembers > 1000) return "--ixp-members must be 2..1000";
            if (hosts < 0 || hosts > 100_000_000) return "--hosts must be 0..10^8";
            if (hosts > 0 && ases == tier1 + transit) return "--hosts needs stub ASes: lower --tier1 or --transit";
            return null;
        }
    }

    private InternetTopology() { }

    /** The graph; ASes are numbered 1..ases: tier-1 first, then transit, then stubs. */
    public static AsGraph generate(Params p) {
        String problem = p.problem();
        if (problem != null) throw new IllegalArgumentException(problem);
        SplittableRandom random = new SplittableRandom(p.seed());
        int n = p.ases();
        int stubs = n - p.tier1() - p.transit();
        int[] customers = new int[n];
        List<AsGraph.Link> links = new ArrayList<>();
        Set<Long> related = new HashSet<>();
        for (int a = 0; a < p.tier1(); a++) {
            for (int b = a + 1; b < p.tier1(); b++) relate(links, related, new AsGraph.Link(a, b, true, -1));
        }
        int transitEnd = p.tier1() + p.transit();
        for (int t = p.tier1(); t < transitEnd; t++) {
            int k = 1 + random.nextInt(p.transitProviders());
            for (int provider : pick(random, customers, 0, t, k)) {
                relate(links, related, new AsGraph.Link(provider, t, false, -1));
                customers[provider]++;
            }
        }
        for (int s = transitEnd; s < n; s++) {
            int k = random.nextDouble() < p.multihomed() ? 2 : 1;
            for (int provider : pick(random, customers, 0, transitEnd, k)) {
                relate(links, related, new AsGraph.Link(provider, s, false, -1));
                customers[provider]++;
            }
        }
        // Private peerings between transit ASes: both ends drawn uniformly, pairs already related skipped.
        long peerings = Math.round(p.transit() * p.transitPeerings());
        for (long i = 0; i < peerings && p.transit() >= 2; i++) {
            int a = p.tier1() + random.nextInt(p.transit());
            int b = p.tier1() + random.nextInt(p.transit());
            if (a != b) relate(links, related, new AsGraph.Link(Math.min(a, b), Math.max(a, b), true, -1));
        }
        // Exchange points: members drawn by degree among transit and stub ASes; each pair not yet related peers there.
        List<AsGraph.Ixp> ixps = new ArrayList<>();
        int[] degree = new int[n];
        for (AsGraph.Link l : links) {
            degree[l.a()]++;
            degree[l.b()]++;
        }
        for (int x = 0; x < p.ixps() && n - p.tier1() >= 2; x++) {
            List<Integer> members = pick(random, degree, p.tier1(), n, Math.min(p.ixpMembers(), n - p.tier1()));
            members.sort(null);
            ixps.add(new AsGraph.Ixp("ix" + (x + 1), members));
            for (int i = 0; i < members.size(); i++) {
                for (int j = i + 1; j < members.size(); j++) relate(links, related, new AsGraph.Link(members.get(i), members.get(j), true, x));
            }
        }
        List<AsGraph.As> ases = new ArrayList<>(n);
        long perStub = stubs == 0 ? 0 : p.hosts() / stubs;
        long extra = stubs == 0 ? 0 : p.hosts() % stubs;
        for (int i = 0; i < n; i++) {
            AsGraph.Tier tier = i < p.tier1() ? AsGraph.Tier.TIER1 : i < transitEnd ? AsGraph.Tier.TRANSIT : AsGraph.Tier.STUB;
            int hosts = tier == AsGraph.Tier.STUB ? (int) (perStub + (i - transitEnd < extra ? 1 : 0)) : 0;
            ases.add(new AsGraph.As(i + 1, tier, hosts));
        }
        return new AsGraph(ases, links, ixps);
    }

    private static void relate(List<AsGraph.Link> links, Set<Long> related, AsGraph.Link l) {
        if (related.add(pair(l.a(), l.b()))) links.add(l);
    }

    private static long pair(int a, int b) { return (long) Math.min(a, b) << 32 | Math.max(a, b); }

    /** {@code k} distinct indices of [from, to), each drawn with probability proportional to weight + 1. */
    private static List<Integer> pick(SplittableRandom random, int[] weight, int from, int to, int k) {
        List<Integer> chosen = new ArrayList<>(k);
        k = Math.min(k, to - from);
        long total = 0;
        for (int i = from; i < to; i++) total += weight[i] + 1;
        while (chosen.size() < k) {
            long r = random.nextLong(total);
            int i = from;
            for (; i < to; i++) {
                if (chosen.contains(i)) continue;
                r -= weight[i] + 1;
                if (r < 0) break;
            }
            chosen.add(i);
            total -= weight[i] + 1;
        }
        return chosen;
    }
}
