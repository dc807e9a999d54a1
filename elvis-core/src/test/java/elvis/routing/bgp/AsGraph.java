package elvis.routing.bgp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A random Gao-Rexford AS graph for tests, and the independent oracle of the routes its ASes select.
 * ASes are 0..n-1 (AS numbers and router identifiers rise with the index, so "lowest router id"
 * is "lowest index"). The first {@code tier1} form a peering clique; every later AS buys transit
 * from 1..3 earlier ASes chosen by preferential attachment (so customer-provider links form no
 * cycle) and some peer with an earlier non-tier-1 AS. A few "islands" have no provider, only one
 * peer: the policies let them reach that peer's customer cone and nothing else.
 */
final class AsGraph {
    final int n;
    final int[][] customers, peers, providers;

    private AsGraph(int n, List<List<Integer>> c, List<List<Integer>> p, List<List<Integer>> pr) {
        this.n = n;
        customers = sorted(c);
        peers = sorted(p);
        providers = sorted(pr);
    }

    private static int[][] sorted(List<List<Integer>> l) {
        int[][] out = new int[l.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = l.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return out;
    }

    static AsGraph random(int n, long seed) {
        Random rnd = new Random(seed);
        int tier1 = Math.max(2, Math.min(5, n / 20));
        int islands = n >= 20 ? Math.max(1, n / 50) : 0;
        List<List<Integer>> c = new ArrayList<>(), p = new ArrayList<>(), pr = new ArrayList<>();
        for (int i = 0; i < n; i++) { c.add(new ArrayList<>()); p.add(new ArrayList<>()); pr.add(new ArrayList<>()); }
        int[] degree = new int[n];
        for (int a = 0; a < tier1; a++)
            for (int b = a + 1; b < tier1; b++) { p.get(a).add(b); p.get(b).add(a); degree[a]++; degree[b]++; }
        for (int x = tier1; x < n; x++) {
            if (x >= n - islands) {
                // an island: one peer among the transit ASes, no provider
                int y = tier1 + rnd.nextInt(x - tier1);
                p.get(x).add(y); p.get(y).add(x);
                continue;
            }
            int want = 1 + rnd.nextInt(Math.min(3, x));
            for (int k = 0; k < want; k++) {
                int prov = attach(rnd, degree, x);
                if (pr.get(x).contains(prov)) continue;
                pr.get(x).add(prov); c.get(prov).add(x);
                degree[prov]++; degree[x]++;
            }
            if (x > tier1 + 1 && rnd.nextInt(4) == 0) {
                int y = tier1 + rnd.nextInt(x - tier1);
                if (!pr.get(x).contains(y) && !p.get(x).contains(y)) { p.get(x).add(y); p.get(y).add(x); }
            }
        }
        return new AsGraph(n, c, p, pr);
    }

    /** This graph without {@code x}'s links to its providers. */
    AsGraph withoutProviders(int x) {
        List<List<Integer>> c = lists(customers), p = lists(peers), pr = lists(providers);
        for (int y : providers[x]) c.get(y).remove(Integer.valueOf(x));
        pr.get(x).clear();
        return new AsGraph(n, c, p, pr);
    }

    private static List<List<Integer>> lists(int[][] a) {
        List<List<Integer>> out = new ArrayList<>();
        for (int[] row : a) out.add(new ArrayList<>(Arrays.stream(row).boxed().toList()));
        return out;
    }

    /** An earlier AS, with probability proportional to its degree + 1; islands never sell transit. */
    private static int attach(Random rnd, int[] degree, int x) {
        long total = 0;
        for (int i = 0; i < x; i++) total += degree[i] + 1;
        long r = (long) (rnd.nextDouble() * total);
        for (int i = 0; i < x; i++) {
            r -= degree[i] + 1;
            if (r < 0) return i;
        }
        return x - 1;
    }

    static final int SELF = 0, CUSTOMER = 1, PEER = 2, PROVIDER = 3;

    /** The route each AS selects to {@code dst}'s prefix: its class and length, and the neighbour it goes through (-1: none). */
    record Routes(int[] via, int[] length, int[] kind) {
        /** The AS path from {@code x} (its first AS the neighbour), or null when x has no route. */
        int[] path(int x) {
            if (length[x] < 0) return null;
            int[] p = new int[length[x]];
            for (int i = 0, y = x; i < p.length; i++) p[i] = y = via[y];
            return p;
        }
    }

    /**
     * Gao-Rexford routing to {@code dst}: prefer routes from customers, then peers, then providers;
     * then the shortest; then the lowest neighbour. Customer routes climb provider links level by
     * level; a peer route is one hop onto a peer with a customer route; provider routes descend by
     * increasing length. (No BGP in here: this is the stable state the policies define.)
     */
    Routes routes(int dst) {
        int[] via = new int[n], len = new int[n], kind = new int[n];
        Arrays.fill(via, -1);
        Arrays.fill(len, -1);
        len[dst] = 0;
        kind[dst] = SELF;
        // customer routes: breadth first up provider links, lowest index first at each level
        List<Integer> level = List.of(dst);
        for (int l = 0; !level.isEmpty(); l++) {
            List<Integer> up = new ArrayList<>();
            for (int y : level)
                for (int p : providers[y])
                    if (len[p] < 0) { len[p] = l + 1; via[p] = y; kind[p] = CUSTOMER; up.add(p); }
            up.sort(null);
            level = up;
        }
        // peer routes: one hop onto a peer whose route is its own or a customer's
        int[] peerLen = new int[n], peerVia = new int[n];
        Arrays.fill(peerVia, -1);
        for (int x = 0; x < n; x++) {
            if (len[x] >= 0) continue;
            for (int y : peers[x]) {
                if (len[y] < 0 || kind[y] > CUSTOMER) continue;
                if (peerVia[x] < 0 || len[y] + 1 < peerLen[x]) { peerVia[x] = y; peerLen[x] = len[y] + 1; }
            }
        }
        for (int x = 0; x < n; x++) if (peerVia[x] >= 0) { via[x] = peerVia[x]; len[x] = peerLen[x]; kind[x] = PEER; }
        // provider routes: down customer links in order of length, lowest provider first
        List<List<Integer>> buckets = new ArrayList<>();
        for (int x = 0; x < n; x++) if (len[x] >= 0) bucket(buckets, len[x]).add(x);
        for (int l = 0; l < buckets.size(); l++) {
            List<Integer> b = buckets.get(l);
            b.sort(null);
            for (int p : b)
                for (int c : customers[p])
                    if (len[c] < 0) { len[c] = l + 1; via[c] = p; kind[c] = PROVIDER; bucket(buckets, l + 1).add(c); }
        }
        return new Routes(via, len, kind);
    }

    private static List<Integer> bucket(List<List<Integer>> buckets, int l) {
        while (buckets.size() <= l) buckets.add(new ArrayList<>());
        return buckets.get(l);
    }

    /** What {@code y} is to {@code x}: CUSTOMER, PEER or PROVIDER; -1 when not neighbours. */
    int relation(int x, int y) {
        if (Arrays.binarySearch(customers[x], y) >= 0) return CUSTOMER;
        if (Arrays.binarySearch(peers[x], y) >= 0) return PEER;
        if (Arrays.binarySearch(providers[x], y) >= 0) return PROVIDER;
        return -1;
    }

    /**
     * Valley-free (Gao): walking from {@code x} along {@code path}, zero or more customer-to-provider
     * hops, at most one peer hop, then only provider-to-customer hops.
     */
    boolean valleyFree(int x, int[] path) {
        boolean down = false;
        int at = x;
        for (int y : path) {
            int r = relation(at, y);
            if (r < 0) return false;
            if (r == PROVIDER) { if (down) return false; }
            else if (r == PEER) { if (down) return false; down = true; }
            else down = true;
            at = y;
        }
        return true;
    }
}
