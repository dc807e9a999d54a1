package elvis.routing.bgp;

import elvis.routing.Prefix;
import elvis.routing.Relationship;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * BGP's path-vector exchange over an {@link AsGraph}, one speaker per AS, with the production
 * {@link NeighborPolicy} (Gao-Rexford in one word plus any import/export policy) and
 * {@link Decision}, but without sessions or wire: updates for one prefix pass through a FIFO until
 * none is left. What the speakers select is then checked against {@link AsGraph#routes}, which
 * knows nothing of BGP.
 */
final class PathVectorModel {
    static final long BASE_ASN = 64_512;

    final AsGraph g;
    /** Each AS's neighbours in order, and its policy for each: Gao-Rexford, no import or export policy until a test sets one. */
    final int[][] neighbors;
    final NeighborPolicy[][] policies;
    /** The route each AS selected for the prefix last propagated (null: none), and what each learnt from each neighbour. */
    PathAttributes[] best;
    private PathAttributes[][] in;
    private PathAttributes[][] sent;
    private final ArrayDeque<int[]> queue = new ArrayDeque<>();
    long updates;

    PathVectorModel(AsGraph g) {
        this.g = g;
        neighbors = new int[g.n][];
        policies = new NeighborPolicy[g.n][];
        for (int x = 0; x < g.n; x++) {
            List<Integer> all = new ArrayList<>();
            for (int y : g.customers[x]) all.add(y);
            for (int y : g.peers[x]) all.add(y);
            for (int y : g.providers[x]) all.add(y);
            all.sort(null);
            neighbors[x] = all.stream().mapToInt(Integer::intValue).toArray();
            policies[x] = new NeighborPolicy[all.size()];
            for (int k = 0; k < all.size(); k++) {
                int y = all.get(k);
                Relationship r = switch (g.relation(x, y)) {
                    case AsGraph.CUSTOMER -> Relationship.CUSTOMER;
                    case AsGraph.PEER -> Relationship.PEER;
                    default -> Relationship.PROVIDER;
                };
                policies[x][k] = new NeighborPolicy(asn(x), true, r, Policy.PERMIT_ALL, Policy.PERMIT_ALL);
            }
        }
    }

    static long asn(int x) { return BASE_ASN + x; }

    static int routerId(int x) { return 0x01000000 + x; }

    /** A neighbour as the decision sees it: its router id rises with its index, as the oracle assumes. */
    private record Peer(int address, long asn, long localAsn, int routerId) implements BgpPeer {
        @Override public int localAddress() { return 0; }
        @Override public int localRouterId() { return 0; }
    }

    /** Runs the exchange for {@code prefix} originated by {@code origins} until no update is left. */
    void propagate(Prefix prefix, int... origins) {
        best = new PathAttributes[g.n];
        in = new PathAttributes[g.n][];
        sent = new PathAttributes[g.n][];
        for (int x = 0; x < g.n; x++) { in[x] = new PathAttributes[neighbors[x].length]; sent[x] = new PathAttributes[neighbors[x].length]; }
        boolean[] origin = new boolean[g.n];
        for (int o : origins) origin[o] = true;
        PathAttributes own = PathAttributes.builder().origin(PathAttributes.IGP).build();
        for (int o : origins) { best[o] = own; advertise(prefix, o); }
        long limit = updates + 20L * g.n * g.n;   // Gao-Rexford policies converge; anything else may oscillate forever
        while (!queue.isEmpty()) {
            if (updates > limit) throw new AssertionError("no convergence after " + limit + " updates");
            int[] u = queue.poll();
            int to = u[0], k = u[1];
            int from = neighbors[to][k];
            int back = indexOf(neighbors[from], to);
            PathAttributes a = sent[from][back];
            updates++;
            if (a != null && a.asPath().contains(asn(to))) a = null;                  // AS_PATH loop (§9.1.2)
            if (a != null) a = policies[to][k].onImport(prefix, a);
            in[to][k] = a;
            List<BgpRoute> cs = new ArrayList<>();
            if (origin[to]) cs.add(new BgpRoute(prefix, own, null, 0));
            for (int j = 0; j < neighbors[to].length; j++) {
                int y = neighbors[to][j];
                if (in[to][j] != null) cs.add(new BgpRoute(prefix, in[to][j], new Peer(routerId(y), asn(y), asn(to), routerId(y)), 0));
            }
            int b = Decision.best(cs);
            PathAttributes nb = b < 0 ? null : cs.get(b).attributes();
            if (!java.util.Objects.equals(nb, best[to])) { best[to] = nb; advertise(prefix, to); }
        }
    }

    /** Sends x's best route, through each export policy and eBGP's changes, to every neighbour whose copy changes. */
    private void advertise(Prefix prefix, int x) {
        for (int k = 0; k < neighbors[x].length; k++) {
            PathAttributes a = best[x] == null ? null : policies[x][k].onExport(prefix, best[x]);
            if (a != null)   // RFC 4271 §5.1.2, §5.1.5, §5.1.4: prepend our AS, no LOCAL_PREF or MED to another AS
                a = a.toBuilder().asPath(a.asPath().prepend(asn(x))).localPref(-1).med(-1).nextHop(routerId(x)).build();
            if (a == null ? sent[x][k] == null : a.equals(sent[x][k])) continue;
            sent[x][k] = a;
            int y = neighbors[x][k];
            queue.add(new int[] {y, indexOf(neighbors[y], x)});
        }
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) if (a[i] == v) return i;
        throw new IllegalStateException("not neighbours");
    }
}
