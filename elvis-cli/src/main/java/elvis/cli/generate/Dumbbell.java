package elvis.cli.generate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elvis generate dumbbell}: {@code flows} senders, each on its own access link to router
 * {@code r1}, a bottleneck link from {@code r1} to {@code r2}, and as many receivers behind {@code r2};
 * sender {@code i} sends {@code bytes} over TCP to receiver {@code i}.
 */
@Command(name = "dumbbell", mixinStandardHelpOptions = true,
        description = "Senders and receivers on access links on each side of one bottleneck link between two routers.")
public final class Dumbbell extends RoutedTopology {
    @Option(names = "--flows", defaultValue = "10", description = "sender-receiver pairs, one TCP flow each (default ${DEFAULT-VALUE})")
    int flows;

    @Option(names = "--access-bandwidth", defaultValue = "100Mbps", description = "bandwidth of each access link (default ${DEFAULT-VALUE})")
    String accessBandwidth;

    @Option(names = "--access-delay", defaultValue = "1ms", description = "one-way delay of each access link (default ${DEFAULT-VALUE})")
    String accessDelay;

    @Option(names = "--bottleneck-bandwidth", defaultValue = "10Mbps", description = "bandwidth of the bottleneck (default ${DEFAULT-VALUE})")
    String bottleneckBandwidth;

    @Option(names = "--delay", defaultValue = "20ms", description = "one-way delay of the bottleneck (default ${DEFAULT-VALUE})")
    String delay;

    @Option(names = "--queue", defaultValue = "100", description = "the bottleneck's queue: packets, or bytes with a unit (default ${DEFAULT-VALUE})")
    String queue;

    @Option(names = "--bytes", defaultValue = "1MB", description = "bytes each flow sends (default ${DEFAULT-VALUE})")
    String bytes;

    @Override
    void write(NdlWriter ndl) throws BadOption {
        range("--flows", flows, 1, MAX_ACCESS_LINKS);
        String access = bandwidth("--access-bandwidth", accessBandwidth), accessLatency = duration("--access-delay", accessDelay);
        String neck = bandwidth("--bottleneck-bandwidth", bottleneckBandwidth), latency = duration("--delay", delay);
        String q = queue("--queue", queue), b = size("--bytes", bytes);

        ndl.comment(String.format("A dumbbell: %d flows of %s through a %s, %s bottleneck (queue %s) between r1 and r2.",
                flows, b, neck, latency, q));
        simulation(ndl);
        ndl.section(0, "Networks");
        ndl.section(1, "Network", "id", "bottleneck", "type", "p2p", "bandwidth", neck, "latency", latency, "queue", q);
        ndl.section(2, "IP", "subnet", "10.0.0.0/30");
        accessLinks(ndl, "left", LEFT, flows, access, accessLatency);
        accessLinks(ndl, "right", RIGHT, flows, access, accessLatency);

        ndl.section(0, "Machines");
        router(ndl, "r1", "bottleneck", "left", RIGHT, "10.0.0.2");
        router(ndl, "r2", "bottleneck", "right", LEFT, "10.0.0.1");
        hosts(ndl, "sender", flows, "left", LEFT);
        ndl.section(2, "Applications");
        ndl.section(3, "Application", "name", "tcp_bulk_send", "bytes", b, "to", "receiver", "port", PORT);
        hosts(ndl, "receiver", flows, "right", RIGHT);
        ndl.section(2, "Applications");
        ndl.section(3, "Application", "name", "tcp_sink", "port", PORT, "bytes", b);
    }

    private static final int LEFT = 0x0A010000, RIGHT = 0x0A020000;   // 10.1.0.0/16, 10.2.0.0/16
    private static final int PORT = 5001;

    /** A router on the bottleneck and on the {@code n} access links of its side, with a route to the far side. */
    private void router(NdlWriter ndl, String name, String core, String side, int farBlock, String peer) {
        ndl.section(1, "Machine", "name", name, "router", "true");
        ndl.section(2, "Networks");
        ndl.section(3, "Network", "id", core);
        ndl.section(3, "Network", "id", side);
        if (routing == Routing.STATIC) {
            ndl.section(2, "Routes");
            ndl.section(3, "Route", "to", ip(farBlock) + "/16", "via", peer);
        }
        ndl.section(2, "Applications");
    }
}
