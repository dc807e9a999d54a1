package elvis.routing.ospf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The shortest-path tree of one area (RFC 2328 §16.1) with equal-cost next hops (§16.1.1), as a pure
 * computation over a set of router and network LSAs. Stage 1 runs Dijkstra over routers and transit
 * networks, using a link only when both ends advertise it, and takes network vertices before router
 * vertices at equal distance so that every equal-cost path to a router is known before it is final;
 * stage 2 adds the stub networks. Networks the root is attached to are left out: they are its
 * connected routes. Stage 3 (§16.4) adds the AS-external routes of the other routers' type 5 LSAs
 * where no intra-area route exists: through the advertising router, which must be reachable and an AS
 * boundary router (E bit), or through the intra-area route to a forwarding address; type 1 paths
 * (cost to it plus the metric) before type 2 (the metric, then the cost to it), equal ones merged.
 * The answer is sorted by prefix, so the routes installed from it are deterministic.
 */
public final class Spf {
    private Spf() { }

    /** Out of our interface with address {@code iface}, to {@code gateway} (0: the destination is on that link). */
    public record NextHop(int iface, int gateway) implements Comparable<NextHop> {
        @Override
        public int compareTo(NextHop o) {
            int c = Integer.compareUnsigned(iface, o.iface);
            return c != 0 ? c : Integer.compareUnsigned(gateway, o.gateway);
        }
    }

    /**
     * A destination network, its cost from the root and its next hops in order; for an AS-external
     * route, its metric {@code type} (1 or 2; 0 inside the area) and for type 2 the cost to the ASBR or
     * forwarding address, which breaks ties between equal metrics. A type 1 route's cost is the sum.
     */
    public record Route(int prefix, int length, int cost, List<NextHop> nextHops, int type, int forwardCost) {
        public Route(int prefix, int length, int cost, List<NextHop> nextHops) { this(prefix, length, cost, nextHops, 0, 0); }

        public boolean external() { return type != 0; }
    }

    private static final class Vertex {
        final long key;
        final Lsa lsa;
        int dist = Integer.MAX_VALUE;
        TreeSet<NextHop> hops = new TreeSet<>();
        boolean done, attachedToRoot;   // attached: a network one of the root's interfaces is on

        Vertex(long key, Lsa lsa) { this.key = key; this.lsa = lsa; }

        boolean isNetwork() { return key >>> 32 == Lsa.NETWORK; }
    }

    private record Candidate(int dist, long key) { }

    /** Candidates by distance, networks first (§16.1 step 3), then by key for determinism. */
    private static final Comparator<Candidate> ORDER = Comparator.comparingInt(Candidate::dist)
            .thenComparing(c -> c.key >>> 32 == Lsa.ROUTER)
            .thenComparingLong(Candidate::key);

    private static long key(int type, int id) { return (long) type << 32 | (id & 0xFFFF_FFFFL); }

