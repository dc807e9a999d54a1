package elvis.protocol.dns;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.dns.RecursiveResolverTest.Tree;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import static elvis.protocol.dns.RecursiveResolverTest.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** R-DNS-5(c): many stub clients through one caching resolver. */
class ResolverScaleTest {

    /** Resolves one name through its machine's stub at a given time, on the event API. */
    static final class Resolve implements Application {
        private final String name;
        private final long at;
        int address = -2;

        Resolve(String name, long at) {
            this.name = name;
            this.at = at;
        }

        @Override public String name() { return "resolve"; }
        @Override public String summary() { return ""; }
        @Override public boolean hasGoal() { return true; }
        @Override public boolean goalMet() { return address >= 0 || address < -2; }

        @Override
        public void start(Machine m) {
            m.sim().schedule(at, () -> StubResolver.of(m).resolve(name, this,
                    (outcome, a) -> address = outcome == StubResolver.Outcome.RESOLVED ? a : -3));
        }
    }

    @Test
    void tenThousandClientsAskingOneOfAHundredNamesCostAHundredUpstreamQueriesPlusTheReferrals() {
        Tree t = new Tree();
        int names = 100, clients = 10_000;
        for (int n = 0; n < names; n++) t.example.a("h" + n + ".example.com", 3600, "10.0.4." + n);
        Resolve[] apps = new Resolve[clients];
        int resolver = Ipv4Address.parse("10.0.0.53");
        for (int i = 0; i < clients; i++) {
            Machine m = t.sim.machine("c" + i);
            t.join(m, Ipv4Address.format(Ipv4Address.parse("10.0.16.0") + i));
            ResolvConf.of(m).nameservers(resolver);
            // one every 10 ms: the first walk (8 ms) is over before the second client asks
            apps[i] = new Resolve("h" + (i % names) + ".example.com", i * 10 * MS);
            m.addApplication(apps[i]);
        }
        t.sim.run();
        for (int i = 0; i < clients; i++) assertEquals(Ipv4Address.parse("10.0.4." + (i % names)), apps[i].address, "client " + i);
        RecursiveResolver.Stats s = t.stats();
        assertEquals(clients, s.queries);
        assertEquals(names + 2, s.upstreamQueries, "one per name, plus root and com once (their referrals are cached)");
        assertEquals(1, t.root.udpQueries);
        assertEquals(1, t.com.udpQueries);
        assertEquals(clients - names, s.cacheHits);
        assertTrue(s.hitRatio() >= 0.99, "hit ratio " + s.hitRatio());
    }
}
