package elvis.ndl;

import elvis.app.DnsResolver;
import elvis.app.DnsServer;
import elvis.app.ResolveThenStart;
import elvis.app.ApplicationRegistry;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.dns.ResolvConf;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The description language's DNS: [DNS] trees, [Protocol name='DNS'], destinations that are DNS names. */
class DnsNdlTest {

    static SimulationBuilder.Built build(String text) throws Exception {
        NdlResult r = NdlTestSupport.parse(text);
        assertThat(r.diagnostics().stream().filter(Diagnostic::isError).toList()).isEmpty();
        return SimulationBuilder.build(r.simulation().orElseThrow(), ApplicationRegistry.load());
    }

    static List<String> errors(String text) {
        return NdlTestSupport.parse(text).diagnostics().stream().filter(Diagnostic::isError)
                .map(d -> d.pos().line() + ":" + d.pos().col() + " " + d.message()).toList();
    }

    static final String LAN = """
            [Networks]
              [Network id='lan' latency='1ms']
                [IP subnet='10.0.0.0/16']
            """;

    @Test
    void theExampleResolvesThroughTheGeneratedTree() throws Exception {
        SimulationBuilder.Built b = build(Files.readString(Path.of("..", "examples", "dns.ndl")));
        b.simulation().run();
        assertThat(b.simulation().goalsMet()).isTrue();
        DnsResolver resolver = (DnsResolver) b.simulation().find("dns-resolver").applications().getFirst();
        // send_message and ping (one resolution, coalesced), dig from the cache at 60 s, dig's NXDOMAIN at 61 s
        assertThat(resolver.results()).containsEntry("queries", 4L).containsEntry("coalesced", 1L).containsEntry("cache_hits", 1L)
                .containsEntry("nxdomain", 1L).containsEntry("upstream_queries", 4L);
        for (String server : List.of("dns-root", "dns-tld", "dns-auth")) {
            assertThat(((DnsServer) b.simulation().find(server).applications().getFirst()).queries()).as(server).isEqualTo(server.equals("dns-auth") ? 2 : 1);
        }
        Machine client = b.simulation().find("client");
        assertThat(ResolvConf.of(client).searchDomain()).isEqualTo("example.com");
        assertThat(ResolvConf.of(client).nameservers()).containsExactly(b.simulation().resolve("dns-resolver"));
        // send_message resolved web.example.com through root, com and example.com: 8 one-way trips of 1 ms
        ResolveThenStart send = (ResolveThenStart) client.applications().getFirst();
        assertThat(send.finishedAtNs()).isEqualTo(8_000_000);
    }

    @Test
    void aTreeOfTenThousandMachinesNamesEveryOne() throws Exception {
        SimulationBuilder.Built b = build("[DNS domain='lab.example.org' network='lan']\n" + LAN + """
                [Machines]
                  [Machine name='server']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application name='capture' ip='10.0.0.1' port='7' message_count='10000']
                  [Machine name='client' count='10000']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application name='send_message' to='server' port='7' message='hi']
                """);
        DnsServer auth = (DnsServer) b.simulation().find("dns-auth").applications().getFirst();
        assertThat(auth.zones().getFirst().origin().toString()).isEqualTo("lab.example.org.");
        assertThat(auth.zones().getFirst().size()).isEqualTo(2 + 10_001 + 4);   // SOA, NS, every machine
        assertThat(((DnsServer) b.simulation().find("dns-tld").applications().getFirst()).zones().getFirst().origin().toString()).isEqualTo("org.");
        b.simulation().run();
        assertThat(b.simulation().goalsMet()).isTrue();
        DnsResolver resolver = (DnsResolver) b.simulation().find("dns-resolver").applications().getFirst();
        assertThat(resolver.results()).containsEntry("queries", 10_000L).containsEntry("upstream_queries", 3L);
    }

