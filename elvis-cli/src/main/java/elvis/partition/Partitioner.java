package elvis.partition;

import elvis.link.LinkConfig;
import elvis.ndl.Diagnostic;
import elvis.ndl.Pos;
import elvis.ndl.model.AsSpec;
import elvis.ndl.model.Attachment;
import elvis.ndl.model.IpfwSpec;
import elvis.ndl.model.LinkSpec;
import elvis.ndl.model.MachineGroup;
import elvis.ndl.model.NdlSimulation;
import elvis.ndl.model.NetworkSpec;
import elvis.ndl.model.PartitionPin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Splits a description into partitions for a parallel run (docs/parallel.md, "How a run is partitioned").
 * The plan depends on the model and the partition count only.
 *
 * <ol>
 * <li>What must stay together is joined by union-find over machine instances and networks: a switched
 * network and its machines (its senders write its egress pipes inside their own events); a
 * point-to-point link whose lead ({@link LinkConfig#leadNs}) is not positive in both directions; a bridge
 * and its networks (one link layer); the routers of an AS with {@code igp='global'} (one computation over
 * them); the machines whose [Ipfw] uses dummynet pipes, queues or schedulers (one numbering for the whole
 * file, so shared); the machines a ModNet module is applied to (one module object). Partition overrides
 * ({@code partition='N'}) that these would join apart are refused. The sets are the <em>units</em>.</li>
 * <li>With [AS]es, each AS with everything joined to it is one unit (unless overrides pin its machines
 * apart). A unit weighs its machines plus their applications, and an AS also the frames its applications'
 * traffic is expected to make it carry ({@link TrafficEstimate}): transit ASes have few machines and much of the work.</li>
 * <li>The cuttable links between units are the edges. Leads are tried from the longest down: links shorter
 * than the lead tried are contracted (kept inside), and the first lead whose contracted units can be
 * balanced within the tolerance (5% by AS, 10% otherwise) is taken; the lookahead is then at least that.</li>
 * <li>The contracted units are placed: by AS, largest first onto the lightest partition; otherwise by
 * recursive bisection, each half grown breadth-first from a peripheral unit to its share of the weight and
 * refined by Fiduccia–Mattheyses moves (fewer links cut, balance kept). A last pass moves single units to
 * the partition most of their links lead to while the balance holds. Pinned units never move.</li>
 * </ol>
 */
public final class Partitioner {
    /** How far above the average weight a partition may be when the file has [AS]es, and otherwise. */
    static final double AS_TOLERANCE = 0.05, GRAPH_TOLERANCE = 0.10;

    /**
     * A split whose heaviest partition leaves less than this speed-up even with free synchronisation
     * (total work over the heaviest partition's) is not worth its windows: the run stays sequential.
     */
    static final double MIN_SPEEDUP = 1.25;
    /** Most lead thresholds tried after the first that looked feasible, each a full placement. */
    private static final int MAX_TRIES = 8;

    /** A plan, or the located errors of the overrides that prevent one. */
    public record Result(PartitionPlan plan, List<Diagnostic> errors) {
        public Result {
            errors = List.copyOf(errors);
        }

        public boolean ok() { return errors.isEmpty(); }
    }

    private final NdlSimulation model;
    private final int partitions;
    private final int groups, networks;
    private final int[] first;                   // per group, its first machine's element
    private final int machines;                  // elements 0..machines-1 are machine instances, then one per network
    private final int[] parent;
    private int[] pinnedBy;                      // per root: 1 + a group whose override pins its set, 0 when free; null without overrides
    private final PartitionPin[] groupPin;       // per group: its effective override, or null
    private final List<Diagnostic> errors = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();
    /** What joined machines other than their networks and links (shared pipes, modules, bridges, global routing), for the reason of a sequential run. */
    private final Set<String> keptTogetherBy = new java.util.LinkedHashSet<>();
    // Point-to-point links: their two ends (machine elements, -1 when absent) and the lead towards each.
    private final int[] endA, endB;
    private final long[] leadA, leadB;

    private Partitioner(NdlSimulation model, int partitions, int machines) {
        this.model = model;
        this.partitions = partitions;
        this.groups = model.machines().size();
        this.networks = model.networks().size();
        this.machines = machines;
        first = new int[groups];
        for (int g = 1; g < groups; g++) first[g] = first[g - 1] + (int) model.machines().get(g - 1).count();
        parent = new int[machines + networks];
        for (int e = 0; e < parent.length; e++) parent[e] = e;
        groupPin = new PartitionPin[groups];
        endA = new int[networks];
        endB = new int[networks];
        Arrays.fill(endA, -1);
        Arrays.fill(endB, -1);
        leadA = new long[networks];
        leadB = new long[networks];
    }

    /** The plan of {@code model} on {@code partitions} partitions (1 or more). */
    public static Result plan(NdlSimulation model, int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        long[] counts = model.machines().stream().mapToLong(MachineGroup::count).toArray();
        int networks = model.networks().size();
        if (partitions == 1) return new Result(PartitionPlan.sequential(counts, networks, null), List.of());
        for (NetworkSpec n : model.networks()) {
            if (n.tap() != null) return new Result(PartitionPlan.sequential(counts, networks, "network '" + n.id()
                    + "' is bridged to TAP device '" + n.tap().device() + "': live emulation runs on one kernel"), List.of());
        }
        if (model.globalRouting()) {
            return new Result(PartitionPlan.sequential(counts, networks, "routing='global' computes every route centrally over all the "
                    + "routers, again after each link event"), List.of());
        }
        long total = model.machineCount();
        if (total + networks >= Integer.MAX_VALUE / 2) {
            return new Result(PartitionPlan.sequential(counts, networks, String.format(Locale.ROOT, "%,d machines are more than one plan holds", total)), List.of());
        }
        return new Partitioner(model, partitions, (int) total).plan();
    }

    private Result plan() {
        pins();
        joinWhatMustStayTogether();
        if (!errors.isEmpty()) return new Result(null, errors);
        long[] counts = model.machines().stream().mapToLong(MachineGroup::count).toArray();
        Units units = units();
        if (units.count < 2) {
            return new Result(PartitionPlan.sequential(counts, networks, "everything is on one switched network or joined by zero-delay links"
                    + (keptTogetherBy.isEmpty() ? "" : " (or kept together by " + String.join(", ", keptTogetherBy) + ")")), List.of());
        }
        boolean byAs = !model.ases().isEmpty();
        int[] unitPart = place(units, byAs ? AS_TOLERANCE : GRAPH_TOLERANCE, byAs);
        if (pinnedBy == null) {             // overrides are the user's choice, kept even where they cannot pay
            double bound = 1 / (1 + imbalance(units.weight, unitPart, partitions)) * partitions;
            if (bound < MIN_SPEEDUP) {
                return new Result(PartitionPlan.sequential(counts, networks, String.format(Locale.ROOT,
                        "the best split leaves %.0f%% of the work (machines and their applications) in one partition, so a parallel run "
                                + "could be at most %.2fx as fast; pin machines with partition='N' to split it anyway",
                        100 / bound, bound)), List.of());
            }
        }
        return new Result(plan(units, unitPart, byAs ? "by AS" : "by graph partition"), List.of());
    }

    // ---- overrides ----

    /** Each group's override (its own, else its AS's), checked against the partition count, and pinned on its instances. */
    private void pins() {
        for (AsSpec as : model.ases()) {
            if (as.partition() != null && as.partition().partition() >= partitions) outOfRange(as.partition(), "AS " + as.asn());
            for (int g : as.groups()) groupPin[g] = as.partition();
        }
        for (int g = 0; g < groups; g++) {
            MachineGroup group = model.machines().get(g);
            if (group.partition() != null) {
                groupPin[g] = group.partition();
                if (group.partition().partition() >= partitions) outOfRange(group.partition(), "machine '" + group.name() + "'");
            }
            PartitionPin p = groupPin[g];
            if (p == null || p.partition() >= partitions) continue;
            if (pinnedBy == null) pinnedBy = new int[parent.length];
            for (long i = 0; i < group.count(); i++) pinnedBy[first[g] + (int) i] = g + 1;
        }
    }

    private void outOfRange(PartitionPin p, String what) {
        errors.add(new Diagnostic(Diagnostic.Severity.ERROR, p.pos(), what + " has partition='" + p.partition() + "', but the run has "
                + partitions + " partitions (0 to " + (partitions - 1) + ")"));
    }

    // ---- union-find ----

    /** The partition the set of root {@code r} is pinned to, or -1. */
    private int pin(int r) { return pinnedBy == null || pinnedBy[r] == 0 ? -1 : groupPin[pinnedBy[r] - 1].partition(); }

    private int find(int e) {
        while (parent[e] != e) {
            parent[e] = parent[parent[e]];
            e = parent[e];
        }
        return e;
    }

    /**
     * Joins the sets of {@code a} and {@code b}, which must run together {@code because}; when overrides pin them
     * to different partitions, that is an error at the later group's override, once per {@code what}.
     */
    private void join(int a, int b, String what, String because) {
        int ra = find(a), rb = find(b);
        if (ra == rb) return;
        if (pin(ra) >= 0 && pin(rb) >= 0 && pin(ra) != pin(rb)) {
            if (reported.add(what)) {
                int ga = pinnedBy[ra] - 1, gb = pinnedBy[rb] - 1;
                int later = groupPin[ga].pos().line() >= groupPin[gb].pos().line() ? ga : gb, earlier = later == ga ? gb : ga;
                errors.add(new Diagnostic(Diagnostic.Severity.ERROR, groupPin[later].pos(), "partition overrides split " + what + ": machine '"
                        + model.machines().get(earlier).name() + "' is in partition " + groupPin[earlier].partition() + " and '"
                        + model.machines().get(later).name() + "' in partition " + groupPin[later].partition() + ", but " + because));
            }
            return;
        }
        // The larger index joins the smaller: roots, and so units, keep the order of the file.
        int root = Math.min(ra, rb), child = Math.max(ra, rb);
        parent[child] = root;
        if (!what.startsWith("network '") && !what.startsWith("link '")) keptTogetherBy.add(what);
        if (pinnedBy != null && pinnedBy[root] == 0) pinnedBy[root] = pinnedBy[child];
    }

    private void joinWhatMustStayTogether() {
        boolean[] bridgeEnd = new boolean[networks];
        Map<String, Integer> moduleUser = new LinkedHashMap<>();    // module name -> first machine element applying it
        int dummynetUser = -1;
        for (int g = 0; g < groups; g++) {
            MachineGroup group = model.machines().get(g);
            for (long i = 1; i <= group.count(); i++) {
                int m = first[g] + (int) (i - 1);
                for (Attachment at : group.networks()) {
                    int n = at.network(i);
                    NetworkSpec net = model.networks().get(n);
                    if (net.link().type() == LinkSpec.NetworkType.SWITCHED) {
                        join(m, machines + n, "network '" + net.id() + "'", "a LAN and its machines run in one partition");
                        continue;
                    }
                    if (group.bridge()) bridgeEnd[n] = true;
                    long lead = at.port().orElse(net.link().config()).leadNs();   // the direction towards this machine
                    if (endA[n] < 0) { endA[n] = m; leadA[n] = lead; }
                    else if (endB[n] < 0) { endB[n] = m; leadB[n] = lead; }
                }
            }
            if (group.bridge()) {
                for (Attachment at : group.networks()) {
                    join(first[g], machines + at.network(), "bridge '" + group.name() + "'", "a bridge and its networks are one link layer, run in one partition");
                }
            }
            if (usesDummynet(group.ipfw())) {
                if (dummynetUser < 0) dummynetUser = first[g];
                for (long i = 0; i < group.count(); i++) join(dummynetUser, first[g] + (int) i, "the dummynet pipes",
                        "pipes, queues and schedulers of [Ipfw] lines are the simulation's, shared by every machine that uses them, so those machines run in one partition");
            }
            Set<String> modules = new java.util.TreeSet<>(group.modules());
            for (var app : group.applications()) modules.addAll(app.modules());
            for (String module : modules) {
                int user = moduleUser.getOrDefault(module, first[g]);
                moduleUser.putIfAbsent(module, user);
                for (long i = 0; i < group.count(); i++) join(user, first[g] + (int) i, "module '" + module + "'",
                        "a module is one object shared by the machines it is applied to, which run in one partition");
            }
        }
        for (int n = 0; n < networks; n++) {
            if (model.networks().get(n).link().type() != LinkSpec.NetworkType.P2P || endA[n] < 0) continue;
            String link = "link '" + model.networks().get(n).id() + "'";
            if (endB[n] < 0) join(endA[n], machines + n, link, "it has one end");
            else if (bridgeEnd[n]) join(endA[n], endB[n], link, "a bridge and its networks are one link layer, run in one partition");
            else if (leadA[n] <= 0 || leadB[n] <= 0) join(endA[n], endB[n], link, "it has no delay, so it cannot be cut");
        }
        for (AsSpec as : model.ases()) {
            if (!as.igp().equals("global")) continue;
            int router = -1;
            for (int g : as.groups()) {
                MachineGroup group = model.machines().get(g);
                if (!group.router()) continue;
                for (long i = 0; i < group.count(); i++) {
                    if (router < 0) router = first[g];
                    join(router, first[g] + (int) i, "AS " + as.asn(), "its igp='global' computes its routes over all its routers at once, so they run in one partition");
                }
            }
        }
    }

    /** Whether an [Ipfw] declares or sends to dummynet objects (pipes, queues, schedulers), which are the simulation's. */
    private static boolean usesDummynet(IpfwSpec ipfw) {
        if (ipfw == null) return false;
        for (IpfwSpec.Line line : ipfw.lines()) {
            for (String word : line.text().toLowerCase(Locale.ROOT).split("\\s+")) {
                if (word.equals("pipe") || word.equals("queue") || word.equals("sched")) return true;
            }
        }
        return false;
    }

    // ---- units ----

    /** The sets that must stay together, numbered in file order, with their weights, pins and the cuttable links between them. */
    private static final class Units {
        int count;
        int[] ofElement;          // per machine element: its unit
        long[] weight;            // machines plus applications
        int[] pin;                // -1: free
        // Cuttable links between different units.
        int edges;
        int[] from, to, link;
        long[] lead;
    }

    private Units units() {
        Units u = new Units();
        u.ofElement = new int[machines];
        long[] weight = new long[16];
        int[] unitPin = new int[16];
        for (int g = 0; g < groups; g++) {
            MachineGroup group = model.machines().get(g);
            long w = 1 + group.applications().size();
            for (long i = 0; i < group.count(); i++) {
                // A set's root is its smallest element, so it was numbered before any other of its machines.
                int m = first[g] + (int) i, r = find(m);
                if (r == m) {
                    if (u.count == weight.length) {
                        weight = Arrays.copyOf(weight, 2 * u.count);
                        unitPin = Arrays.copyOf(unitPin, 2 * u.count);
                    }
                    u.ofElement[m] = u.count;
                    unitPin[u.count++] = pin(r);
                } else {
                    u.ofElement[m] = u.ofElement[r];
                }
                weight[u.ofElement[m]] += w;
            }
        }
        u.weight = Arrays.copyOf(weight, u.count);
        u.pin = Arrays.copyOf(unitPin, u.count);
        if (!model.ases().isEmpty()) {
            asUnits(u);
            addTraffic(u);
        }
        List<int[]> es = new ArrayList<>();
        for (int n = 0; n < networks; n++) {
            if (endB[n] < 0 || model.networks().get(n).link().type() != LinkSpec.NetworkType.P2P) continue;
            int a = u.ofElement[endA[n]], b = u.ofElement[endB[n]];
            if (a != b) es.add(new int[] {a, b, n});
        }
        u.edges = es.size();
        u.from = new int[u.edges];
        u.to = new int[u.edges];
        u.link = new int[u.edges];
        u.lead = new long[u.edges];
        for (int e = 0; e < u.edges; e++) {
            int[] x = es.get(e);
            u.from[e] = x[0];
            u.to[e] = x[1];
            u.link[e] = x[2];
            u.lead[e] = Math.min(leadA[x[2]], leadB[x[2]]);
        }
        return u;
    }

    /**
     * By AS: every AS with the units its machines are in, and those of the machines of no AS at the far end of their links,
     * becomes one unit, unless overrides pin them apart. Peering links join no AS to another.
     */
    private void asUnits(Units u) {
        int[] up = new int[u.count];
        for (int k = 0; k < u.count; k++) up[k] = k;
        int[] upPin = u.pin.clone();
        boolean[] peering = new boolean[networks];
        for (var p : model.peerings()) peering[p.network()] = true;
        int[] groupAs = new int[groups];
        Arrays.fill(groupAs, -1);
        for (int a = 0; a < model.ases().size(); a++) for (int g : model.ases().get(a).groups()) groupAs[g] = a;
        for (AsSpec as : model.ases()) {
            int head = -1;
            for (int g : as.groups()) {
                for (long i = 0; i < model.machines().get(g).count(); i++) {
                    int k = u.ofElement[first[g] + (int) i];
                    if (head < 0) head = k;
                    else softJoin(up, upPin, head, k);
                }
            }
            // Machines of no AS at the far end of its machines' links (not peerings) are behind its routers too; its LANs joined theirs already.
            for (int g : as.groups()) {
                MachineGroup group = model.machines().get(g);
                for (long i = 1; i <= group.count(); i++) {
                    int m = first[g] + (int) (i - 1);
                    for (Attachment at : group.networks()) {
                        int n = at.network(i);
                        if (peering[n] || endB[n] < 0) continue;
                        int far = endA[n] == m ? endB[n] : endA[n];
                        if (groupAs[groupOf(far)] < 0) softJoin(up, upPin, head, u.ofElement[far]);
                    }
                }
            }
        }
        renumber(u, up, upPin);
    }

    /**
     * Adds to the units the frames their ASes are expected to carry ({@link TrafficEstimate}), each
     * AS's spread evenly over its machines (so over the units overrides split it into).
     */
    private void addTraffic(Units u) {
        double[] carried = TrafficEstimate.perAs(model);
        double[] extra = new double[u.count];
        for (int a = 0; a < carried.length; a++) {
            AsSpec as = model.ases().get(a);
            long machinesOfAs = as.groups().stream().mapToLong(g -> model.machines().get(g).count()).sum();
            if (carried[a] == 0 || machinesOfAs == 0) continue;
            double each = carried[a] / machinesOfAs;
            for (int g : as.groups()) {
                for (long i = 0; i < model.machines().get(g).count(); i++) extra[u.ofElement[first[g] + (int) i]] += each;
            }
        }
        for (int k = 0; k < u.count; k++) u.weight[k] += Math.round(extra[k]);
    }

    /** The group of machine element {@code m}. */
    private int groupOf(int m) {
        int at = Arrays.binarySearch(first, m);
        if (at >= 0) return at;
        return -at - 2;
    }

    private static int findIn(int[] up, int k) {
        while (up[k] != k) {
            up[k] = up[up[k]];
            k = up[k];
        }
        return k;
    }

    /** Joins two units where their pins agree; returns whether they are together now. */
    private static boolean softJoin(int[] up, int[] upPin, int a, int b) {
        int ra = findIn(up, a), rb = findIn(up, b);
        if (ra == rb) return true;
        if (upPin[ra] >= 0 && upPin[rb] >= 0 && upPin[ra] != upPin[rb]) return false;
        int root = Math.min(ra, rb), child = Math.max(ra, rb);
        up[child] = root;
        if (upPin[root] < 0) upPin[root] = upPin[child];
        return true;
    }

    /** Replaces {@code u}'s units by the sets of {@code up}, in order of their first unit. */
    private static void renumber(Units u, int[] up, int[] upPin) {
        int[] id = new int[u.count];
        Arrays.fill(id, -1);
        int n = 0;
        long[] w = new long[u.count];
        int[] p = new int[u.count];
        for (int k = 0; k < u.count; k++) {
            int r = findIn(up, k);
            if (id[r] < 0) { id[r] = n; p[n++] = upPin[r]; }
            w[id[r]] += u.weight[k];
        }
        for (int m = 0; m < u.ofElement.length; m++) u.ofElement[m] = id[findIn(up, u.ofElement[m])];
        u.count = n;
        u.weight = Arrays.copyOf(w, n);
        u.pin = Arrays.copyOf(p, n);
    }

    // ---- placement ----

    /** A graph of units for one lead threshold: units joined by the links shorter than it, and the links between them. */
    private static final class Graph {
        int n;
        int[] of;                 // per unit: its node
        long[] weight;
        int[] pin;
        int[] start, adj;         // CSR adjacency; parallel links repeat
    }

    private Graph contract(Units u, long threshold) {
        int[] up = new int[u.count];
        for (int k = 0; k < u.count; k++) up[k] = k;
        int[] upPin = u.pin.clone();
        for (int e = 0; e < u.edges; e++) if (u.lead[e] < threshold) softJoin(up, upPin, u.from[e], u.to[e]);
        Graph g = new Graph();
        g.of = new int[u.count];
        Arrays.fill(g.of, -1);
        long[] w = new long[u.count];
        int[] p = new int[u.count];
        int[] id = new int[u.count];
        Arrays.fill(id, -1);
        for (int k = 0; k < u.count; k++) {
            int r = findIn(up, k);
            if (id[r] < 0) { id[r] = g.n; p[g.n++] = upPin[r]; }
            g.of[k] = id[r];
            w[id[r]] += u.weight[k];
        }
        g.weight = Arrays.copyOf(w, g.n);
        g.pin = Arrays.copyOf(p, g.n);
        int[] degree = new int[g.n + 1];
        for (int e = 0; e < u.edges; e++) {
            int a = g.of[u.from[e]], b = g.of[u.to[e]];
            if (a != b) { degree[a + 1]++; degree[b + 1]++; }
        }
        for (int k = 0; k < g.n; k++) degree[k + 1] += degree[k];
        g.start = degree;
        g.adj = new int[degree[g.n]];
        int[] fill = Arrays.copyOf(degree, g.n);
        for (int e = 0; e < u.edges; e++) {
            int a = g.of[u.from[e]], b = g.of[u.to[e]];
            if (a != b) { g.adj[fill[a]++] = b; g.adj[fill[b]++] = a; }
        }
        return g;
    }

    /** Each unit's partition: the longest lead threshold that balances within {@code tolerance}, placed and refined. */
    private int[] place(Units u, double tolerance, boolean byAs) {
        long[] leads = Arrays.stream(u.lead).distinct().sorted().toArray();     // ascending
        // Thresholds from the longest lead down: a higher one contracts more. Binary search for the highest that balances by LPT.
        int lo = 0, hi = leads.length - 1, feasible = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Graph g = contract(u, leads[mid]);
            if (imbalance(g.weight, largestFirst(g), partitions) <= tolerance) { feasible = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        int[] best = null;
        double bestImbalance = Double.MAX_VALUE;
        for (int t = feasible, tries = 0; t >= 0 && tries < MAX_TRIES; t--, tries++) {
            Graph g = contract(u, leads.length == 0 ? Long.MAX_VALUE : leads[t]);
            int[] part = byAs ? largestFirst(g) : bisections(g, tolerance);
            refine(g, part, tolerance);
            double imbalance = imbalance(g.weight, part, partitions);
            if (imbalance < bestImbalance) {
                bestImbalance = imbalance;
                best = new int[u.count];
                for (int k = 0; k < u.count; k++) best[k] = part[g.of[k]];
            }
            if (imbalance <= tolerance) break;
        }
        if (Arrays.stream(u.pin).allMatch(p -> p < 0)) numberInFileOrder(best);
        return best;
    }

    /** Renumbers the partitions in the order of their first units, so that the file's first machine is in partition 0 and empty partitions come last. */
    private void numberInFileOrder(int[] part) {
        int[] label = new int[partitions];
        Arrays.fill(label, -1);
        int next = 0;
        for (int p : part) if (label[p] < 0) label[p] = next++;
        for (int p = 0; p < partitions; p++) if (label[p] < 0) label[p] = next++;
        for (int k = 0; k < part.length; k++) part[k] = label[part[k]];
    }

    /** How far the heaviest partition is above the average: 0 is perfect. */
    private static double imbalance(long[] weight, int[] part, int partitions) {
        long[] load = new long[partitions];
        long total = 0;
        for (int k = 0; k < weight.length; k++) { load[part[k]] += weight[k]; total += weight[k]; }
        long max = Arrays.stream(load).max().orElse(0);
        return total == 0 ? 0 : max * (double) partitions / total - 1;
    }

    /** Pinned nodes where they are pinned, then the others from the heaviest down, each onto the lightest partition. */
    private int[] largestFirst(Graph g) {
        int[] part = new int[g.n];
        long[] load = new long[partitions];
        List<Integer> free = new ArrayList<>();
        for (int k = 0; k < g.n; k++) {
            if (g.pin[k] >= 0) { part[k] = g.pin[k]; load[g.pin[k]] += g.weight[k]; }
            else free.add(k);
        }
        free.sort((a, b) -> g.weight[a] != g.weight[b] ? Long.compare(g.weight[b], g.weight[a]) : Integer.compare(a, b));
        for (int k : free) {
            int p = 0;
            for (int q = 1; q < partitions; q++) if (load[q] < load[p]) p = q;
            part[k] = p;
            load[p] += g.weight[k];
        }
        return part;
    }

    /** Recursive bisection: partitions [0, partitions) split in halves, each half's share of the nodes grown breadth-first and refined. */
    private int[] bisections(Graph g, double tolerance) {
        int[] part = new int[g.n];
        int[] nodes = new int[g.n];
        for (int k = 0; k < g.n; k++) nodes[k] = k;
        int[] side = new int[g.n];
        Arrays.fill(side, -1);
        bisect(g, nodes, 0, partitions, part, side, tolerance);
        return part;
    }

    /** Places {@code nodes} on partitions [lo, hi); {@code side} is scratch (-1 outside the nodes being split). */
    private void bisect(Graph g, int[] nodes, int lo, int hi, int[] part, int[] side, double tolerance) {
        if (hi - lo == 1 || nodes.length == 0) {
            for (int k : nodes) part[k] = lo;
            return;
        }
        int mid = lo + (hi - lo) / 2;
        long total = 0, pinnedA = 0;
        for (int k : nodes) total += g.weight[k];
        long target = Math.round(total * (double) (mid - lo) / (hi - lo));
        // 0 and 1 are the two halves; nodes pinned to a half start there and stay.
        for (int k : nodes) side[k] = g.pin[k] < 0 ? 2 : g.pin[k] < mid ? 0 : 1;
        for (int k : nodes) if (side[k] == 0) pinnedA += g.weight[k];
        long weightA = grow(g, nodes, side, pinnedA, target);
        for (int k : nodes) if (side[k] == 2) side[k] = 1;
        long slack = Math.round(total * tolerance / (hi - lo));
        fiducciaMattheyses(g, nodes, side, weightA, Math.max(target + slack, weightA), Math.max(total - target + slack, total - weightA));
        int na = 0;
        for (int k : nodes) if (side[k] == 0) na++;
        int[] a = new int[na], b = new int[nodes.length - na];
        int ia = 0, ib = 0;
        for (int k : nodes) { if (side[k] == 0) a[ia++] = k; else b[ib++] = k; }
        for (int k : nodes) side[k] = -1;
        bisect(g, a, lo, mid, part, side, tolerance);
        bisect(g, b, mid, hi, part, side, tolerance);
    }

    /**
     * Grows half 0 breadth-first until it weighs {@code target}: from its pinned nodes, else from a peripheral node (the last a
     * breadth-first search from the first free node reaches); a new search starts from the next free node when one runs dry.
     * Returns half 0's weight.
     */
    private static long grow(Graph g, int[] nodes, int[] side, long weightA, long target) {
        int[] queue = new int[nodes.length];
        int head = 0, tail = 0;
        for (int k : nodes) if (side[k] == 0) queue[tail++] = k;
        int next = 0;                                      // where to look for a new start in nodes
        boolean[] queued = new boolean[g.n];
        for (int i = 0; i < tail; i++) queued[queue[i]] = true;
        while (weightA < target) {
            if (head == tail) {
                while (next < nodes.length && (side[nodes[next]] != 2 || queued[nodes[next]])) next++;
                if (next == nodes.length) break;
                int start = tail == 0 ? peripheral(g, nodes[next], side) : nodes[next];
                queue[tail++] = start;
                queued[start] = true;
            }
            int k = queue[head++];
            // A node that would overshoot the target by more than half 0 now lacks stays out, and is not grown from.
            if (side[k] == 2 && weightA + g.weight[k] - target <= target - weightA) {
                side[k] = 0;
                weightA += g.weight[k];
            }
            if (side[k] != 0) continue;
            for (int e = g.start[k]; e < g.start[k + 1]; e++) {
                int v = g.adj[e];
                if (side[v] == 2 && !queued[v]) { queued[v] = true; queue[tail++] = v; }
            }
        }
        return weightA;
    }

    /** The last free node a breadth-first search from {@code from} reaches: a start at the edge of its component. */
    private static int peripheral(Graph g, int from, int[] side) {
        Map<Integer, Boolean> seen = new java.util.HashMap<>();
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        queue.add(from);
        seen.put(from, true);
        int last = from;
        while (!queue.isEmpty()) {
            int k = queue.poll();
            last = k;
            for (int e = g.start[k]; e < g.start[k + 1]; e++) {
                int v = g.adj[e];
                if (side[v] == 2 && seen.putIfAbsent(v, true) == null) queue.add(v);
            }
        }
        return last;
    }

    /**
     * Fiduccia–Mattheyses passes over a bisection: moves free nodes one at a time, best gain (links uncut minus links cut)
     * first, each once a pass, keeping each half under its maximum weight; keeps the best prefix of each pass.
     */
    private static void fiducciaMattheyses(Graph g, int[] nodes, int[] side, long weightA, long maxA, long maxB) {
        long total = 0;
        for (int k : nodes) total += g.weight[k];
        int[] gain = new int[g.n];
        boolean[] moved = new boolean[g.n];
        for (int pass = 0; pass < 8; pass++) {
            PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(y[0], x[0]) : Long.compare(x[1], y[1]));
            for (int k : nodes) {
                moved[k] = false;
                gain[k] = gainOf(g, side, k);
                if (g.pin[k] < 0) queue.add(new long[] {gain[k], k});
            }
            int[] log = new int[nodes.length];
            int moves = 0, bestMoves = 0;
            long cutChange = 0, bestChange = 0;
            long wa = weightA;
            while (!queue.isEmpty() && moves - bestMoves < 64) {
                long[] top = queue.poll();
                int k = (int) top[1];
                if (moved[k] || top[0] != gain[k]) continue;
                long w = g.weight[k];
                if (side[k] == 0 ? total - wa + w > maxB : wa + w > maxA) continue;
                moved[k] = true;
                side[k] ^= 1;
                wa += side[k] == 0 ? w : -w;
                cutChange -= gain[k];
                log[moves++] = k;
                if (cutChange < bestChange) { bestChange = cutChange; bestMoves = moves; }
                for (int e = g.start[k]; e < g.start[k + 1]; e++) {
                    int v = g.adj[e];
                    if (side[v] < 0 || moved[v] || g.pin[v] >= 0) continue;
                    gain[v] = gainOf(g, side, v);
                    queue.add(new long[] {gain[v], v});
                }
            }
            for (int i = moves - 1; i >= bestMoves; i--) {
                int k = log[i];
                side[k] ^= 1;
                wa += side[k] == 0 ? g.weight[k] : -g.weight[k];
            }
            weightA = wa;
            if (bestMoves == 0) break;
        }
    }

    /** Links of {@code k} to the other half minus links within its own (ignoring nodes outside the split). */
    private static int gainOf(Graph g, int[] side, int k) {
        int gain = 0;
        for (int e = g.start[k]; e < g.start[k + 1]; e++) {
            int s = side[g.adj[e]];
            if (s < 0) continue;
            gain += s == side[k] ? -1 : 1;
        }
        return gain;
    }

    /**
     * Moves free nodes, one at a time in order, to the partition most of their links lead to when that cuts fewer links and
     * keeps that partition under the tolerance (or under the heaviest partition's weight, when that is above it already).
     */
    private void refine(Graph g, int[] part, double tolerance) {
        long[] load = new long[partitions];
        long total = 0;
        for (int k = 0; k < g.n; k++) { load[part[k]] += g.weight[k]; total += g.weight[k]; }
        long limit = Math.max((long) Math.floor(total * (1 + tolerance) / partitions), Arrays.stream(load).max().orElse(0));
        int[] links = new int[partitions];
        for (int pass = 0; pass < 8; pass++) {
            boolean changed = false;
            for (int k = 0; k < g.n; k++) {
                if (g.pin[k] >= 0) continue;
                for (int e = g.start[k]; e < g.start[k + 1]; e++) links[part[g.adj[e]]]++;
                int own = part[k], best = own;
                for (int p = 0; p < partitions; p++) {
                    if (links[p] > links[best] && load[p] + g.weight[k] <= limit) best = p;
                }
                for (int e = g.start[k]; e < g.start[k + 1]; e++) links[part[g.adj[e]]] = 0;
                if (best != own) {
                    load[own] -= g.weight[k];
                    load[best] += g.weight[k];
                    part[k] = best;
                    changed = true;
                }
            }
            if (!changed) break;
        }
    }

    // ---- the plan ----

    private PartitionPlan plan(Units u, int[] unitPart, String basis) {
        int[][] m = new int[groups][];
        for (int g = 0; g < groups; g++) {
            m[g] = new int[(int) model.machines().get(g).count()];
            for (int i = 0; i < m[g].length; i++) m[g][i] = unitPart[u.ofElement[first[g] + i]];
        }
        int[] nets = new int[networks];
        long lookahead = Long.MAX_VALUE;
        for (int n = 0; n < networks; n++) {
            if (model.networks().get(n).link().type() == LinkSpec.NetworkType.P2P && endB[n] >= 0) {
                int a = unitPart[u.ofElement[endA[n]]], b = unitPart[u.ofElement[endB[n]]];
                nets[n] = a == b ? a : PartitionPlan.CUT;
                if (a != b) lookahead = Math.min(lookahead, Math.min(leadA[n], leadB[n]));
            } else {
                int r = find(machines + n);
                nets[n] = r < machines ? unitPart[u.ofElement[r]] : 0;    // a network without machines runs in partition 0
            }
        }
        return new PartitionPlan(partitions, m, nets, lookahead, null, basis);
    }
}
