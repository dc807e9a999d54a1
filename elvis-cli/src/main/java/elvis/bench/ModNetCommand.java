package elvis.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

/**
 * {@code elvis bench modnet}: the wall-clock cost of ModNet modules (R-MN-5; the paper's Fig. 3 measured
 * 15–25% for one module and about 13% per added one on small requests). Runs a bulk transfer and
 * small non-persistent requests through 0, 1, 5 and 10 forwarding modules; each configuration's wall
 * time is the best of {@code --repetitions} runs, the chain lengths alternating after untimed rounds, and the overhead per module is
 * (t(k) / t(0) − 1) / k.
 */
@Command(name = "modnet", mixinStandardHelpOptions = true,
        description = "Wall-clock cost per ModNet forwarding module: a chained bulk transfer, and clients making small non-persistent requests through 0, 1, 5, 10 modules.")
public final class ModNetCommand implements Callable<Integer> {
    @Option(names = "--bytes", defaultValue = "200000000", description = "bytes of the bulk transfer (default ${DEFAULT-VALUE})")
    long bytes;

    @Option(names = "--clients", defaultValue = "400", description = "request clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--requests", defaultValue = "200", description = "non-persistent requests per client (default ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--size", defaultValue = "100", description = "request and response size in bytes (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--repetitions", defaultValue = "3", description = "timed runs per configuration; the best counts (default ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--warmups", defaultValue = "2", description = "untimed rounds over every chain length first (default ${DEFAULT-VALUE})")
    int warmups;

    @Option(names = "--chains", hidden = true, split = ",", defaultValue = "0,1,5,10",
            description = "chain lengths to run, the first being the baseline (for profiling one length against another)")
    int[] chains;

    @Mixin
    BenchJson json;

    @Override
    public Integer call() throws Exception {
        if (chains.length == 0 || bytes < 1 << 20 || clients < 1 || requests < 1 || size < 1 || repetitions < 1 || warmups < 0) {
            System.err.println("elvis bench modnet: --bytes at least 1 MiB; --clients, --requests, --size and --repetitions at least 1");
            return 2;
        }
        List<Object> runs = new ArrayList<>();
        measure("bulk", k -> ModNetScenario.bulk(k, bytes), runs);
        measure("requests", k -> ModNetScenario.requests(k, clients, requests, size), runs);
        json.write(runs);
        return 0;
    }

    /** Every chain length alternately: {@code warmups} untimed rounds, then {@code repetitions} timed ones (the best counts), so JIT compilation and drift hit each alike. */
    private void measure(String scenario, IntFunction<ModNetScenario.Result> run, List<Object> runs) {
        for (int w = 0; w < warmups; w++) for (int k : chains) run.apply(k);
        double[] best = new double[chains.length];
        long[] events = new long[chains.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        for (int i = 0; i < repetitions; i++) {
            for (int c = 0; c < chains.length; c++) {
                ModNetScenario.Result r = run.apply(chains[c]);
                if (!r.complete()) throw new IllegalStateException(scenario + " through " + chains[c] + " modules did not complete");
                best[c] = Math.min(best[c], r.wallSeconds());
                events[c] = r.events();
            }
        }
        for (int c = 0; c < chains.length; c++) {
            int k = chains[c];
            double overhead = 100 * (best[c] / best[0] - 1);
            double perModule = k == 0 ? 0 : overhead / k;
            System.out.printf("%-8s %2d modules: %8.3f s wall (best of %d), %,12d events, overhead %+6.1f%%, %+5.1f%% per module%n",
                    scenario, k, best[c], repetitions, events[c], overhead, perModule);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", scenario);
            m.put("modules", k);
            m.put("wall_seconds", best[c]);
            m.put("events", events[c]);
            m.put("overhead_percent", overhead);
            m.put("overhead_percent_per_module", perModule);
            runs.add(m);
        }
    }
}
