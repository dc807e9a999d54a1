package elvis.cpu;

import elvis.machine.Machine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU model's results (docs/results.md, "cpu"): per machine whose processors were declared or
 * did work, its cores, costs, busy core time, utilisation, queue length and each owner's CPU time. Empty
 * when no machine has any, so runs without the model report exactly what they did before.
 */
public final class CpuReport {
    /** Machines listed at most; the others are counted. */
    public static final int MAX_LISTED = 1000;
    private static final int MAX_LINES = 20;

    private CpuReport() { }

    /** The "cpu" object of the results, or an empty map when no machine used its processors. */
    public static Map<String, Object> of(List<Machine> machines) {
        List<Map<String, Object>> listed = new ArrayList<>();
        long count = 0;
        for (Machine m : machines) {
            Map<String, Object> one = machine(m);
            if (one != null && count++ < MAX_LISTED) listed.add(one);
        }
        return of(listed, count);
    }

    /**
     * The "cpu" object from the first {@link #MAX_LISTED} machines' entries ({@link #machine}) in machine
     * order, of {@code count} with one (a partitioned run merges its partitions' entries so).
     */
    public static Map<String, Object> of(List<Map<String, Object>> listed, long count) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (count == 0) return r;
        r.put("machines", listed.subList(0, (int) Math.min(listed.size(), MAX_LISTED)));
        r.put("machines_not_listed", count - Math.min(listed.size(), MAX_LISTED));
        return r;
    }

    /** Machine {@code m}'s entry, or null when its processors were neither declared nor used. */
    public static Map<String, Object> machine(Machine m) {
        Cpu cpu = Cpu.existing(m);
        // Work that cost nothing on a machine that declares nothing leaves no trace: off stays off.
        return cpu == null || !cpu.configured() && cpu.busyCoreNs() == 0 ? null : machine(m.name(), cpu);
    }

    private static Map<String, Object> machine(String name, Cpu cpu) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machine", name);
        m.put("cores", cpu.cores() == 0 ? null : cpu.cores());
        m.put("costs", cpu.costs().format());
        m.put("busy_core_ns", cpu.busyCoreNs());
        double u = cpu.utilisation();
        m.put("utilisation", Double.isNaN(u) ? null : u);
        m.put("queue_mean", cpu.meanQueueLength());
        m.put("queue_max", cpu.maxQueueLength());
        m.put("jobs_completed", cpu.jobsCompleted());
        List<Map<String, Object>> owners = new ArrayList<>();
        for (Cpu.Account a : cpu.accounts()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("owner", a.name());
            o.put("priority", a.priority());
            o.put("cpu_ns", a.cpuNs());
            o.put("jobs_completed", a.jobsCompleted());
            owners.add(o);
        }
        m.put("owners", owners);
        return m;
    }

    /** One summary line per listed machine (at most 20, then a count), for the run's text report. */
    @SuppressWarnings("unchecked")
    public static List<String> lines(Map<String, Object> report) {
        List<String> lines = new ArrayList<>();
        if (report.isEmpty()) return lines;
        List<Map<String, Object>> machines = (List<Map<String, Object>>) report.get("machines");
        for (Map<String, Object> m : machines.subList(0, Math.min(MAX_LINES, machines.size()))) {
            StringBuilder b = new StringBuilder("cpu " + m.get("machine") + ": ");
            b.append(m.get("cores") == null ? "unlimited cores" : m.get("cores") + (((Number) m.get("cores")).longValue() == 1 ? " core" : " cores"));
            if (m.get("utilisation") instanceof Double u) b.append(String.format(Locale.ROOT, ", utilisation %.1f%%", 100 * u));
            b.append(String.format(Locale.ROOT, ", queue mean %.2f max %s", ((Number) m.get("queue_mean")).doubleValue(), m.get("queue_max")));
            for (Map<String, Object> o : (List<Map<String, Object>>) m.get("owners")) {
                b.append(String.format(Locale.ROOT, "; %s %.3f ms", o.get("owner"), ((Number) o.get("cpu_ns")).longValue() / 1e6));
                if (((Number) o.get("priority")).longValue() != Cpu.DEFAULT_PRIORITY) b.append(" (priority ").append(o.get("priority")).append(')');
            }
            lines.add(b.toString());
        }
        long more = machines.size() - Math.min(MAX_LINES, machines.size()) + (Long) report.get("machines_not_listed");
        if (more > 0) lines.add(String.format("cpu: %,d more machines (--json lists %,d in all)", more, machines.size()));
        return lines;
    }
}
