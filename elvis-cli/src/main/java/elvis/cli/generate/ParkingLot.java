package elvis.cli.generate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elvis generate parking-lot}: routers {@code r0 … rH} in a chain of {@code hops} bottleneck links; the
 * long flows cross every link (hosts at {@code r0} to hosts at {@code rH}), and on each link {@code i} cross
 * flows from hosts at {@code r(i-1)} to hosts at {@code ri} compete with them.
 */
@Command(name = "parking-lot", mixinStandardHelpOptions = true,
        description = "A chain of bottleneck links: long flows cross them all, cross flows one each.")
public final class ParkingLot extends RoutedTopology {
    @Option(names = "--hops", defaultValue = "3", description = "bottleneck links in the chain (default ${DEFAULT-VALUE})")
    int hops;

    @Option(names = "--flows", defaultValue = "1", description = "flows of the long path and of each cross path (default ${DEFAULT-VALUE})")
    int flows;

    @Option(names = "--access-bandwidth", defaultValue = "100Mbps", description = "bandwidth of each access link (default ${DEFAULT-VALUE})")
    String accessBandwidth;

    @Option(names = "--access-delay", defaultValue = "1ms", description = "one-way delay of each access link (default ${DEFAULT-VALUE})")
    String accessDelay;

    @Option(names = "--bottleneck-bandwidth", defaultValue = "10Mbps", description = "bandwidth of each bottleneck link (default ${DEFAULT-VALUE})")
    String bottleneckBandwidth;

    @Option(names = "--delay", defaultValue = "10ms", description = "one-way delay of each bottleneck link (default ${DEFAULT-VALUE})")
    String delay;

    @Option(names = "--queue", defaultValue = "100", description = "each bottleneck's queue: packets, or bytes with a unit (default ${DEFAULT-VALUE})")
    String queue;

    @Option(names = "--bytes", defaultValue = "1MB", description = "bytes each flow sends (default ${DEFAULT-VALUE})")
    String bytes;

    @Override
    void write(NdlWriter ndl) throws BadOption {
        range("--hops", hops, 1, 100);
        range("--flows", flows, 1, MAX_ACCESS_LINKS);
        String access = bandwidth("--access-bandwidth", accessBandwidth), accessLatency = duration("--access-delay", accessDelay);
        String neck = bandwidth("--bottleneck-bandwidth", bottleneckBandwidth), latency = duration("--delay", delay);
        String q = queue("--queue", queue), b = size("--bytes", bytes);

        ndl.comment(String.format("A parking lot: %d bottleneck links of %s, %s (queue %s) from r0 to r%d; %d long flow(s) of %s "
                + "cross them all, %d cross flow(s) each link.", hops, neck, latency, q, hops, flows, b, flows));
        simulation(ndl);
        Fabric fabric = new Fabric();
        for (int i = 1; i <= hops; i++) fabric.link("r" + (i - 1), "r" + i, neck, latency, q);
        fabric.access("long-src-access", "r0", "long-src", flows, access, accessLatency);
        fabric.access("long-dst-access", "r" + hops, "long-dst", flows, access, accessLatency);
        for (int i = 1; i <= hops; i++) {
            fabric.access("cross" + i + "-src-access", "r" + (i - 1), "cross" + i + "-src", flows, access, accessLatency);
            fabric.access("cross" + i + "-dst-access", "r" + i, "cross" + i + "-dst", flows, access, accessLatency);
        }
        fabric.writeNetworks(ndl);
        ndl.section(0, "Machines");
        for (int i = 0; i <= hops; i++) fabric.router(ndl, "r" + i);
        Flows.bulk(ndl, fabric, "long-src", "long-dst", flows, b);
        for (int i = 1; i <= hops; i++) Flows.bulk(ndl, fabric, "cross" + i + "-src", "cross" + i + "-dst", flows, b);
    }
}
