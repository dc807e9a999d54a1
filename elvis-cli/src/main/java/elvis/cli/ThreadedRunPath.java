package elvis.cli;

import elvis.app.ApplicationRegistry;
import elvis.machine.Machine;
import elvis.ndl.SimulationBuilder;
import elvis.ndl.SimulationBuilder.Built;
import elvis.ndl.model.NdlSimulation;
import elvis.parallel.PartitionRunner;
import elvis.parallel.ThreadedRun;
import elvis.partition.PartitionPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * {@code elvis run --threads N}: the partitions of a plan built in this process, run on a thread each
 * ({@link ThreadedRun}), and their results merged into the sequential run's report. Each partition's
 * facts are serialized as a process of an MPI run would send them ({@link RunFacts#toBytes}).
 */
final class ThreadedRunPath {
    private final NdlSimulation model;
    private final PartitionPlan plan;
    private final List<Built> parts;
    private volatile ThreadedRun run;
    private volatile boolean stopped;
    private List<PartitionRunner.Outcome> outcomes;

    private ThreadedRunPath(NdlSimulation model, PartitionPlan plan, List<Built> parts) {
        this.model = model;
        this.plan = plan;
        this.parts = parts;
    }

    /** Builds every partition of {@code plan}, checking {@code stop} before each machine. */
    static ThreadedRunPath build(NdlSimulation model, PartitionPlan plan, BooleanSupplier stop)
            throws SimulationBuilder.BuildException, SimulationBuilder.Stopped {
        int[] all = IntStream.range(0, plan.partitions()).toArray();
        return new ThreadedRunPath(model, plan, SimulationBuilder.build(model, ApplicationRegistry.load(), stop, plan, all));
    }

    List<Built> partitions() { return parts; }

    /**
     * Runs to {@code until} (Long.MAX_VALUE: until no event is left anywhere), telling {@code progress}
     * (may be null) at each window's end; then shuts every partition down.
     */
    void run(long until, PartitionRunner.WindowListener progress) throws InterruptedException {
        ThreadedRun r = new ThreadedRun(parts.stream().map(Built::simulation).toList(), until);
        if (progress != null) r.onWindow(progress);
        run = r;
        if (stopped) r.stop();                          // a signal came while it was being set up
        try {
            outcomes = r.run();
        } finally {
            for (Built b : parts) b.simulation().shutdown();
        }
    }

    /** Asks the run to stop at the end of its current window (any thread: the signal handler's). */
    void stop() {
        stopped = true;
        ThreadedRun r = run;
        if (r != null) r.stop();
    }

    /** The simulated time the run ended at. */
    long endNs() { return outcomes.getFirst().endTime(); }

    /** The report of the run: the partitions' facts merged, as partition 0 of an MPI run merges what it gathered. */
    RunReport report(String file, double wallSeconds, List<String> pcapFiles, boolean interrupted) {
        List<byte[]> partials = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            Built b = parts.get(p);
            PartitionRunner.Outcome o = outcomes.get(p);
            partials.add(RunFacts.of(b, b.ownEvents(o.events(), o.endTime()), o.endTime()).toBytes());
        }
        RunFacts facts = RunFacts.merge(partials.stream().map(RunFacts::fromBytes).toList());
        RunReport report = RunReport.merged(file, model, facts, RunReport.stretch(facts, machines()), wallSeconds, pcapFiles, interrupted);
        report.parallel(plan, outcomes.getFirst().windows(), Map.of());
        return report;
    }

    /** Every machine of every partition, in the order a whole build makes them. */
    List<Machine> machines() {
        List<Machine> all = new ArrayList<>();
        for (int g = 0; g < model.machines().size(); g++) {
            long count = model.machines().get(g).count();
            int[] next = new int[parts.size()];
            for (long i = 1; i <= count; i++) {
                int p = plan.partition(g, i);
                all.add(parts.get(p).machines(g).get(next[p]++));
            }
        }
        return all;
    }
}
