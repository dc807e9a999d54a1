package elvis.protocol.ipv4;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A routing table: longest-prefix match over routes of any {@link Origin}, in a path-compressed
 * binary trie keyed by prefix bits.
 *
 * <p>Each node holds a prefix and a length; a child extends its parent's prefix by at least one bit,
 * and the first bit past the parent's length says which child it is. A node either holds routes
 * (all with exactly its prefix and length) or is a branch point with two children, so the trie has
 * fewer than twice as many nodes as distinct prefixes, and a lookup visits at most 33 nodes (one per
 * length), comparing a masked word at each: O(32) whatever the table's size.
 *
 * <p><b>Tie rule.</b> Routes with the same prefix and length are kept in order of their origin's
 * {@link Origin#preference() preference}, then of their metric, then in the order they were added;
 * lookups use the first, or, for a protocol's routes, share the traffic among the leading ones of
 * the same origin and metric (equal-cost multipath) by a hash of the flow, as Linux does with its
 * L3 policy: a flow keeps its path, flows spread over the paths. Static and connected routes never
 * share: the first is used, the others wait as backups.
 * {@link #replace} keeps the replaced route's place. So the same sequence of changes always gives
 * the same decisions, and removing the route in use hands over to the next one in that order.
 *
 * <p>Every change bumps {@link #version()} and empties the forwarding cache: a direct-mapped cache of
 * {@value #CACHE} destinations used by {@link #cachedLookup}, made on its first use, which lets a
 * router answer the few destinations of its busy flows without walking the trie and allocates nothing
 * per packet. A destination with several paths is not cached: its flows do not all take one.
 *
 * <p>A {@link RouteSource} may add routes kept elsewhere (global routing's): it answers after the
 * trie, for a longer prefix only.
 */
public final class RoutingTable {
    private static final int CACHE = 16;             // a power of two

    private static final class Node {
        final int prefix, length;
        Node zero, one;
        Route[] routes;                              // null for a branch point; else in tie order

        Node(int prefix, int length) { this.prefix = prefix; this.length = length; }

        Node child(int bits) { return bit(bits, length) == 0 ? zero : one; }

        void setChild(Node c) {
            if (bit(c.prefix, length) == 0) zero = c; else one = c;
        }
    }

    private Node root;
    private int size, version;
    private int[] cacheDst;
    private Route[] cacheRoute;                      // null entries are empty
    private RouteSource source;                      // null but under global routing
    private boolean multipath;                       // the last lookup chose among several paths

    /** The bit of {@code bits} at position {@code i}, 0 being the most significant. */
    private static int bit(int bits, int i) { return (bits >>> (31 - i)) & 1; }

    /** The number of routes. */
    public int size() { return size; }

    /** Counts changes: it moves whenever a route is added, removed or replaced. */
    public int version() { return version; }

    /** Adds {@code r} after every route to the same prefix and length that is preferred or equal to it. */
    public void add(Route r) {
        check(r);
        Node n = node(r.prefix(), r.length(), true);
        Route[] rs = n.routes;
        if (rs == null) {
            n.routes = new Route[] {r};
        } else {
            int at = rs.length;
            while (at > 0 && after(rs[at - 1], r)) at--;
            Route[] grown = new Route[rs.length + 1];
            System.arraycopy(rs, 0, grown, 0, at);
            grown[at] = r;
            System.arraycopy(rs, at, grown, at + 1, rs.length - at);
            n.routes = grown;
        }
        size++;
        changed();
    }

    /** True when {@code a} comes after {@code b} in the tie order: a less preferred origin, or the same with a higher metric. */
    private static boolean after(Route a, Route b) {
        int byOrigin = Integer.compare(a.origin().preference(), b.origin().preference());
        return byOrigin != 0 ? byOrigin > 0 : a.metric() > b.metric();
    }

    /**
     * Puts {@code r} in place of the routes with its prefix, length and origin: it takes the first's
     * place in the tie order and the others go. Adds it when there are none; true when some were replaced.
     */
    public boolean replace(Route r) {
        check(r);
        Node n = node(r.prefix(), r.length(), false);
        int first = -1, same = 0;
        if (n != null && n.routes != null) {
            for (int i = 0; i < n.routes.length; i++) {
                if (n.routes[i].origin() == r.origin()) {
                    if (first < 0) first = i;
                    same++;
                }
            }
        }
        if (first < 0) {
            add(r);
            return false;
        }
        Route[] kept = new Route[n.routes.length - same + 1];
        int k = 0;
        for (int i = 0; i < n.routes.length; i++) {
            if (i == first) kept[k++] = r;
            else if (n.routes[i].origin() != r.origin()) kept[k++] = n.routes[i];
        }
        n.routes = kept;
        size -= same - 1;
        changed();
        return true;
    }

    /** Removes the first route equal to {@code r} (same prefix, length, gateway, interface and origin); false when there is none. */
    public boolean remove(Route r) {
        Node n = node(r.prefix(), r.length(), false);
        if (n == null || n.routes == null) return false;
        int at = Arrays.asList(n.routes).indexOf(r);
        if (at < 0) return false;
        if (n.routes.length == 1) {
            n.routes = null;
            root = prune(root, r.prefix(), r.length());
        } else {
            Route[] shrunk = new Route[n.routes.length - 1];
            System.arraycopy(n.routes, 0, shrunk, 0, at);
            System.arraycopy(n.routes, at + 1, shrunk, at, shrunk.length - at);
            n.routes = shrunk;
        }
        size--;
        changed();
        return true;
    }

    /** The routes to exactly {@code prefix}/{@code length}, in tie order (the first is the one used). */
    public List<Route> routesTo(int prefix, int length) {
        Node n = node(prefix & Ipv4Address.mask(length), length, false);
        return n == null || n.routes == null ? List.of() : List.of(n.routes);
    }

    /** The route used for {@code dst}: the first of the longest prefix that matches it; null when none does. */
    public Route lookup(int dst) { return lookup(dst, 0); }

    /**
     * The route used for {@code dst} by the flow of hash {@code flowHash}: of the longest prefix
     * that matches, the first route, or among equal-cost paths the one the hash picks; null when
     * none matches.
     */
    public Route lookup(int dst, int flowHash) {
        Node best = longestMatch(dst);
        if (source != null) {
            Route[] paths = source.paths(dst, best == null ? -1 : best.length);
            if (paths != null) return pick(paths, paths.length, flowHash);
        }
        if (best == null) {
            multipath = false;
            return null;
        }
        Route[] rs = best.routes;
        Route first = rs[0];
        int n = 1;
        if (first.origin() != Origin.STATIC && first.origin() != Origin.CONNECTED) {
            while (n < rs.length && rs[n].origin() == first.origin() && rs[n].metric() == first.metric()) n++;
        }
        return pick(rs, n, flowHash);
    }

    /**
     * The route {@link #lookup(int) lookup(dst)} uses, as {@link #routes} and the source list it: a
     * source's with its real prefix and its cost as metric, made now (the control plane's view, for
     * a protocol resolving a next hop; never per packet); null when none matches.
     */
    public Route lookupListed(int dst) {
        Node best = longestMatch(dst);
        if (source != null) {
            Route r = source.route(dst, best == null ? -1 : best.length);
            if (r != null) return r;
        }
        return best == null ? null : best.routes[0];
    }

    /** The node of the longest prefix with routes that matches {@code dst}, or null. */
    private Node longestMatch(int dst) {
        Node best = null;
        for (Node n = root; n != null && ((dst ^ n.prefix) & Ipv4Address.mask(n.length)) == 0; n = n.length == 32 ? null : n.child(dst)) {
            if (n.routes != null) best = n;
        }
        return best;
    }

    private Route pick(Route[] paths, int n, int flowHash) {
        multipath = n > 1;
        return n == 1 ? paths[0] : paths[Integer.remainderUnsigned(flowHash, n)];
    }

    /** The flow hash of a datagram from {@code src} to {@code dst} (Linux's L3 multipath policy hashes the two addresses). */
    public static int flowHash(int src, int dst) {
        int h = src * 0x9E3779B9 ^ dst;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        return h ^ (h >>> 13);
    }

    /** As {@link #lookup}, restricted to on-link routes (gateway 0), the first of each prefix's that are. */
    public Route lookupOnLink(int dst) {
        Route best = null;
        for (Node n = root; n != null && ((dst ^ n.prefix) & Ipv4Address.mask(n.length)) == 0; n = n.length == 32 ? null : n.child(dst)) {
            if (n.routes != null) {
                for (Route r : n.routes) {
                    if (r.gateway() == 0) { best = r; break; }
                }
            }
        }
        return best;
    }

    /**
     * The route a datagram from {@code src} to {@code dst} takes ({@link #lookup(int, int)} with
     * their {@link #flowHash}, hashed only when the cache misses), through the forwarding cache;
     * allocates nothing once the cache exists.
     */
    public Route cachedLookup(int dst, int src) {
        if (cacheDst == null) {
            cacheDst = new int[CACHE];
            cacheRoute = new Route[CACHE];
        }
        int slot = (dst * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(CACHE));
        Route r = cacheRoute[slot];
        if (r != null && cacheDst[slot] == dst) return r;
        r = lookup(dst, flowHash(src, dst));
        if (r != null && !multipath) {               // an unroutable destination is not kept: it is dropped anyway
            cacheDst[slot] = dst;
            cacheRoute[slot] = r;
        }
        return r;
    }

    /**
     * Consults {@code source} after the trie from now on (null: none); set it again when its routes
     * change, which empties the forwarding cache.
     */
    public void source(RouteSource source) {
        this.source = source;
        changed();
    }

    /** The source set by {@link #source(RouteSource)}, or null. */
    public RouteSource source() { return source; }

    /** The order routes are listed in: longest prefix first, then by prefix (unsigned); sorting by it is stable, keeping the tie order. */
    static final Comparator<Route> LISTING = Comparator.comparingInt(Route::length).reversed()
            .thenComparing(Route::prefix, Integer::compareUnsigned);

    /** Every route of the trie (not the {@link #source}'s), longest prefix first, then by prefix (unsigned), then in tie order. */
    public List<Route> routes() {
        List<Route> all = new ArrayList<>(size);
        collect(root, all);
        all.sort(LISTING);
        return List.copyOf(all);
    }

    private static void collect(Node n, List<Route> into) {
        if (n == null) return;
        if (n.routes != null) into.addAll(Arrays.asList(n.routes));
        collect(n.zero, into);
        collect(n.one, into);
    }

    private static void check(Route r) {
        if (r.length() < 0 || r.length() > 32 || (r.prefix() & ~Ipv4Address.mask(r.length())) != 0 || r.origin() == null) {
            throw new IllegalArgumentException("not a route: " + r);
        }
    }

    private void changed() {
        version++;
        if (cacheRoute != null) Arrays.fill(cacheRoute, null);
    }

    /** The node for prefix/length, made (splitting an edge or adding a branch point) when {@code make}; else null when absent. */
    private Node node(int prefix, int length, boolean make) {
        Node parent = null, n = root;
        while (n != null) {
            int common = Math.min(Math.min(n.length, length), Integer.numberOfLeadingZeros(n.prefix ^ prefix));
            if (common == n.length && common == length) return n;
            if (common == n.length) {                // n is an ancestor: go down
                parent = n;
                n = n.child(prefix);
                continue;
            }
            if (!make) return null;
            Node made = new Node(prefix, length);
            Node top;
            if (common == length) {                  // the new prefix is an ancestor of n
                made.setChild(n);
                top = made;
            } else {                                 // they part at bit 'common': a branch point holds both
                top = new Node(prefix & Ipv4Address.mask(common), common);
                top.setChild(n);
                top.setChild(made);
            }
            if (parent == null) root = top; else parent.setChild(top);
            return made;
        }
        if (!make) return null;
        Node made = new Node(prefix, length);
        if (parent == null) root = made; else parent.setChild(made);
        return made;
    }

    /** Drops the route-less nodes on the way to prefix/length that no longer branch; returns what replaces {@code n}. */
    private static Node prune(Node n, int prefix, int length) {
        if (n == null) return null;
        if (n.length < length) {
            if (bit(prefix, n.length) == 0) n.zero = prune(n.zero, prefix, length);
            else n.one = prune(n.one, prefix, length);
        }
        if (n.routes != null || (n.zero != null && n.one != null)) return n;
        return n.zero != null ? n.zero : n.one;
    }
}
