package elvis.protocol.dns;

import elvis.Simulation;
import elvis.app.DnsResolver;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recursive resolver against a root, a com and an example.com server on one LAN. */
class RecursiveResolverTest {
    static final long MS = 1_000_000, S = 1_000_000_000;

    /** A small DNS tree: root (10.0.0.1) delegates com (10.0.0.2), which delegates example.com (10.0.0.3). */
    static final class Tree {
        final Simulation sim;
        final Network lan;
        final ZoneFixture root = new ZoneFixture(".", 86400, 86400)
                .ns("com", 172800, "ns.com").a("ns.com", 172800, "10.0.0.2");
        final ZoneFixture com = new ZoneFixture("com", 900, 900)
                .ns("example.com", 172800, "ns.example.com").a("ns.example.com", 172800, "10.0.0.3");
        final ZoneFixture example = new ZoneFixture("example.com", 3600, 60)
                .a("www.example.com", 30, "10.0.0.80")
                .cname("alias.example.com", 300, "alias2.example.com").cname("alias2.example.com", 300, "www.example.com");
        final DnsResolver resolver;
        final Machine resolverMachine;
        final boolean lossy;
        final int resolverAddress;
        int nextClient = 1;

        Tree() { this(7, 0); }

        /**
         * With {@code loss} > 0 the resolver sits at 10.1.0.53 behind a router, on a point-to-point link
         * losing that fraction of the frames each way, and makes 4 rounds over a zone's servers instead
         * of 2; else at 10.0.0.53 on the LAN.
         */
        Tree(long seed, double loss) {
            sim = new Simulation(seed);
            lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
            lossy = loss > 0;
            RecursiveResolver.Limits d = RecursiveResolver.Limits.DEFAULT;
            resolver = new DnsResolver(new int[] {Ipv4Address.parse("10.0.0.1")},
                    lossy ? new RecursiveResolver.Limits(d.cnameDepth(), d.referrals(), d.upstreamQueries(), d.timeoutNs(), 4) : d);
            resolverAddress = Ipv4Address.parse(lossy ? "10.1.0.53" : "10.0.0.53");
            server("root", "10.0.0.1", root);
            server("com", "10.0.0.2", com);
            server("example", "10.0.0.3", example);
            resolverMachine = sim.machine("resolver");
            if (lossy) {
                Machine gw = sim.machine("gw");
                sim.connect(gw, lan, "10.0.0.254/16");
                Network link = sim.link("resolver-link", LinkConfig.UNLIMITED.withDelay(MS).withLoss(loss), Simulation.Resolution.NONE);
                sim.connect(gw, link, "10.1.0.1/24");
                sim.router(gw);
                sim.connect(resolverMachine, link, "10.1.0.53/24");
                sim.route(resolverMachine, "default", "10.1.0.1");
            } else {
                sim.connect(resolverMachine, lan, "10.0.0.53/16");
            }
            resolverMachine.addApplication(resolver);
        }

        /** Puts {@code m} on the LAN at {@code address}, with a route to the resolver's link when it has one. */
        void join(Machine m, String address) {
            sim.connect(m, lan, address + "/16");
            if (lossy) sim.route(m, "10.1.0.0/24", "10.0.0.254");
        }

        Machine server(String name, String address, Application zone) {
            Machine m = sim.machine(name);
            join(m, address);
            m.addApplication(zone);
            return m;
        }

        Asker asker() {
            Machine m = sim.machine("client" + nextClient);
            join(m, "10.0.1." + nextClient++);
            Asker a = new Asker(resolverAddress);
            m.addApplication(a);
            return a;
        }

        RecursiveResolver.Stats stats() { return resolver.resolver().stats(); }
    }

    /** Sends queries to the resolver at given times and keeps the responses. */
    static final class Asker implements Application {
        record Ask(long at, String name, int type, int edns) { }
        final List<Ask> asks = new ArrayList<>();
        final List<DnsMessage> responses = new ArrayList<>();
        final List<Long> answeredAt = new ArrayList<>();
        private final int resolver;
        private int id;

        Asker(int resolver) { this.resolver = resolver; }

