package elvis.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code elvis bench internet}: generate, build and converge an Internet (BGP between ASes, OSPF inside),
 * then a low-bandwidth UDP experiment across it, all in one simulation (heap attribution in
 * docs/performance.md).
 */
@Command(name = "internet", mixinStandardHelpOptions = true,
        description = "Generate an Internet of --ases ASes and --hosts hosts, converge BGP and OSPF from a cold start, then send one UDP datagram"
                + " from every host across the Internet; report build time, convergence (simulated and wall), routing messages, heap per router and per host.")
public final class InternetCommand implements Callable<Integer> {
    @Option(names = "--ases", defaultValue = "100", description = "autonomous systems (default ${DEFAULT-VALUE})")
    int ases;

    @Option(names = "--hosts", defaultValue = "10000", description = "hosts, spread over the stub ASes (default ${DEFAULT-VALUE})")
    long hosts;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--max-wall", defaultValue = "3600", description = "give up converging after this many wall seconds (default ${DEFAULT-VALUE})")
    long maxWall;

    @Mixin
    BenchJson json;

    @Override
    public Integer call() throws Exception {
        if (ases < 2 || ases > 20_000 || hosts < 0 || hosts > 10_000_000) {
            System.err.println("elvis bench internet: --ases 2..20000 and --hosts 0..10^7");
            return 2;
        }
        InternetScenario.Result r = InternetScenario.run(ases, hosts, seed, true, maxWall * 1_000_000_000L, System.err);
        // a host's share: what adding the hosts to the built model cost; a router's: the rest of the converged heap
        double perHost = r.hosts() == 0 ? 0 : (double) (r.heapBuilt() - r.heapRoutersBuilt()) / r.hosts();
        double perRouter = (double) (r.heapConverged() - (r.heapBuilt() - r.heapRoutersBuilt())) / r.routers();
        System.out.printf("internet: %,d ASes, %,d routers, %,d hosts, %,d networks; built in %.3f s%n", r.ases(), r.routers(), r.hosts(), r.networks(),
                r.buildWallNs() / 1e9);
        System.out.printf("  converged%s: last table change at %.3f s simulated, %.3f s wall, %,d table changes%n",
                r.converged() ? "" : " NOT (limit reached)", r.convergedNs() / 1e9, r.convergeWallNs() / 1e9, r.tableChanges());
        List<Map<String, Object>> protocols = new ArrayList<>();
        for (Object[] p : r.protocols()) {
            System.out.printf("  %s: %,d messages, %,d bytes%n", p[0], p[1], p[2]);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("protocol", p[0]);
            m.put("messages", p[1]);
            m.put("bytes", p[2]);
            protocols.add(m);
        }
        System.out.printf("  udp: %,d datagrams sent, %,d received, %.3f s wall%n", r.udpSent(), r.udpReceived(), r.udpWallNs() / 1e9);
        System.out.printf("  heap: %,d MB routers-only model built, %,d MB built, %,d MB converged; %,.0f bytes per router, %,.0f bytes per host%n",
                r.heapRoutersBuilt() >> 20, r.heapBuilt() >> 20, r.heapConverged() >> 20, perRouter, perHost);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", "internet");
        out.put("ases", r.ases());
        out.put("routers", r.routers());
        out.put("hosts", r.hosts());
        out.put("networks", r.networks());
        out.put("seed", seed);
        out.put("build_wall_seconds", r.buildWallNs() / 1e9);
        out.put("converged", r.converged());
        out.put("convergence_simulated_seconds", r.convergedNs() / 1e9);
        out.put("convergence_wall_seconds", r.convergeWallNs() / 1e9);
        out.put("table_changes", r.tableChanges());
        out.put("routing_messages", protocols);
        out.put("udp_sent", r.udpSent());
        out.put("udp_received", r.udpReceived());
        out.put("udp_wall_seconds", r.udpWallNs() / 1e9);
        out.put("heap_bytes_routers_built", r.heapRoutersBuilt());
        out.put("heap_bytes_built", r.heapBuilt());
        out.put("heap_bytes_converged", r.heapConverged());
        out.put("heap_bytes_per_router", perRouter);
        out.put("heap_bytes_per_host", perHost);
        json.write(List.of(out));
        return r.converged() && r.udpReceived() == r.udpSent() && r.udpSent() == r.hosts() ? 0 : 1;
    }
}