    /**
     * The routes {@code root} computes from {@code lsas}: router, network and AS-external LSAs, MaxAge
     * ones left out by the caller. Empty when the root has no router LSA.
     */
    public static List<Route> compute(int root, Collection<Lsa> lsas) {
        Map<Long, Lsa> byVertex = new HashMap<>();
        List<Lsa> externals = new ArrayList<>();
        for (Lsa l : lsas) {
            if (l.type == Lsa.AS_EXTERNAL && !l.isHeaderOnly()) externals.add(l);
            if (l.isHeaderOnly() || (l.type != Lsa.ROUTER && l.type != Lsa.NETWORK)) continue;
            long k = key(l.type, l.id);
            Lsa old = byVertex.get(k);       // two network LSAs for one address: keep the one of the higher router id
            if (old == null || Integer.compareUnsigned(l.advRouter, old.advRouter) > 0) byVertex.put(k, l);
        }
        Map<Long, Vertex> vertices = new HashMap<>();
        Lsa rootLsa = byVertex.get(key(Lsa.ROUTER, root));
        if (rootLsa == null) return List.of();
        Vertex r = new Vertex(key(Lsa.ROUTER, root), rootLsa);
        r.dist = 0;
        vertices.put(r.key, r);
        PriorityQueue<Candidate> queue = new PriorityQueue<>(ORDER);
        queue.add(new Candidate(0, r.key));
        List<Vertex> tree = new ArrayList<>();
        while (!queue.isEmpty()) {
            Candidate c = queue.poll();
            Vertex v = vertices.get(c.key);
            if (v.done || c.dist != v.dist) continue;
            v.done = true;
            tree.add(v);
            if (v.isNetwork()) {
                for (int rid : v.lsa.attached) relax(v, byVertex, vertices, queue, Lsa.ROUTER, rid, 0, null, root);
            } else {
                for (Lsa.Link link : v.lsa.links) {
                    if (link.type() == Lsa.POINT_TO_POINT) relax(v, byVertex, vertices, queue, Lsa.ROUTER, link.id(), link.metric(), link, root);
                    else if (link.type() == Lsa.TRANSIT) relax(v, byVertex, vertices, queue, Lsa.NETWORK, link.id(), link.metric(), link, root);
                }
            }
        }
        // The root's own prefixes (its stubs and the networks it is attached to) are its connected routes.
        Set<Long> own = new HashSet<>();
        for (Lsa.Link link : rootLsa.links) {
            if (link.type() == Lsa.STUB) own.add(prefixKey(link.id() & link.data(), link.data()));
            else if (link.type() == Lsa.TRANSIT && byVertex.get(key(Lsa.NETWORK, link.id())) instanceof Lsa n) own.add(prefixKey(n.id & n.mask, n.mask));
        }
        TreeMap<Long, Route> out = new TreeMap<>(Long::compareUnsigned);
        for (Vertex v : tree) {
            if (v.isNetwork()) {
                if (contiguous(v.lsa.mask)) add(out, own, v.lsa.id & v.lsa.mask, v.lsa.mask, v.dist, v.hops);
            } else if (v != r) {
                for (Lsa.Link link : v.lsa.links) {
                    if (link.type() != Lsa.STUB || !contiguous(link.data())) continue;
                    add(out, own, link.id() & link.data(), link.data(), v.dist + link.metric(), v.hops);
                }
            }
        }
        if (!externals.isEmpty()) externals(root, externals, tree, out, own);
        return List.copyOf(out.values());
    }

    /** Stage 3 (§16.4): adds to {@code out} the external routes where it has no intra-area one. */
    private static void externals(int root, List<Lsa> externals, List<Vertex> tree, TreeMap<Long, Route> out, Set<Long> own) {
        Map<Integer, Vertex> asbrs = new HashMap<>();
        for (Vertex v : tree) if (!v.isNetwork() && v.lsa.advRouter != root && (v.lsa.flags & Lsa.FLAG_E) != 0) asbrs.put(v.lsa.advRouter, v);
        List<Route> intra = List.copyOf(out.values());
        TreeMap<Long, Route> ext = new TreeMap<>(Long::compareUnsigned);
        for (Lsa l : externals) {
            if (l.metric >= Lsa.LS_INFINITY || l.advRouter == root || !contiguous(l.mask)) continue;   // steps 1 and 2
            long k = prefixKey(l.id & l.mask, l.mask);
            if (out.containsKey(k) || own.contains(k)) continue;                                       // step 6: intra-area paths win
            Vertex asbr = asbrs.get(l.advRouter);
            if (asbr == null) continue;                                                                // step 3: the ASBR must be reachable
            int x;
            List<NextHop> hops;
            if (l.forwarding == 0) {
                x = asbr.dist;
                hops = List.copyOf(asbr.hops);
            } else {
                Route via = longestMatch(intra, l.forwarding);
                if (via == null) continue;
                x = via.cost();
                hops = via.nextHops();
            }
            if (hops.isEmpty()) continue;
            long total = l.type2 ? l.metric : (long) x + l.metric;
            Route r = new Route(l.id & l.mask, Integer.bitCount(l.mask), (int) Math.min(total, Integer.MAX_VALUE), hops, l.type2 ? 2 : 1, l.type2 ? x : 0);
            Route old = ext.get(k);
            int c = old == null ? -1 : compareExternal(r, old);
            if (c < 0) ext.put(k, r);
            else if (c == 0) {
                TreeSet<NextHop> u = new TreeSet<>(old.nextHops());
                u.addAll(hops);
                ext.put(k, new Route(old.prefix(), old.length(), old.cost(), List.copyOf(u), old.type(), old.forwardCost()));
            }
        }
        out.putAll(ext);
    }

    /** Step 6 for two external paths: type 1 before type 2; then the lower cost; of type 2, then the lower cost to the ASBR. */
    private static int compareExternal(Route a, Route b) {
        if (a.type() != b.type()) return Integer.compare(a.type(), b.type());
        int c = Integer.compare(a.cost(), b.cost());
        return c != 0 || a.type() == 1 ? c : Integer.compare(a.forwardCost(), b.forwardCost());
    }

