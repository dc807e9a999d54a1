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
        // demand.get(d)[s]: frames from AS s to AS d
        Map<Integer, double[]> demand = new TreeMap<>();
        for (int g = 0; g < model.machines().size(); g++) {
            MachineGroup group = model.machines().get(g);
            if (asOf[g] < 0) continue;
            for (AppSpec app : group.applications()) {
                double frames = Math.max(1, Math.ceil(bytes(app) / FRAME_BYTES)) * group.count();
                for (ArgValue v : app.values().values()) {
                    if (!(v instanceof ArgValue.MachineRef ref) || asOf[ref.group()] < 0) continue;
                    int s = asOf[g], d = asOf[ref.group()];
                    demand.computeIfAbsent(d, x -> new double[carried.length])[s] += frames;
                    demand.computeIfAbsent(s, x -> new double[carried.length])[d] += frames * ACKS_PER_FRAME;
                }
            }
        }
        TrafficEstimate graph = new TrafficEstimate(model);
        demand.forEach((d, from) -> graph.route(d, from, carried));
        return carried;
    }

    private static double bytes(AppSpec app) {
        return app.values().get("bytes") instanceof ArgValue.Number n ? n.value() : 0;
    }

    /** Carries {@code from[s]} frames from every AS s to {@code d} along the best routes, adding to {@code carried}. */
    private void route(int d, double[] from, double[] carried) {
        int[] kind = new int[ases], length = new int[ases];       // kind 0: d itself, 1 customer, 2 peer, 3 provider route
        Arrays.fill(kind, NONE);
        Arrays.fill(length, NONE);
        List<List<Integer>> next = lists(ases);
        kind[d] = 0;
        length[d] = 0;
        // Customer routes: d's providers, theirs, and so on (breadth-first, so shortest first).
        List<Integer> level = List.of(d);
        for (int len = 1; !level.isEmpty(); len++) {
            List<Integer> up = new ArrayList<>();
            for (int x : level) {
                for (int p : providers[x]) {
                    if (kind[p] == NONE) { kind[p] = 1; length[p] = len; up.add(p); }
                    if (kind[p] == 1 && length[p] == len) next.get(p).add(x);
                }
            }
            level = up;
        }
        // Peer routes: from a peer with a customer route (or d itself).
        for (int x = 0; x < ases; x++) {
            if (kind[x] != NONE) continue;
            for (int p : peers[x]) {
                if (kind[p] > 1) continue;
                int len = length[p] + 1;
                if (len < length[x]) { length[x] = len; next.get(x).clear(); }
                if (len == length[x]) { kind[x] = 2; next.get(x).add(p); }
            }
        }
        // Provider routes: every route goes down to customers; shortest first, by buckets of length.
        List<List<Integer>> bucket = lists(ases + 1);
        for (int x = 0; x < ases; x++) if (kind[x] != NONE) bucket.get(length[x]).add(x);
        for (int len = 0; len < ases; len++) {
            for (int i = 0; i < bucket.get(len).size(); i++) {
                int x = bucket.get(len).get(i);
                if (length[x] != len) continue;
                for (int c : customers[x]) {
                    if (kind[c] < 3) continue;
                    if (len + 1 < length[c]) {
                        kind[c] = 3;
                        length[c] = len + 1;
                        next.get(c).clear();
                        bucket.get(len + 1).add(c);
                    }
                    if (len + 1 == length[c]) next.get(c).add(x);
                }
            }
        }
        // Each step goes one AS closer: push the frames down the lengths, splitting among equal next ASes.
        List<List<Integer>> byLength = lists(ases + 1);
        for (int x = 0; x < ases; x++) if (kind[x] != NONE) byLength.get(length[x]).add(x);
        double[] at = from.clone();
        for (int x = 0; x < ases; x++) if (kind[x] == NONE) at[x] = 0;        // no route: nothing leaves
        for (int len = ases; len >= 0; len--) {
            for (int x : byLength.get(len)) {
                carried[x] += at[x];
                if (x == d || at[x] == 0) continue;
                List<Integer> hops = next.get(x);
                for (int h : hops) at[h] += at[x] / hops.size();
            }
        }
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
