package elvis.partition;

import elvis.ndl.model.AppSpec;
import elvis.ndl.model.ArgValue;
import elvis.ndl.model.AsSpec;
import elvis.ndl.model.MachineGroup;
import elvis.ndl.model.NdlSimulation;
import elvis.ndl.model.PeeringSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The frames each AS of a description is expected to carry, from its applications, for the
 * partitioner to weigh ASes by: in an Internet the events follow the traffic, and the transit ASes
 * that forward most of it have few machines.
 *
 * <p>Every application that names a destination machine in an AS sends its {@code bytes} (one
 * frame when it has none) as 1,460-byte frames, and the acknowledgements come back as half as
 * many. Both travel the AS path BGP picks under the peerings' Gao–Rexford preferences: a route
 * learnt from a customer over one from a peer over one from a provider, then the shortest; a
 * provider's route is passed to customers only, a peer's or provider's never to peers or providers
 * (valley-free). Equally good next ASes share the traffic evenly. Each AS on the path, both ends
 * included, carries every frame once. On the generated Internet of the parallel benchmark the
 * estimate is within a percentage point of each AS's share of the frames the run delivers.
 */
final class TrafficEstimate {
    static final double FRAME_BYTES = 1460, ACKS_PER_FRAME = 0.5;
    private static final int NONE = Integer.MAX_VALUE;

    private final int ases;
    private final int[][] providers, customers, peers;

    private TrafficEstimate(NdlSimulation model) {
        ases = model.ases().size();
        List<List<Integer>> prov = lists(ases), cust = lists(ases), peer = lists(ases);
        for (PeeringSpec p : model.peerings()) {
            int a = p.asA(), b = p.asB();
            if (a < 0 || b < 0 || a == b) continue;
            switch (p.relationship()) {
                case "customer" -> { cust.get(a).add(b); prov.get(b).add(a); }
                case "provider" -> { cust.get(b).add(a); prov.get(a).add(b); }
                default -> { peer.get(a).add(b); peer.get(b).add(a); }
            }
        }
        providers = arrays(prov);
        customers = arrays(cust);
        peers = arrays(peer);
    }

    /** Per AS of {@code model} (its index in {@link NdlSimulation#ases()}), the frames it carries. */
    static double[] perAs(NdlSimulation model) {
        double[] carried = new double[model.ases().size()];
        if (carried.length == 0) return carried;
        int[] asOf = new int[model.machines().size()];
        Arrays.fill(asOf, -1);
        for (int a = 0; a < model.ases().size(); a++) for (int g : model.ases().get(a).groups()) asOf[g] = a;
        // Every flow as (destination AS, source AS, frames), the acknowledgements as flows of their own.
        Map<Long, Double> flows = new TreeMap<>();
        for (int g = 0; g < model.machines().size(); g++) {
            MachineGroup group = model.machines().get(g);
            if (asOf[g] < 0) continue;
            for (AppSpec app : group.applications()) {
                double frames = Math.max(1, Math.ceil(bytes(app) / FRAME_BYTES)) * group.count();
                for (ArgValue v : app.values().values()) {
                    if (!(v instanceof ArgValue.MachineRef ref) || asOf[ref.group()] < 0) continue;
                    int s = asOf[g], d = asOf[ref.group()];
                    flows.merge((long) d << 32 | s, frames, Double::sum);
                    flows.merge((long) s << 32 | d, frames * ACKS_PER_FRAME, Double::sum);
                }
            }
        }
        TrafficEstimate graph = new TrafficEstimate(model);
        int d = -1;
        List<int[]> sources = new ArrayList<>();
        List<Double> amounts = new ArrayList<>();
        for (Map.Entry<Long, Double> f : flows.entrySet()) {
            int to = (int) (f.getKey() >>> 32);
            if (to != d && d >= 0) graph.route(d, sources, amounts, carried);
            if (to != d) { d = to; sources.clear(); amounts.clear(); }
            sources.add(new int[] {(int) (long) f.getKey()});
            amounts.add(f.getValue());
        }
        if (d >= 0) graph.route(d, sources, amounts, carried);
        return carried;
    }

    private static double bytes(AppSpec app) {
        return app.values().get("bytes") instanceof ArgValue.Number n ? n.value() : 0;
    }

    // One destination's routes, worked out only where the flows need them (so a destination costs the ASes
    // near its sources and itself, not all of them). An entry counts only when its stamp is the destination's.
    private int stamp;
    private int[] coneStamp, cone;                   // customer routes: length to d up its provider cone
    private int[] bestStamp, kind, length;           // the best route found: kind 0 d itself, 1 customer, 2 peer, 3 provider, NONE no route
    private double[] at;

