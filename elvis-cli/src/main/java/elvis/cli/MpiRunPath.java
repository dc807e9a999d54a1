package elvis.cli;

import elvis.Simulation;
import elvis.app.ApplicationRegistry;
import elvis.mpi.MpiExchange;
import elvis.machine.Machine;
import elvis.ndl.SimulationBuilder;
import elvis.ndl.SimulationBuilder.Built;
import elvis.ndl.model.NdlSimulation;
import elvis.parallel.PartitionRunner;
import elvis.partition.PartitionPlan;
import elvis.routing.PathStretch;
import elvis.sim.trace.Glob;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code mpirun -np K elvis run --mpi FILE}: this process is rank r of the MPI job and builds and runs
 * only partition r of the plan for K partitions ({@link SimulationBuilder#build} of that one
 * partition), over {@link MpiExchange}. At the end each rank's facts ({@link RunFacts#toBytes}) are
 * gathered at rank 0, which merges them into the sequential run's report as a threaded run does.
 * A rank of a plan with fewer partitions than ranks (a file that runs sequentially) runs an empty
 * partition: it only takes part in the windows.
 */
final class MpiRunPath {
    private final MpiExchange exchange;
    private final NdlSimulation model;
    private final PartitionPlan plan;
    private final Built part;                   // null: the plan has no partition for this rank
    private final Simulation sim;
    private volatile PartitionRunner runner;
    private volatile boolean stopped;
    private PartitionRunner.Outcome outcome;

    private MpiRunPath(MpiExchange exchange, NdlSimulation model, PartitionPlan plan, Built part) {
        this.exchange = exchange;
        this.model = model;
        this.plan = plan;
        this.part = part;
        this.sim = part != null ? part.simulation() : new Simulation(model.seed().orElse(SimulationBuilder.DEFAULT_SEED));
    }

    /** Why this process cannot run as a rank of an MPI run, with what to do; null when it can. */
    static String unavailable() {
        String why = MpiExchange.unavailable();
        return why == null ? null : why + ". Start it as mpirun -np K elvis run --mpi FILE (docs/parallel.md, Running on MPI)";
    }

    /** Builds this rank's partition of {@code plan}, checking {@code stop} before each machine. */
    static MpiRunPath build(MpiExchange exchange, NdlSimulation model, PartitionPlan plan, BooleanSupplier stop)
            throws SimulationBuilder.BuildException, SimulationBuilder.Stopped {
        int rank = exchange.partition();
        Built part = rank < plan.partitions()
                ? SimulationBuilder.build(model, ApplicationRegistry.load(), stop, plan, new int[] {rank}).getFirst()
                : null;
        return new MpiRunPath(exchange, model, plan, part);
    }

    int rank() { return exchange.partition(); }

    /** This rank's partition, as a list: empty when the plan has none for it. */
    List<Built> partitions() { return part == null ? List.of() : List.of(part); }

    /**
     * The first of {@code traces} that matches no trace source of any rank's partition, or null; every
     * rank gets the same answer (an allgather of which patterns match here).
     */
    Glob unmatched(List<Glob> traces) {
        if (traces.isEmpty()) return null;
        List<String> families = PartitionCaptures.families(partitions());
        long[] here = new long[traces.size()];
        for (int i = 0; i < here.length; i++) here[i] = families.stream().anyMatch(traces.get(i)::overlaps) ? 1 : 0;
        long[][] all = exchange.allGather(here);
        for (int i = 0; i < here.length; i++) {
            boolean somewhere = false;
            for (long[] rank : all) somewhere |= rank[i] != 0;
            if (!somewhere) return traces.get(i);
        }
        return null;
    }

    /**
     * Gathers every rank's captures and trace ({@link PartitionCaptures#close}'s records of its
     * partition) at rank 0, which writes them into the sequential run's files; true there.
     */
    boolean writeCaptures(List<byte[]> mine) throws java.io.IOException {
        byte[][] all = exchange.gather(mine.isEmpty() ? new byte[0] : mine.getFirst());
        if (all == null) return false;
        List<byte[]> parts = new ArrayList<>();
        for (byte[] b : all) if (b.length > 0) parts.add(b);
        PartitionCaptures.merge(parts);
        return true;
    }

    /** Runs to {@code until} with every other rank, telling {@code progress} (rank 0's; may be null) at each window's end. */
    void run(long until, PartitionRunner.WindowListener progress) {
        PartitionRunner r = new PartitionRunner(sim, exchange, until);
        if (progress != null && rank() == 0) r.onWindow(progress);
        runner = r;
        if (stopped) r.stop();
        try {
            outcome = r.run();
        } finally {
            sim.shutdown();
        }
    }

    /** Asks every rank to stop at the end of the current window (the signal handler's thread). */
    void stop() {
        stopped = true;
        PartitionRunner r = runner;
        if (r != null) r.stop();
    }

    /**
     * Gathers every rank's facts at rank 0 and returns the merged report there; null on the other
     * ranks. When anything routed, every rank then takes part in measuring the path stretch over all
     * the ranks' machines ({@link PathStretch#measure(elvis.parallel.Exchange, List, int[], int)}).
     */
    RunReport report(String file, double wallSeconds, List<String> pcapFiles, boolean interrupted) {
        RunFacts mine = part == null ? null : RunFacts.of(part, part.ownEvents(outcome.events(), outcome.endTime()), outcome.endTime());
        byte[][] all = exchange.gather(mine == null ? new byte[0] : mine.toBytes());
        RunFacts facts = null;
        if (all != null) {
            List<RunFacts> partials = new ArrayList<>();
            for (byte[] b : all) if (b.length > 0) partials.add(RunFacts.fromBytes(b));
            facts = RunFacts.merge(partials);
        }
        boolean routed = exchange.allGather(new long[] {facts != null && facts.routed() ? 1 : 0})[0][0] != 0;
        PathStretch.Result stretch = null;
        if (routed) {
            List<Machine> machines = new ArrayList<>();
            int[] places = places(model, plan, rank(), part, machines);
            stretch = PathStretch.measure(exchange, machines, places, RunReport.STRETCH_SAMPLE);
        }
        if (facts == null) return null;
        RunReport report = RunReport.merged(file, model, facts, stretch, wallSeconds, pcapFiles, interrupted);
        report.parallel(plan, outcome.windows(), Map.of("mpi_ranks", exchange.partitions()));
        return report;
    }

    /**
     * Adds partition {@code partition}'s machines ({@code part}'s; null when it has none) to {@code machines}
     * in build order and returns their places in the whole build's machine order.
     */
    static int[] places(NdlSimulation model, PartitionPlan plan, int partition, Built part, List<Machine> machines) {
        List<Integer> places = new ArrayList<>();
        int place = 0;
        for (int g = 0; g < model.machines().size(); g++) {
            long count = model.machines().get(g).count();
            int next = 0;
            for (long i = 1; i <= count; i++, place++) {
                if (plan.partition(g, i) != partition) continue;
                machines.add(part.machines(g).get(next++));
                places.add(place);
            }
        }
        return places.stream().mapToInt(Integer::intValue).toArray();
    }
}
