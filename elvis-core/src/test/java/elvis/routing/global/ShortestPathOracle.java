package elvis.routing.global;

import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Shortest paths computed independently of the code under test, from the test's own record of the
 * topology: a breadth-first search over routers (two routers are neighbours when both have an up
 * interface on one network), backwards from each network. A router on a network reaches it in one
 * hop; otherwise in one more than its nearest neighbours, every one of which is an equal-cost next hop.
 */
final class ShortestPathOracle {
    private final RandomInternet t;
    private final Predicate<Ipv4Interface> up;

    private final List<List<RandomInternet.Net>> netsOf = new ArrayList<>();   // the networks each router is on

    ShortestPathOracle(RandomInternet t, Predicate<Ipv4Interface> up) {
        this.t = t;
        this.up = up;
        for (int r = 0; r < t.routers.size(); r++) netsOf.add(new ArrayList<>());
        for (RandomInternet.Net m : t.nets) for (int r : new TreeSet<>(m.routers())) netsOf.get(r).add(m);
    }

    /** Hops from each router to network {@code n} (Integer.MAX_VALUE: unreachable). */
    int[] hops(RandomInternet.Net target) {
        int[] hops = new int[t.routers.size()];
        Arrays.fill(hops, Integer.MAX_VALUE);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int j = 0; j < target.routers().size(); j++) {
            int r = target.routers().get(j);
            if (up.test(target.routerIfaces().get(j)) && hops[r] == Integer.MAX_VALUE) {
                hops[r] = 1;
                queue.add(r);
            }
        }
        while (!queue.isEmpty()) {
            int q = queue.poll();
            for (RandomInternet.Net m : netsOf.get(q)) {
                if (!upOn(m, q)) continue;
                for (int j = 0; j < m.routers().size(); j++) {
                    int r = m.routers().get(j);
                    if (up.test(m.routerIfaces().get(j)) && hops[r] == Integer.MAX_VALUE) {
                        hops[r] = hops[q] + 1;
                        queue.add(r);
                    }
                }
            }
        }
        return hops;
    }

    private boolean upOn(RandomInternet.Net m, int r) {
        for (int j = 0; j < m.routers().size(); j++) if (m.routers().get(j) == r && up.test(m.routerIfaces().get(j))) return true;
        return false;
    }

    /**
     * Router {@code r}'s equal-cost next hops to {@code target} as "interface-name gateway" strings
     * (gateway 0.0.0.0 for a network it is on); empty when unreachable.
     */
    Set<String> nextHops(int r, RandomInternet.Net target, int[] hops) {
        Set<String> out = new TreeSet<>();
        if (hops[r] == Integer.MAX_VALUE) return out;
        if (hops[r] == 1) {
            for (int j = 0; j < target.routers().size(); j++)
                if (target.routers().get(j) == r && up.test(target.routerIfaces().get(j))) out.add(key(target.routerIfaces().get(j), 0));
            return out;
        }
        for (RandomInternet.Net m : netsOf.get(r)) {
            for (int i = 0; i < m.routers().size(); i++) {
                if (m.routers().get(i) != r || !up.test(m.routerIfaces().get(i))) continue;
                for (int j = 0; j < m.routers().size(); j++) {
                    int q = m.routers().get(j);
                    if (q != r && up.test(m.routerIfaces().get(j)) && hops[q] == hops[r] - 1)
                        out.add(key(m.routerIfaces().get(i), m.routerIfaces().get(j).address()));
                }
            }
        }
        return out;
    }

    static String key(Ipv4Interface iface, int gateway) { return iface.device().name() + " " + Ipv4Address.format(gateway); }
}
