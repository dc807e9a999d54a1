package elvis.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code elvis bench http} (R-RU-5): how much HTTP one core simulates per wall second, on Rusty's
 * workload: 1,000 connections in a closed loop against one server of 136 KB pages over 10 Gbit/s for
 * 30 simulated seconds (Rusty served 12 Gbit/s, ≈ 11,000 requests/s, on 36 Tilera cores; Linux
 * 4.6). Then 10,000 browsing users against 10 web servers for a simulated hour: wall time and heap
 * per user.
 */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = "Simulated HTTP goodput and requests per wall second: N connections (closed loop) against one server of 500 pages over one link;"
                + " then browsing users against web servers: wall time and heap per user.")
public final class HttpCommand implements Callable<Integer> {
    @Option(names = "--scenario", defaultValue = "all", description = "rusty (the load generator), users (browsing users) or all (default ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--users", defaultValue = "10000", description = "browsing users (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--servers", defaultValue = "10", description = "web servers the users share (default ${DEFAULT-VALUE})")
    int servers;

    @Option(names = "--user-duration", defaultValue = "3600", description = "simulated seconds each user browses (default ${DEFAULT-VALUE})")
    double userSeconds;

    @Option(names = "--connections", defaultValue = "1000", description = "generator connections (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--duration", defaultValue = "30", description = "simulated seconds of load (default ${DEFAULT-VALUE})")
    double durationSeconds;

    @Option(names = "--page-size", defaultValue = "136000", description = "bytes of each of the 500 pages (default ${DEFAULT-VALUE})")
    int pageBytes;

    @Option(names = "--bandwidth", defaultValue = "10000000000", description = "link rate, bits/s (default ${DEFAULT-VALUE})")
    long bandwidth;

    @Option(names = "--no-keepalive", description = "a connection per request, as Rusty's server closed each after one response")
    boolean noKeepAlive;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--repeat", defaultValue = "1", description = "runs in this JVM, each timed: the first pays for JIT compilation (default ${DEFAULT-VALUE})")
    int repeat;

    @Mixin
    BenchJson json;

    @Override
    public Integer call() throws Exception {
        if (connections < 1 || connections > 100_000 || !(durationSeconds > 0) || durationSeconds > 3600 || pageBytes < 0
                || pageBytes > 100_000_000 || bandwidth < 1_000 || bandwidth > 1_000_000_000_000L || repeat < 1 || repeat > 100) {
            System.err.println("elvis bench http: --connections 1..100,000, --duration (0, 3600] s, --page-size 0..10^8, "
                    + "--bandwidth 10^3..10^12 and --repeat 1..100 are required");
            return 2;
        }
        if (!List.of("rusty", "users", "all").contains(scenario) || users < 1 || users > 1_000_000 || servers < 1 || servers > users
                || !(userSeconds > 0) || userSeconds > 86_400) {
            System.err.println("elvis bench http: --scenario rusty|users|all, --users 1..10^6, --servers 1..users and --user-duration (0, 86400] s are required");
            return 2;
        }
        HttpBenchScenario.Workload w = new HttpBenchScenario.Workload(connections, Math.round(durationSeconds * 1e9), pageBytes, bandwidth, !noKeepAlive);
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 1; i <= repeat && !scenario.equals("users"); i++) {
            System.gc();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            HttpBenchScenario.Result r = HttpBenchScenario.run(w, seed);
            long peakHeap = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("http%s: %,d connections, %,d responses of %,d B in %.3f s simulated (%.2f Gbit/s, %,.0f requests/s), %,d errors, latency p50 %.2f ms p99 %.2f ms%n",
                    repeat > 1 ? " run " + i : "", connections, r.responses(), pageBytes, r.simulatedNs() / 1e9, r.simulatedGoodput() / 1e9,
                    r.responses() * 1e9 / r.simulatedNs(), r.errors(), r.p50Ms(), r.p99Ms());
            System.out.printf("  wall %.3f s: %.2f Gbit/s of HTTP simulated per wall second (goal 12), %,.0f requests per wall second; %,d events (%.1f M events/s), peak heap %.0f MB%n",
                    r.wallNs() / 1e9, r.goodputPerWallSecond() / 1e9, r.requestsPerWallSecond(), r.events(), r.events() / (r.wallNs() / 1e3), peakHeap / 1e6);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("scenario", "http");
            run.put("connections", connections);
            run.put("page_bytes", pageBytes);
            run.put("bandwidth_bps", bandwidth);
            run.put("keep_alive", !noKeepAlive);
            run.put("sim_seconds", r.simulatedNs() / 1e9);
            run.put("responses", r.responses());
            run.put("bytes", r.bytes());
            run.put("errors", r.errors());
            run.put("simulated_goodput_bps", r.simulatedGoodput());
            run.put("latency_p50_ms", r.p50Ms());
            run.put("latency_p99_ms", r.p99Ms());
            run.put("wall_seconds", r.wallNs() / 1e9);
            run.put("goodput_per_wall_second_bps", r.goodputPerWallSecond());
            run.put("requests_per_wall_second", r.requestsPerWallSecond());
            run.put("events", r.events());
            run.put("peak_heap_bytes", peakHeap);
            runs.add(run);
        }
        for (int i = 1; i <= repeat && !scenario.equals("rusty"); i++) {
            System.gc();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            WebUsersScenario.Result r = WebUsersScenario.run(users, servers, Math.round(userSeconds * 1e9), seed);
            long peakHeap = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("web users%s: %,d users on %,d servers for %.0f s simulated: %,d pages, %.2f GB, page load p50 %.1f ms, %,d errors%n",
                    repeat > 1 ? " run " + i : "", users, servers, userSeconds, r.pages(), r.bytes() / 1e9, r.p50LoadMs(), r.errors());
            System.out.printf("  wall %.3f s, %,d events (%.1f M events/s), peak heap %.0f MB; live heap at the end %.1f MB = %,.0f B per user%n",
                    r.wallNs() / 1e9, r.events(), r.events() / (r.wallNs() / 1e3), peakHeap / 1e6, r.liveHeap() / 1e6, (double) r.liveHeap() / users);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("scenario", "web-users");
            run.put("users", users);
            run.put("servers", servers);
            run.put("sim_seconds", userSeconds);
            run.put("pages", r.pages());
            run.put("bytes", r.bytes());
            run.put("errors", r.errors());
            run.put("page_load_p50_ms", r.p50LoadMs());
            run.put("wall_seconds", r.wallNs() / 1e9);
            run.put("events", r.events());
            run.put("peak_heap_bytes", peakHeap);
            run.put("live_heap_bytes", r.liveHeap());
            run.put("heap_bytes_per_user", (double) r.liveHeap() / users);
            runs.add(run);
        }
        json.write(runs);
        return 0;
    }
}
