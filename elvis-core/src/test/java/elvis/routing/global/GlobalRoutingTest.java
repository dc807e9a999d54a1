package elvis.routing.global;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Global routing installed in a simulation: the data plane follows shortest paths, and follows link events. */
class GlobalRoutingTest {
    private static final long MS = 1_000_000;

    /** The machine owning each address of {@code sim}. */
    private static Map<Integer, Machine> owners(Simulation sim) {
        Map<Integer, Machine> owners = new HashMap<>();
        for (Machine m : sim.machines()) for (Ipv4Interface i : Ipv4.of(m).interfaces()) owners.put(i.address(), m);
        return owners;
    }

    /**
     * Walks the lookups hop by hop from {@code from} towards {@code dst}, as forwarding would (flow
     * hash 0); returns the routers passed, or null when a hop has no route or the walk loops.
     */
    private static List<Machine> walk(Machine from, int dst, Map<Integer, Machine> owners) {
        List<Machine> path = new ArrayList<>();
        Machine at = from;
        for (int hop = 0; hop < 64; hop++) {
            Route r = Ipv4.of(at).lookup(dst);
            if (r == null) return null;
            if (r.gateway() == 0) return path;            // on link: delivered
            at = owners.get(r.gateway());
            path.add(at);
        }
        return null;
    }

    @Test
    void everyHostReachesEveryStubLanByAShortestPathAndRoutesListTheirPrefixes() {
        RandomInternet t = new RandomInternet(11, 40, 20, 4, 25, 2);
        GlobalRouting g = GlobalRouting.install(t.sim.kernel(), t.sim.machines());
        Map<Integer, Machine> owners = owners(t.sim);
        ShortestPathOracle oracle = new ShortestPathOracle(t, i -> true);
        int walks = 0;
        for (RandomInternet.Net target : t.nets) {
            if (target.hostIfaces().isEmpty()) continue;
            int[] hops = oracle.hops(target);
            int dst = target.hostIfaces().get(0).address();
            for (Machine h : t.hosts) {
                if (Ipv4.of(h).interfaces().get(0).onLink(dst)) continue;
                List<Machine> path = walk(h, dst, owners);
                assertThat(path).as("%s to %s", h, Ipv4Address.format(dst)).isNotNull();
                int first = t.routers.indexOf(path.get(0));
                assertThat(path).as("stretch 1 from %s", h).hasSize(hops[first]);
                walks++;
            }
        }
        assertThat(walks).isGreaterThan(1000);
        Machine r0 = t.routers.get(0);
        assertThat(Ipv4.of(r0).routes()).filteredOn(r -> r.origin() == Origin.GLOBAL).extracting(Route::length).contains(24, 30)
                .doesNotContain(0);
        assertThat(Ipv4.of(t.hosts.get(0)).routes()).filteredOn(r -> r.origin() == Origin.GLOBAL).singleElement()
                .satisfies(r -> assertThat(r.length()).isZero());
        assertThat(g.computations()).isEqualTo(1);
        assertThat(RoutingStats.of(t.sim.kernel()).changes()).as("every router and host got routes at time 0")
                .isEqualTo(t.routers.size() + t.hosts.size());
    }

