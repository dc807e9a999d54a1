package elvis.routing.ospf;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static elvis.protocol.ipv4.Ipv4Address.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** SPF (RFC 2328 §16.1) with equal-cost next hops, against the test's own Dijkstra over routers. */
class SpfTest {
    @Test
    void aSquareHasTwoEqualCostPathsToTheFarCorner() {
        Random rnd = new Random(1);
        Topology t = new Topology(4);
        for (int[] e : new int[][] {{0, 1}, {1, 3}, {0, 2}, {2, 3}}) t.p2p(rnd, e[0], e[1]);
        for (Topology.Net n : t.nets) n.ports.replaceAll(p -> new Topology.Port(p.router(), p.address(), 1));
        List<Spf.Route> routes = Spf.compute(Topology.routerId(0), t.lsas());
        Spf.Route far = routes.stream().filter(r -> r.prefix() == Topology.stub(3)).findFirst().orElseThrow();
        assertThat(far.cost()).isEqualTo(3);
        assertThat(far.nextHops()).containsExactly(new Spf.NextHop(parse("10.0.0.1"), parse("10.0.0.2")), new Spf.NextHop(parse("10.0.0.9"), parse("10.0.0.10")));
        assertThat(routes).as("the root's own /30s are its connected routes").noneMatch(r -> r.prefix() == parse("10.0.0.0") || r.prefix() == parse("10.0.0.8"));
    }

    @Test
    void throughALanTheNextHopIsTheRoutersAddressOnIt() {
        Random rnd = new Random(2);
        Topology t = new Topology(3);
        t.lan(rnd, 0, 1, 2);
        List<Spf.Route> routes = Spf.compute(Topology.routerId(0), t.lsas());
        assertThat(routes).extracting(Spf.Route::prefix).containsExactly(Topology.stub(1), Topology.stub(2));
        assertThat(routes.get(1).nextHops()).containsExactly(new Spf.NextHop(parse("172.16.0.1"), parse("172.16.0.3")));
    }

    @Test
    void aLinkAdvertisedByOneEndOnlyIsNotUsed() {
        Random rnd = new Random(3);
        Topology t = new Topology(2);
        t.p2p(rnd, 0, 1);
        List<Lsa> lsas = new ArrayList<>(t.lsas());
        lsas.set(1, Lsa.router(2, Topology.routerId(1), Lsa.INITIAL_SEQUENCE, 0, List.of()));
        assertThat(Spf.compute(Topology.routerId(0), lsas)).isEmpty();
        assertThat(Spf.compute(Topology.routerId(7), lsas)).as("no LSA of the root").isEmpty();
    }

    @Test
    void randomAreasEqualAnIndependentDijkstraBeforeAndAfterFailures() {
        Random rnd = new Random(19);
        int checked = 0;
        for (int round = 0; round < 12; round++) {
            int n = 10 + rnd.nextInt(round < 10 ? 40 : 190);
            Topology t = Topology.random(rnd, n, n + rnd.nextInt(n));
            for (int phase = 0; phase < 3; phase++) {
                checked += check(t);
                for (int k = 0; k < 3; k++) t.nets.get(rnd.nextInt(t.nets.size())).up = false;    // may split the area: unreachable prefixes go
            }
        }
        assertThat(checked).as("routes compared").isGreaterThan(10_000);
    }

    /** Every router's SPF equals the oracle; returns the number of routes compared. */
    static int check(Topology t) {
        List<Lsa> lsas = t.lsas();
        List<List<Topology.Edge>> g = t.graph();
        long[][] dist = new long[t.routers][];
        for (int i = 0; i < t.routers; i++) dist[i] = Topology.distances(g, i);
        int n = 0;
        for (int s = 0; s < t.routers; s++) {
            Map<Long, Spf.Route> got = new TreeMap<>();
            for (Spf.Route r : Spf.compute(Topology.routerId(s), lsas)) got.put(Topology.key(r.prefix(), r.length()), r);
            assertThat(got).as("router %d", s).isEqualTo(t.expected(s, g, dist));
            n += got.size();
        }
        return n;
    }
}
