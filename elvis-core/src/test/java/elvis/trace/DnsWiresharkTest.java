package elvis.trace;

import elvis.Simulation;
import elvis.app.Dig;
import elvis.app.DnsServer;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.dns.DnsMessage;
import elvis.protocol.dns.DnsName;
import elvis.protocol.dns.DnsType;
import elvis.util.SourceError;
import elvis.protocol.dns.ZoneParser;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DNS as real tools read it: tshark dissects every DNS packet of a run (UDP and TCP, every record
 * type, compression, EDNS, truncation) with no malformed packet or expert error, and scapy,
 * rebuilding each DNS message from its fields, gets our bytes back.
 */
class DnsWiresharkTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int SERVER = Ipv4Address.parse("10.0.0.53");

    @TempDir
    static Path dir;

    @BeforeAll
    static void toolsPresent() { WiresharkTest.toolsPresent(); }

    static final String ZONE = """
            $ORIGIN example.com.
            $TTL 300
            @       SOA ns1 hostmaster 2024010101 2h 1h 2w 60
                    NS  ns1
                    MX  10 mail
                    TXT "v=spf1 -all" "second string"
            ns1     A   10.0.0.53
            mail    A   10.0.0.25
                    AAAA 2001:db8::25
            www     A   10.0.0.80
            alias   CNAME www
            80.0.0.10.in-addr PTR www
            sub     NS  ns.sub
            ns.sub  A   10.0.0.99
            """;

    @Test
    void everyDnsPacketIsDissectedCleanlyAndRebuiltByScapy() throws IOException, SourceError {
        StringBuilder zone = new StringBuilder(ZONE);
        for (int i = 1; i <= 40; i++) zone.append("many A 10.1.0.").append(i).append('\n');
        Simulation sim = new Simulation(5);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(MS));
        Machine server = sim.machine("ns1"), client = sim.machine("client");
        sim.connect(server, lan, "10.0.0.53/24");
        sim.connect(client, lan, "10.0.0.1/24");
        server.addApplication(new DnsServer(List.of(ZoneParser.parse("example.zone", zone.toString(), null, -1))));
        Object[][] queries = {
                {"www.example.com", DnsType.A, DnsMessage.NO_EDNS}, {"example.com", DnsType.MX, 1232}, {"example.com", DnsType.TXT, DnsMessage.NO_EDNS},
                {"example.com", DnsType.SOA, DnsMessage.NO_EDNS}, {"example.com", DnsType.NS, 4096}, {"mail.example.com", DnsType.AAAA, DnsMessage.NO_EDNS},
                {"alias.example.com", DnsType.A, DnsMessage.NO_EDNS}, {"80.0.0.10.in-addr.example.com", DnsType.PTR, DnsMessage.NO_EDNS},
                {"nope.example.com", DnsType.A, DnsMessage.NO_EDNS}, {"host.sub.example.com", DnsType.A, 1232}, {"example.org", DnsType.A, DnsMessage.NO_EDNS},
                {"many.example.com", DnsType.A, DnsMessage.NO_EDNS}, {"example.com", DnsType.ANY, DnsMessage.NO_EDNS}};
        for (int i = 0; i < queries.length; i++) {
            client.addApplication(new Dig(SERVER, 53, DnsName.of((String) queries[i][0]), (int) queries[i][1], (int) queries[i][2],
                    false, i * 100 * MS, 5 * S, 3));
        }
        Path pcap = dir.resolve("dns.pcap");
        try (Captures c = new Captures(sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            c.machine(client, pcap);
            sim.run();
        }
        WiresharkTest.assertClean(pcap);
        assertThat(WiresharkTest.tshark(pcap, "dns && _ws.expert.severity >= \"warning\"", "frame.number", "_ws.expert.message"))
                .as("no DNS warning either (unanswered query, retransmission, bad length)").isEmpty();
        // Every query and response, over UDP (13 + 13) and the TCP retry of the truncated one (1 + 1).
        List<String> rows = WiresharkTest.tshark(pcap, "dns", "dns.flags.response", "dns.flags.rcode", "dns.flags.truncated", "dns.count.answers", "dns.qry.name");
        assertThat(rows).hasSize(2 * queries.length + 2);
        assertThat(rows).contains("1\t3\t0\t0\tnope.example.com", "1\t0\t1\t0\tmany.example.com", "1\t0\t0\t40\tmany.example.com",
                "1\t5\t0\t0\texample.org", "1\t0\t0\t2\talias.example.com");
        assertThat(WiresharkTest.tshark(pcap, "dns.soa.mname", "dns.soa.serial_number", "dns.soa.minimum_ttl"))
                .contains("2024010101\t60").doesNotContain("");
        assertThat(WiresharkTest.tshark(pcap, "dns.aaaa", "dns.aaaa")).isNotEmpty().containsOnly("2001:db8::25");
        assertThat(WiresharkTest.tshark(pcap, "dns.txt", "dns.txt")).isNotEmpty().containsOnly("v=spf1 -all,second string");
        assertThat(WiresharkTest.tshark(pcap, "dns.rr.udp_payload_size", "dns.rr.udp_payload_size")).contains("1232", "4096");
        assertScapyRebuildsEveryDnsMessage(pcap, 2 * queries.length + 2);
    }

    static void assertScapyRebuildsEveryDnsMessage(Path pcap, int messages) throws IOException {
        Path script = pcap.resolveSibling("rebuild_dns.py");
        try (var in = DnsWiresharkTest.class.getResourceAsStream("/rebuild_dns.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        WiresharkTest.Result r = WiresharkTest.run("/usr/bin/python3", script.toString(), pcap.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).as(r.out()).contains("messages=" + messages + " differing=0");
        // Responses with records use compression, which scapy undoes when it dissects: so it did rebuild them.
        int compressed = Integer.parseInt(r.out().replaceAll("(?s).*compressed=(\\d+).*", "$1"));
        assertThat(compressed).isGreaterThanOrEqualTo(messages / 3);
    }
}
