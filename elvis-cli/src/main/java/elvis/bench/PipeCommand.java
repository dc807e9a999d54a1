package elvis.bench;

import elvis.dummynet.Schedulers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code elvis bench pipe}: simulated packets per wall second through one busy pipe (R-DN-14's goal
 * is 2 Mpps), for today's link pipe and a dummynet FIFO pipe in the same run, then each scheduler
 * present; and the cost per packet against 1 .. 10^6 active flow instances.
 */
@Command(name = "pipe", mixinStandardHelpOptions = true,
        description = "Packets per wall second through one busy pipe: today's link pipe, dummynet FIFO and every scheduler;"
                + " then ns per packet against the number of active flow instances.")
public final class PipeCommand implements Callable<Integer> {
    @Option(names = "--packets", defaultValue = "5000000", description = "packets per measured run (default ${DEFAULT-VALUE})")
    long packets;

    @Option(names = "--max-flows", defaultValue = "1000000", description = "largest number of flow instances (powers of 10 from 1; default ${DEFAULT-VALUE})")
    int maxFlows;

    @Option(names = "--sched", split = ",", paramLabel = "TYPE", description = "only these schedulers (default: every one)")
    List<String> only;

    @Mixin
    BenchJson json;

    @Override
    public Integer call() throws Exception {
        if (packets < 10_000 || packets > 1_000_000_000L || maxFlows < 1 || maxFlows > 10_000_000) {
            System.err.println("elvis bench pipe: --packets 10^4..10^9 and --max-flows 1..10^7 are required");
            return 2;
        }
        List<Object> runs = new ArrayList<>();
        // Untimed runs first, so that the measured ones do not pay for JIT compilation.
        PipeScenario.linkPipe(Math.min(packets, 500_000));
        PipeScenario.dummynet("fifo", 1, Math.min(packets, 500_000));
        runs.add(row("link-pipe", "fifo", 1, PipeScenario.linkPipe(packets)));
        List<String> types = new ArrayList<>(Schedulers.names());
        types.remove("fifo");
        types.addFirst("fifo");
        if (only != null) {
            for (String t : only) {
                if (!types.contains(t)) {
                    System.err.println("elvis bench pipe: no scheduler '" + t + "'; there are " + String.join(", ", types));
                    return 2;
                }
            }
            types.retainAll(only);
        }
        for (String type : types) {
            PipeScenario.dummynet(type, 1, Math.min(packets, 200_000));
            runs.add(row("dummynet-pipe", type, 1, PipeScenario.dummynet(type, 1, packets)));
        }
        for (String type : types) {
            for (int flows = 10; flows <= maxFlows; flows *= 10) {
                runs.add(row("dummynet-flows", type, flows, PipeScenario.dummynet(type, flows, Math.max(packets, 2L * flows))));
            }
        }
        json.write(runs);
        return 0;
    }

    private static Map<String, Object> row(String scenario, String sched, int flows, PipeScenario.Result r) {
        System.out.printf("%-15s %-9s %,9d flows: %,12d packets in %.3f s wall = %6.2f M packets/s, %6.1f ns/packet, %.2f events/packet, %.0f B allocated/packet%s%n",
                scenario, sched, flows, r.packets(), r.wallNs() / 1e9, r.packetsPerSecond() / 1e6, r.nsPerPacket(),
                (double) r.events() / r.packets(), r.allocatedBytes() < 0 ? -1 : (double) r.allocatedBytes() / r.packets(),
                r.heapPerInstance() < 0 ? "" : String.format(", %.0f B heap/instance", r.heapPerInstance()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario);
        m.put("sched", sched);
        m.put("flows", flows);
        m.put("packets", r.packets());
        m.put("wall_seconds", r.wallNs() / 1e9);
        m.put("packets_per_second", r.packetsPerSecond());
        m.put("ns_per_packet", r.nsPerPacket());
        m.put("events", r.events());
        if (r.heapPerInstance() >= 0) m.put("heap_bytes_per_instance", r.heapPerInstance());
        m.put("bytes_allocated_per_packet", r.allocatedBytes() < 0 ? -1 : (double) r.allocatedBytes() / r.packets());
        return m;
    }
}