    /**
     * A square r0-r1-r3 / r0-r2-r3 with a shortcut r0-r3: traffic from a host behind r0 to one
     * behind r3 takes the shortcut; when it goes down at 1 s the routes are computed once, at 1 s,
     * and traffic takes one of the two-hop paths; when it comes back at 2 s, the shortcut again.
     */
    @Test
    void aLinkGoingDownAndUpIsRoutedAroundInTheSameInstant() {
        Simulation sim = new Simulation(3);
        Machine[] r = new Machine[4];
        for (int k = 0; k < 4; k++) {
            r[k] = sim.machine("r" + k);
            sim.router(r[k]);
        }
        int[][] links = {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {0, 3}};
        Network shortcut = null;
        for (int k = 0; k < links.length; k++) {
            Network n = sim.link("l" + k, LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.STATIC);
            sim.connect(r[links[k][0]], n, "10.0." + k + ".1/30");
            sim.connect(r[links[k][1]], n, "10.0." + k + ".2/30");
            shortcut = n;
        }
        Network a = sim.network("a", LinkConfig.UNLIMITED), b = sim.network("b", LinkConfig.UNLIMITED);
        sim.connect(r[0], a, "10.1.0.1/24");
        sim.connect(r[3], b, "10.2.0.1/24");
        Machine src = sim.machine("src"), dst = sim.machine("dst");
        sim.connect(src, a, "10.1.0.9/24");
        sim.connect(dst, b, "10.2.0.9/24");
        CountDatagrams sink = new CountDatagrams(9, 0, null);
        dst.addApplication(sink);
        src.addApplication(new SendDatagrams(Ipv4Address.parse("10.2.0.9"), 9, Message.ofUtf8("x"), 30, 100 * MS, 50 * MS));
        GlobalRouting g = GlobalRouting.install(sim.kernel(), sim.machines());
        Network cut = shortcut;
        int dstIp = Ipv4Address.parse("10.2.0.9");
        List<String> ways = new ArrayList<>();
        sim.kernel().at(500 * MS, () -> ways.add(Ipv4Address.format(Ipv4.of(r[0]).lookup(dstIp).gateway())));
        sim.kernel().at(1000 * MS, () -> cut.setUp(false));
        sim.kernel().at(1500 * MS, () -> ways.add(Ipv4Address.format(Ipv4.of(r[0]).lookup(dstIp).gateway())));
        sim.kernel().at(2000 * MS, () -> cut.setUp(true));
        sim.kernel().at(2500 * MS, () -> ways.add(Ipv4Address.format(Ipv4.of(r[0]).lookup(dstIp).gateway())));
        sim.run();
        assertThat(ways.get(0)).isEqualTo("10.0.4.2");
        assertThat(ways.get(1)).isIn("10.0.0.2", "10.0.1.2");
        assertThat(ways.get(2)).isEqualTo("10.0.4.2");
        assertThat(g.computations()).as("at build, at the failure, at the repair").isEqualTo(3);
        assertThat(sink.received()).as("every datagram arrives: none is in flight on the link at its events").isEqualTo(30);
        assertThat(RoutingStats.of(sim.kernel()).lastChangeNs()).isEqualTo(2000 * MS);
    }

    /**
     * A chain r0-r1-r2-r3 with a longer way r1-r4-r5-r2 round its middle link: when r1-r2 fails, r0's next hop towards
     * r3's LAN stays r1 but its cost goes from 4 to 6. A route listener on r0 hears it once per computation that moved
     * some router's next hops (not for a host's port), and without listeners nobody is told anything.
     */
    @Test
    void routeListenersHearThatCostsChangedEvenWhereNextHopsStay() {
        for (boolean listening : new boolean[] {false, true}) {
            Simulation sim = new Simulation(3);
            Machine[] r = new Machine[6];
            for (int k = 0; k < r.length; k++) {
                r[k] = sim.machine("r" + k);
                sim.router(r[k]);
            }
            int[][] links = {{0, 1}, {1, 2}, {2, 3}, {1, 4}, {4, 5}, {5, 2}};
            Network[] l = new Network[links.length];
            for (int k = 0; k < links.length; k++) {
                l[k] = sim.link("l" + k, LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.STATIC);
                sim.connect(r[links[k][0]], l[k], "10.0." + k + ".1/30");
                sim.connect(r[links[k][1]], l[k], "10.0." + k + ".2/30");
            }
            Network lan = sim.network("lan", LinkConfig.UNLIMITED);
            sim.connect(r[3], lan, "10.3.0.1/24");
            Ipv4Interface hIf = sim.connect(sim.machine("h"), lan, "10.3.0.9/24");
            GlobalRouting g = GlobalRouting.install(sim.kernel(), sim.machines());
            Ipv4 r0 = Ipv4.of(r[0]);
            int[] heard = new int[2];          // routes changed, source changed
            if (listening) r0.addRouteListener(new elvis.protocol.ipv4.RouteListener() {
                @Override public void routeChanged(Route route, boolean added) { heard[0]++; }
                @Override public void sourceChanged() { heard[1]++; }
            });
            int far = Ipv4Address.parse("10.3.0.9");
            List<Integer> costs = new ArrayList<>();
            List<Integer> gateways = new ArrayList<>();
            Runnable look = () -> {
                costs.add(r0.lookupListed(far).metric());
                gateways.add(r0.lookupListed(far).gateway());
            };
            sim.kernel().at(MS, look);
            sim.kernel().at(2 * MS, () -> l[1].setUp(false));
            sim.kernel().at(3 * MS, look);
            sim.kernel().at(4 * MS, () -> lan.setPortUp(hIf.device().port(), false));     // a host's port: no router's routes move
            sim.kernel().at(5 * MS, () -> l[1].setUp(true));
            sim.kernel().at(6 * MS, look);
            sim.run();
            assertThat(costs).containsExactly(4, 6, 4);
            assertThat(gateways).as("r1 all along").containsOnly(Ipv4Address.parse("10.0.0.2"));
            assertThat(r0.lookupListed(far).prefix()).isEqualTo(Ipv4Address.parse("10.3.0.0"));
            assertThat(g.computations()).isEqualTo(4);
            if (listening) {
                assertThat(heard[1]).as("the failure and the repair").isEqualTo(2);
                assertThat(heard[0]).as("r0's own table did not change").isZero();
                assertThat(g.told()).isEqualTo(2);
            } else {
                assertThat(g.told()).isZero();
            }
        }
    }

