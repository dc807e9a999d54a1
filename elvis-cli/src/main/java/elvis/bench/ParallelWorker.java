package elvis.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.Simulation;
import elvis.app.ApplicationRegistry;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.ndl.Ndl;
import elvis.ndl.NdlResult;
import elvis.ndl.SimulationBuilder;
import elvis.mpi.MpiExchange;
import elvis.ndl.model.NdlSimulation;
import elvis.parallel.PartitionRunner;
import elvis.parallel.InProcessExchange;
import elvis.parallel.ThreadedRun;
import elvis.partition.PartitionPlan;
import elvis.partition.Partitioner;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One mode of {@code elvis bench parallel} in its own JVM (under mpirun, one per rank), so that its
 * heap is measured alone: builds the description, measures the heap in use after a full collection,
 * runs it to its end and prints one JSON object per process with the figures and what the run
 * produced (events, frames delivered, goals met), which the bench compares across modes.
 * Usage: ParallelWorker sequential FILE | ParallelWorker threads N FILE | mpirun -np K … ParallelWorker mpi FILE
 */
public final class ParallelWorker {
    private static long[] gcAtStart;

    private ParallelWorker() { }

    /** The run starts: the collections so far (the build's, the measurement's) are not the run's. */
    private static long startRun() {
        gcAtStart = collections();
        return System.nanoTime();
    }

