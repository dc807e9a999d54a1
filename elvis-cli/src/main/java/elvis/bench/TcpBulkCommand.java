package elvis.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code elvis bench tcp-bulk}: one TCP transfer over a 10 Gbit/s, 10 µs link, timed. */
@Command(name = "tcp-bulk", mixinStandardHelpOptions = true,
        description = "Transfer N bytes over TCP on a 10 Gbit/s, 10 us point-to-point link (MTU 1500) and time it.")
public final class TcpBulkCommand implements Callable<Integer> {
    @Option(names = "--bytes", defaultValue = "1000000000", description = "bytes to transfer (default ${DEFAULT-VALUE})")
    long bytes;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--repeat", defaultValue = "1",
            description = "transfers in this JVM, each timed: the first pays for JIT compilation, later ones show the warm speed (default ${DEFAULT-VALUE})")
    int repeat;

    @Mixin
    BenchJson json;

    @Override
    public Integer call() throws Exception {
        if (bytes < 1 || bytes > (1L << 40)) {
            System.err.println("elvis bench tcp-bulk: --bytes must be between 1 and 2^40");
            return 2;
        }
        if (repeat < 1 || repeat > 100) {
            System.err.println("elvis bench tcp-bulk: --repeat must be between 1 and 100");
            return 2;
        }
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        List<Map<String, Object>> runs = new java.util.ArrayList<>();
        boolean complete = true;
        for (int i = 1; i <= repeat; i++) {
            System.gc();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            TcpBulkScenario.Result r = TcpBulkScenario.run(bytes, seed);
            // The sum of each pool's peak: an upper bound on the heap in use at any one moment.
            long peakHeap = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("tcp-bulk%s: %,d bytes delivered in %.3f s simulated (%.2f Gbit/s)%n",
                    repeat > 1 ? " run " + i : "", r.bytesDelivered(), r.simulatedNs() / 1e9, r.bytesDelivered() * 8.0 / r.simulatedNs());
            System.out.printf("  wall %.3f s, %,d segments, %,d events (%.1f M events/s), peak heap %.0f MB%n",
                    r.wallNs() / 1e9, r.segments(), r.events(), r.events() / (r.wallNs() / 1e3), peakHeap / 1e6);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("scenario", "tcp-bulk");
            run.put("bytes_delivered", r.bytesDelivered());
            run.put("wall_seconds", r.wallNs() / 1e9);
            run.put("sim_seconds", r.simulatedNs() / 1e9);
            run.put("segments", r.segments());
            run.put("events", r.events());
            run.put("peak_heap_bytes", peakHeap);
            runs.add(run);
            complete &= r.bytesDelivered() == bytes;
        }
        json.write(runs);
        return complete ? 0 : 1;
    }
}