    /** A host's port goes down and up in one instant: its table dropped the default route through it, and gets it back. */
    @Test
    void aHostWhosePortBouncesGetsItsDefaultRouteBack() {
        Simulation sim = new Simulation(3);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED), other = sim.network("other", LinkConfig.UNLIMITED);
        Machine r = sim.machine("r"), h = sim.machine("h");
        sim.router(r);
        sim.connect(r, lan, "10.1.0.1/24");
        sim.connect(r, other, "10.2.0.1/24");
        Ipv4Interface hIf = sim.connect(h, lan, "10.1.0.9/24");
        GlobalRouting.install(sim.kernel(), sim.machines());
        int far = Ipv4Address.parse("10.2.0.5");
        assertThat(Ipv4.of(h).lookup(far)).isEqualTo(new Route(0, 0, Ipv4Address.parse("10.1.0.1"), hIf, Origin.GLOBAL));
        sim.kernel().at(MS, () -> {
            lan.setPortUp(hIf.device().port(), false);
            assertThat(Ipv4.of(h).lookup(far)).isNull();
            lan.setPortUp(hIf.device().port(), true);
        });
        sim.run();
        assertThat(Ipv4.of(h).lookup(far)).isNotNull().extracting(Route::gateway).isEqualTo(Ipv4Address.parse("10.1.0.1"));
    }

    /** A router going down (all its ports) is routed around, and hosts on a LAN with two routers switch to the other. */
    @Test
    void aMachineGoingDownIsRoutedAround() {
        RandomInternet t = new RandomInternet(5, 30, 30, 3, 15, 2);
        GlobalRouting.install(t.sim.kernel(), t.sim.machines());
        Map<Integer, Machine> owners = owners(t.sim);
        Random rnd = new Random(5);
        Machine victim = t.routers.get(rnd.nextInt(t.routers.size()));
        t.sim.kernel().at(MS, () -> t.sim.setMachineUp(victim, false));
        t.sim.runUntil(2 * MS);
        ShortestPathOracle oracle = new ShortestPathOracle(t, i -> i.device().machine() != victim);
        int walks = 0, cut = 0;
        for (RandomInternet.Net target : t.nets) {
            if (target.hostIfaces().isEmpty()) continue;
            int[] hops = oracle.hops(target);
            int dst = target.hostIfaces().get(0).address();
            for (Machine h : t.hosts) {
                Ipv4Interface own = Ipv4.of(h).interfaces().get(0);
                Route d = Ipv4.of(h).lookup(dst);
                if (own.onLink(dst)) continue;
                if (d == null) {                                    // the host's LAN has no router left
                    RandomInternet.Net lan = t.nets.stream().filter(n -> n.hostIfaces().contains(own)).findFirst().orElseThrow();
                    assertThat(lan.routers()).allMatch(x -> t.routers.get(x) == victim);
                    continue;
                }
                int first = t.routers.indexOf(owners.get(d.gateway()));
                List<Machine> path = walk(h, dst, owners);
                if (hops[first] == Integer.MAX_VALUE) {
                    assertThat(path).as("%s to %s: cut off by %s", h, Ipv4Address.format(dst), victim).isNull();
                    cut++;
                } else {
                    assertThat(path).as("%s to %s avoids %s", h, Ipv4Address.format(dst), victim).doesNotContain(victim).hasSize(hops[first]);
                    walks++;
                }
            }
        }
        assertThat(walks).isGreaterThan(100);
    }
}