    /** Milliseconds spent in collections and how many, since the JVM started. */
    private static long[] collections() {
        long ms = 0, count = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += gc.getCollectionTime();
            count += gc.getCollectionCount();
        }
        return new long[] {ms, count};
    }

    public static void main(String[] args) throws Exception {
        HeapPeak peak = HeapPeak.start();
        String mode = args[0];
        Path file = Path.of(args[args.length - 1]);
        long heapBefore = ScaleWorker.usedHeapAfterGc();
        long t0 = System.nanoTime();
        NdlResult parsed = Ndl.read(file, ApplicationRegistry.load());
        if (!parsed.ok()) throw new IllegalStateException(parsed.render());
        NdlSimulation model = parsed.simulation().orElseThrow();
        long end = model.endNanos().orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", mode);
        switch (mode) {
            case "sequential" -> {
                SimulationBuilder.Built built = SimulationBuilder.build(model, ApplicationRegistry.load());
                long t1 = System.nanoTime();
                long heapBuilt = ScaleWorker.usedHeapAfterGc() - heapBefore;
                long t2 = startRun();
                Simulation sim = built.simulation();
                sim.runUntil(end);
                long t3 = System.nanoTime();
                times(out, 0, t0, t1, t2, t3, heapBuilt, peak);
                out.put("events", List.of(sim.kernel().eventsDispatched()));
                out.put("windows", 0);
                out.put("lookahead_ns", null);
                out.put("wait_seconds", List.of(0.0));
                results(out, List.of(sim));
            }
            case "threads" -> {
                int n = Integer.parseInt(args[1]);
                PartitionPlan plan = plan(model, n, true);
                List<SimulationBuilder.Built> parts = SimulationBuilder.build(model, ApplicationRegistry.load(), () -> false, plan, range(n));
                long t1 = System.nanoTime();
                long heapBuilt = ScaleWorker.usedHeapAfterGc() - heapBefore;
                long t2 = startRun();
                List<TimedExchange> exchanges = InProcessExchange.group(n).stream().map(TimedExchange::new).toList();
                for (int p = 0; p < n; p++) exchanges.get(p).countEvents(parts.get(p).simulation().kernel()::eventsDispatched);
                List<PartitionRunner.Outcome> outcomes = threads(parts, exchanges, end);
                long t3 = System.nanoTime();
                times(out, 0, t0, t1, t2, t3, heapBuilt, peak);
                outcomes(out, parts, outcomes, exchanges);
                out.put("window_balance", windowBalance(exchanges));
                results(out, parts.stream().map(SimulationBuilder.Built::simulation).toList());
            }
            case "mpi" -> {
                try (TimedExchange exchange = new TimedExchange(MpiExchange.start())) {
                    int rank = exchange.partition();
                    PartitionPlan plan = plan(model, exchange.partitions(), rank == 0);
                    SimulationBuilder.Built part = SimulationBuilder.build(model, ApplicationRegistry.load(), () -> false, plan, new int[] {rank}).getFirst();
                    long t1 = System.nanoTime();
                    long heapBuilt = ScaleWorker.usedHeapAfterGc() - heapBefore;
                    exchange.allGather(new long[1]);           // every rank starts the run together
                    long t2 = startRun();
                    PartitionRunner.Outcome outcome = new PartitionRunner(part.simulation(), exchange, end).run();
                    long t3 = System.nanoTime();
                    times(out, rank, t0, t1, t2, t3, heapBuilt, peak);
                    outcomes(out, List.of(part), List.of(outcome), List.of(exchange));
                    results(out, List.of(part.simulation()));
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        long[] gc = collections();
        out.put("gc_seconds", (gc[0] - gcAtStart[0]) / 1e3);     // during the run
        out.put("gc_count", gc[1] - gcAtStart[1]);
        System.out.println(new ObjectMapper().writeValueAsString(out));
    }

    /** What every mode reports of its process: its partition, build and run times (t0 to t1, t2 to t3), heap once built and at its peak. */
    private static void times(Map<String, Object> out, int partition, long t0, long t1, long t2, long t3, long heapBuilt, HeapPeak peak) {
        out.put("partition", partition);
        out.put("build_seconds", (t1 - t0) / 1e9);
        out.put("run_seconds", (t3 - t2) / 1e9);
        out.put("heap_bytes_built", heapBuilt);
        out.put("heap_bytes_peak", peak.peak());
    }

    /** The plan the command line makes for {@code n} partitions; a plan that stays sequential fails the mode. */
    static PartitionPlan plan(NdlSimulation model, int n, boolean print) {
        Partitioner.Result r = Partitioner.plan(model, n);
        if (!r.ok()) throw new IllegalStateException("no plan: " + r.errors());
        PartitionPlan plan = r.plan();
        if (plan.partitions() != n) throw new IllegalStateException("the run stays sequential: " + plan.sequentialBecause().orElse("?"));
        if (print) System.err.println(plan.describe());
        return plan;
    }

    private static int[] range(int n) {
        int[] all = new int[n];
        for (int p = 0; p < n; p++) all[p] = p;
        return all;
    }

    /**
     * The speed-up the partitions' work allows if everything else were free: a window lasts as long as
     * its busiest partition, so it is the events of all windows over the sum of each window's largest
     * partition (events stand for work). Below the partitions' count by the imbalance of each window,
     * not only of the totals.
     */
    private static double windowBalance(List<TimedExchange> exchanges) {
        List<long[]> ends = exchanges.stream().map(TimedExchange::eventsAtWindowEnds).toList();
        long all = 0, busiest = 0;
        for (int w = 0; w < ends.getFirst().length; w++) {
            long most = 0;
            for (long[] e : ends) {
                long n = e[w] - (w == 0 ? 0 : e[w - 1]);
                all += n;
                most = Math.max(most, n);
            }
            busiest += most;
        }
        return busiest == 0 ? 1 : (double) all / busiest;
    }

    /**
     * Runs the partitions on a thread each, as {@link ThreadedRun} does, but over transports that time
     * the collectives; the first failure is thrown.
     */
    private static List<PartitionRunner.Outcome> threads(List<SimulationBuilder.Built> parts, List<TimedExchange> exchanges, long end) throws Exception {
        int n = parts.size();
        PartitionRunner.Outcome[] outcomes = new PartitionRunner.Outcome[n];
        Throwable[] failures = new Throwable[n];
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            int q = p;
            PartitionRunner runner = new PartitionRunner(parts.get(q).simulation(), exchanges.get(q), end);
            threads.add(Thread.ofPlatform().name("elvis-partition-" + q).start(() -> {
                try {
                    outcomes[q] = runner.run();
                } catch (Throwable t) {
                    failures[q] = t;
                }
            }));
        }
        for (Thread t : threads) t.join();
        for (Throwable t : failures) if (t != null) throw new IllegalStateException("a partition failed", t);
        return List.of(outcomes);
    }

    /**
     * The window loop's figures: windows, lookahead, the events of each partition as a sequential run
     * counts them, and how long each waited in the collectives.
     */
    private static void outcomes(Map<String, Object> out, List<SimulationBuilder.Built> parts, List<PartitionRunner.Outcome> outcomes,
                                 List<TimedExchange> exchanges) {
        List<Long> events = new ArrayList<>();
        List<Double> waits = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            events.add(parts.get(p).ownEvents(outcomes.get(p).events(), outcomes.get(p).endTime()));
            waits.add(exchanges.get(p).waitNs() / 1e9);
        }
        out.put("events", events);
        out.put("wait_seconds", waits);
        out.put("windows", outcomes.getFirst().windows());
        out.put("lookahead_ns", outcomes.getFirst().lookahead());
    }

    /**
     * What the run produced, as sums over the partitions this process ran: a cut link's halves count
     * its frames once (the receiving half counts them delivered), so the sums of all processes are
     * the sequential run's.
     */
    private static void results(Map<String, Object> out, List<Simulation> sims) {
        long delivered = 0, bytes = 0, goals = 0, met = 0;
        for (Simulation sim : sims) {
            for (Network n : sim.networks()) {
                delivered += n.stats().delivered();
                bytes += n.stats().bytesDelivered();
            }
            for (Machine m : sim.machines()) {
                for (Application a : m.applications()) {
                    if (!a.hasGoal()) continue;
                    goals++;
                    if (a.goalMet()) met++;
                }
            }
        }
        out.put("frames_delivered", delivered);
        out.put("bytes_delivered", bytes);
        out.put("goals", goals);
        out.put("goals_met", met);
    }
}