        Asker ask(long at, String name) { return ask(at, name, DnsType.A); }

        Asker ask(long at, String name, int type) { return ask(at, name, type, DnsMessage.NO_EDNS); }

        /** A query with EDNS0 advertising {@code edns} bytes ({@link DnsMessage#NO_EDNS}: none). */
        Asker ask(long at, String name, int type, int edns) {
            asks.add(new Ask(at, name, type, edns));
            return this;
        }

        @Override public String name() { return "asker"; }
        @Override public String summary() { return responses.size() + " responses"; }

        @Override
        public void start(Machine m) {
            UdpSession s = Udp.of(m).bind(0, this, (data, ip, port) -> {
                try {
                    responses.add(DnsCodec.decode(data.toByteArray()));
                    answeredAt.add(m.sim().now());
                } catch (DnsFormatException e) {
                    throw new AssertionError(e);
                }
            });
            for (Ask a : asks) {
                m.sim().schedule(a.at, () -> s.sendTo(resolver, 53,
                        Message.wrap(DnsCodec.encode(DnsMessage.query(++id, DnsName.of(a.name), a.type).toBuilder().ednsPayloadSize(a.edns).build()))));
            }
        }
    }

    static List<String> answers(DnsMessage m) { return m.answers().stream().map(DnsRecord::toString).toList(); }

    @Test
    void resolvesThroughRootComAndExampleThenFromCacheWithTheTtlDecremented() {
        Tree t = new Tree();
        Asker c = t.asker().ask(0, "www.example.com").ask(10 * S, "www.example.com").ask(31 * S, "www.example.com");
        t.sim.run();
        assertEquals(3, c.responses.size());
        DnsMessage first = c.responses.get(0);
        assertTrue(first.qr() && first.ra() && first.rd() && !first.aa());
        assertEquals(List.of("www.example.com.\t30\tIN\tA\t10.0.0.80"), answers(first));
        assertEquals(1, t.root.udpQueries);
        assertEquals(1, t.com.udpQueries);
        // client -> resolver -> root -> com -> example -> client: 8 one-way trips of 1 ms
        assertEquals(8 * MS, c.answeredAt.get(0), 0.2 * MS);
        // 10 s later: from the cache, TTL 30 - 10, answered in one round trip
        assertEquals(List.of("www.example.com.\t20\tIN\tA\t10.0.0.80"), answers(c.responses.get(1)));
        assertEquals(10 * S + 2 * MS, c.answeredAt.get(1), 0.2 * MS);
        // at 31 s the 30 s TTL has run out: asked again, at example.com only (the referrals are still cached)
        assertEquals(List.of("www.example.com.\t30\tIN\tA\t10.0.0.80"), answers(c.responses.get(2)));
        assertEquals(1, t.root.udpQueries);
        assertEquals(1, t.com.udpQueries);
        assertEquals(2, t.example.udpQueries);
        assertEquals(3, t.stats().queries);
        assertEquals(1, t.stats().cacheHits);
        assertEquals(4, t.stats().upstreamQueries);
    }

    @Test
    void answersAnEdnsQueryWithAnOptRecordAndAPlainQueryWithout() {
        // RFC 6891 §7: a responder that gets an OPT record includes one in its response; without one, none.
        // dig sends EDNS0 (with a cookie option) by default: its answer from the resolver must carry OPT.
        Tree t = new Tree();
        Asker c = t.asker().ask(0, "www.example.com", DnsType.A, 4096).ask(S, "www.example.com").ask(2 * S, "nope.example.com", DnsType.A, 1232);
        t.sim.run();
        assertEquals(3, c.responses.size());
        assertTrue(c.responses.get(0).hasEdns());
        assertEquals(Authority.EDNS_SIZE, c.responses.get(0).ednsPayloadSize(), "the resolver's own size, not the client's");
        assertEquals(List.of("www.example.com.\t30\tIN\tA\t10.0.0.80"), answers(c.responses.get(0)));
        assertTrue(!c.responses.get(1).hasEdns());
        assertEquals(DnsMessage.NXDOMAIN, c.responses.get(2).rcode());
        assertTrue(c.responses.get(2).hasEdns());
    }

