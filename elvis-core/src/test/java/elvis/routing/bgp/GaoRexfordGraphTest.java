package elvis.routing.bgp;

import elvis.routing.Prefix;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gao-Rexford in one word on random AS graphs ({@code -Dbgp.ases=1000} for the 1,000; CI
 * runs 100): every AS's selected path is valley-free, exactly the ASes the policies let reach a
 * prefix have a route to it, and every selected path equals the independent oracle's. Then a hijack:
 * an AS announces a more specific prefix of another's, the ASes predicted to select it do, and
 * filtering at the hijacker's providers leaves only the ones its other links still reach.
 */
class GaoRexfordGraphTest {
    static final int ASES = Integer.getInteger("bgp.ases", 100);

    static Prefix prefixOf(int x) { return new Prefix(0x14000000 + (x << 16), 16); }   // 20.0.0.0/16 + x

    static AsPath pathOf(int[] indices) {
        long[] asns = new long[indices.length];
        for (int i = 0; i < asns.length; i++) asns[i] = PathVectorModel.asn(indices[i]);
        return AsPath.sequence(asns);
    }

    @Test
    void selectedPathsAreValleyFreeReachAsThePoliciesAllowAndEqualTheOracle() {
        for (long seed : new long[] {1, 2}) {
            AsGraph g = AsGraph.random(ASES, seed);
            PathVectorModel model = new PathVectorModel(g);
            long routes = 0, unreachable = 0, viaPeers = 0;
            for (int d = 0; d < g.n; d++) {
                model.propagate(prefixOf(d), d);
                AsGraph.Routes oracle = g.routes(d);
                for (int x = 0; x < g.n; x++) {
                    int[] expected = oracle.path(x);
                    PathAttributes got = model.best[x];
                    if (expected == null) {
                        assertThat(got).as("AS %d must not reach %d", x, d).isNull();
                        unreachable++;
                        continue;
                    }
                    assertThat(got).as("AS %d reaches %d", x, d).isNotNull();
                    assertThat(got.asPath()).as("AS %d to %d", x, d).isEqualTo(pathOf(expected));
                    assertThat(g.valleyFree(x, expected)).as("valley-free %d to %d", x, d).isTrue();
                    routes++;
                    if (oracle.kind()[x] == AsGraph.PEER) viaPeers++;
                }
            }
            assertThat(routes).as("most pairs connect").isGreaterThan((long) g.n * g.n * 8 / 10);
            assertThat(unreachable).as("the islands reach only their peer's cone").isPositive();
            assertThat(viaPeers).as("peer routes are exercised").isPositive();
        }
    }

    @Test
    void aMoreSpecificPrefixDrawsThePredictedAsesAndFilteringAtTheProvidersRestoresThem() {
        AsGraph g = AsGraph.random(ASES, 3);
        int victim = g.n / 3, hijacker = -1;
        for (int x = g.n - 1; x >= 0 && hijacker < 0; x--)
            if (g.providers[x].length > 0 && g.customers[x].length == 0 && x != victim) hijacker = x;   // a stub
        Prefix hijacked = new Prefix(prefixOf(victim).address() + 0x0100, 24);   // 20.v.1.0/24 inside the victim's /16

        // no filtering: the /24 goes wherever the hijacker's own prefix would
        PathVectorModel open = new PathVectorModel(g);
        open.propagate(hijacked, hijacker);
        AsGraph.Routes predicted = g.routes(hijacker);
        int drawn = 0;
        for (int x = 0; x < g.n; x++) {
            assertThat(open.best[x] != null).as("AS %d draws the /24", x).isEqualTo(predicted.length()[x] >= 0);
            if (open.best[x] != null && x != hijacker) drawn++;
        }
        assertThat(drawn).as("the hijack spreads").isGreaterThan(g.n / 2);

        // the hijacker's providers accept from it only its own prefix (a customer prefix filter)
        Policy filter = Policy.parse("permit prefix " + elvis.protocol.ipv4.Ipv4Address.format(prefixOf(hijacker).address()) + "/16 le 24; deny");
        PathVectorModel filtered = new PathVectorModel(g);
        for (int p : g.providers[hijacker]) {
            int k = java.util.Arrays.binarySearch(filtered.neighbors[p], hijacker);
            filtered.policies[p][k] = new NeighborPolicy(PathVectorModel.asn(p), true, elvis.routing.Relationship.CUSTOMER, filter, Policy.PERMIT_ALL);
        }
        filtered.propagate(hijacked, hijacker);
        AsGraph.Routes cut = g.withoutProviders(hijacker).routes(hijacker);
        int stillDrawn = 0;
        for (int x = 0; x < g.n; x++) {
            assertThat(filtered.best[x] != null).as("AS %d after filtering", x).isEqualTo(cut.length()[x] >= 0);
            if (filtered.best[x] != null && x != hijacker) stillDrawn++;
        }
        assertThat(stillDrawn).as("only the hijacker's peers' side, if any").isLessThan(drawn / 4 + 1);
        // and its own prefix still gets through the filter
        filtered.propagate(prefixOf(hijacker), hijacker);
        for (int x = 0; x < g.n; x++) assertThat(filtered.best[x] != null).isEqualTo(predicted.length()[x] >= 0);
    }
}
