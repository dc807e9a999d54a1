package elvis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code elvis bench parallel}: one generated Internet with bulk TCP traffic ({@link ParallelScenario})
 * run by the sequential kernel, then partitioned, each mode in JVMs of its own ({@link ParallelWorker}):
 * wall time, events per second, heap per process, speed-up, windows and the events of each partition,
 * and whether every mode produced the sequential run's results.
 */
@Command(name = "parallel", mixinStandardHelpOptions = true,
        description = "Generate an Internet of --ases ASes and --hosts hosts with bulk TCP transfers between stub ASes; run it with the sequential kernel"
                + " and partitioned; report wall time, events/s, heap per process, speed-up, windows and load balance, and check the results are equal.")
public final class ParallelCommand implements Callable<Integer> {
    @Option(names = "--ases", defaultValue = "200", description = "autonomous systems (default ${DEFAULT-VALUE})")
    int ases;

    @Option(names = "--hosts", defaultValue = "100000", description = "hosts, spread over the stub ASes (default ${DEFAULT-VALUE})")
    long hosts;

    @Option(names = "--bytes", defaultValue = "64KB", description = "bytes each host sends to a host of another stub AS (default ${DEFAULT-VALUE})")
    String bytes;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--partitions", defaultValue = "2", description = "partitions of the parallel modes: --threads N and mpirun -np N (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--keep", paramLabel = "FILE", description = "also write the generated description to FILE")
    Path keep;

    @Mixin
    BenchJson json;

    @Override
    public Integer call() throws Exception {
        if (ases < 2 || ases > 20_000 || hosts < 0 || hosts > 10_000_000 || partitions < 2 || partitions > 1024) {
            System.err.println("elvis bench parallel: --ases 2..20000, --hosts 0..10^7 and --partitions 2..1024");
            return 2;
        }
        String text;
        try {
            elvis.config.Units.size(bytes, "--bytes", 1L << 40, "1TB");
            text = ParallelScenario.ndl(ases, hosts, bytes, seed);
        } catch (IllegalArgumentException | elvis.config.Units.BadValue e) {
            System.err.println("elvis bench parallel: " + e.getMessage());
            return 2;
        }
        Path dir = Files.createTempDirectory("elvis-bench-parallel");
        Path file = dir.resolve("internet.ndl");
        Files.writeString(file, text);
        if (keep != null) Files.writeString(keep, text);
        System.out.printf("parallel: %,d ASes, %,d hosts, %s per transfer; description %s%n", ases, hosts, bytes, keep != null ? keep : file);
        System.out.printf("%-12s %5s %9s %9s %12s %9s %9s %8s %8s %9s  %s%n", "mode", "procs", "build s", "run s", "events/s", "heap MB", "peak MB",
                "speedup", "windows", "lookahead", "events per partition");
        List<Map<String, Object>> runs = new ArrayList<>();
        Map<String, Object> sequential = null;
        boolean equal = true;
        String noMpi = mpirun();
        String n = Integer.toString(partitions);
        List<List<String>> modes = List.of(List.of("sequential"), List.of("threads", n), List.of("mpi", n));
        for (List<String> mode : modes) {
            if (mode.getFirst().equals("mpi") && noMpi != null) {
                System.out.printf("%-12s skipped: %s%n", "mpirun -np " + n, noMpi);
                continue;
            }
            List<JsonNode> procs = worker(mode, file);
            Map<String, Object> row = row(mode.getFirst().equals("mpi") ? "mpirun -np " + n : String.join(" ", mode), procs, sequential);
            if (sequential == null) sequential = row;
            else equal &= sameResults(sequential, row);
            runs.add(row);
        }
        json.write(runs);
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
        return equal ? 0 : 1;
    }

    /** The figures of one mode from its processes' objects, printed as a line of the table. */
    private static Map<String, Object> row(String mode, List<JsonNode> procs, Map<String, Object> sequential) {
        double build = 0, run = 0, gc = 0;
        long heap = 0, peak = 0, windows = 0, delivered = 0, bytes = 0, goals = 0, met = 0;
        List<Long> perPartition = new ArrayList<>();
        List<Double> waits = new ArrayList<>();
        Long lookahead = null;
        for (JsonNode p : procs) {
            build = Math.max(build, p.get("build_seconds").asDouble());
            run = Math.max(run, p.get("run_seconds").asDouble());
            heap = Math.max(heap, p.get("heap_bytes_built").asLong());
            peak = Math.max(peak, p.get("heap_bytes_peak").asLong());
            windows = Math.max(windows, p.get("windows").asLong());
            gc = Math.max(gc, p.get("gc_seconds").asDouble());
            if (!p.get("lookahead_ns").isNull()) lookahead = p.get("lookahead_ns").asLong();
            for (JsonNode e : p.get("events")) perPartition.add(e.asLong());
            for (JsonNode w : p.get("wait_seconds")) waits.add(w.asDouble());
            delivered += p.get("frames_delivered").asLong();
            bytes += p.get("bytes_delivered").asLong();
            goals += p.get("goals").asLong();
            met += p.get("goals_met").asLong();
        }
        long events = perPartition.stream().mapToLong(Long::longValue).sum();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", "parallel");
        r.put("mode", mode);
        r.put("processes", procs.size());
        r.put("partitions", perPartition.size());
        r.put("build_seconds", build);
        r.put("run_seconds", run);
        r.put("events", events);
        r.put("events_per_second", events / run);
        r.put("heap_bytes_built_per_process", heap);
        r.put("heap_bytes_peak_per_process", peak);
        r.put("gc_seconds_per_process", gc);
        r.put("speedup", sequential == null ? 1.0 : (double) sequential.get("run_seconds") / run);
        r.put("windows", windows);
        r.put("lookahead_ns", lookahead);
        r.put("events_per_partition", perPartition);
        r.put("wait_seconds_per_partition", waits);
        r.put("frames_delivered", delivered);
        r.put("bytes_delivered", bytes);
        r.put("goals", goals);
        r.put("goals_met", met);
        System.out.printf("%-12s %5d %9.2f %9.2f %,12.0f %,9d %,9d %7.2fx %8d %9s  %s%n", mode, procs.size(), build, run, events / run, heap >> 20, peak >> 20,
                (double) r.get("speedup"), windows, lookahead == null ? "-" : String.format("%.3f ms", lookahead / 1e6), perPartition);
        JsonNode balance = procs.getFirst().get("window_balance");
        if (balance != null) r.put("window_balance", balance.asDouble());
        if (perPartition.size() > 1) {
            long most = perPartition.stream().mapToLong(Long::longValue).max().orElse(0);
            System.out.printf("%-12s balance: the busiest partition has %.1f%% of the events (speed-up at most %.2fx)%s%n", "", 100.0 * most / events,
                    (double) events / most, balance == null ? "" : String.format(", window by window at most %.2fx", balance.asDouble()));
            StringBuilder w = new StringBuilder();
            for (double s : waits) w.append(w.isEmpty() ? "" : ", ").append(String.format("%.2f s", s));
            System.out.printf("%-12s waiting for the others and synchronising: %s (of %.2f s)%n", "", w, run);
        }
        System.out.printf("%-12s %,d frames delivered, %,d bytes; %,d of %,d goals met; %.2f s of collections (the most of a process)%n", "",
                delivered, bytes, met, goals, gc);
        return r;
    }

    /** Whether a mode produced what the sequential run did. */
    private static boolean sameResults(Map<String, Object> seq, Map<String, Object> other) {
        List<String> differ = new ArrayList<>();
        for (String k : List.of("events", "frames_delivered", "bytes_delivered", "goals", "goals_met")) {
            if (!seq.get(k).equals(other.get(k))) differ.add(k + " " + other.get(k) + " (sequential " + seq.get(k) + ")");
        }
        if (differ.isEmpty()) return true;
        System.out.println("  DIFFERENT from the sequential run: " + String.join(", ", differ));
        return false;
    }

    /**
     * Root may run mpirun only when it says so. More processes than cores need --oversubscribe, which
     * also makes every waiting rank yield its core on each poll: only then.
     */
    private static List<String> mpirun(int processes) {
        List<String> cmd = new ArrayList<>(List.of("mpirun", "--allow-run-as-root"));
        if (processes > Runtime.getRuntime().availableProcessors()) cmd.add("--oversubscribe");
        cmd.addAll(List.of("-np", Integer.toString(processes)));
        return cmd;
    }

    /** Why the MPI row cannot run here, or null. */
    private static String mpirun() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mpirun"))) return null;
        }
        return "mpirun is not on the PATH (Debian: apt-get install openmpi-bin)";
    }

    /** Runs the worker of {@code mode} and returns each process's object. */
    private static List<JsonNode> worker(List<String> mode, Path file) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        if (mode.getFirst().equals("mpi")) {
            cmd.addAll(mpirun(Integer.parseInt(mode.get(1))));
        }
        cmd.addAll(List.of(javaBin, "-XX:+UseParallelGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ParallelWorker.class.getName()));
        cmd.add(mode.getFirst());
        if (mode.getFirst().equals("threads")) cmd.add(mode.get(1));
        cmd.add(file.toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<JsonNode> objects = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) if (line.startsWith("{")) objects.add(mapper.readTree(line));
        }
        objects.sort(java.util.Comparator.comparingInt(o -> o.get("partition").asInt()));   // mpirun's ranks print in any order
        int exit = p.waitFor();
        if (exit != 0 || objects.isEmpty()) throw new IOException("the " + String.join(" ", mode) + " run failed (exit " + exit + ")");
        return objects;
    }
}
