package elvis.cli.generate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code elvis generate fat-tree}: the k-ary fat tree of Al-Fares et al. (SIGCOMM 2008): {@code k} pods of
 * {@code k/2} edge and {@code k/2} aggregation switches (routers here), {@code (k/2)²} core routers, {@code k/2}
 * hosts per edge switch, every link alike. Traffic is a random permutation of edge switches from the seed: the
 * hosts of edge switch {@code E} each send to the same-numbered host of {@code π(E)}, never their own.
 */
@Command(name = "fat-tree", mixinStandardHelpOptions = true, description = "A k-ary fat tree of routers with k³/4 hosts and random permutation traffic.")
public final class FatTree extends RoutedTopology {
    @Option(names = "--k", defaultValue = "4", description = "ports per switch, even: k pods, k³/4 hosts (default ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--bandwidth", defaultValue = "1Gbps", description = "bandwidth of every link (default ${DEFAULT-VALUE})")
    String bandwidth;

    @Option(names = "--delay", defaultValue = "100us", description = "one-way delay of every link (default ${DEFAULT-VALUE})")
    String delay;

    @Option(names = "--queue", defaultValue = "100", description = "queue of every link between routers: packets, or bytes with a unit (default ${DEFAULT-VALUE})")
    String queue;

    @Option(names = "--bytes", defaultValue = "1MB", description = "bytes each host sends (default ${DEFAULT-VALUE})")
    String bytes;

    @Override
    void write(NdlWriter ndl) throws BadOption {
        range("--k", k, 2, 32);
        if (k % 2 != 0) throw new BadOption("--k must be even, not " + k);
        String bw = bandwidth("--bandwidth", bandwidth), latency = duration("--delay", delay), q = queue("--queue", queue), b = size("--bytes", bytes);
        int half = k / 2, edges = k * half;

        ndl.comment(String.format("A k=%d fat tree: %d pods, %d core routers, %d hosts; %s links, %s, queue %s; each host sends %s "
                + "along a random permutation of edge switches (seed %d).", k, k, half * half, k * half * half, bw, latency, q, b, seed));
        simulation(ndl);
        Fabric fabric = new Fabric();
        for (int p = 0; p < k; p++) {
            for (int a = 0; a < half; a++) {
                for (int c = 0; c < half; c++) fabric.link(core(a * half + c), agg(p, a), bw, latency, q);
                for (int e = 0; e < half; e++) fabric.link(agg(p, a), edge(p, e), bw, latency, q);
            }
        }
        for (int p = 0; p < k; p++) {
            for (int e = 0; e < half; e++) fabric.access("acc-" + p + "-" + e, edge(p, e), hosts(p, e), half, bw, latency);
        }
        fabric.writeNetworks(ndl);
        ndl.section(0, "Machines");
        for (int c = 0; c < half * half; c++) fabric.router(ndl, core(c));
        for (int p = 0; p < k; p++) for (int a = 0; a < half; a++) fabric.router(ndl, agg(p, a));
        for (int p = 0; p < k; p++) for (int e = 0; e < half; e++) fabric.router(ndl, edge(p, e));
        int[] to = Fabric.derangement(edges, seed);
        for (int i = 0; i < edges; i++) {
            fabric.hosts(ndl, hosts(i / half, i % half), half);
            ndl.section(2, "Applications");
            ndl.section(3, "Application", "name", "tcp_bulk_send", "bytes", b, "to", hosts(to[i] / half, to[i] % half), "port", Flows.PORT);
            ndl.section(3, "Application", "name", "tcp_sink", "port", Flows.PORT, "bytes", b);
        }
    }

    private static String core(int c) { return "core-" + c; }

    private static String agg(int pod, int a) { return "agg-" + pod + "-" + a; }

    private static String edge(int pod, int e) { return "edge-" + pod + "-" + e; }

    private static String hosts(int pod, int e) { return "h-" + pod + "-" + e; }
}