    @Test
    void nxdomainIsCachedForTheSoaMinimum() {
        Tree t = new Tree();   // example.com's SOA: TTL 3600, minimum 60
        Asker c = t.asker().ask(0, "nope.example.com").ask(30 * S, "nope.example.com").ask(30 * S, "nope.example.com", DnsType.MX)
                .ask(61 * S, "nope.example.com");
        t.sim.run();
        assertEquals(4, c.responses.size());
        for (DnsMessage r : c.responses) {
            assertEquals(DnsMessage.NXDOMAIN, r.rcode());
            assertEquals(DnsType.SOA, r.authority().getFirst().type());
        }
        assertEquals(60, c.responses.get(0).authority().getFirst().ttl(), "the negative TTL is min(SOA TTL, minimum)");
        assertEquals(30, c.responses.get(1).authority().getFirst().ttl(), "counted down in the cache");
        assertEquals(2, t.example.udpQueries, "asked at 0 s and again at 61 s; at 30 s, for any type, the cache answered");
        assertEquals(2, t.stats().cacheHits);
        assertEquals(4, t.stats().nxdomain);
    }

    @Test
    void nodataIsCachedForTheType() {
        Tree t = new Tree();
        Asker c = t.asker().ask(0, "www.example.com", DnsType.MX).ask(S, "www.example.com", DnsType.MX).ask(2 * S, "www.example.com");
        t.sim.run();
        assertEquals(DnsMessage.NOERROR, c.responses.get(0).rcode());
        assertTrue(c.responses.get(0).answers().isEmpty());
        assertEquals(DnsType.SOA, c.responses.get(1).authority().getFirst().type());
        assertEquals(List.of("www.example.com.\t30\tIN\tA\t10.0.0.80"), answers(c.responses.get(2)), "NODATA for MX says nothing of A");
        assertEquals(2, t.example.udpQueries);
    }

    @Test
    void followsACnameChain() {
        Tree t = new Tree();
        Asker c = t.asker().ask(0, "alias.example.com").ask(S, "alias2.example.com");
        t.sim.run();
        assertEquals(List.of("alias.example.com.\t300\tIN\tCNAME\talias2.example.com.",
                "alias2.example.com.\t300\tIN\tCNAME\twww.example.com.",
                "www.example.com.\t30\tIN\tA\t10.0.0.80"), answers(c.responses.get(0)));
        assertEquals(List.of("alias2.example.com.\t299\tIN\tCNAME\twww.example.com.",
                "www.example.com.\t29\tIN\tA\t10.0.0.80"), answers(c.responses.get(1)));
        assertEquals(1, t.stats().cacheHits, "the second question is answered by the cached chain");
    }

    @Test
    void aCnameLoopEndsInServfail() {
        Tree t = new Tree();
        t.example.cname("loop1.example.com", 300, "loop2.example.com").cname("loop2.example.com", 300, "loop1.example.com");
        Asker c = t.asker().ask(0, "loop1.example.com");
        t.sim.run();
        assertEquals(DnsMessage.SERVFAIL, c.responses.getFirst().rcode());
        assertTrue(t.stats().upstreamQueries <= RecursiveResolver.Limits.DEFAULT.upstreamQueries());
    }

    @Test
    void aLameDelegationEndsInServfailWithinTheLimit() {
        Tree t = new Tree();
        // lame.com is delegated to a server that refuses, and to one nobody runs
        t.com.ns("lame.com", 172800, "ns1.lame.com").a("ns1.lame.com", 172800, "10.0.0.4")
                .ns("lame.com", 172800, "ns2.lame.com").a("ns2.lame.com", 172800, "10.0.0.5");
        ZoneFixture refusing = new ZoneFixture("lame.com", 60, 60);
        refusing.mode = ZoneFixture.Mode.REFUSE;
        t.server("lame", "10.0.0.4", refusing);
        Asker c = t.asker().ask(0, "www.lame.com");
        t.sim.run();
        assertEquals(1, c.responses.size());
        assertEquals(DnsMessage.SERVFAIL, c.responses.getFirst().rcode());
        assertEquals(1, refusing.udpQueries, "a lame server is not asked again");
        // 10.0.0.5: 2 s, then 4 s in the second round
        assertEquals(6 * S, c.answeredAt.getFirst(), 20 * MS);
        assertEquals(2, t.stats().timeouts);
        assertEquals(1, t.stats().servfail);
    }

