package elvis.bench;

import elvis.Simulation;
import elvis.app.DnsResolver;
import elvis.app.DnsServer;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.dns.DnsName;
import elvis.protocol.dns.DnsRecord;
import elvis.protocol.dns.Rdata;
import elvis.protocol.dns.RecursiveResolver;
import elvis.protocol.dns.ResolvConf;
import elvis.protocol.dns.StubResolver;
import elvis.protocol.dns.Zone;
import elvis.protocol.ipv4.Ipv4Address;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code elvis bench dns}: N stub clients on one switched LAN (100 µs links), client i asking for
 * {@code h<i mod names>.example.com} at i × {@value #SPACING_NS} ns through one caching resolver, which
 * iterates from a root server through a com server to example.com's server (holding the names).
 * The first client of each name makes the resolver ask example.com; everyone after it is answered
 * from the cache.
 */
public final class DnsScenario {
    static final long LATENCY_NS = 100_000;
    /** Clients start this far apart, so 100,000 of them ask within 1 s of virtual time. */
    static final long SPACING_NS = 10_000;

    /**
     * @param resolved        clients whose stub heard an address, the right one
     * @param wallNs          wall time of the run, build excluded
     * @param heapBytes       heap in use after the build (after GC)
     */
    public record Result(long clients, long resolved, RecursiveResolver.Stats stats, long events, long wallNs, long heapBytes, long rootQueries, long comQueries) { }

    /** One client: resolves its name through its machine's stub at its time. */
    private static final class Lookup implements Application {
        private final String name;
        private final int expected;
        private final long at;
        boolean ok;

        Lookup(String name, int expected, long at) {
            this.name = name;
            this.expected = expected;
            this.at = at;
        }

        @Override public String name() { return "lookup"; }
        @Override public String summary() { return ok ? "resolved" : "unresolved"; }

        @Override
        public void start(Machine m) {
            m.sim().schedule(at, () -> StubResolver.of(m).resolve(name, this, (outcome, address) ->
                    ok = outcome == StubResolver.Outcome.RESOLVED && address == expected));
        }
    }

    static int nameAddress(int n) { return Ipv4Address.parse("10.128.0.0") + n; }

    public static Result run(int clients, int names, long seed) {
        long heapBefore = usedHeapAfterGc();
        Simulation sim = new Simulation(seed);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(LATENCY_NS));
        int root = Ipv4Address.parse("10.0.0.1"), com = Ipv4Address.parse("10.0.0.2"), example = Ipv4Address.parse("10.0.0.3"),
                resolver = Ipv4Address.parse("10.0.0.53");
        DnsName rootNs = DnsName.of("a.root-servers.net"), comNs = DnsName.of("ns.com"), exampleNs = DnsName.of("ns.example.com");
        int ttl = 86_400;
        DnsServer rootServer = new DnsServer(List.of(Zone.of(DnsName.ROOT, List.of(soa(DnsName.ROOT, rootNs, ttl), ns(DnsName.ROOT, rootNs, ttl),
                a(rootNs, root, ttl), ns(DnsName.of("com"), comNs, ttl), a(comNs, com, ttl)))));
        DnsServer comServer = new DnsServer(List.of(Zone.of(DnsName.of("com"), List.of(soa(DnsName.of("com"), comNs, ttl), ns(DnsName.of("com"), comNs, ttl),
                a(comNs, com, ttl), ns(DnsName.of("example.com"), exampleNs, ttl), a(exampleNs, example, ttl)))));
        List<DnsRecord> hosts = new ArrayList<>(names + 3);
        DnsName domain = DnsName.of("example.com");
        hosts.add(soa(domain, exampleNs, ttl));
        hosts.add(ns(domain, exampleNs, ttl));
        hosts.add(a(exampleNs, example, ttl));
        for (int n = 0; n < names; n++) hosts.add(a(domain.child("h" + n), nameAddress(n), ttl));
        DnsServer exampleServer = new DnsServer(List.of(Zone.of(domain, hosts)));
        server(sim, lan, "root", root, rootServer);
        server(sim, lan, "com", com, comServer);
        server(sim, lan, "example", example, exampleServer);
        DnsResolver dnsResolver = new DnsResolver(new int[] {root}, RecursiveResolver.Limits.DEFAULT);
        server(sim, lan, "resolver", resolver, dnsResolver);
        Lookup[] lookups = new Lookup[clients];
        int first = Ipv4Address.parse("10.1.0.0");
        for (int i = 0; i < clients; i++) {
            Machine m = sim.machine("c" + i);
            sim.connect(m, lan, first + i, 8);
            ResolvConf.of(m).nameservers(resolver);
            int n = i % names;
            lookups[i] = new Lookup("h" + n + ".example.com", nameAddress(n), i * SPACING_NS);
            m.addApplication(lookups[i]);
        }
        long heap = usedHeapAfterGc() - heapBefore;
        long start = System.nanoTime();
        sim.run();
        long wall = System.nanoTime() - start;
        long resolved = 0;
        for (Lookup l : lookups) if (l.ok) resolved++;
        return new Result(clients, resolved, dnsResolver.resolver().stats(), sim.kernel().eventsDispatched(), wall, heap,
                rootServer.queries(), comServer.queries());
    }

    private static void server(Simulation sim, Network lan, String name, int address, Application app) {
        Machine m = sim.machine(name);
        sim.connect(m, lan, address, 8);
        m.addApplication(app);
    }

    private static DnsRecord soa(DnsName zone, DnsName primary, int ttl) {
        return new DnsRecord(zone, ttl, new Rdata.Soa(primary, DnsName.of("hostmaster.example.com"), 1, 3600, 600, 86400, 300));
    }

    private static DnsRecord ns(DnsName zone, DnsName host, int ttl) { return new DnsRecord(zone, ttl, new Rdata.Ns(host)); }

    private static DnsRecord a(DnsName name, int address, int ttl) { return new DnsRecord(name, ttl, new Rdata.A(address)); }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
