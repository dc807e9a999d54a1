package elvis.routing.rip;

import elvis.Simulation;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import elvis.routing.RoutingStats;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RIP routers on small and random topologies: the tables equal hop counts computed by breadth-first
 * search, before and after link failures; the RFC 2453 timers (30 s ± 5 s updates, 180 s timeout,
 * 120 s garbage collection, 1–5 s between triggered updates); and count to infinity exactly where
 * §3.4.4 says split horizon with poisoned reverse cannot prevent it (a loop of three routers).
 */
class RipTest {
    static final long MS = 1_000_000, S = 1_000 * MS;

    /** Routers r0..r(n-1), each with a stub LAN 10.i.0.0/24, joined by point-to-point links of 172.16.0.0/16 /30s. */
    static final class Topology {
        final Simulation sim;
        final List<Machine> routers = new ArrayList<>();
        final List<Rip> rips = new ArrayList<>();
        final List<Network> stubs = new ArrayList<>();
        final List<int[]> edges = new ArrayList<>();
        final List<Network> links = new ArrayList<>();
        final List<Boolean> up = new ArrayList<>();

        Topology(long seed, int n, RipConfig config) { this(seed, n, config, config); }

        /** Router r(n-1) runs {@code last}, the others {@code config}. */
        Topology(long seed, int n, RipConfig config, RipConfig last) {
            sim = new Simulation(seed);
            for (int i = 0; i < n; i++) {
                Machine r = sim.machine("r" + i);
                Network lan = sim.network("lan" + i, LinkConfig.UNLIMITED.withDelay(MS));
                sim.connect(r, lan, (10 << 24) + (i << 16) + 1, 24);
                sim.router(r);
                routers.add(r);
                stubs.add(lan);
                Rip rip = new Rip(i == n - 1 ? last : config);
                rips.add(rip);
                r.addApplication(rip);
            }
        }

        Network link(int a, int b, long delayNs) {
            int k = edges.size();
            Network l = sim.link("l" + k + ":" + a + "-" + b, LinkConfig.UNLIMITED.withDelay(delayNs), Simulation.Resolution.STATIC);
            int base = (172 << 24) + (16 << 16) + 4 * k;
            sim.connect(routers.get(a), l, base + 1, 30);
            sim.connect(routers.get(b), l, base + 2, 30);
            edges.add(new int[] {a, b});
            links.add(l);
            up.add(true);
            return l;
        }

        void fail(int k) {
            links.get(k).setUp(false);
            up.set(k, false);
        }

        /** Hop distances between routers over the links that are up. */
        int[][] distances() {
            int n = routers.size();
            int[][] d = new int[n][];
            for (int s = 0; s < n; s++) {
                int[] dist = new int[n];
                Arrays.fill(dist, Integer.MAX_VALUE);
                dist[s] = 0;
                ArrayDeque<Integer> q = new ArrayDeque<>(List.of(s));
                while (!q.isEmpty()) {
                    int u = q.poll();
                    for (int k = 0; k < edges.size(); k++) {
                        if (!up.get(k)) continue;
                        int[] e = edges.get(k);
                        int v = e[0] == u ? e[1] : e[1] == u ? e[0] : -1;
                        if (v >= 0 && dist[v] == Integer.MAX_VALUE) { dist[v] = dist[u] + 1; q.add(v); }
                    }
                }
                d[s] = dist;
            }
            return d;
        }

        /**
         * Every router's metric for every network equals 1 + the hop count to the nearest router on it
         * (16 when unreachable or 16 hops or more away), and the installed RIP route agrees: its metric,
         * and a gateway one hop closer.
         */
        void assertShortestHopCounts() {
            int n = routers.size();
            int[][] d = distances();
            for (int r = 0; r < n; r++) {
                Ipv4 ip = Ipv4.of(routers.get(r));
                for (int k = 0; k < edges.size() + n; k++) {
                    int prefix, length;
                    int best = Integer.MAX_VALUE;
                    if (k < n) {
                        prefix = (10 << 24) + (k << 16);
                        length = 24;
                        best = d[r][k];
                    } else {
                        int e = k - n;
                        prefix = (172 << 24) + (16 << 16) + 4 * e;
                        length = 30;
                        if (up.get(e)) best = Math.min(d[r][edges.get(e)[0]], d[r][edges.get(e)[1]]);
                    }
                    int expected = best >= RipMessage.INFINITY - 1 ? RipMessage.INFINITY : best + 1;
                    String what = "r" + r + " to " + Ipv4Address.format(prefix) + "/" + length;
                    assertThat(rips.get(r).metric(prefix, length)).as(what).isEqualTo(expected);
                    Route rip = null;
                    for (Route x : ip.routes()) if (x.origin() == Origin.RIP && x.prefix() == prefix && x.length() == length) rip = x;
                    if (expected == 1 || expected == RipMessage.INFINITY) {
                        assertThat(rip).as(what + ": no RIP route").isNull();
                        continue;
                    }
                    assertThat(rip).as(what).isNotNull();
                    assertThat(rip.metric()).as(what).isEqualTo(expected);
                    int via = owner(rip.gateway());
                    assertThat(d[r][via]).as(what + ": the gateway is a neighbour").isEqualTo(1);
                    int viaBest = k < n ? d[via][k] : Math.min(d[via][edges.get(k - n)[0]], d[via][edges.get(k - n)[1]]);
                    assertThat(viaBest + 1).as(what + ": through a neighbour one hop closer").isEqualTo(best);
                }
            }
        }

