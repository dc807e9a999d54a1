package elvis.interop;

import elvis.app.Dig;
import elvis.app.DnsResolver;
import elvis.app.DnsServer;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.dns.DnsMessage;
import elvis.protocol.dns.DnsName;
import elvis.protocol.dns.DnsType;
import elvis.protocol.dns.Rdata;
import elvis.protocol.dns.RecursiveResolver;
import elvis.protocol.dns.ResolvConf;
import elvis.protocol.dns.StubResolver;
import elvis.protocol.dns.Zone;
import elvis.protocol.dns.ZoneParser;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real DNS programs against ours through a TAP bridge: BIND's dig in a namespace asks a simulated
 * authoritative server and a simulated recursive resolver (over UDP with EDNS0 and its cookie
 * option, without EDNS, over TCP), and our stub resolver and dig application ask a real dnsmasq in
 * the namespace. Every check is against what the zones or dnsmasq's configuration say.
 */
class DnsInteropTest {
    private static final long MS = 1_000_000L;
    private static final String EXAMPLE = "@ SOA ns1 hostmaster 1 1h 10m 1d 5m; @ NS ns1; ns1 A 10.0.0.53; www A 192.0.2.80";
    // The root zone delegates example.com to ns1, with glue.
    private static final String ROOT = "@ SOA a.root. hostmaster.root. 1 1h 10m 1d 5m; @ NS a.root.; a.root. A 10.0.0.10;"
            + " example.com. NS ns1.example.com.; ns1.example.com. A 10.0.0.53";

    @TempDir Path dir;

    @BeforeEach
    void requirements() {
        LiveFixture.requireLive();
        LiveFixture.requireTool("dig");
    }

    /** A LAN with the root server (.10), example.com's server (.53) and a resolver (.54), and a namespace at .100. */
    private static LiveFixture.Host dnsWorld(LiveFixture f) throws Exception {
        Network lan = f.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
        Machine root = f.sim().machine("root"), ns1 = f.sim().machine("ns1"), resolver = f.sim().machine("resolver");
        f.sim().connect(root, lan, "10.0.0.10/24");
        f.sim().connect(ns1, lan, "10.0.0.53/24");
        f.sim().connect(resolver, lan, "10.0.0.54/24");
        root.addApplication(new DnsServer(List.of(zone(ROOT, DnsName.ROOT))));
        ns1.addApplication(new DnsServer(List.of(zone(EXAMPLE, DnsName.of("example.com")))));
        resolver.addApplication(new DnsResolver(new int[] {Ipv4Address.parse("10.0.0.10")}, RecursiveResolver.Limits.DEFAULT));
        return f.host(lan, "10.0.0.100/24");
    }

    private static Zone zone(String records, DnsName origin) throws Exception {
        return ZoneParser.parseInline("test", records, origin, 300);
    }

    /** What dig printed, checked to be a complete answer without warnings. */
    private record DigOutput(String text) {
        String status() { return group(";; ->>HEADER<<- opcode: QUERY, status: (\\w+), id: \\d+"); }

        Set<String> flags() { return Set.of(group(";; flags: ([a-z ]+);").trim().split(" ")); }

        boolean hasOpt() { return text.contains(";; OPT PSEUDOSECTION:"); }

        String group(String regex) {
            Matcher m = Pattern.compile(regex).matcher(text);
            assertTrue(m.find(), () -> "no '" + regex + "' in dig's output:\n" + text);
            return m.group(1);
        }
    }

    private static DigOutput dig(LiveFixture f, LiveFixture.Host h, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "dig";
        command[1] = "+tries=2";
        command[2] = "+timeout=2";
        System.arraycopy(args, 0, command, 3, args.length);
        LiveFixture.Result r = f.run(h.ns(), Duration.ofSeconds(10), command);
        assertEquals(0, r.exit(), () -> "dig " + String.join(" ", args) + ": " + r);
        // dig says what it did not like on lines of their own: timeouts, malformed packets, mismatched ids, warnings.
        for (String bad : List.of("timed out", "no servers could be reached", "malformed", "WARNING", "Warning", "mismatch", "BADCOOKIE"))
            assertFalse(r.out().contains(bad) || r.err().contains(bad), () -> "dig " + String.join(" ", args) + " reports '" + bad + "':\n" + r);
        return new DigOutput(r.out());
    }

    private static final String WWW = "(?m)^www\\.example\\.com\\.\\s+300\\s+IN\\s+A\\s+192\\.0\\.2\\.80$";

    @Test
    void digAsksTheAuthoritativeServerOverUdpWithAndWithoutEdnsAndOverTcp() throws Exception {
        try (LiveFixture f = new LiveFixture(1, dir)) {
            LiveFixture.Host h = dnsWorld(f);
            f.start();

            DigOutput a = dig(f, h, "@10.0.0.53", "www.example.com", "A", "+norecurse");
            assertEquals("NOERROR", a.status());
            assertEquals(Set.of("qr", "aa"), a.flags(), a.text());           // authoritative, no recursion offered
            assertTrue(Pattern.compile(WWW).matcher(a.text()).find(), a.text());
            // dig sent EDNS0 with a cookie option; RFC 6891: we answer with our own OPT (no cookie).
            assertTrue(a.hasOpt(), a.text());
            assertTrue(a.text().contains("udp: 1232"), a.text());

            DigOutput plain = dig(f, h, "@10.0.0.53", "www.example.com", "+norecurse", "+noedns");
            assertEquals("NOERROR", plain.status());
            assertFalse(plain.hasOpt(), "a query without OPT gets an answer without OPT:\n" + plain.text());
            assertTrue(Pattern.compile(WWW).matcher(plain.text()).find(), plain.text());

            DigOutput tcp = dig(f, h, "@10.0.0.53", "www.example.com", "+norecurse", "+tcp");
            assertEquals("NOERROR", tcp.status());
            assertTrue(Pattern.compile(WWW).matcher(tcp.text()).find(), tcp.text());
            assertTrue(tcp.text().contains("(TCP)"), tcp.text());

            DigOutput nx = dig(f, h, "@10.0.0.53", "nope.example.com", "+norecurse");
            assertEquals("NXDOMAIN", nx.status());
            assertEquals(Set.of("qr", "aa"), nx.flags(), nx.text());
            // RFC 2308: the SOA in the authority section, its TTL the SOA minimum (5 min).
            assertTrue(Pattern.compile("(?m)^example\\.com\\.\\s+300\\s+IN\\s+SOA\\s+ns1\\.example\\.com\\. hostmaster\\.example\\.com\\. 1 3600 600 86400 300$")
                    .matcher(nx.text()).find(), nx.text());

            DnsServer server = f.call(() -> (DnsServer) f.sim().find("ns1").applications().get(0));
            assertEquals(4, f.call(server::queries));
            assertEquals(1, f.call(() -> server.responses(DnsMessage.NXDOMAIN)));
            assertEquals(0, f.call(server::drops));
        }
    }

