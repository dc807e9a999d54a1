package elvis.app;

import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.cpu.Cpu;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.socket.Process;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU-bound work and nothing else: {@code processes} processes each run {@code jobs} jobs one after
 * another, each job {@code work} of CPU time, or the machine's cost {@code cost} × {@code quantity}
 * ({@code cpu_costs} on the [Machine]). What it shows is how the machine's cores are shared
 * ({@link Cpu}): with its {@code priority}, against the other applications there.
 */
public final class CpuLoad implements Application {
    private final long work;
    private final String cost;
    private final long quantity, jobs;
    private final int processes;
    private Machine machine;
    private long done, finishedAtNs = -1;
    private int running;

    public CpuLoad(long work, String cost, long quantity, long jobs, int processes) {
        if ((work > 0) == (cost != null)) throw new IllegalArgumentException("give either work or cost");
        this.work = work;
        this.cost = cost;
        this.quantity = quantity;
        this.jobs = jobs;
        this.processes = processes;
    }

    @Override
    public String name() { return "cpu_load"; }

    @Override
    public void start(Machine machine) {
        this.machine = machine;
        Cpu cpu = Cpu.of(machine);
        if (cost != null && cpu.costs().find(cost) == null)
            throw new IllegalStateException("machine " + machine.name() + " declares no cpu cost '" + cost + "' (cpu_costs: "
                    + (cpu.costs().isEmpty() ? "none" : cpu.costs().format()) + ")");
        long each = cost == null ? work : cpu.cost(cost, quantity);
        running = processes;
        for (int i = 0; i < processes; i++) {
            Process.spawn(machine, this, p -> {
                for (long j = 0; j < jobs; j++) {
                    p.compute(each);
                    done++;
                }
                if (--running == 0) finishedAtNs = p.now();
            });
        }
    }

    @Override
    public boolean hasGoal() { return true; }

    @Override
    public boolean goalMet() { return done == jobs * processes; }

    @Override
    public long finishedAtNs() { return finishedAtNs; }

    /** CPU time this application got, in ns. */
    public long cpuNs() { return machine == null ? 0 : Cpu.of(machine).account(this).cpuNs(); }

    @Override
    public String summary() {
        return String.format("%,d of %,d jobs, %.3f ms of CPU%s", done, jobs * processes, cpuNs() / 1e6,
                finishedAtNs >= 0 ? String.format(", done at %.3f ms", finishedAtNs / 1e6) : "");
    }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("jobs_done", done);
        r.put("cpu_ns", cpuNs());
        r.put("finished_ns", finishedAtNs >= 0 ? finishedAtNs : null);
        return r;
    }

    /** {@code cpu_load}: work or cost (× quantity) per job, jobs, processes. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("cpu_load", List.of(
                    Declare.duration("work").doc("CPU time of one job, e.g. `1ms`"),
                    Attribute.string("cost").doc("instead of `work`: the machine's cost (a name in its `cpu_costs`) of `quantity` units per job"),
                    Attribute.wholeNumber("quantity", 1, Long.MAX_VALUE / 2).byDefault(1L).doc("units of `cost` per job"),
                    Attribute.wholeNumber("jobs", 1, 1_000_000_000).required().doc("jobs each process runs, one after another"),
                    Attribute.wholeNumber("processes", 1, 10_000).byDefault(1L).doc("processes running side by side")),
                    List.of(List.of("work", "cost")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            if (a.has("work") == a.has("cost")) throw new Arguments.ArgumentException(a.has("work") ? "cost" : "work", "give either 'work' or 'cost', not both");
            long work = a.duration("work", 0);
            if (a.has("work") && work == 0) throw new Arguments.ArgumentException("work", "'work' must be above 0");
            return new CpuLoad(work, a.has("cost") ? a.string("cost") : null, a.integer("quantity", 1, Long.MAX_VALUE / 2, 1),
                    a.integer("jobs", 1, 1_000_000_000), (int) a.integer("processes", 1, 10_000, 1));
        }
    }
}
