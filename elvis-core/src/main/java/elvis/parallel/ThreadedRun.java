package elvis.parallel;

import elvis.Simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the partitions of one run on threads of this process, one each, connected by an
 * {@link InProcessExchange} ({@code elvis run --threads N}). The partitions are built already, each
 * a {@link Simulation} with its own kernel, their cut links joined through their {@code Boundary}.
 */
public final class ThreadedRun {
    private final List<Simulation> partitions;
    private final List<PartitionRunner> runners = new ArrayList<>();

    public ThreadedRun(List<Simulation> partitions, long until) {
        if (partitions.isEmpty()) throw new IllegalArgumentException("no partition to run");
        this.partitions = List.copyOf(partitions);
        List<Exchange> exchanges = InProcessExchange.group(partitions.size());
        for (int p = 0; p < partitions.size(); p++) runners.add(new PartitionRunner(partitions.get(p), exchanges.get(p), until));
    }

    /** Asks the run to stop at the end of the current window (any thread). */
    public void stop() { for (PartitionRunner r : runners) r.stop(); }

    /** Progress after each window (called by partition 0's thread). */
    public void onWindow(PartitionRunner.WindowListener listener) { runners.getFirst().onWindow(listener); }

    /**
     * Runs every partition to the end and returns their outcomes, by partition. When a partition
     * fails, the others stop at their next window and the first failure is thrown (the others'
     * {@link PartitionFailure}s only echo it).
     */
    public List<PartitionRunner.Outcome> run() throws InterruptedException {
        int n = partitions.size();
        PartitionRunner.Outcome[] outcomes = new PartitionRunner.Outcome[n];
        Throwable[] failures = new Throwable[n];
        List<Thread> threads = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            int q = p;
            threads.add(Thread.ofPlatform().name("elvis-partition-" + p).start(() -> {
                try {
                    outcomes[q] = runners.get(q).run();
                } catch (Throwable t) {
                    failures[q] = t;
                }
            }));
        }
        for (Thread t : threads) t.join();
        Throwable first = null;
        for (Throwable t : failures) if (t != null && (first == null || first instanceof PartitionFailure)) first = t;
        if (first instanceof RuntimeException e) throw e;
        if (first instanceof Error e) throw e;
        return List.of(outcomes);
    }
}
