package elvis.routing.ospf;

import elvis.routing.RoutingStats;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test: on random areas of 10-200 routers (point-to-point links, LANs with a DR, a stub
 * LAN per router), every router's OSPF routes, equal-cost sets included, equal the test's own
 * Dijkstra, before and after random link failures; and after a failure the tables settle within the
 * dead interval + the SPF throttle + flooding. {@code -Dospf.routers=N} runs one larger area.
 */
class OspfAreaTest {
    static final long S = OspfArea.S;

    @Test
    void tablesEqualDijkstraOnRandomAreasBeforeAndAfterFailures() {
        Random rnd = new Random(2328);
        int[] sizes = Integer.getInteger("ospf.routers") != null ? new int[] {Integer.getInteger("ospf.routers")} : new int[] {10, 25, 60, 200};
        for (int n : sizes) {
            Topology t = Topology.random(rnd, n, n / 2 + rnd.nextInt(n / 2 + 1));
            OspfArea area = new OspfArea(t, n);
            area.sim.runUntil(90 * S);
            check(area);
            for (int round = 1; round <= 2; round++) {
                long failAt = area.sim.kernel().now();
                for (int k = 0; k < 2; k++) area.fail(rnd.nextInt(t.nets.size()));
                area.sim.runUntil(failAt + 60 * S);
                check(area);
                long settled = RoutingStats.of(area.sim.kernel()).lastChangeNs() - failAt;
                // Carrier loss tells both ends at once: the router LSAs go out at once (MinLSInterval
                // has long passed), flooding takes milliseconds, and SPF waits at most the throttle's hold.
                assertThat(settled).as("convergence after failure round %d on %d routers", round, n)
                        .isBetween(0L, OspfConfig.DEFAULT.spfMaxHoldNs() + S);
            }
            for (Ospf d : area.daemons) assertThat(d.dropped()).isZero();
            for (var m : area.routers) assertThat(m.failures()).isEmpty();
        }
    }

    static void check(OspfArea area) {
        Topology t = area.topology;
        List<List<Topology.Edge>> g = t.graph();
        long[][] dist = new long[t.routers][];
        for (int i = 0; i < t.routers; i++) dist[i] = Topology.distances(g, i);
        for (int s = 0; s < t.routers; s++)
            assertThat(area.table(s)).as("router %d at %d s", s, area.sim.kernel().now() / S).isEqualTo(t.expected(s, g, dist));
    }
}