    /** Carries each source's amount to {@code d} along the best routes, adding to {@code carried}. */
    private void route(int d, List<int[]> sources, List<Double> amounts, double[] carried) {
        if (coneStamp == null) {
            coneStamp = new int[ases];
            cone = new int[ases];
            bestStamp = new int[ases];
            kind = new int[ases];
            length = new int[ases];
            at = new double[ases];
        }
        stamp++;
        // Customer routes: d's providers, theirs, and so on (breadth-first, so shortest first).
        coneStamp[d] = stamp;
        cone[d] = 0;
        int[] level = {d};
        for (int len = 1; level.length > 0; len++) {
            int[] up = new int[0];
            int n = 0;
            for (int x : level) {
                for (int p : providers[x]) {
                    if (coneStamp[p] == stamp) continue;
                    coneStamp[p] = stamp;
                    cone[p] = len;
                    if (n == up.length) up = Arrays.copyOf(up, Math.max(4, 2 * n));
                    up[n++] = p;
                }
            }
            level = Arrays.copyOf(up, n);
        }
        // The ASes the frames cross, from every source, each once, then in order of decreasing route length.
        List<Integer> crossed = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            int s = sources.get(i)[0];
            if (best(s, d) == NONE) continue;
            if (!seen(s)) { visit(s, d, crossed); }
            at[s] += amounts.get(i);
        }
        crossed.sort((a, b) -> length[a] != length[b] ? Integer.compare(length[b], length[a]) : Integer.compare(a, b));
        int[] hops = new int[4];
        for (int x : crossed) {
            double amount = at[x];
            at[x] = 0;
            carried[x] += amount;
            if (x == d || amount == 0) continue;
            int n = next(x, d, hops);
            hops = n > hops.length ? new int[n] : hops;
            n = next(x, d, hops);
            for (int k = 0; k < n; k++) at[hops[k]] += amount / n;
        }
    }

    private final java.util.BitSet visited = new java.util.BitSet();
    private int visitedStamp = -1;

    private boolean seen(int x) {
        if (visitedStamp != stamp) { visited.clear(); visitedStamp = stamp; }
        return visited.get(x);
    }

    /** Adds {@code x} and every AS its frames go on to (towards {@code d}) to {@code crossed}, once each. */
    private void visit(int x, int d, List<Integer> crossed) {
        best(x, d);
        seen(x);
        visited.set(x);
        crossed.add(x);
        if (x == d) return;
        int[] hops = new int[Math.max(providers[x].length, Math.max(customers[x].length, peers[x].length))];
        int n = next(x, d, hops);
        for (int k = 0; k < n; k++) if (!seen(hops[k])) visit(hops[k], d, crossed);
    }

    /**
     * The length of {@code x}'s best route to {@code d} (NONE when it has none), remembered with its kind:
     * a customer route where d is in x's customer cone, else a peer's customer route, else the shortest
     * of its providers' routes. A provider cycle (which relationships should never make) counts as no route.
     */
    private int best(int x, int d) {
        if (bestStamp[x] == stamp) return length[x];
        bestStamp[x] = stamp;
        kind[x] = NONE;
        length[x] = NONE;                            // while it is worked out: a cycle back to x finds no route
        if (coneStamp[x] == stamp) {
            kind[x] = x == d ? 0 : 1;
            length[x] = cone[x];
            return length[x];
        }
        int len = NONE;
        for (int p : peers[x]) if (coneStamp[p] == stamp) len = Math.min(len, cone[p] + 1);
        if (len != NONE) {
            kind[x] = 2;
            length[x] = len;
            return len;
        }
        for (int p : providers[x]) {
            int l = best(p, d);
            if (l != NONE) len = Math.min(len, l + 1);
        }
        if (len != NONE) { kind[x] = 3; length[x] = len; }
        return len;
    }

    /** Writes into {@code hops} (when it has room) the next ASes of {@code x}'s best routes, ascending; returns how many. */
    private int next(int x, int d, int[] hops) {
        int n = 0;
        int[] candidates = kind[x] == 1 ? customers[x] : kind[x] == 2 ? peers[x] : providers[x];
        for (int c : candidates) {
            boolean on = switch (kind[x]) {
                case 1 -> coneStamp[c] == stamp && cone[c] == length[x] - 1;
                case 2 -> coneStamp[c] == stamp && cone[c] == length[x] - 1;
                default -> best(c, d) != NONE && length[c] == length[x] - 1;
            };
            if (!on) continue;
            if (n < hops.length) hops[n] = c;
            n++;
        }
        return n;
    }

    private static List<List<Integer>> lists(int n) {
        List<List<Integer>> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) l.add(new ArrayList<>(2));
        return l;
    }

    private static int[][] arrays(List<List<Integer>> l) {
        int[][] a = new int[l.size()][];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i).stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
        return a;
    }
}
