package elvis.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code elvis bench icmp}: the network layer's own work. The ping flood sends N echo requests across
 * two routers, {@value PingFloodScenario#IN_FLIGHT} in flight, and awaits their replies; the figures
 * are events per wall second and bytes allocated per round trip. The fragmentation case sends N UDP
 * datagrams larger than the MTU that are fragmented and reassembled; the figures are events per wall
 * second and bytes allocated per datagram (reassembly must not copy payload: the payload is synthetic,
 * so whatever is allocated is per-fragment bookkeeping).
 */
@Command(name = "icmp", mixinStandardHelpOptions = true,
        description = "Ping flood: N echo round trips across two routers; fragmentation: N UDP datagrams of --size bytes over --mtu, fragmented and reassembled;"
                + " report events per wall second and bytes allocated per round trip and per datagram.")
public final class IcmpCommand implements Callable<Integer> {
    @Option(names = "--count", defaultValue = "1000000", description = "echo round trips of the ping flood (default ${DEFAULT-VALUE})")
    long count;

    @Option(names = "--datagrams", defaultValue = "1000000", description = "datagrams of the fragmentation case (default ${DEFAULT-VALUE})")
    long datagrams;

    @Option(names = "--size", defaultValue = "8000", description = "UDP datagram size in bytes, header included (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--mtu", defaultValue = "1500", description = "the link's MTU (default ${DEFAULT-VALUE})")
    int mtu;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Mixin
    BenchJson json;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > 100_000_000 || datagrams < 1 || datagrams > 100_000_000 || size < 8 || size > 65_507 || mtu < 68 || mtu > 65_535) {
            System.err.println("elvis bench icmp: --count 1..10^8, --datagrams 1..10^8, --size 8..65507 and --mtu 68..65535 are required");
            return 2;
        }
        // An untimed run of each case first, so that the measured one does not pay for JIT compilation.
        PingFloodScenario.run(Math.min(count, 50_000), seed);
        PingFloodScenario.Result p = PingFloodScenario.run(count, seed);
        double pingEventsPerSecond = p.events() / (p.wallNs() / 1e9);
        double bytesPerRoundTrip = p.allocatedBytes() < 0 ? -1 : (double) p.allocatedBytes() / count;
        System.out.printf("icmp ping flood: %,d echo requests of %d data bytes across two routers, %d in flight: %,d round trips, %,d errors, %,d failures%n",
                count, PingFloodScenario.DATA_BYTES, PingFloodScenario.IN_FLIGHT, p.roundTrips(), p.errors(), p.failures());
        System.out.printf("  wall %.3f s, %,d events (%.2f M events/s), %.0f bytes allocated per round trip%n",
                p.wallNs() / 1e9, p.events(), pingEventsPerSecond / 1e6, bytesPerRoundTrip);
        Map<String, Object> ping = new LinkedHashMap<>();
        ping.put("scenario", "ping-flood");
        ping.put("count", count);
        ping.put("in_flight", PingFloodScenario.IN_FLIGHT);
        ping.put("data_bytes", PingFloodScenario.DATA_BYTES);
        ping.put("round_trips", p.roundTrips());
        ping.put("errors", p.errors());
        ping.put("failures", p.failures());
        ping.put("wall_seconds", p.wallNs() / 1e9);
        ping.put("events", p.events());
        ping.put("events_per_second", pingEventsPerSecond);
        ping.put("bytes_allocated_per_round_trip", bytesPerRoundTrip);

        FragmentationScenario.run(Math.min(datagrams, 50_000), size, mtu, seed);
        FragmentationScenario.Result r = FragmentationScenario.run(datagrams, size, mtu, seed);
        double eventsPerSecond = r.events() / (r.wallNs() / 1e9);
        double bytesPerDatagram = r.allocatedBytes() < 0 ? -1 : (double) r.allocatedBytes() / datagrams;
        System.out.printf("icmp fragmentation: %,d datagrams of %,d bytes over MTU %,d (%,d fragments), %,d reassembled%n",
                datagrams, size, mtu, r.fragments(), r.delivered());
        System.out.printf("  wall %.3f s, %,d events (%.2f M events/s), %.0f bytes allocated per datagram%n",
                r.wallNs() / 1e9, r.events(), eventsPerSecond / 1e6, bytesPerDatagram);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("scenario", "fragmentation");
        run.put("datagrams", datagrams);
        run.put("datagram_bytes", size);
        run.put("mtu", mtu);
        run.put("fragments", r.fragments());
        run.put("reassembled", r.delivered());
        run.put("wall_seconds", r.wallNs() / 1e9);
        run.put("events", r.events());
        run.put("events_per_second", eventsPerSecond);
        run.put("bytes_allocated_per_datagram", bytesPerDatagram);
        json.write(List.of(ping, run));
        boolean pingWhole = p.roundTrips() == count && p.errors() == 0 && p.failures() == 0;
        return pingWhole && r.delivered() == datagrams ? 0 : 1;
    }
}
