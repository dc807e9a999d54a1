package elvis.routing.ospf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A random OSPF area for the tests: routers, point-to-point links (a /30 each) and LANs (a /24 each,
 * three or more routers), every interface with its own cost, and a stub /24 per router. It writes
 * the LSAs each router would originate, and answers, by its own Dijkstra over routers, every
 * router's routes: cost and the set of first hops over all shortest paths.
 */
final class Topology {
    /** An interface: router index, its address, the cost out of it. */
    record Port(int router, int address, int cost) { }

    /** A link or LAN: prefix, prefix length, its ports; {@code up} false once failed. */
    static final class Net {
        final int prefix, length;
        final List<Port> ports = new ArrayList<>();
        boolean up = true;

        Net(int prefix, int length) { this.prefix = prefix; this.length = length; }

        boolean lan() { return length < 30; }

        int mask() { return -1 << (32 - length); }

        /** The DR in these LSAs: the port with the highest address. */
        Port dr() { return ports.stream().max((a, b) -> Integer.compareUnsigned(a.address, b.address)).orElseThrow(); }
    }

    final int routers;
    final List<Net> nets = new ArrayList<>();

    Topology(int routers) { this.routers = routers; }

    static int routerId(int i) { return 0x01000000 + i + 1; }


    /** A connected random area: a random spanning tree, then {@code extra} more links, some of them LANs and some parallel. */
    static Topology random(Random rnd, int routers, int extra) {
        Topology t = new Topology(routers);
        for (int i = 1; i < routers; i++) t.p2p(rnd, rnd.nextInt(i), i);
        for (int k = 0; k < extra; k++) {
            if (rnd.nextInt(5) == 0 && routers >= 3) {
                int n = 3 + rnd.nextInt(Math.min(4, routers - 2));
                TreeSet<Integer> members = new TreeSet<>();
                while (members.size() < n) members.add(rnd.nextInt(routers));
                t.lan(rnd, members.stream().mapToInt(Integer::intValue).toArray());
            } else {
                int a = rnd.nextInt(routers), b = rnd.nextInt(routers - 1);
                t.p2p(rnd, a, b >= a ? b + 1 : b);
            }
        }
        return t;
    }

