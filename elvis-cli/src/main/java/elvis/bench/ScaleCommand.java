package elvis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/** {@code elvis bench scale}: the paper's scalability experiments, each size in a fresh JVM. */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "N machines send UDP messages to one capture machine (the Elvis paper's Figures 4-14).")
public final class ScaleCommand implements Callable<Integer> {
    @Option(names = "--mode", required = true, description = "low (one message each) or high (--messages each, concurrently)")
    String mode;

    @Option(names = "--machines", split = ",", description = "machine counts (default: low 1000,10000,100000,1000000; high 1000,10000,100000)")
    List<Integer> machines;

    @Option(names = "--messages", defaultValue = "1000", description = "messages per machine in high mode (default ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--quick", description = "only N <= 10,000 (and 100 messages in high mode): for CI")
    boolean quick;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--json", description = "write the runs as JSON to this file")
    Path json;

    @Option(names = "--plots", description = "write PNG plots (time, memory, memory per machine) to this directory")
    Path plots;

    @Option(names = "--max-heap", paramLabel = "SIZE", description = "most heap a run may have, e.g. 8GB (default: 80%% of physical memory)")
    String maxHeap;

    /** Heap bytes per machine (and per message in flight) measured on this code; used to refuse runs that cannot fit. */
    static final double LOW_BYTES_PER_MACHINE = 700, HIGH_BYTES_PER_MACHINE = 900;
    static final long BASE_HEAP = 256L << 20;

    @Override
    public Integer call() throws Exception {
        ScaleScenario.Mode m;
        try {
            m = ScaleScenario.Mode.valueOf(mode.toUpperCase());
        } catch (IllegalArgumentException e) {
            System.err.println("elvis bench scale: --mode must be low or high, not '" + mode + "'");
            return 2;
        }
        List<Integer> sizes = machines != null ? machines
                : m == ScaleScenario.Mode.LOW ? List.of(1_000, 10_000, 100_000, 1_000_000) : List.of(1_000, 10_000, 100_000);
        int msgs = messages;
        if (quick) {
            sizes = sizes.stream().filter(n -> n <= 10_000).toList();
            if (machines == null) msgs = Math.min(msgs, 100);
        }
        for (int n : sizes) if (n < 1 || n > 16_000_000) {
            System.err.println("elvis bench scale: machine counts must be between 1 and 16,000,000 (one /8 network), got " + n);
            return 2;
        }
        if (msgs < 1) { System.err.println("elvis bench scale: --messages must be at least 1"); return 2; }

        long physical = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        long heapCap = physical / 100 * 80;
        if (maxHeap != null) {
            try {
                heapCap = elvis.config.Units.size(maxHeap, "--max-heap", physical, "the physical memory");
            } catch (elvis.config.Units.BadValue e) {
                System.err.println("elvis bench scale: " + e.getMessage());
                return 2;
            }
        }
        boolean refused = false;
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode runs = mapper.createArrayNode();
        System.out.printf("%-11s %10s %12s %9s %9s %11s %11s %9s %12s %12s%n", "scenario", "machines", "delivered",
                "wall s", "cpu s", "peak RSS", "heap built", "B/mach", "events", "events/s");
        for (int n : sizes) {
            long estimate = estimateHeap(m, n);
            if (estimate > heapCap) {
                System.out.printf("%-11s %10d  would need about %.1f GB of heap; this machine allows %.1f GB: not started%n",
                        "scale-" + mode, n, estimate / 1e9, heapCap / 1e9);
                refused = true;
                continue;
            }
            long xmx = Math.min(heapCap, Math.max(1L << 30, estimate * 2));
            JsonNode run = runChild(mapper, m, n, msgs, xmx);
            runs.add(run);
            System.out.printf("%-11s %10d %12d %9.2f %9.2f %8.0f MB %8.0f MB %9.0f %12d %12.0f%n", run.get("scenario").asText(), n,
                    run.get("messages_delivered").asLong(), run.get("wall_seconds").asDouble(), run.get("cpu_seconds").asDouble(),
                    run.get("peak_rss_bytes").asDouble() / 1e6, run.get("heap_bytes_after_build").asDouble() / 1e6,
                    run.get("bytes_per_machine").asDouble(), run.get("events").asLong(), run.get("events_per_second").asDouble());
        }
        if (json != null) {
            ObjectNode root = mapper.createObjectNode();
            root.set("runs", runs);
            mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
        }
        if (plots != null && !runs.isEmpty()) writePlots(runs, "scale-" + m.name().toLowerCase());
        for (JsonNode r : runs) if (!r.get("goal_met").asBoolean()) return 1;
        return refused ? 1 : 0;
    }

    static long estimateHeap(ScaleScenario.Mode m, int n) {
        return BASE_HEAP + (long) (n * (m == ScaleScenario.Mode.LOW ? LOW_BYTES_PER_MACHINE : HIGH_BYTES_PER_MACHINE));
    }

    private JsonNode runChild(ObjectMapper mapper, ScaleScenario.Mode m, int n, int msgs, long xmx) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx" + (xmx >> 20) + "m", "-XX:+UseParallelGC"));
        cmd.addAll(startupFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ScaleWorker.class.getName(),
                m.name().toLowerCase(), String.valueOf(n), String.valueOf(msgs), String.valueOf(seed)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int code = p.waitFor();
        if (code != 0 || out.isEmpty()) throw new IllegalStateException("scale run with " + n + " machines failed (exit " + code + ")");
        return mapper.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    /**
     * This JVM's start-up cache and the module flags it was made with (see ./elvis), so that each child
     * starts as fast as this JVM did: JVM start and class loading are most of a small run's wall time.
     */
    static List<String> startupFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:AOTCache=") || a.startsWith("-Xlog:aot") || a.startsWith("-Xlog:cds")
                        || a.startsWith("--add-exports"))
                .toList();
    }

    private void writePlots(ArrayNode runs, String name) throws Exception {
        Files.createDirectories(plots);
        plot(runs, name + "-time", "Execution time", "wall seconds", r -> r.get("wall_seconds").asDouble());
        plot(runs, name + "-memory", "Peak memory (RSS)", "MB", r -> r.get("peak_rss_bytes").asDouble() / 1e6);
        plot(runs, name + "-memory-per-machine", "Heap per machine after build", "bytes", r -> r.get("bytes_per_machine").asDouble());
    }

    private void plot(ArrayNode runs, String file, String title, String yLabel, ToDoubleFunction<JsonNode> y) throws Exception {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title + " (" + file.replaceAll("-(time|memory.*)$", "") + ")")
                .xAxisTitle("machines").yAxisTitle(yLabel).build();
        chart.getStyler().setXAxisLogarithmic(true);
        double[] xs = new double[runs.size()], ys = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            xs[i] = runs.get(i).get("machines").asDouble();
            ys[i] = y.applyAsDouble(runs.get(i));
        }
        chart.addSeries("Elvis (Java)", xs, ys);
        BitmapEncoder.saveBitmap(chart, new File(plots.toFile(), file).getPath(), BitmapEncoder.BitmapFormat.PNG);
    }
}
