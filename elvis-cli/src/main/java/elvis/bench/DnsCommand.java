package elvis.bench;

import elvis.protocol.dns.RecursiveResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code elvis bench dns}: N stub clients resolving names through one caching recursive resolver
 * ({@link DnsScenario}); reports client queries per wall second, the resolver's cache hit ratio and
 * upstream queries, and the heap the simulation holds.
 */
@Command(name = "dns", mixinStandardHelpOptions = true,
        description = "N stub clients each resolve one of --names names through one caching recursive resolver (root, com, example.com servers);"
                + " report queries per wall second, cache hit ratio and heap.")
public final class DnsCommand implements Callable<Integer> {
    @Option(names = "--clients", defaultValue = "100000", description = "stub clients, one query each (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--names", defaultValue = "10000", description = "distinct names asked for (default ${DEFAULT-VALUE})")
    int names;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Mixin
    BenchJson json;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || clients > 10_000_000 || names < 1 || names > 1_000_000) {
            System.err.println("elvis bench dns: --clients 1..10^7 and --names 1..10^6 are required");
            return 2;
        }
        DnsScenario.run(Math.min(clients, 20_000), Math.min(names, 2_000), seed);      // warm the JIT: the measured run is steady
        DnsScenario.Result r = DnsScenario.run(clients, names, seed);
        RecursiveResolver.Stats s = r.stats();
        double qps = s.queries / (r.wallNs() / 1e9);
        System.out.printf("dns: %,d stub clients, %,d names, one caching resolver: %,d resolved%n", clients, names, r.resolved());
        System.out.printf("  resolver: %,d queries, %,d from cache (hit ratio %.4f), %,d coalesced, %,d upstream (root %,d, com %,d), %,d SERVFAIL%n",
                s.queries, s.cacheHits, s.hitRatio(), s.coalesced, s.upstreamQueries, r.rootQueries(), r.comQueries(), s.servfail);
        System.out.printf("  wall %.3f s, %,d events, %,.0f queries per wall second, heap %.1f MB (%,.0f B per client)%n",
                r.wallNs() / 1e9, r.events(), qps, r.heapBytes() / 1e6, (double) r.heapBytes() / clients);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("scenario", "dns-resolver");
        run.put("clients", clients);
        run.put("names", names);
        run.put("resolved", r.resolved());
        run.put("queries", s.queries);
        run.put("cache_hits", s.cacheHits);
        run.put("hit_ratio", s.hitRatio());
        run.put("coalesced", s.coalesced);
        run.put("upstream_queries", s.upstreamQueries);
        run.put("root_queries", r.rootQueries());
        run.put("com_queries", r.comQueries());
        run.put("servfail", s.servfail);
        run.put("wall_seconds", r.wallNs() / 1e9);
        run.put("events", r.events());
        run.put("queries_per_second", qps);
        run.put("heap_bytes", r.heapBytes());
        run.put("heap_bytes_per_client", (double) r.heapBytes() / clients);
        json.write(List.of(run));
        return r.resolved() == clients ? 0 : 1;
    }
}
