package elvis.cpu;

import elvis.Simulation;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random workloads (cores, priorities, FIFO tasks, arrivals over time) against an independent
 * reference: the same weighted processor sharing computed in floating point, event by event. The
 * model's completion times, exact integers, agree with the reference to within its rounding (at
 * most 1 ns of work per task per re-plan), never beat a core to itself, and are the same on a second
 * run. {@code -Dfuzz.cpu=N} runs N workloads.
 */
class CpuReferenceTest {
    record Arrival(long time, int task, long work) { }

    record Workload(int cores, int[] taskPriority, List<Arrival> arrivals) { }

    static Workload workload(SplittableRandom r) {
        int cores = r.nextInt(5);                           // 0: unlimited
        int tasks = 1 + r.nextInt(10);
        int[] priority = new int[tasks];
        for (int i = 0; i < tasks; i++) priority[i] = r.nextInt(4) == 0 ? 1 + r.nextInt(1000) : 1 + r.nextInt(10);
        List<Arrival> arrivals = new ArrayList<>();
        int n = 1 + r.nextInt(30);
        for (int i = 0; i < n; i++) arrivals.add(new Arrival(r.nextInt(4) == 0 ? 0 : r.nextLong(20_000_000), r.nextInt(tasks), r.nextInt(10) == 0 ? 0 : 1 + r.nextLong(5_000_000)));
        arrivals.sort((a, b) -> Long.compare(a.time, b.time));
        return new Workload(cores, priority, arrivals);
    }

    /** Completion time of each arrival, by the model. */
    static long[] model(Workload w) {
        Simulation sim = new Simulation(1);
        Cpu cpu = Cpu.of(sim.machine("m")).configure(w.cores, CpuCosts.NONE);
        Cpu.Task[] tasks = new Cpu.Task[w.taskPriority.length];
        for (int i = 0; i < tasks.length; i++) {
            Object owner = "owner" + i;
            cpu.priority(owner, w.taskPriority[i]);
            tasks[i] = cpu.task(owner);
        }
        long[] done = new long[w.arrivals.size()];
        Arrays.fill(done, -1);
        for (int k = 0; k < w.arrivals.size(); k++) {
            Arrival a = w.arrivals.get(k);
            int id = k;
            sim.kernel().at(a.time, () -> tasks[a.task].run(a.work, () -> done[id] = sim.kernel().now()));
        }
        sim.run();
        long sum = 0;
        for (Arrival a : w.arrivals) sum += a.work;
        long charged = 0;
        for (Cpu.Account acc : cpu.accounts()) charged += acc.cpuNs();
        assertThat(charged).as("every job's work is charged").isEqualTo(sum);
        assertThat(cpu.busyCoreNs()).as("busy core time covers the work, give or take the rounding").isBetween(sum, sum + 2L * w.arrivals.size() * (w.taskPriority.length + 1));
        assertThat(cpu.queueLength()).isZero();
        return done;
    }

    /** The same sharing in doubles: rates by water-filling, advanced from event to event. */
    static double[] reference(Workload w) {
        int n = w.taskPriority.length;
        List<ArrayDeque<Integer>> queues = new ArrayList<>();
        for (int i = 0; i < n; i++) queues.add(new ArrayDeque<>());
        double[] remaining = new double[w.arrivals.size()];
        double[] done = new double[w.arrivals.size()];
        double now = 0;
        int next = 0;
        while (true) {
            // arrivals due now
            while (next < w.arrivals.size() && w.arrivals.get(next).time <= now) {
                Arrival a = w.arrivals.get(next);
                remaining[next] = a.work;
                queues.get(a.task).add(next);
                next++;
            }
            // zero-work heads finish at once
            boolean any = false;
            for (ArrayDeque<Integer> q : queues) while (!q.isEmpty() && remaining[q.peek()] <= 1e-9) done[q.poll()] = now;
            double[] rate = new double[n];
            List<Integer> run = new ArrayList<>();
            for (int i = 0; i < n; i++) if (!queues.get(i).isEmpty()) run.add(i);
            if (run.isEmpty() && next == w.arrivals.size()) return done;
            // water-filling
            double left = w.cores == 0 ? Double.POSITIVE_INFINITY : w.cores;
            List<Integer> sharing = new ArrayList<>(run);
            boolean changed = true;
            while (changed) {
                changed = false;
                double weight = 0;
                for (int i : sharing) weight += w.taskPriority[i];
                for (int i : new ArrayList<>(sharing)) {
                    if (w.taskPriority[i] * left / weight >= 1) {
                        rate[i] = 1;
                        sharing.remove((Integer) i);
                        left -= 1;
                        changed = true;
                        break;
                    }
                }
                if (!changed) for (int i : sharing) rate[i] = w.taskPriority[i] * left / weight;
            }
            double step = next < w.arrivals.size() ? w.arrivals.get(next).time - now : Double.POSITIVE_INFINITY;
            for (int i : run) step = Math.min(step, remaining[queues.get(i).peek()] / rate[i]);
            for (int i : run) {
                int job = queues.get(i).peek();
                remaining[job] -= rate[i] * step;
                if (remaining[job] <= 1e-6) {
                    remaining[job] = 0;
                    done[queues.get(i).poll()] = now + step;
                    any = true;
                }
            }
            now += step;
            if (!any && step == 0 && next == w.arrivals.size()) return done;
        }
    }

    @Test
    void agreesWithAFloatingPointReference() {
        int runs = Integer.getInteger("fuzz.cpu", 300);
        SplittableRandom r = new SplittableRandom(918);
        long worst = 0;
        for (int i = 0; i < runs; i++) {
            Workload w = workload(r);
            long[] model = model(w);
            double[] ref = reference(w);
            assertThat(model(w)).as("deterministic").isEqualTo(model);
            int maxWeight = 0;
            long weightSum = 0;
            for (int p : w.taskPriority) { maxWeight = Math.max(maxWeight, p); weightSum += p; }
            // each re-plan may leave each task up to 1 ns of work short; undone, it takes up to weightSum/priority ns
            long tolerance = 2L * (w.arrivals.size() + 1) * (weightSum + 1) + 2;
            for (int k = 0; k < model.length; k++) {
                Arrival a = w.arrivals.get(k);
                assertThat(model[k]).as("workload %d job %d finished", i, k).isGreaterThanOrEqualTo(a.time + a.work);
                long off = Math.abs(model[k] - Math.round(ref[k]));
                worst = Math.max(worst, off);
                assertThat(off).as("workload %d (cores %d, priorities %s) job %d: model %d, reference %.1f", i, w.cores,
                        Arrays.toString(w.taskPriority), k, model[k], ref[k]).isLessThanOrEqualTo(tolerance);
            }
        }
        System.out.println("CpuReferenceTest: " + runs + " workloads, worst difference from the reference " + worst + " ns");
    }
}
