package elvis.bench;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.dhcp.DhcpClient;
import elvis.protocol.dhcp.DhcpPool;
import elvis.protocol.dhcp.DhcpServer;
import elvis.protocol.ipv4.Ipv4Address;

import java.util.ArrayList;
import java.util.List;

/**
 * One switched LAN (no bandwidth limit, {@link #LATENCY_NS} latency), one DHCP server with a pool
 * large enough for every client, and N clients that all boot at time 0 and broadcast their
 * DISCOVER and REQUEST on it. Runs until every client is bound.
 */
final class DhcpScenario {
    static final long LATENCY_NS = 10_000;
    static final int NETWORK = Ipv4Address.parse("10.0.0.0"), SERVER = Ipv4Address.parse("10.0.0.1");

    /**
     * {@code bound}: clients bound at the end; {@code simulatedNs}: when the last one was bound;
     * {@code boundAt}/{@code addresses}: per client, in order; heap figures after a full collection,
     * -1 when not measured.
     */
    record Result(int clients, int bound, long buildWallNs, long wallNs, long simulatedNs, long events, long floodSkipped,
                  long offers, long acks, long heapAfterBuild, long heapAfterBound, long[] boundAt, int[] addresses) { }

    private DhcpScenario() { }

    /** The smallest prefix length whose subnet holds the server and {@code clients} more hosts. */
    static int prefixLength(int clients) {
        int len = 30;
        while (len > 8 && (1L << (32 - len)) - 3 < clients) len--;
        return len;
    }

    static Result run(int clients, long seed, boolean shortcut, boolean measureHeap) {
        long heapBefore = measureHeap ? ScaleWorker.usedHeapAfterGc() : 0;
        long t0 = System.nanoTime();
        Simulation sim = new Simulation(seed);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(LATENCY_NS).withFloodShortcut(shortcut));
        Machine serverMachine = sim.machine("server");
        sim.connect(serverMachine, lan, SERVER, prefixLength(clients));
        DhcpServer server = new DhcpServer(DhcpPool.subnet(NETWORK, prefixLength(clients)).leaseSeconds(3600));
        serverMachine.addApplication(server);
        List<DhcpClient> all = new ArrayList<>(clients);
        int[] bound = new int[1];
        long[] last = new long[1];
        for (int i = 0; i < clients; i++) {
            Machine m = sim.machine("c" + i);
            DhcpClient c = new DhcpClient(sim.connect(m, lan));
            m.addApplication(c);
            all.add(c);
            c.whenBound(() -> {
                last[0] = sim.kernel().now();
                if (++bound[0] == clients) sim.kernel().stop();
            });
        }
        long built = System.nanoTime();
        long heapAfterBuild = measureHeap ? ScaleWorker.usedHeapAfterGc() - heapBefore : -1;
        long start = System.nanoTime();
        sim.runUntil(Long.MAX_VALUE);
        long wall = System.nanoTime() - start;
        long heapAfterBound = measureHeap ? ScaleWorker.usedHeapAfterGc() - heapBefore : -1;
        long[] boundAt = new long[clients];
        int[] addresses = new int[clients];
        for (int i = 0; i < clients; i++) {
            boundAt[i] = all.get(i).boundAtNs();
            addresses[i] = all.get(i).address();
        }
        Result r = new Result(clients, bound[0], built - t0, wall, last[0], sim.kernel().eventsDispatched(), lan.floodSkipped(),
                server.offers(), server.acks(), heapAfterBuild, heapAfterBound, boundAt, addresses);
        sim.shutdown();
        return r;
    }
}
