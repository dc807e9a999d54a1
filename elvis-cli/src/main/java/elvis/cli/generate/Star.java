package elvis.cli.generate;

import elvis.config.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elvis generate star}: {@code hosts} clients, each on its own access link to router {@code hub}, all
 * sending to one {@code server} behind the hub's link to it (incast).
 */
@Command(name = "star", mixinStandardHelpOptions = true, description = "Clients on access links around one router, all sending to one server.")
public final class Star extends RoutedTopology {
    @Option(names = "--hosts", defaultValue = "10", description = "clients around the hub, one TCP flow each to the server (default ${DEFAULT-VALUE})")
    int hosts;

    @Option(names = "--access-bandwidth", defaultValue = "100Mbps", description = "bandwidth of each client's link (default ${DEFAULT-VALUE})")
    String accessBandwidth;

    @Option(names = "--server-bandwidth", defaultValue = "100Mbps", description = "bandwidth of the server's link (default ${DEFAULT-VALUE})")
    String serverBandwidth;

    @Option(names = "--delay", defaultValue = "1ms", description = "one-way delay of every link (default ${DEFAULT-VALUE})")
    String delay;

    @Option(names = "--queue", defaultValue = "100", description = "queue of the server's link: packets, or bytes with a unit (default ${DEFAULT-VALUE})")
    String queue;

    @Option(names = "--bytes", defaultValue = "1MB", description = "bytes each client sends (default ${DEFAULT-VALUE})")
    String bytes;

    @Override
    void write(NdlWriter ndl) throws BadOption {
        range("--hosts", hosts, 1, MAX_ACCESS_LINKS);
        String access = bandwidth("--access-bandwidth", accessBandwidth), server = bandwidth("--server-bandwidth", serverBandwidth);
        String latency = duration("--delay", delay), q = queue("--queue", queue), b = size("--bytes", bytes);
        long total;
        try {
            total = Units.size(b, "--bytes", 1L << 40, "1TB") * hosts;
        } catch (Units.BadValue e) {
            throw new BadOption(e.getMessage());
        }

        ndl.comment(String.format("A star: %d clients on %s links around router hub each send %s to the server on its %s link (queue %s).",
                hosts, access, b, server, q));
        simulation(ndl);
        Fabric fabric = new Fabric();
        fabric.link("hub", "server", server, latency, q);
        fabric.access("spoke", "hub", "client", hosts, access, latency);
        fabric.writeNetworks(ndl);
        ndl.section(0, "Machines");
        fabric.router(ndl, "hub");
        fabric.hosts(ndl, "client", hosts);
        ndl.section(2, "Applications");
        ndl.section(3, "Application", "name", "tcp_bulk_send", "bytes", b, "to", "server", "port", Flows.PORT);
        fabric.hosts(ndl, "server", 1);
        ndl.section(2, "Applications");
        ndl.section(3, "Application", "name", "tcp_sink", "port", Flows.PORT, "bytes", total);
    }
}
