package elvis.routing.global;

import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Global routing's tables equal shortest paths computed independently ({@link ShortestPathOracle})
 * on random topologies of 10 to 200 routers, every equal-cost next hop included, before and after
 * random interfaces fail, and so do the costs given with a route ({@link GlobalRouting#route}); hosts
 * default to the first router up on their network.
 */
class GlobalRoutingComputationTest {
    @ParameterizedTest
    @CsvSource({"1, 10", "2, 25", "3, 60", "4, 120", "5, 200"})
    void tablesEqualIndependentShortestPathsBeforeAndAfterFailures(long seed, int routers) {
        RandomInternet t = new RandomInternet(seed, routers, routers / 2, routers / 10 + 1, routers / 2, 2);
        Set<Ipv4Interface> down = Collections.newSetFromMap(new IdentityHashMap<>());
        Predicate<Ipv4Interface> up = i -> !down.contains(i);
        Set<Machine> routerSet = new HashSet<>(t.routers);
        GlobalRouting global = new GlobalRouting(t.sim.kernel(), Topology.of(t.sim.machines(), routerSet::contains), up);
        global.compute();
        int compared = check(t, global, up);
        assertThat(compared).as("next-hop sets compared").isGreaterThan(routers * 5);

        Random rnd = new Random(seed * 31);
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < Math.max(1, routers / 10); k++) {
                RandomInternet.Net n = t.nets.get(rnd.nextInt(t.nets.size()));
                if (n.length() == 30) down.addAll(n.routerIfaces());                        // a cable cut: both ends lose carrier
                else down.add(n.routerIfaces().get(rnd.nextInt(n.routerIfaces().size())));  // one router's LAN port
            }
            if (round == 2) down.clear();
            List<Machine> changed = global.compute();
            assertThat(changed).as("a failure changes some table").isNotEmpty();
            check(t, global, up);
        }
    }

    /** Compares every router's routes to every network with the oracle's; returns how many sets were compared. */
    private static int check(RandomInternet t, GlobalRouting global, Predicate<Ipv4Interface> up) {
        ShortestPathOracle oracle = new ShortestPathOracle(t, up);
        int compared = 0;
        List<List<Route>> routes = new java.util.ArrayList<>();
        for (int r = 0; r < t.routers.size(); r++) routes.add(global.routes(r));
        for (RandomInternet.Net net : t.nets) {
            int[] hops = oracle.hops(net);
            for (int r = 0; r < t.routers.size(); r++) {
                Set<String> expected = hops[r] == 1 ? Set.of() : oracle.nextHops(r, net, hops);   // its own: connected routes
                Set<String> listed = new TreeSet<>();
                for (Route route : routes.get(r)) {
                    if (route.prefix() != net.prefix() || route.length() != net.length()) continue;
                    assertThat(route.origin()).isEqualTo(Origin.GLOBAL);
                    assertThat(route.metric()).as("hops from r%d to %s", r, Ipv4Address.format(net.prefix())).isEqualTo(hops[r]);
                    listed.add(ShortestPathOracle.key(route.iface(), route.gateway()));
                }
                assertThat(listed).as("r%d to %s/%d", r, Ipv4Address.format(net.prefix()), net.length()).isEqualTo(expected);
                Route[] paths = global.paths(r, net.prefix() + 3, -1);
                Set<String> looked = new TreeSet<>();
                if (paths != null) for (Route p : paths) looked.add(ShortestPathOracle.key(p.iface(), p.gateway()));
                assertThat(looked).as("lookup at r%d to %s", r, Ipv4Address.format(net.prefix())).isEqualTo(expected);
                if (paths != null) assertThat(global.lookup(r, net.prefix() + 3, -1, r)).isSameAs(paths[r % paths.length]);
                // What BGP resolves a NEXT_HOP by: the first path with the real prefix and the oracle's cost, from the tables alone.
                Route withCost = global.route(r, net.prefix() + 3, -1);
                if (paths == null) assertThat(withCost).isNull();
                else assertThat(withCost).as("route with its cost at r%d to %s", r, Ipv4Address.format(net.prefix()))
                        .isEqualTo(new Route(net.prefix(), net.length(), paths[0].gateway(), paths[0].iface(), Origin.GLOBAL, hops[r]));
                assertThat(global.lookup(r, net.prefix() + 3, net.length(), 0)).as("nothing longer than the prefix").isNull();
                compared++;
            }
            for (int h = 0; h < net.hostIfaces().size(); h++) {
                Ipv4Interface own = net.hostIfaces().get(h);
                int first = Integer.MAX_VALUE, gateway = 0;
                for (int j = 0; j < net.routers().size(); j++) {
                    if (up.test(net.routerIfaces().get(j)) && net.routers().get(j) < first) {
                        first = net.routers().get(j);
                        gateway = net.routerIfaces().get(j).address();
                    }
                }
                Route d = global.hostDefault(own.device().machine());
                if (gateway == 0 || !up.test(own)) assertThat(d).isNull();
                else assertThat(d).isEqualTo(new Route(0, 0, gateway, own, Origin.GLOBAL));
            }
        }
        return compared;
    }
}