    @Test
    void resolvConfFromTheProtocolSectionAndADnsNameAsDestination() throws Exception {
        SimulationBuilder.Built b = build(LAN + """
                [Machines]
                  [Machine name='root']
                    [Networks]
                      [Network id='lan' ip='10.0.0.1']
                    [Applications]
                      [Application name='dns_server' zone='.' records='@ SOA a.root. admin 1 1h 10m 1d 5m; @ NS a.root.; a.root. A 10.0.0.1; example. NS ns.example.; ns.example. A 10.0.0.2']
                  [Machine name='auth']
                    [Networks]
                      [Network id='lan' ip='10.0.0.2']
                    [Applications]
                      [Application name='dns_server' zone='example' records='@ SOA ns admin 1 1h 10m 1d 5m; @ NS ns; ns A 10.0.0.2; www A 10.0.0.80']
                  [Machine name='resolver']
                    [Networks]
                      [Network id='lan' ip='10.0.0.53']
                    [Applications]
                      [Application name='dns_resolver' root='root']
                  [Machine name='www']
                    [Networks]
                      [Network id='lan' ip='10.0.0.80']
                    [Applications]
                      [Application name='capture' ip='10.0.0.80' port='7' message='hello']
                  [Machine name='client']
                    [Networks]
                      [Network id='lan']
                    [Protocols]
                      [Protocol name='DNS' nameservers='resolver, 10.0.0.54' search='example' timeout='2s' attempts='3']
                    [Applications]
                      [Application name='send_message' to='www.example' port='7' message='hello']
                      [Application name='ping' to='nowhere.example' count='1']
                """);
        Machine client = b.simulation().find("client");
        ResolvConf rc = ResolvConf.of(client);
        assertThat(Arrays.stream(rc.nameservers()).mapToObj(Ipv4Address::format).toList()).containsExactly("10.0.0.53", "10.0.0.54");
        assertThat(rc.searchDomain()).isEqualTo("example");
        assertThat(rc.timeoutNanos()).isEqualTo(2_000_000_000L);
        assertThat(rc.attempts()).isEqualTo(3);
        b.simulation().run();
        Application capture = b.simulation().find("www").applications().getFirst();
        assertThat(capture.goalMet()).isTrue();
        // the unknown name: NXDOMAIN, so ping fails with getaddrinfo's EAI_NONAME, at once, and nothing hangs
        assertThat(client.failures()).hasSize(1);
        assertThat(client.failures().getFirst().toString()).contains("EAI_NONAME");
        assertThat(client.applications().get(1).summary()).isEqualTo("could not resolve 'nowhere.example': EAI_NONAME (Name or service not known)");
    }

    @Test
    void mistakesAreReportedAtTheirPlace() {
        String machines = """
                [Machines]
                  [Machine name='dns-root']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                  [Machine name='a']
                    [Networks]
                      [Network id='lan']
                    [Protocols]
                      [Protocol name='DNS' nameservers='resolvr']
                    [Applications]
                  [Machine name='b']
                    [Networks]
                      [Network id='lan']
                    [Protocols]
                      [Protocol name='DNS' search='x']
                    [Applications]
                """;
        assertThat(errors("[DNS] domain='example.com' network='lann']\n" + LAN + machines)).isNotEmpty();
        assertThat(errors("[DNS domain='exa..mple.com' network='lann']\n" + LAN + machines)).contains(
                "1:13 'exa..mple.com' is not a domain name: empty label in 'exa..mple.com'",
                "1:37 unknown network 'lann' in [DNS]; did you mean 'lan'?",
                "14:40 unknown name server 'resolvr' in 'nameservers': not a machine nor an address",
                "20:8 protocol 'DNS' needs 'nameservers': the machines or addresses to ask, separated by commas");
        assertThat(errors("[DNS domain='example.com' network='lan']\n" + LAN + machines)).contains(
                "1:2 [DNS] adds a machine called 'dns-root', but machine 'dns-root' is declared at line 6; rename it");
        assertThat(errors(LAN + """
                [Machines]
                  [Machine name='a']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application name='ping' to='www.example.com']
                """)).containsExactly("9:35 unknown machine 'www.example.com' in 'to'; to use it as a DNS name, give machine 'a' name servers"
                + " with [Protocol name='DNS' nameservers=...] or dhcp='true', or declare a [DNS] tree");
    }
}
