package elvis.cli.generate;

import elvis.config.Units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The networks of a routed topology as they are decided, and which machines are on them: point-to-point
 * links between routers on consecutive /30s of 172.16.0.0/12, and counted access links for groups of
 * hosts on aligned blocks of 10.0.0.0/8. Writes the [Networks] section and each machine's [Networks].
 */
final class Fabric {
    private final NdlWriter networks = new NdlWriter();
    private final Map<String, List<String>> on = new LinkedHashMap<>();   // machine → its networks, in the order they were added
    private int nextLink = 0xAC10_0000;                                    // 172.16.0.0
    private long nextAccess = 0x0A00_0000L;                               // 10.0.0.0

    /** A point-to-point link between routers {@code a} and {@code b}, called {@code a_b}. */
    void link(String a, String b, String bandwidth, String latency, String queue) {
        String id = a + "_" + b;
        networks.section(1, "Network", "id", id, "type", "p2p", "bandwidth", bandwidth, "latency", latency, "queue", queue);
        networks.section(2, "IP", "subnet", Units.formatIpv4(nextLink) + "/30");
        nextLink += 4;
        join(a, id);
        join(b, id);
    }

    /** {@code n} access links {@code id-1 … id-n} from router {@code router} to the {@code n} machines of group {@code hosts}. */
    void access(String id, String router, String hosts, int n, String bandwidth, String latency) {
        long size = 4L * Long.highestOneBit(Math.max(1, 2L * n - 1));       // n /30s, rounded up to a power of two
        long base = (nextAccess + size - 1) / size * size;
        nextAccess = base + size;
        networks.section(1, "Network", "id", id, "type", "p2p", "count", n, "bandwidth", bandwidth, "latency", latency);
        networks.section(2, "IP", "subnet", Units.formatIpv4((int) base) + "/" + (32 - Long.numberOfTrailingZeros(size)));
        join(router, id);
        join(hosts, id);
    }

    private void join(String machine, String network) { on.computeIfAbsent(machine, m -> new ArrayList<>()).add(network); }

    /** The [Networks] section. */
    void writeNetworks(NdlWriter ndl) {
        ndl.section(0, "Networks");
        ndl.append(networks);
    }

    /** Router {@code name} with its networks (and no applications). */
    void router(NdlWriter ndl, String name) {
        ndl.section(1, "Machine", "name", name, "router", "true");
        machineNetworks(ndl, name);
        ndl.section(2, "Applications");
    }

    /** The first lines of a group of {@code count} hosts: its [Machine] and [Networks]; the caller adds [Applications]. */
    void hosts(NdlWriter ndl, String name, int count) {
        ndl.section(1, "Machine", "name", name, "count", count);
        machineNetworks(ndl, name);
    }

    private void machineNetworks(NdlWriter ndl, String name) {
        ndl.section(2, "Networks");
        for (String id : on.getOrDefault(name, List.of())) ndl.section(3, "Network", "id", id);
    }

    /** Within the 10.0.0.0/8 access space so far: whether the plan still fits. */
    boolean fits() { return nextAccess <= 0x0B00_0000L && nextLink <= 0xAC20_0000; }

    /**
     * A random permutation of 0..n-1 with no fixed point (one cycle: Sattolo's algorithm), from {@code seed}:
     * who sends to whom in the topologies whose traffic is random.
     */
    static int[] derangement(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }
}
