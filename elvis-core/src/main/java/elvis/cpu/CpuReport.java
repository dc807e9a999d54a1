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
    static final int MAX_LISTED = 1000;
    private static final int MAX_LINES = 20;

    private CpuReport() { }

    /** The "cpu" object of the results, or an empty map when no machine used its processors. */
    public static Map<String, Object> of(List<Machine> machines) {
        List<Map<String, Object>> listed = new ArrayList<>();
        long count = 0;
        for (Machine m : machines) {
            Cpu cpu = Cpu.existing(m);
            // Work that cost nothing on a machine that declares nothing leaves no trace: off stays off.
            if (cpu == null || !cpu.configured() && cpu.busyCoreNs() == 0) continue;
            if (count++ < MAX_LISTED) listed.add(machine(m.name(), cpu));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        if (count == 0) return r;
        r.put("machines", listed);
        r.put("machines_not_listed", count - listed.size());
        return r;
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
            b.append(m.get("cores") == null ? "unlimited cores" : m.get("cores") + (m.get("cores").equals(1) ? " core" : " cores"));
            if (m.get("utilisation") instanceof Double u) b.append(String.format(Locale.ROOT, ", utilisation %.1f%%", 100 * u));
            b.append(String.format(Locale.ROOT, ", queue mean %.2f max %s", (Double) m.get("queue_mean"), m.get("queue_max")));
            for (Map<String, Object> o : (List<Map<String, Object>>) m.get("owners")) {
                b.append(String.format(Locale.ROOT, "; %s %.3f ms", o.get("owner"), (Long) o.get("cpu_ns") / 1e6));
                if (!o.get("priority").equals(Cpu.DEFAULT_PRIORITY)) b.append(" (priority ").append(o.get("priority")).append(')');
            }
            lines.add(b.toString());
        }
        long more = machines.size() - Math.min(MAX_LINES, machines.size()) + (Long) report.get("machines_not_listed");
        if (more > 0) lines.add(String.format("cpu: %,d more machines (--json lists %,d in all)", more, machines.size()));
        return lines;
    }
}
