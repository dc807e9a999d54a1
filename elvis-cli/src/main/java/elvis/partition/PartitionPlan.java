package elvis.partition;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which partition runs each machine and each network of a description, and the lookahead its cut
 * links give. A switched network and every machine on it are in one partition; only a
 * point-to-point link with a positive delay may be cut ({@link #CUT}), each end in its partition.
 * Made by {@link Partitioner}; a plan of one partition is a sequential run, and
 * {@link #sequentialBecause} says why when more were asked for.
 */
public final class PartitionPlan {
    /** The partition of a point-to-point link cut between the partitions of its two ends. */
    public static final int CUT = -1;

    private final int partitions;
    private final int[][] machines;          // [group][instance - 1]
    private final int[] networks;            // per network of the description: its partition, or CUT
    private final long lookaheadNs;          // the smallest lead of a cut link; Long.MAX_VALUE without cuts
    private final String sequentialBecause;  // why a run asked to be parallel is not; null when it is
    private final String basis;              // how the machines were split ("by AS"), for describe(); "" when unsaid

    public PartitionPlan(int partitions, int[][] machines, int[] networks, long lookaheadNs, String sequentialBecause) {
        this(partitions, machines, networks, lookaheadNs, sequentialBecause, "");
    }

    /** {@code basis}: how the machines were split, as {@link #describe} words it ("by AS", "by graph partition"). */
    public PartitionPlan(int partitions, int[][] machines, int[] networks, long lookaheadNs, String sequentialBecause, String basis) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        this.partitions = partitions;
        this.machines = machines;
        this.networks = networks;
        this.lookaheadNs = lookaheadNs;
        this.sequentialBecause = sequentialBecause;
        this.basis = basis;
    }

    /** Everything in partition 0: a sequential run, for {@code because} (null when one partition was asked for). */
    public static PartitionPlan sequential(long[] groupCounts, int networkCount, String because) {
        int[][] m = new int[groupCounts.length][];
        for (int g = 0; g < m.length; g++) m[g] = new int[Math.toIntExact(groupCounts[g])];
        return new PartitionPlan(1, m, new int[networkCount], Long.MAX_VALUE, because);
    }

    public int partitions() { return partitions; }

    /** The partition of instance {@code instance} (1-based) of machine group {@code group}. */
    public int partition(int group, long instance) { return machines[group][(int) (instance - 1)]; }

    /** The partition of network {@code network}, or {@link #CUT}. */
    public int networkPartition(int network) { return networks[network]; }

    public boolean isCut(int network) { return networks[network] == CUT; }

    /** The window length of the run: the smallest lead of a cut link (Long.MAX_VALUE with one partition). */
    public long lookaheadNs() { return lookaheadNs; }

    /** Why the run is sequential although partitions were asked for; empty when it is parallel or one was asked for. */
    public Optional<String> sequentialBecause() { return Optional.ofNullable(sequentialBecause); }

    /** Machines per partition. */
    public long[] machineCounts() {
        long[] c = new long[partitions];
        for (int[] g : machines) for (int p : g) c[p]++;
        return c;
    }

    /** Networks cut between partitions. */
    public int cutLinks() { return (int) Arrays.stream(networks).filter(p -> p == CUT).count(); }

    /**
     * The plan in a line for the command line: "4 partitions by AS: 25,012 / 24,990 / 25,003 / 24,995 machines;
     * 37 links cut; lookahead 10 ms", or "sequential: " and the reason.
     */
    public String describe() {
        if (partitions == 1) return "sequential" + (sequentialBecause == null ? "" : ": " + sequentialBecause);
        StringBuilder b = new StringBuilder().append(partitions).append(" partitions").append(basis.isEmpty() ? "" : " " + basis).append(": ");
        long[] counts = machineCounts();
        for (int p = 0; p < counts.length; p++) b.append(p == 0 ? "" : " / ").append(String.format(java.util.Locale.ROOT, "%,d", counts[p]));
        int cut = cutLinks();
        b.append(" machines; ").append(String.format(java.util.Locale.ROOT, "%,d", cut)).append(cut == 1 ? " link cut" : " links cut");
        b.append(cut == 0 ? "; nothing crosses between them" : "; lookahead " + duration(lookaheadNs));
        return b.toString();
    }

    /** A lead as people read it: "10 ms", "1.5 ms", "250 µs", "80 ns" (to three decimals of its unit). */
    static String duration(long ns) {
        if (ns >= 1_000_000_000L) return decimal(ns, 1_000_000_000L) + " s";
        if (ns >= 1_000_000) return decimal(ns, 1_000_000) + " ms";
        if (ns >= 1_000) return decimal(ns, 1_000) + " µs";
        return ns + " ns";
    }

    private static String decimal(long ns, long unit) {
        return java.math.BigDecimal.valueOf(ns).divide(java.math.BigDecimal.valueOf(unit), 3, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros().toPlainString();
    }
}