    private static Route longestMatch(List<Route> routes, int address) {
        Route best = null;
        for (Route r : routes) {
            int mask = r.length() == 0 ? 0 : -1 << (32 - r.length());
            if (((address ^ r.prefix()) & mask) == 0 && (best == null || r.length() > best.length())) best = r;
        }
        return best;
    }

    private static void relax(Vertex v, Map<Long, Lsa> byVertex, Map<Long, Vertex> vertices, PriorityQueue<Candidate> queue,
                              int type, int id, int cost, Lsa.Link link, int root) {
        long k = key(type, id);
        Lsa wl = byVertex.get(k);
        if (wl == null || !linksBack(wl, v)) return;
        Vertex w = vertices.computeIfAbsent(k, x -> new Vertex(x, wl));
        if (w.done) return;
        long d = (long) v.dist + cost;
        if (d > w.dist) return;
        TreeSet<NextHop> hops = new TreeSet<>();
        boolean vIsRoot = !v.isNetwork() && v.lsa.advRouter == root;
        if (vIsRoot) {
            if (w.isNetwork()) hops.add(new NextHop(link.data(), 0));
            else hops.add(new NextHop(link.data(), p2pAddress(wl, root, link.data())));
        } else if (v.isNetwork() && v.attachedToRoot) {
            // The hops straight onto the network get the router's address on it; those inherited
            // from an equal-cost path through another router stay as they are.
            int gw = transitAddress(wl, v.lsa.id);
            for (NextHop h : v.hops) hops.add(h.gateway() == 0 ? new NextHop(h.iface(), gw) : h);
        } else {
            hops.addAll(v.hops);
        }
        if (d < w.dist) {
            w.dist = (int) d;
            w.hops = hops;
            w.attachedToRoot = vIsRoot && w.isNetwork();
            queue.add(new Candidate(w.dist, k));
        } else {
            w.hops.addAll(hops);
            w.attachedToRoot |= vIsRoot && w.isNetwork();
        }
    }

    /** Whether {@code w} advertises a link back to {@code v} (§16.1 step 2b). */
    private static boolean linksBack(Lsa w, Vertex v) {
        int vid = (int) v.key;
        if (w.type == Lsa.NETWORK) {
            for (int a : w.attached) if (a == vid) return true;
            return false;
        }
        int want = v.isNetwork() ? Lsa.TRANSIT : Lsa.POINT_TO_POINT;
        for (Lsa.Link l : w.links) if (l.type() == want && l.id() == vid) return true;
        return false;
    }

    /** The neighbour's address on the point-to-point link back to the root: of its links back, the one sharing the longest prefix with ours. */
    private static int p2pAddress(Lsa w, int root, int ours) {
        int best = 0, bestCommon = -1;
        for (Lsa.Link l : w.links) {
            if (l.type() != Lsa.POINT_TO_POINT || l.id() != root) continue;
            int common = Integer.numberOfLeadingZeros(l.data() ^ ours);
            if (common > bestCommon) { best = l.data(); bestCommon = common; }
        }
        return best;
    }

    /** A router's address on the transit network whose DR is {@code dr} (§16.1.1). */
    private static int transitAddress(Lsa w, int dr) {
        for (Lsa.Link l : w.links) if (l.type() == Lsa.TRANSIT && l.id() == dr) return l.data();
        return 0;
    }

    private static boolean contiguous(int mask) { return mask == 0 || Integer.numberOfTrailingZeros(mask) + Integer.bitCount(mask) == 32; }

    private static long prefixKey(int prefix, int mask) { return (prefix & 0xFFFF_FFFFL) << 6 | Integer.bitCount(mask); }

    private static void add(TreeMap<Long, Route> out, Set<Long> own, int prefix, int mask, int cost, TreeSet<NextHop> hops) {
        long k = prefixKey(prefix, mask);
        if (hops.isEmpty() || own.contains(k)) return;
        int len = Integer.bitCount(mask);
        Route old = out.get(k);
        if (old == null || cost < old.cost()) out.put(k, new Route(prefix, len, cost, List.copyOf(hops)));
        else if (cost == old.cost()) {
            TreeSet<NextHop> u = new TreeSet<>(old.nextHops());
            u.addAll(hops);
            out.put(k, new Route(prefix, len, cost, List.copyOf(u)));
        }
    }
}
