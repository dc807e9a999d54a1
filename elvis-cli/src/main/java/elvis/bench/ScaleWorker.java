package elvis.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.Simulation;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scale run in its own JVM, so that its memory is measured alone. Prints one JSON object.
 * Usage: ScaleWorker low|high MACHINES MESSAGES SEED
 */
public final class ScaleWorker {
    private ScaleWorker() { }

    public static void main(String[] args) throws Exception {
        ScaleScenario.Mode mode = ScaleScenario.Mode.valueOf(args[0].toUpperCase());
        int machines = Integer.parseInt(args[1]);
        int messages = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);

        long start = System.nanoTime();
        long heapBefore = usedHeapAfterGc();
        Simulation sim = ScaleScenario.build(mode, machines, messages, seed);
        long heapAfterBuild = usedHeapAfterGc();
        long built = System.nanoTime();
        sim.run();
        long end = System.nanoTime();

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("scenario", "scale-" + args[0].toLowerCase());
        run.put("machines", machines);
        run.put("messages_per_machine", mode == ScaleScenario.Mode.LOW ? 1 : messages);
        run.put("messages_delivered", ScaleScenario.capture(sim).received());
        run.put("goal_met", sim.goalsMet());
        run.put("wall_seconds", (end - start) / 1e9);
        run.put("build_seconds", (built - start) / 1e9);
        run.put("run_seconds", (end - built) / 1e9);
        run.put("cpu_seconds", processCpuNs() / 1e9);
        run.put("peak_rss_bytes", peakRssBytes());
        run.put("heap_bytes_after_build", heapAfterBuild - heapBefore);
        run.put("bytes_per_machine", (heapAfterBuild - heapBefore) / (double) (machines + 1));
        run.put("events", sim.kernel().eventsDispatched());
        run.put("events_per_second", sim.kernel().eventsDispatched() / ((end - built) / 1e9));
        run.put("sim_seconds", sim.kernel().now() / 1e9);
        System.out.println(new ObjectMapper().writeValueAsString(run));
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** VmHWM: the most resident memory this process has used (Linux), or -1. */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (Exception e) {
            // not Linux: reported as unknown
        }
        return -1;
    }
}
