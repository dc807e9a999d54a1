package elvis.cli.generate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code elvis generate tree}: routers in a tree {@code depth} levels deep, each with {@code fan-out} children,
 * and {@code hosts} hosts on access links below each leaf router. Traffic is a random permutation of leaf routers
 * from the seed: the hosts below leaf {@code L} each send to the same-numbered host below {@code π(L)}.
 */
@Command(name = "tree", mixinStandardHelpOptions = true, description = "A tree of routers with hosts below its leaves and random permutation traffic.")
public final class Tree extends RoutedTopology {
    @Option(names = "--depth", defaultValue = "3", description = "levels of routers, the root's included (default ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--fan-out", defaultValue = "2", description = "children of each router (default ${DEFAULT-VALUE})")
    int fanOut;

    @Option(names = "--hosts", defaultValue = "2", description = "hosts below each leaf router (default ${DEFAULT-VALUE})")
    int hosts;

    @Option(names = "--bandwidth", defaultValue = "100Mbps", description = "bandwidth of every link (default ${DEFAULT-VALUE})")
    String bandwidth;

    @Option(names = "--delay", defaultValue = "1ms", description = "one-way delay of every link (default ${DEFAULT-VALUE})")
    String delay;

    @Option(names = "--queue", defaultValue = "100", description = "queue of every link between routers: packets, or bytes with a unit (default ${DEFAULT-VALUE})")
    String queue;

    @Option(names = "--bytes", defaultValue = "1MB", description = "bytes each host sends (default ${DEFAULT-VALUE})")
    String bytes;

    /** Most leaf routers a tree may have. */
    static final int MAX_LEAVES = 4096;

    @Override
    void write(NdlWriter ndl) throws BadOption {
        range("--depth", depth, 2, 16);
        range("--fan-out", fanOut, 1, 64);
        range("--hosts", hosts, 1, 1024);
        if (Math.pow(fanOut, depth - 1) > MAX_LEAVES) {
            throw new BadOption(String.format("--fan-out %d and --depth %d make %.0f leaf routers; at most %,d", fanOut, depth,
                    Math.pow(fanOut, depth - 1), MAX_LEAVES));
        }
        if (fanOut == 1) throw new BadOption("--fan-out 1 makes one leaf, and its hosts would have no one to send to: use at least 2");
        String bw = bandwidth("--bandwidth", bandwidth), latency = duration("--delay", delay), q = queue("--queue", queue), b = size("--bytes", bytes);

        List<String> routers = new ArrayList<>(List.of("t"));
        List<String> level = List.of("t");
        Fabric fabric = new Fabric();
        for (int d = 1; d < depth; d++) {
            List<String> next = new ArrayList<>();
            for (String parent : level) {
                for (int c = 1; c <= fanOut; c++) {
                    String child = parent + "-" + c;
                    fabric.link(parent, child, bw, latency, q);
                    next.add(child);
                }
            }
            routers.addAll(next);
            level = next;
        }
        List<String> leaves = level;
        for (String leaf : leaves) fabric.access(leaf + "-acc", leaf, "h" + leaf.substring(1), hosts, bw, latency);

        ndl.comment(String.format("A tree of routers %d levels deep, fan-out %d, %d hosts below each of its %d leaves; %s links, %s, "
                + "queue %s; each host sends %s along a random permutation of leaves (seed %d).", depth, fanOut, hosts, leaves.size(),
                bw, latency, q, b, seed));
        simulation(ndl);
        fabric.writeNetworks(ndl);
        ndl.section(0, "Machines");
        for (String r : routers) fabric.router(ndl, r);
        int[] to = Fabric.derangement(leaves.size(), seed);
        for (int i = 0; i < leaves.size(); i++) {
            fabric.hosts(ndl, "h" + leaves.get(i).substring(1), hosts);
            ndl.section(2, "Applications");
            ndl.section(3, "Application", "name", "tcp_bulk_send", "bytes", b, "to", "h" + leaves.get(to[i]).substring(1), "port", Flows.PORT);
            ndl.section(3, "Application", "name", "tcp_sink", "port", Flows.PORT, "bytes", b);
        }
    }
}
