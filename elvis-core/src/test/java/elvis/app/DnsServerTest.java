package elvis.app;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.dns.DnsCodec;
import elvis.protocol.dns.DnsDrop;
import elvis.protocol.dns.DnsMessage;
import elvis.protocol.dns.DnsName;
import elvis.protocol.dns.DnsType;
import elvis.protocol.dns.Zone;
import elvis.util.SourceError;
import elvis.protocol.dns.ZoneParser;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.socket.Process;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dns_server application over UDP and TCP, asked by dig. */
class DnsServerTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int SERVER = Ipv4Address.parse("10.0.0.53");

    /** example.com with "many" holding 40 A records (about 670 bytes: more than UDP's 512). */
    static Zone zone() throws SourceError {
        StringBuilder z = new StringBuilder("""
                $ORIGIN example.com.
                $TTL 300
                @       SOA ns1 hostmaster 1 2h 1h 2w 60
                        NS  ns1
                ns1     A   10.0.0.53
                www     A   10.0.0.80
                alias   CNAME www
                sub     NS  ns.sub
                ns.sub  A   10.0.0.99
                """);
        for (int i = 1; i <= 40; i++) z.append("many A 10.1.0.").append(i).append('\n');
        return ZoneParser.parse("example.zone", z.toString(), null, -1);
    }

    record Run(Simulation sim, Machine client, Machine server, DnsServer dns, Network lan) { }

    static Run lan() throws SourceError {
        Simulation sim = new Simulation(3);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(MS));
        Machine server = sim.machine("ns1"), client = sim.machine("client");
        sim.connect(server, lan, "10.0.0.53/24");
        sim.connect(client, lan, "10.0.0.1/24");
        DnsServer dns = new DnsServer(List.of(zone()));
        server.addApplication(dns);
        return new Run(sim, client, server, dns, lan);
    }

    static Dig dig(Machine client, String name, int type, long at) {
        Dig d = new Dig(SERVER, 53, DnsName.of(name), type, DnsMessage.NO_EDNS, false, at, 5 * S, 3);
        client.addApplication(d);
        return d;
    }

    @Test
    void answersAuthoritativelyAndPrintsLikeDig() throws SourceError {
        Run r = lan();
        Dig d = dig(r.client(), "www.example.com", DnsType.A, 0);
        r.sim().run();
        Dig.Reply reply = d.reply();
        assertThat(reply).isNotNull();
        assertThat(reply.tcp()).isFalse();
        DnsMessage m = reply.message();
        assertThat(m.aa()).isTrue();
        assertThat(m.rcode()).isEqualTo(DnsMessage.NOERROR);
        assertThat(m.answers()).extracting(Object::toString).containsExactly("www.example.com.\t300\tIN\tA\t10.0.0.80");
        List<String> out = d.output();
        assertThat(out.get(0)).isEqualTo("; <<>> DiG (Elvis) <<>> @10.0.0.53 www.example.com. A");
        assertThat(out).contains(";; Got answer:",
                ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: " + m.id(),
                ";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0",
                ";; QUESTION SECTION:", ";www.example.com.\tIN\tA",
                ";; ANSWER SECTION:", "www.example.com.\t300\tIN\tA\t10.0.0.80",
                ";; Query time: 2 msec",          // 1 ms each way plus serialization
                ";; SERVER: 10.0.0.53#53(10.0.0.53) (UDP)",
                ";; MSG SIZE  rcvd: 49");
        assertThat(r.dns().queries()).isEqualTo(1);
        assertThat(r.dns().responses(DnsMessage.NOERROR)).isEqualTo(1);
        assertThat(d.goalMet()).isTrue();
    }

    @Test
    void nxdomainNodataCnameAndReferral() throws SourceError {
        Run r = lan();
        Dig nx = dig(r.client(), "nope.example.com", DnsType.A, 0);
        Dig nodata = dig(r.client(), "www.example.com", DnsType.MX, 10 * MS);
        Dig cname = dig(r.client(), "alias.example.com", DnsType.A, 20 * MS);
        Dig referral = dig(r.client(), "host.sub.example.com", DnsType.A, 30 * MS);
        Dig refused = dig(r.client(), "example.org", DnsType.A, 40 * MS);
        Dig norecurse = new Dig(SERVER, 53, DnsName.of("www.example.com"), DnsType.A, DnsMessage.NO_EDNS, false, false, 50 * MS, 5 * S, 3);
        r.client().addApplication(norecurse);
        r.sim().run();

        DnsMessage m = nx.reply().message();
        assertThat(m.rcode()).isEqualTo(DnsMessage.NXDOMAIN);
        assertThat(m.aa()).isTrue();
        assertThat(m.authority()).extracting(Object::toString)
                .containsExactly("example.com.\t60\tIN\tSOA\tns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 60");

        m = nodata.reply().message();
        assertThat(m.rcode()).isEqualTo(DnsMessage.NOERROR);
        assertThat(m.answers()).isEmpty();
        assertThat(m.authority()).extracting(x -> x.type()).containsExactly(DnsType.SOA);

        m = cname.reply().message();
        assertThat(m.answers()).extracting(Object::toString)
                .containsExactly("alias.example.com.\t300\tIN\tCNAME\twww.example.com.", "www.example.com.\t300\tIN\tA\t10.0.0.80");

        m = referral.reply().message();
        assertThat(m.aa()).isFalse();
        assertThat(m.answers()).isEmpty();
        assertThat(m.authority()).extracting(Object::toString).containsExactly("sub.example.com.\t300\tIN\tNS\tns.sub.example.com.");
        assertThat(m.additional()).extracting(Object::toString).containsExactly("ns.sub.example.com.\t300\tIN\tA\t10.0.0.99");
        assertThat(referral.output()).contains(";; AUTHORITY SECTION:", ";; ADDITIONAL SECTION:");

        assertThat(refused.reply().message().rcode()).isEqualTo(DnsMessage.REFUSED);
        assertThat(norecurse.reply().message().rd()).isFalse();
        assertThat(norecurse.output()).contains(";; flags: qr aa; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0");
        assertThat(java.util.stream.Stream.of(nx, nodata, cname, referral, refused).map(d -> d.reply().message().id()).distinct().count())
                .as("each dig of a machine has its own query id").isEqualTo(5);
        assertThat(r.dns().responses(DnsMessage.NXDOMAIN)).isEqualTo(1);
        assertThat(r.dns().responses(DnsMessage.REFUSED)).isEqualTo(1);
        assertThat(r.dns().responses(DnsMessage.NOERROR)).isEqualTo(4);
        assertThat(r.dns().results()).containsEntry("queries_udp", 6L).containsEntry("truncated", 0L);
    }

    @Test
    void fortyRecordsAreTruncatedOverUdpAndCompleteOverTcp() throws SourceError {
        Run r = lan();
        Dig d = dig(r.client(), "many.example.com", DnsType.A, 0);
        Dig edns = new Dig(SERVER, 53, DnsName.of("many.example.com"), DnsType.A, 1232, false, 50 * MS, 5 * S, 3);
        r.client().addApplication(edns);
        r.sim().run();
        assertThat(d.reply().tcp()).isTrue();
        assertThat(d.reply().message().tc()).isFalse();
        assertThat(d.reply().message().answers()).hasSize(40);
        assertThat(d.output()).contains(";; Truncated, retrying in TCP mode.", ";; SERVER: 10.0.0.53#53(10.0.0.53) (TCP)");
        assertThat(r.dns().truncated()).isEqualTo(1);
        assertThat(r.dns().results()).containsEntry("queries_udp", 2L).containsEntry("queries_tcp", 1L);
        // With EDNS and 1232 bytes the same answer fits in one datagram.
        assertThat(edns.reply().tcp()).isFalse();
        assertThat(edns.reply().message().answers()).hasSize(40);
        assertThat(edns.reply().message().ednsPayloadSize()).isEqualTo(1232);
    }

    @Test
    void malformedQueriesGetFormerrOrAreCountedDrops() throws SourceError {
        Run r = lan();
        List<byte[]> replies = new ArrayList<>();
        Application sender = new Application() {
            @Override public String name() { return "raw"; }
            @Override public String summary() { return ""; }
            @Override public void start(Machine m) {
                Process.spawn(m, this, p -> {
                    var s = p.datagramSocket();
                    // A header saying one question, then nothing: FORMERR with the id.
                    s.sendto(Message.wrap(new byte[] {0x12, 0x34, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0}), SERVER, 53);
                    // Shorter than a header: dropped. A response: dropped (never answer one).
                    s.sendto(Message.wrap(new byte[] {1, 2, 3}), SERVER, 53);
                    s.sendto(Message.wrap(DnsCodec.encode(DnsMessage.builder().id(7).qr(true).build())), SERVER, 53);
                    while (p.poll(S, new elvis.socket.PollFd(s, elvis.socket.PollFd.POLLIN)) > 0) replies.add(s.recv(512).toByteArray());
                });
            }
        };
        r.client().addApplication(sender);
        r.sim().run();
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0)).containsExactly(0x12, 0x34, 0x81, 0x01, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(r.server().drops(DnsDrop.DNS_MALFORMED)).isEqualTo(1);
        assertThat(r.server().drops(DnsDrop.DNS_UNEXPECTED_RESPONSE)).isEqualTo(1);
        assertThat(r.dns().drops()).isEqualTo(2);
        assertThat(r.dns().responses(DnsMessage.FORMERR)).isEqualTo(1);
        assertThat(r.server().failures()).isEmpty();
    }

    @Test
    void noServerMeansDigTimesOutAfterItsTries() throws SourceError {
        Run r = lan();
        Dig d = new Dig(Ipv4Address.parse("10.0.0.77"), 53, DnsName.of("www.example.com"), DnsType.A, DnsMessage.NO_EDNS, false, 0, S, 2);
        r.client().addApplication(d);
        r.sim().run();
        assertThat(d.reply()).isNull();
        assertThat(d.goalMet()).isFalse();
        assertThat(d.output()).contains(";; connection timed out; no servers could be reached");
    }

    @Test
    void theFactoryReadsAZoneOnceForEveryServerOfIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("z.zone"), "@ SOA ns admin 1 1h 10m 1d 5m\nwww A 10.0.0.80\n");
        DnsServer.Factory f = new DnsServer.Factory();
        ApplicationFactory.Context ctx = ApplicationFactory.Context.of(name -> 0, dir);
        var args = elvis.config.Arguments.of("zone", "example.com", "file", "z.zone", "ttl", "10s");
        DnsServer a = (DnsServer) f.create(args, ctx), b = (DnsServer) f.create(args, ctx);
        assertThat(a.zones().get(0)).isSameAs(b.zones().get(0));
        assertThat(a.zones().get(0).rrset(DnsName.of("www.example.com"), DnsType.A).get(0).ttl()).isEqualTo(10);
        var inline = elvis.config.Arguments.of("zone", "example.org", "records", "@ SOA ns admin 1 1h 10m 1d 5m");
        assertThat(((DnsServer) f.create(inline, ctx)).zones().get(0)).isSameAs(((DnsServer) f.create(inline, ctx)).zones().get(0));
    }

    @Test
    void twoDnsServersOnOneMachineAreOneServerWithBothZones() throws SourceError {
        Run r = lan();
        DnsServer org = new DnsServer(List.of(ZoneParser.parseInline("records", "@ SOA ns admin 1 1h 10m 1d 5m; www A 10.2.0.1", DnsName.of("example.org"), 60)));
        r.server().addApplication(org);
        Dig d = dig(r.client(), "www.example.org", DnsType.A, 0);
        r.sim().run();
        assertThat(d.reply().message().answers()).extracting(Object::toString).containsExactly("www.example.org.\t60\tIN\tA\t10.2.0.1");
        assertThat(r.dns().queries()).isEqualTo(1);
        assertThat(org.results()).doesNotContainKey("queries_udp");
    }
}
