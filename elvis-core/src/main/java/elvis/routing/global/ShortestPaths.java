package elvis.routing.global;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import elvis.protocol.ipv4.Ipv4Interface;

/**
 * Dijkstra from one router over a {@link Topology}, keeping every equal-cost first hop (RFC 2328
 * §16.1.1's idea). A router-to-network edge costs 1, network-to-router 0, so a path costs its hops
 * (as ns-3's global routing with its default metric of 1).
 * Nodes are numbered routers first, then networks. Reused from source to source: its arrays are
 * allocated once.
 *
 * <p>A first hop is an <em>adjacency</em> of the source: one of its interfaces (by edge) and the
 * gateway on it, 0 for a network the source is on. Each node carries the set of first hops of its
 * shortest paths, interned so that equal sets are one number.
 */
final class ShortestPaths {
    private final Topology g;
    private final Predicate<Ipv4Interface> up;
    private final int[] dist, set;
    private final int[] frontier, level;     // the routers of one level, the networks of the next
    // This source's adjacencies: edge and gateway, interned.
    private int[] adjEdge = new int[8], adjGateway = new int[8];
    private int adjCount;
    private final Map<Long, Integer> adjIds = new HashMap<>();
    // Sets of adjacency ids (sorted), interned; set 0 is empty.
    private int[][] sets = new int[16][];
    private int setCount;
    private final Map<SetKey, Integer> setIds = new HashMap<>();
    private int source = -1;
    // A direct-mapped cache of unions and of on-link sets turned to a gateway: the same few are made
    // again and again (every equal-cost merge), and a hash map costs more than the search itself.
    private static final int MEMO = 1 << 12;
    private final long[] memoKey = new long[MEMO];
    private final int[] memoValue = new int[MEMO];

    private record SetKey(int[] ids) {
        @Override public boolean equals(Object o) { return o instanceof SetKey k && Arrays.equals(ids, k.ids); }
        @Override public int hashCode() { return Arrays.hashCode(ids); }
    }

    ShortestPaths(Topology g, Predicate<Ipv4Interface> up) {
        this.g = g;
        this.up = up;
        int nodes = g.routers.length + g.networks;
        dist = new int[nodes];
        set = new int[nodes];
        frontier = new int[g.routers.length];
        level = new int[g.networks];
    }

    /**
     * Computes the shortest paths from router {@code s}. With every cost 0 or 1, Dijkstra's order is
     * a breadth-first search by levels: the networks at distance d (from the routers at d-1), then
     * the routers at d (from those networks); a node's set is complete when its level is.
     */
    void from(int s) {
        source = s;
        Arrays.fill(dist, Integer.MAX_VALUE);
        adjCount = 0;
        adjIds.clear();
        setCount = 0;
        setIds.clear();
        Arrays.fill(memoKey, -1);
        intern(new int[0]);
        int routers = g.routers.length;
        dist[s] = 0;
        set[s] = 0;
        frontier[0] = s;
        int frontierSize = 1;
        for (int d = 1; frontierSize > 0; d++) {
            int nets = 0;
            for (int i = 0; i < frontierSize; i++) {
                int r = frontier[i];
                for (int e = g.rOff[r]; e < g.rOff[r + 1]; e++) {
                    if (!up.test(g.rIface[e])) continue;
                    int n = routers + g.rNet[e];
                    int with = r == s ? single(adjacency(e, 0)) : set[r];
                    if (dist[n] == Integer.MAX_VALUE) {
                        dist[n] = d;
                        set[n] = with;
                        level[nets++] = n;
                    } else if (dist[n] == d) {
                        set[n] = union(set[n], with);
                    }
                }
            }
            frontierSize = 0;
            for (int i = 0; i < nets; i++) {
                int v = level[i], n = v - routers;
                for (int f = g.nOff[n]; f < g.nOff[n + 1]; f++) {
                    int r = g.nRouter[f];
                    if (r == s || !up.test(g.nIface[f])) continue;
                    int with = d == 1 ? through(set[v], g.nIface[f].address()) : set[v];
                    if (dist[r] == Integer.MAX_VALUE) {
                        dist[r] = d;
                        set[r] = with;
                        frontier[frontierSize++] = r;
                    } else if (dist[r] == d) {
                        set[r] = union(set[r], with);
                    }
                }
            }
        }
    }