    @Test
    void aReferralLoopEndsInServfailWithinTheWorkLimit() {
        Tree t = new Tree();
        // a.com's server is ns.b.com and b.com's is ns.a.com, neither with glue: each needs the other
        t.com.ns("a.com", 172800, "ns.b.com").ns("b.com", 172800, "ns.a.com");
        Asker c = t.asker().ask(0, "www.a.com");
        t.sim.run();
        assertEquals(DnsMessage.SERVFAIL, c.responses.getFirst().rcode());
        assertTrue(t.stats().upstreamQueries <= RecursiveResolver.Limits.DEFAULT.upstreamQueries(), "upstream " + t.stats().upstreamQueries);
        assertTrue(c.answeredAt.getFirst() < S, "ends by its budget, without waiting for timeouts");
    }

    @Test
    void aReferralWithTtlZeroIsFollowedButNotKept() {
        Tree t = new Tree();
        t.com.ns("zero.com", 0, "ns.zero.com").a("ns.zero.com", 0, "10.0.0.7");
        ZoneFixture zero = new ZoneFixture("zero.com", 60, 60).a("www.zero.com", 60, "10.0.0.77");
        t.server("zero", "10.0.0.7", zero);
        Asker c = t.asker().ask(0, "www.zero.com").ask(S, "www.zero.com").ask(2 * S, "ftp.zero.com");
        t.sim.run();
        assertEquals(List.of("www.zero.com.\t60\tIN\tA\t10.0.0.77"), answers(c.responses.get(0)));
        assertEquals(List.of("www.zero.com.\t59\tIN\tA\t10.0.0.77"), answers(c.responses.get(1)), "the answer itself is cached");
        assertEquals(DnsMessage.NXDOMAIN, c.responses.get(2).rcode());
        assertEquals(2, t.com.udpQueries, "the referral was not kept: ftp.zero.com was referred again");
    }

    @Test
    void coalescesIdenticalQuestions() {
        Tree t = new Tree();
        Asker c1 = t.asker().ask(0, "www.example.com");
        Asker c2 = t.asker().ask(0, "www.example.com");
        t.sim.run();
        assertEquals(1, c1.responses.size());
        assertEquals(1, c2.responses.size());
        assertEquals(1, t.example.udpQueries);
        assertEquals(1, t.stats().coalesced);
    }

    @Test
    void takesOnlyAResponseMatchingIdQuestionAndSource() {
        Tree t = new Tree();
        Machine spoofer = t.sim.machine("spoofer");
        t.sim.connect(spoofer, t.lan, "10.0.0.66/16");
        Asker c = t.asker().ask(0, "www.example.com");
        // Forged answers (6.6.6.6) to every upstream source port, for 256 ids, from the wrong address, before the real answers return.
        spoofer.addApplication(new Application() {
            @Override public String name() { return "spoofer"; }
            @Override public String summary() { return ""; }
            @Override public void start(Machine m) {
                UdpSession s = Udp.of(m).bind(53, this, (d, ip, port) -> { });
                m.sim().schedule(3 * MS, () -> {
                    for (int port : t.resolver.resolver().sourcePorts()) {
                        for (int id = 0; id < 256; id++) {
                            DnsMessage forged = DnsMessage.builder().id(id).qr(true).aa(true)
                                    .question(new DnsQuestion(DnsName.of("www.example.com"), DnsType.A))
                                    .answer(new DnsRecord(DnsName.of("www.example.com"), 30, new Rdata.A(Ipv4Address.parse("6.6.6.6")))).build();
                            s.sendTo(t.resolverAddress, port, Message.wrap(DnsCodec.encode(forged)));
                        }
                    }
                });
            }
        });
        t.sim.run();
        assertEquals(List.of("www.example.com.\t30\tIN\tA\t10.0.0.80"), answers(c.responses.getFirst()));
        assertEquals(8 * 256, t.stats().unmatched);
    }
}
