package elvis.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code elvis bench dhcp}: N DHCP clients boot at once on one switched LAN with one server. The
 * figures are the wall time until every client is bound, the simulated time that took, the events,
 * and the heap per client (after a full collection, with every client bound). Every DISCOVER and
 * REQUEST is a broadcast: without the flood shortcut each would be delivered to every port (10^10
 * deliveries at 100,000 clients); {@code --no-flood-shortcut} runs that way, for comparison at small N.
 */
@Command(name = "dhcp", mixinStandardHelpOptions = true,
        description = "N DHCP clients boot at time 0 on one switched LAN with one server; report wall and simulated time until all are bound, events, heap per client.")
public final class DhcpCommand implements Callable<Integer> {
    @Option(names = "--clients", defaultValue = "100000", description = "DHCP clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--no-flood-shortcut", description = "flood every broadcast to every port (flood_shortcut='false')")
    boolean noShortcut;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Mixin
    BenchJson json;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || clients > 10_000_000) {
            System.err.println("elvis bench dhcp: --clients must be 1..10,000,000");
            return 2;
        }
        DhcpScenario.run(Math.min(clients, 2_000), seed, !noShortcut, false);     // untimed: JIT compilation is not the figure
        DhcpScenario.Result r = DhcpScenario.run(clients, seed, !noShortcut, true);
        double heapPerClient = r.heapAfterBound() / (double) (clients + 1);
        System.out.printf("dhcp: %,d clients booting at 0 on one LAN (/%d pool, %d us latency, flood shortcut %s): %,d bound, %,d offers, %,d acks%n",
                clients, DhcpScenario.prefixLength(clients), DhcpScenario.LATENCY_NS / 1000, noShortcut ? "off" : "on", r.bound(), r.offers(), r.acks());
        System.out.printf("  wall %.3f s to bind them all (build %.3f s), simulated %.6f s, %,d events, %,d broadcast copies skipped%n",
                r.wallNs() / 1e9, r.buildWallNs() / 1e9, r.simulatedNs() / 1e9, r.events(), r.floodSkipped());
        System.out.printf("  heap %.0f bytes per client when all are bound (%.0f after building)%n",
                heapPerClient, r.heapAfterBuild() / (double) (clients + 1));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("scenario", "dhcp");
        run.put("clients", clients);
        run.put("flood_shortcut", !noShortcut);
        run.put("bound", r.bound());
        run.put("offers", r.offers());
        run.put("acks", r.acks());
        run.put("wall_seconds", r.wallNs() / 1e9);
        run.put("build_wall_seconds", r.buildWallNs() / 1e9);
        run.put("simulated_seconds", r.simulatedNs() / 1e9);
        run.put("events", r.events());
        run.put("flood_skipped", r.floodSkipped());
        run.put("heap_bytes_per_client", heapPerClient);
        run.put("heap_bytes_per_client_after_build", r.heapAfterBuild() / (double) (clients + 1));
        json.write(List.of(run));
        return r.bound() == clients ? 0 : 1;
    }
}
