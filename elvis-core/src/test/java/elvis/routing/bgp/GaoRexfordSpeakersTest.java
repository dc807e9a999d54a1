package elvis.routing.bgp;

import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import elvis.routing.Prefix;
import elvis.routing.Relationship;
import elvis.routing.RoutingStats;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real speakers (sessions over TCP, MRAI, the RIBs, the table) on a random Gao-Rexford AS
 * graph, one router per AS, configured only with each neighbour's relationship in one word: after
 * convergence every Loc-RIB path is the oracle's ({@link AsGraph#routes}), hence valley-free, and
 * exactly the ASes the policies allow have a route, installed in the table. A prefix hijack (a more
 * specific prefix announced through {@link Bgp#announce}) draws the ASes the oracle predicts, a
 * customer prefix filter at the hijacker's providers confines it, and a withdrawal converges.
 * {@code -Dbgp.ases=1000} sets the graph's size (CI: 100; the hijack runs on half as many, twice).
 */
class GaoRexfordSpeakersTest {
    static final int ASES = GaoRexfordGraphTest.ASES;

    /** A lab with one speaker per AS of {@code g}, router ids rising with the index, {@code filter} on the given providers' sessions to {@code filtered}. */
    static BgpLab lab(AsGraph g, long seed, int filtered, String filter) {
        BgpLab lab = new BgpLab(seed);
        for (int x = 0; x < g.n; x++) {
            lab.router(name(x), PathVectorModel.asn(x));
            lab.routerIds.put(name(x), PathVectorModel.routerId(x));
            lab.network(name(x), elvis.protocol.ipv4.Ipv4Address.format(GaoRexfordGraphTest.prefixOf(x).address()) + "/16");
        }
        for (int x = 0; x < g.n; x++)
            for (int y : g.customers[x]) link(lab, g, x, y, filtered, filter);
        for (int x = 0; x < g.n; x++)
            for (int y : g.peers[x]) if (x < y) link(lab, g, x, y, filtered, filter);
        return lab.start();
    }

    private static void link(BgpLab lab, AsGraph g, int x, int y, int filtered, String filter) {
        lab.link(name(x), name(y));
        relate(lab, g, x, y, y == filtered ? filter : null);
        relate(lab, g, y, x, x == filtered ? filter : null);
    }

    /** Gives x's last session (to y) y's relationship, and an import policy. */
    private static void relate(BgpLab lab, AsGraph g, int x, int y, String importPolicy) {
        List<BgpNeighbor> ns = lab.neighbors.get(name(x));
        BgpNeighbor n = ns.getLast();
        Relationship r = switch (g.relation(x, y)) {
            case AsGraph.CUSTOMER -> Relationship.CUSTOMER;
            case AsGraph.PEER -> Relationship.PEER;
            default -> Relationship.PROVIDER;
        };
        ns.set(ns.size() - 1, new BgpNeighbor(n.address(), n.asn(), r, false, importPolicy, null, 0));
    }

    static String name(int x) { return "as" + x; }

    @Test
    void speakersSelectTheOraclesPathsAndInstallThem() {
        AsGraph g = AsGraph.random(ASES, 5);
        BgpLab lab = lab(g, 5, -1, null);
        lab.runUntilSeconds(900);
        long converged = RoutingStats.of(lab.sim.kernel()).lastChangeNs();
        assertThat(converged).as("converged well before the end").isLessThan(600 * BgpLab.S);
        long unreachable = 0;
        for (int d = 0; d < g.n; d++) {
            Prefix p = GaoRexfordGraphTest.prefixOf(d);
            AsGraph.Routes oracle = g.routes(d);
            for (int x = 0; x < g.n; x++) {
                BgpRoute r = lab.bgp(name(x)).best(p);
                int[] expected = oracle.path(x);
                Route installed = Ipv4.of(lab.machines.get(name(x))).lookup(p.address());
                if (expected == null) {
                    assertThat(r).as("AS %d must not reach %d", x, d).isNull();
                    assertThat(installed).as("nor have a route in its table").isNull();
                    unreachable++;
                    continue;
                }
                assertThat(r).as("AS %d reaches %d", x, d).isNotNull();
                assertThat(r.attributes().asPath()).as("AS %d to %d", x, d).isEqualTo(GaoRexfordGraphTest.pathOf(expected));
                assertThat(g.valleyFree(x, expected)).isTrue();
                if (x != d) assertThat(installed.origin()).isEqualTo(Origin.EBGP);
            }
        }
        assertThat(unreachable).as("the islands are cut off as the policies say").isPositive();
        lab.assertNoFailures();
    }

    @Test
    void aHijackDrawsThePredictedAsesFilteringConfinesItAndAWithdrawalConverges() {
        AsGraph g = AsGraph.random(ASES / 2, 6);
        int victim = g.n / 3, hijacker = -1;
        for (int x = g.n - 1; x >= 0 && hijacker < 0; x--)
            if (g.providers[x].length > 0 && g.customers[x].length == 0 && g.peers[x].length == 0 && x != victim) hijacker = x;
        Prefix own = GaoRexfordGraphTest.prefixOf(hijacker);
        Prefix hijacked = new Prefix(GaoRexfordGraphTest.prefixOf(victim).address() + 0x0100, 24);
        int inside = hijacked.address() + 7;
        String filter = "permit prefix " + elvis.protocol.ipv4.Ipv4Address.format(own.address()) + "/16 le 24; deny";
        AsGraph.Routes predicted = g.routes(hijacker);

        for (boolean filtered : new boolean[] {false, true}) {
            BgpLab lab = lab(g, 6, filtered ? hijacker : -1, filtered ? filter : null);
            lab.runUntilSeconds(300);
            lab.bgp(name(hijacker)).announce(hijacked);
            lab.runUntilSeconds(900);
            int drawn = 0;
            for (int x = 0; x < g.n; x++) {
                if (x == hijacker) continue;
                BgpRoute r = lab.bgp(name(x)).best(hijacked);
                boolean expected = !filtered && predicted.length()[x] >= 0;
                assertThat(r != null).as("AS %d draws the /24 (filtered: %s)", x, filtered).isEqualTo(expected);
                if (r != null) {
                    drawn++;
                    assertThat(r.attributes().asPath().originAs()).isEqualTo(PathVectorModel.asn(hijacker));
                }
                // the data plane: an address in the /24 goes by the hijacker's route or else by the victim's /16
                Route used = Ipv4.of(lab.machines.get(name(x))).lookup(inside);
                if (x != victim && used != null) assertThat(used.length()).isEqualTo(expected ? 24 : 16);
            }
            if (filtered) assertThat(drawn).isZero();
            else assertThat(drawn).as("the hijack spreads").isGreaterThan(g.n / 2);
            // the filter lets the hijacker's own prefix through
            for (int x = 0; x < g.n; x++)
                assertThat(lab.bgp(name(x)).best(own) != null).isEqualTo(predicted.length()[x] >= 0);

            lab.bgp(name(hijacker)).withdraw(hijacked);
            lab.runUntilSeconds(1500);
            for (int x = 0; x < g.n; x++) assertThat(lab.bgp(name(x)).best(hijacked)).as("withdrawn at %d", x).isNull();
            lab.assertNoFailures();
        }
    }
}
