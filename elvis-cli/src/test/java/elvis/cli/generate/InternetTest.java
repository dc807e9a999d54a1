package elvis.cli.generate;

import elvis.cli.CommandLineTest;
import elvis.Simulation;
import elvis.app.ApplicationRegistry;
import elvis.machine.Machine;
import elvis.ndl.Ndl;
import elvis.ndl.NdlResult;
import elvis.ndl.SimulationBuilder;
import elvis.ndl.model.NdlSimulation;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code elvis generate internet}: the AS graph's shape, the same file for a seed, a file that checks, and a run in which every AS reaches every other. */
class InternetTest {

    @Test
    void theGraphHasATier1CliqueProvidersBeforeCustomersAndHeavyTailedDegrees() {
        AsGraph g = InternetTopology.generate(InternetTopology.Params.defaults(1000, 3));
        assertThat(g.count(AsGraph.Tier.TIER1)).isEqualTo(4);
        assertThat(g.count(AsGraph.Tier.TRANSIT)).isEqualTo(150);
        assertThat(g.count(AsGraph.Tier.STUB)).isEqualTo(846);
        // The tier-1 ASes peer pairwise and have no provider; every other AS has 1..2 providers made before it.
        long cliquePeerings = g.links().stream().filter(l -> l.peer() && l.a() < 4 && l.b() < 4).count();
        assertThat(cliquePeerings).isEqualTo(6);
        List<List<Integer>> providers = g.providers();
        for (int i = 0; i < 1000; i++) {
            int self = i;
            if (i < 4) assertThat(providers.get(i)).isEmpty();
            else assertThat(providers.get(i)).isNotEmpty().hasSizeLessThanOrEqualTo(2).allMatch(p -> p < self);
        }
        // Preferential attachment: a few ASes gather many customers, most stubs have one or two links.
        int[] d = g.degrees();
        int[] sorted = d.clone();
        Arrays.sort(sorted);
        int median = sorted[500], max = sorted[999];
        assertThat(median).isBetween(1, 3);
        assertThat(max).isGreaterThan(20 * median);
        long leaves = Arrays.stream(d).filter(x -> x <= 2).count();
        assertThat(leaves).isGreaterThan(600);
        // Connected: every AS reaches AS 1 through providers (the clique joins the rest).
        assertThat(reachable(g)).isEqualTo(1000);
        assertThat(g.ixps()).hasSize(20).allMatch(x -> x.members().size() == 6);
        long hosts = g.ases().stream().mapToLong(AsGraph.As::hosts).sum();
        assertThat(hosts).isEqualTo(8460);
    }

    private static int reachable(AsGraph g) {
        int n = g.ases().size();
        List<List<Integer>> adj = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) adj.add(new java.util.ArrayList<>());
        for (AsGraph.Link l : g.links()) {
            adj.get(l.a()).add(l.b());
            adj.get(l.b()).add(l.a());
        }
        boolean[] seen = new boolean[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(0));
        seen[0] = true;
        int count = 1;
        while (!queue.isEmpty()) {
            for (int next : adj.get(queue.poll())) {
                if (!seen[next]) {
                    seen[next] = true;
                    count++;
                    queue.add(next);
                }
            }
        }
        return count;
    }

    @Test
    void aSeedGivesTheSameFileAnotherSeedAnother() {
        CommandLineTest.Outcome a = elvis("generate", "internet", "--ases", "60", "--seed", "5");
        CommandLineTest.Outcome b = elvis("generate", "internet", "--ases", "60", "--seed", "5");
        CommandLineTest.Outcome c = elvis("generate", "internet", "--ases", "60", "--seed", "6");
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.out()).isEqualTo(b.out()).isNotEqualTo(c.out()).contains("[Simulation seed='5']", "[AS asn='60'", "[Peering ");
        assertThat(a.out()).contains("network='ix1'", "relationship='peer'", "relationship='customer'");
    }

    @Test
    void badOptionsAreExplainedWithExit2() {
        assertThat(elvis("generate", "internet", "--ases", "0").err()).contains("--ases must be 1..20000");
        assertThat(elvis("generate", "internet", "--ases", "10", "--tier1", "11").exit()).isEqualTo(2);
        assertThat(elvis("generate", "internet", "--igp", "eigrp").err()).contains("--igp must be ospf, rip or static");
        assertThat(elvis("generate", "internet", "--peering-delay", "10").exit()).isEqualTo(2);
    }

    @Test
    void aDnsHierarchyNamesEveryMachine() {
        CommandLineTest.Outcome o = elvis("generate", "internet", "--ases", "15", "--dns", "internet.test", "--igp", "static");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("[DNS domain='internet.test' network='as");
    }

    /**
     * Every AS's first router ends with a BGP route to every other AS's block (OSPF or RIP inside the transit ASes,
     * passive on the peering links), and the run has no failures. 50 ASes with 38 hosts have an exchange point and
     * multihomed stubs; their cold start takes until 83.7 s (MRAI paces each session's updates, so routes spread in
     * waves with a lull from 34 s to 45 s), and only then does every stub reach every other.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"20, 40, 2, ospf", "20, 40, 2, rip", "50, 38, 1, ospf"})
    void aGeneratedInternetConvergesAndEveryAsReachesEveryOther(int ases, int hosts, long seed, String igp) throws Exception {
        CommandLineTest.Outcome o = elvis("generate", "internet", "--ases", Integer.toString(ases), "--hosts", Integer.toString(hosts),
                "--seed", Long.toString(seed), "--igp", igp);
        assertThat(o.exit()).as(o.err()).isZero();
        NdlResult r = Ndl.parse("internet.ndl", o.out(), ApplicationRegistry.load());
        assertThat(r.errors()).as(r.render()).isEmpty();
        NdlSimulation model = r.simulation().orElseThrow();
        Simulation sim = SimulationBuilder.build(model, ApplicationRegistry.load()).simulation();
        sim.runUntil(300_000_000_000L);
        for (Machine m : sim.machines()) assertThat(m.failures()).as(m.name()).isEmpty();
        java.util.Map<Integer, Machine> owner = new java.util.HashMap<>();
        for (Machine m : sim.machines()) for (var i : Ipv4.of(m).interfaces()) owner.put(i.address(), m);
        for (var as : model.ases()) {
            Machine router = owner.get(as.block().orElseThrow().base().bits() + 1);
            assertThat(router.name()).isEqualTo("as" + as.asn() + "-r1");
            for (var other : model.ases()) {
                if (other == as) continue;
                int target = other.block().orElseThrow().base().bits() + 1;   // the other AS's first router
                Route route = Ipv4.of(router).lookup(target);
                assertThat(route).as(router.name() + " to AS " + other.asn()).isNotNull();
                assertThat(route.origin()).isIn(Origin.EBGP, Origin.IBGP);
                assertThat(walk(router, target, owner)).as(router.name() + " to AS " + other.asn()).isEqualTo("as" + other.asn() + "-r1");
            }
        }
    }

    /** Follows the forwarding tables hop by hop from {@code from} to {@code target}; the machine reached, or where it stopped. */
    private static String walk(Machine from, int target, java.util.Map<Integer, Machine> owner) {
        Machine at = from;
        for (int hop = 0; hop < 64; hop++) {
            if (owner.get(target) == at) return at.name();
            Route r = Ipv4.of(at).lookup(target);
            if (r == null) return "no route at " + at.name();
            Machine next = owner.get(r.gateway() == 0 ? target : r.gateway());
            if (next == null) return "no machine at the gateway of " + at.name();
            at = next;
        }
        return "a loop";
    }
}