    @Test
    void digAsksTheSimulatedResolverWhichIteratesFromTheRoot() throws Exception {
        try (LiveFixture f = new LiveFixture(2, dir)) {
            LiveFixture.Host h = dnsWorld(f);
            f.start();

            DigOutput a = dig(f, h, "@10.0.0.54", "www.example.com");
            assertEquals("NOERROR", a.status());
            assertEquals(Set.of("qr", "rd", "ra"), a.flags(), a.text());     // a resolver's answer: recursion available, not authoritative
            assertTrue(a.hasOpt(), "RFC 6891 §7: dig's query had OPT, so the answer has one:\n" + a.text());
            assertTrue(Pattern.compile("(?m)^www\\.example\\.com\\.\\s+\\d+\\s+IN\\s+A\\s+192\\.0\\.2\\.80$").matcher(a.text()).find(), a.text());

            DigOutput nx = dig(f, h, "@10.0.0.54", "nope.example.com");
            assertEquals("NXDOMAIN", nx.status());
            assertEquals(Set.of("qr", "rd", "ra"), nx.flags(), nx.text());

            DnsResolver resolver = f.call(() -> (DnsResolver) f.sim().find("resolver").applications().get(0));
            assertEquals(2, f.call(() -> resolver.resolver().stats().queries));
            assertEquals(1, f.call(() -> resolver.resolver().stats().nxdomain));
        }
    }

    @Test
    void ourStubResolverAndDigAskARealDnsmasq() throws Exception {
        LiveFixture.requireTool("dnsmasq");
        try (LiveFixture f = new LiveFixture(3, dir)) {
            Network lan = f.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
            Machine client = f.sim().machine("client");
            f.sim().connect(client, lan, "10.0.0.1/24");
            ResolvConf.of(client).nameservers(Ipv4Address.parse("10.0.0.100"));
            ResolvConf.of(client).searchDomain("example.com");
            LiveFixture.Host h = f.host(lan, "10.0.0.100/24");
            LiveFixture.Daemon dnsmasq = f.daemon(h.ns(), "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                    "--address=/www.example.com/192.0.2.7", "--listen-address=10.0.0.100", "--bind-interfaces",
                    "--pid-file=" + dir.resolve("dnsmasq.pid"), "--log-queries", "--log-facility=-");
            dnsmasq.awaitTcpListen(h.ns(), 53);
            f.start();

            int server = Ipv4Address.parse("10.0.0.100");
            Dig plain = new Dig(server, 53, DnsName.of("www.example.com"), DnsType.A, DnsMessage.NO_EDNS, false, 0, 2_000 * MS, 2);
            Dig edns = new Dig(server, 53, DnsName.of("www.example.com"), DnsType.A, 1232, false, 0, 2_000 * MS, 2);
            CompletableFuture<String> stub = new CompletableFuture<>();
            f.call(() -> {
                for (Dig d : List.of(plain, edns)) {
                    client.addApplication(d);
                    d.start(client);
                }
                // "www" gets the search domain, as glibc's resolver does.
                StubResolver.of(client).resolve("www", plain, (outcome, address) -> stub.complete(outcome + " " + Ipv4Address.format(address)));
                return null;
            });
            assertEquals("RESOLVED 192.0.2.7", stub.get(10, TimeUnit.SECONDS), dnsmasq::output);

            for (Dig d : List.of(plain, edns)) {
                Dig.Reply reply = awaitReply(f, d);
                assertNotNull(reply, () -> "no answer from dnsmasq\n" + dnsmasq.output());
                DnsMessage m = reply.message();
                assertEquals(DnsMessage.NOERROR, m.rcode());
                assertTrue(m.ra(), "dnsmasq offers recursion");
                assertEquals(1, m.answers().size(), m::toString);
                assertEquals(DnsName.of("www.example.com"), m.answers().get(0).name());
                assertEquals(new Rdata.A(Ipv4Address.parse("192.0.2.7")), m.answers().get(0).data());
                assertEquals(d == edns, m.hasEdns(), "dnsmasq answers with OPT exactly when asked with it: " + m);
                assertFalse(reply.tcp());
            }
            assertTrue(dnsmasq.output().contains("config www.example.com is 192.0.2.7"), dnsmasq::output);
        }
    }

    private static Dig.Reply awaitReply(LiveFixture f, Dig d) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000 * MS;
        while (System.nanoTime() < deadline) {
            Dig.Reply r = f.call(d::reply);
            if (r != null || f.call(d::finishedAtNs) >= 0) return r;
            Thread.sleep(20);
        }
        return null;
    }
}