    private int cost(Random rnd) { return 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 10); }    // small costs: many equal-cost ties

    Net p2p(Random rnd, int a, int b) {
        int p = 0x0A000000 + 4 * nets.size();
        Net n = new Net(p, 30);
        n.ports.add(new Port(a, p + 1, cost(rnd)));
        n.ports.add(new Port(b, p + 2, cost(rnd)));
        nets.add(n);
        return n;
    }

    Net lan(Random rnd, int... members) {
        int p = 0xAC100000 + (nets.size() << 8);
        Net n = new Net(p, 24);
        for (int i = 0; i < members.length; i++) n.ports.add(new Port(members[i], p + 1 + i, cost(rnd)));
        nets.add(n);
        return n;
    }

    /** The router LSAs and network LSAs of the area as it is now (failed nets left out). */
    List<Lsa> lsas() {
        List<Lsa> out = new ArrayList<>();
        for (int r = 0; r < routers; r++) {
            List<Lsa.Link> links = new ArrayList<>();
            for (Net n : nets) {
                if (!n.up) continue;
                for (Port p : n.ports) {
                    if (p.router != r) continue;
                    if (n.lan()) links.add(new Lsa.Link(n.dr().address, p.address, Lsa.TRANSIT, p.cost));
                    else {
                        Port far = n.ports.get(n.ports.get(0) == p ? 1 : 0);
                        links.add(new Lsa.Link(routerId(far.router), p.address, Lsa.POINT_TO_POINT, p.cost));
                        links.add(new Lsa.Link(n.prefix, n.mask(), Lsa.STUB, p.cost));
                    }
                }
            }
            links.add(new Lsa.Link(stub(r), 0xFFFFFF00, Lsa.STUB, 1));
            out.add(Lsa.router(2, routerId(r), Lsa.INITIAL_SEQUENCE, 0, links));
        }
        for (Net n : nets) {
            if (!n.up || !n.lan()) continue;
            int[] att = n.ports.stream().mapToInt(p -> routerId(p.router)).toArray();
            out.add(Lsa.network(2, n.dr().address, routerId(n.dr().router), Lsa.INITIAL_SEQUENCE, n.mask(), att));
        }
        return out;
    }

    static int stub(int r) { return 0xC0000000 | (r << 8); }    // 192.0.0.0 + r*256: up to 2^16 routers

    /** An edge of the router graph: to, cost, our address on it, the far end's address. */
    record Edge(int to, int cost, int iface, int gateway) { }

    List<List<Edge>> graph() {
        List<List<Edge>> g = new ArrayList<>();
        for (int i = 0; i < routers; i++) g.add(new ArrayList<>());
        for (Net n : nets) {
            if (!n.up) continue;
            for (Port a : n.ports) for (Port b : n.ports) if (a != b) g.get(a.router).add(new Edge(b.router, a.cost, a.address, b.address));
        }
        return g;
    }

    /** Distances from {@code s} to every router, by a plain O(V²) Dijkstra. */
    static long[] distances(List<List<Edge>> g, int s) {
        int n = g.size();
        long[] d = new long[n];
        Arrays.fill(d, Long.MAX_VALUE);
        boolean[] done = new boolean[n];
        d[s] = 0;
        for (int it = 0; it < n; it++) {
            int u = -1;
            for (int i = 0; i < n; i++) if (!done[i] && d[i] != Long.MAX_VALUE && (u < 0 || d[i] < d[u])) u = i;
            if (u < 0) break;
            done[u] = true;
            for (Edge e : g.get(u)) if (d[u] + e.cost < d[e.to]) d[e.to] = d[u] + e.cost;
        }
        return d;
    }

    /** Every prefix with the routers on it and their costs into it. */
    Map<Long, List<long[]>> attachments() {
        Map<Long, List<long[]>> m = new TreeMap<>();
        for (Net n : nets) {
            if (!n.up) continue;
            for (Port p : n.ports) m.computeIfAbsent(key(n.prefix, n.length), k -> new ArrayList<>()).add(new long[] {p.router, p.cost});
        }
        for (int r = 0; r < routers; r++) m.computeIfAbsent(key(stub(r), 24), k -> new ArrayList<>()).add(new long[] {r, 1});
        return m;
    }

    static long key(int prefix, int length) { return (prefix & 0xFFFF_FFFFL) << 6 | length; }

    /** What router {@code s} should route: for each prefix it is not on and reaches, the cost and all first hops of shortest paths. */
    Map<Long, Spf.Route> expected(int s, List<List<Edge>> g, long[][] dist) {
        Map<Long, Spf.Route> out = new TreeMap<>();
        for (Map.Entry<Long, List<long[]>> e : attachments().entrySet()) {
            List<long[]> att = e.getValue();
            if (att.stream().anyMatch(a -> a[0] == s)) continue;
            long best = toPrefix(dist[s], att);
            if (best == Long.MAX_VALUE) continue;
            TreeSet<Spf.NextHop> hops = new TreeSet<>();
            for (Edge ed : g.get(s)) {
                long via = toPrefix(dist[ed.to], att);
                if (via != Long.MAX_VALUE && ed.cost + via == best) hops.add(new Spf.NextHop(ed.iface, ed.gateway));
            }
            long k = e.getKey();
            out.put(k, new Spf.Route((int) (k >>> 6), (int) (k & 63), (int) best, List.copyOf(hops)));
        }
        return out;
    }

    private static long toPrefix(long[] d, List<long[]> att) {
        long best = Long.MAX_VALUE;
        for (long[] a : att) if (d[(int) a[0]] != Long.MAX_VALUE) best = Math.min(best, d[(int) a[0]] + a[1]);
        return best;
    }
}