    /** The set of a network the source is on, turned into the adjacencies to {@code gateway} on it. */
    private int through(int onLink, int gateway) {
        long key = (long) gateway << 32 | (onLink << 1) | 1;
        int slot = memoSlot(key);
        if (memoKey[slot] == key) return memoValue[slot];
        int[] ids = sets[onLink], to = new int[ids.length];
        for (int i = 0; i < ids.length; i++) to[i] = adjacency(adjEdge[ids[i]], gateway);
        Arrays.sort(to);
        memoKey[slot] = key;
        return memoValue[slot] = intern(to);
    }

    private static int memoSlot(long key) { return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - 12)); }

    private int adjacency(int edge, int gateway) {
        long key = (long) edge << 32 | (gateway & 0xFFFFFFFFL);
        Integer known = adjIds.get(key);
        if (known != null) return known;
        if (adjCount == adjEdge.length) {
            adjEdge = Arrays.copyOf(adjEdge, adjCount * 2);
            adjGateway = Arrays.copyOf(adjGateway, adjCount * 2);
        }
        adjEdge[adjCount] = edge;
        adjGateway[adjCount] = gateway;
        adjIds.put(key, adjCount);
        return adjCount++;
    }

    private int single(int adj) { return intern(new int[] {adj}); }

    private int union(int a, int b) {
        if (a == b || b == 0) return a;
        if (a == 0) return b;
        long key = a < b ? (long) a << 32 | (long) b << 1 : (long) b << 32 | (long) a << 1;
        int slot = memoSlot(key);
        if (memoKey[slot] == key) return memoValue[slot];
        int[] x = sets[a], y = sets[b], u = new int[x.length + y.length];
        int i = 0, j = 0, k = 0;
        while (i < x.length || j < y.length) {
            int next = j == y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
            if (i < x.length && x[i] == next) i++;
            if (j < y.length && y[j] == next) j++;
            u[k++] = next;
        }
        memoKey[slot] = key;
        return memoValue[slot] = intern(k == u.length ? u : Arrays.copyOf(u, k));
    }

    private int intern(int[] ids) {
        Integer known = setIds.putIfAbsent(new SetKey(ids), setCount);
        if (known != null) return known;
        if (setCount == sets.length) sets = Arrays.copyOf(sets, setCount * 2);
        sets[setCount] = ids;
        return setCount++;
    }

    // ---- results of the last computation ----

    /** Prefix {@code p}'s first-hop set (0: unreachable) and, through {@link #distance}, its cost. */
    int prefixSet(int p) {
        int best = Integer.MAX_VALUE, s = 0;
        int routers = g.routers.length;
        for (int j = g.pOff[p]; j < g.pOff[p + 1]; j++) {
            int n = routers + g.pNet[j];
            if (dist[n] < best) {
                best = dist[n];
                s = set[n];
            } else if (dist[n] == best && best != Integer.MAX_VALUE) {
                s = union(s, set[n]);
            }
        }
        return best == Integer.MAX_VALUE ? 0 : s;
    }

    /** Prefix {@code p}'s cost in hops, Integer.MAX_VALUE when unreachable. */
    int distance(int p) {
        int best = Integer.MAX_VALUE;
        for (int j = g.pOff[p]; j < g.pOff[p + 1]; j++) best = Math.min(best, dist[g.routers.length + g.pNet[j]]);
        return best;
    }

    /** Router {@code r}'s distance in hops from the source. */
    int routerDistance(int r) { return dist[r]; }

    /** The adjacency ids of set {@code s}, sorted. */
    int[] set(int s) { return sets[s]; }

    int setCount() { return setCount; }

    /** The source's interface of adjacency {@code a}. */
    Ipv4Interface adjacencyInterface(int a) { return g.rIface[adjEdge[a]]; }

    /** The gateway of adjacency {@code a}: 0 for a network the source is on. */
    int adjacencyGateway(int a) { return adjGateway[a]; }

    int source() { return source; }
}
