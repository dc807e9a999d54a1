package elvis.routing.bgp;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Route;
import elvis.routing.Prefix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small BGP topology for tests: routers by name with their AS, point-to-point links numbered
 * 10.255.k.0/30 (or LANs), neighbours on both ends, then {@link #start} builds a {@link Bgp} per
 * router. Times are in seconds where named so.
 */
final class BgpLab {
    static final long MS = 1_000_000, S = 1_000 * MS;

    final Simulation sim;
    final Map<String, Machine> machines = new LinkedHashMap<>();
    final Map<String, Long> asns = new LinkedHashMap<>();
    final Map<String, List<BgpNeighbor>> neighbors = new LinkedHashMap<>();
    final Map<String, List<Prefix>> networks = new LinkedHashMap<>();
    final Map<String, Integer> routerIds = new LinkedHashMap<>();
    final Map<String, Bgp> speakers = new LinkedHashMap<>();
    final List<Network> links = new ArrayList<>();
    long holdNs = 90 * S, connectRetryNs = 120 * S, mraiEbgpNs = 30 * S, mraiIbgpNs = 5 * S;
    private int nextLink;

    BgpLab(long seed) { sim = new Simulation(seed); }

    Machine router(String name, long asn) {
        Machine m = sim.machine(name);
        sim.router(m);
        machines.put(name, m);
        asns.put(name, asn);
        neighbors.put(name, new ArrayList<>());
        networks.put(name, new ArrayList<>());
        return m;
    }

    /** A point-to-point link between {@code a} and {@code b} with a session over it; returns it. */
    Network link(String a, String b) { return link(a, b, 10 * MS); }

    Network link(String a, String b, long delayNs) { return connect(a, b, delayNs, false); }

    /** As {@link #link} over a switched LAN: a port going down tells only its own machine. */
    Network lan(String a, String b) { return connect(a, b, 10 * MS, true); }

    private Network connect(String a, String b, long delayNs, boolean lan) {
        int k = nextLink++;
        LinkConfig config = LinkConfig.UNLIMITED.withDelay(delayNs);
        Network n = lan ? sim.network(a + "-" + b, config) : sim.link(a + "-" + b, config, Simulation.Resolution.STATIC);
        int base = Ipv4Address.parse("10.255.0.0") + (k << 2);
        sim.connect(machines.get(a), n, base + 1, 30);
        sim.connect(machines.get(b), n, base + 2, 30);
        neighbors.get(a).add(new BgpNeighbor(base + 2, asns.get(b)));
        neighbors.get(b).add(new BgpNeighbor(base + 1, asns.get(a)));
        links.add(n);
        return n;
    }

    /** The address {@code router} has on link {@code k} (in creation order). */
    int address(String router, int k) {
        int base = Ipv4Address.parse("10.255.0.0") + (k << 2);
        Machine m = machines.get(router);
        for (var i : Ipv4.of(m).interfaces()) if (i.address() == base + 1 || i.address() == base + 2) return i.address();
        throw new IllegalArgumentException(router + " is not on link " + k);
    }

    void network(String router, String prefix) { networks.get(router).add(Prefix.parse(prefix)); }

    /** Builds and adds the speakers; the run starts them at time 0. */
    BgpLab start() {
        for (String name : machines.keySet()) {
            BgpConfig c = new BgpConfig(asns.get(name), routerIds.getOrDefault(name, 0), neighbors.get(name), networks.get(name),
                    java.util.Set.of(), 0, holdNs, connectRetryNs, mraiEbgpNs, mraiIbgpNs);
            Bgp b = new Bgp(c);
            speakers.put(name, b);
            machines.get(name).addApplication(b);
        }
        return this;
    }

    Bgp bgp(String name) { return speakers.get(name); }

    void runUntilSeconds(double s) { sim.runUntil((long) (s * S)); }

    /** The route {@code router}'s table uses towards {@code dst}. */
    Route lookup(String router, String dst) { return Ipv4.of(machines.get(router)).lookup(Ipv4Address.parse(dst)); }

    /** The AS_PATH of {@code router}'s Loc-RIB route to {@code prefix}, or null. */
    String path(String router, String prefix) {
        BgpRoute r = bgp(router).best(Prefix.parse(prefix));
        return r == null ? null : r.attributes().asPath().toString();
    }

    void assertNoFailures() {
        for (Machine m : machines.values())
            org.assertj.core.api.Assertions.assertThat(m.failures()).as("failures on " + m).isEmpty();
    }
}