        int owner(int address) {
            for (int i = 0; i < routers.size(); i++) if (Ipv4.of(routers.get(i)).isLocal(address)) return i;
            throw new AssertionError("nobody has " + Ipv4Address.format(address));
        }

        void runFor(long ns) { sim.runUntil(sim.kernel().now() + ns); }
    }

    /**
     * A chain r0 - r1 - r2 where every router is passive on eth2, which only r1 has (its link to r2): r1 advertises
     * that link's subnet to r0 but sends nothing to r2 and hears nothing from it, so nothing crosses.
     */
    @Test
    void aPassiveInterfaceIsAdvertisedButNoUpdateCrossesIt() {
        Topology t = new Topology(3, 3, RipConfig.DEFAULT.withPassive(java.util.Set.of(2)));
        t.link(0, 1, MS);
        t.link(1, 2, MS);
        t.sim.runUntil(200 * S);
        Rip r0 = t.rips.get(0), r1 = t.rips.get(1), r2 = t.rips.get(2);
        int lan = 24, p2p = 30;
        assertThat(r0.metric((10 << 24) + (1 << 16), lan)).as("r1's LAN at r0").isEqualTo(2);
        assertThat(r0.metric((172 << 24) + (16 << 16) + 4, p2p)).as("r1's passive link, advertised to r0").isEqualTo(2);
        assertThat(r0.metric((10 << 24) + (2 << 16), lan)).as("r2's LAN stays on its side").isEqualTo(RipMessage.INFINITY);
        assertThat(r1.metric((10 << 24) + (2 << 16), lan)).as("r1 accepts nothing from r2").isEqualTo(RipMessage.INFINITY);
        assertThat(r2.metric((10 << 24) + (1 << 16), lan)).as("r1 sends nothing to r2").isEqualTo(RipMessage.INFINITY);
        assertThat(r2.results()).containsEntry("messages_received", 0L);
        assertThat(r2.reachable()).as("its LAN and its link").isEqualTo(2);
    }

    @Test
    void aLineLearnsEveryNetworkWithItsHopCount() {
        Topology t = new Topology(1, 4, RipConfig.DEFAULT);
        for (int i = 0; i < 3; i++) t.link(i, i + 1, MS);
        t.runFor(20 * S);
        t.assertShortestHopCounts();
        assertThat(t.rips.get(0).metric((10 << 24) + (3 << 16), 24)).isEqualTo(4);
        Route r = Ipv4.of(t.routers.get(0)).lookup((10 << 24) + (3 << 16) + 9);
        assertThat(r.origin()).isEqualTo(Origin.RIP);
        assertThat(r.gateway()).isEqualTo(Ipv4Address.parse("172.16.0.2"));
        for (Machine m : t.routers) assertThat(m.failures()).isEmpty();
        RoutingStats stats = RoutingStats.of(t.sim.kernel());
        assertThat(stats.messages("rip")).isPositive();
        assertThat(stats.lastChangeNs()).as("converged by triggered updates, well before the first regular update")
                .isLessThan(25 * S);
    }

    @Test
    void randomTopologiesHaveShortestHopCountsBeforeAndAfterLinkFailures() {
        for (long seed = 1; seed <= 4; seed++) {
            Random rnd = new Random(seed);
            int n = 10 + rnd.nextInt(21);
            Topology t = new Topology(seed, n, RipConfig.DEFAULT);
            for (int i = 1; i < n; i++) t.link(rnd.nextInt(i), i, (1 + rnd.nextInt(20)) * MS);   // a random tree...
            for (int extra = n / 2; extra > 0; extra--) {                                          // ...and some loops
                int a = rnd.nextInt(n), b = rnd.nextInt(n);
                if (a != b) t.link(Math.min(a, b), Math.max(a, b), (1 + rnd.nextInt(20)) * MS);
            }
            t.runFor(60 * S);
            t.assertShortestHopCounts();
            for (int f = 0; f < 3; f++) t.fail(rnd.nextInt(t.links.size()));
            t.runFor(400 * S);        // timeouts, garbage collection, and any count to infinity, are over
            t.assertShortestHopCounts();
            for (Machine m : t.routers) assertThat(m.failures()).isEmpty();
        }
    }
}
