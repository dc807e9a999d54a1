package elvis.protocol.dns;

import elvis.util.SourceError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZoneParserTest {
    static final String EXAMPLE = """
            $ORIGIN example.com.
            $TTL 1h                     ; the default TTL, RFC 2308
            @   IN  SOA ns1 hostmaster (
                        2024010101 ; serial
                        2h         ; refresh
                        1h         ; retry
                        2w         ; expire
                        300 )      ; minimum: negative answers are cached 5 minutes
                IN  NS  ns1
                IN  NS  ns2.example.com.
                    MX  10 mail
            ns1     A   192.0.2.53
            ns2 60  A   192.0.2.54
            mail IN 120 A 192.0.2.25
                    AAAA 2001:db8::25
            www     CNAME web
            web     A   192.0.2.80
                    TXT "hello; world" "a \\"quoted\\" \\065"
            a.b.c   PTR www
            sub     NS  ns.sub
            ns.sub  A   192.0.2.99
            """;

    static Zone example() throws SourceError { return ZoneParser.parse("example.zone", EXAMPLE, null, -1); }

    static DnsName n(String s) { return DnsName.of(s); }

    @Test
    void readsEveryFeatureOfTheMasterFileSyntax() throws SourceError {
        Zone z = example();
        assertThat(z.origin()).isEqualTo(n("example.com"));
        assertThat(z.size()).isEqualTo(14);
        assertThat(z.soa()).isEqualTo(new DnsRecord(n("example.com"), 3600,
                new Rdata.Soa(n("ns1.example.com"), n("hostmaster.example.com"), 2024010101L, 7200, 3600, 1209600, 300)));
        // Omitted owners are the previous owner; omitted TTLs are $TTL's.
        assertThat(z.rrset(n("example.com"), DnsType.NS)).extracting(DnsRecord::data)
                .containsExactly(new Rdata.Ns(n("ns1.example.com")), new Rdata.Ns(n("ns2.example.com")));
        assertThat(z.rrset(n("example.com"), DnsType.MX)).containsExactly(new DnsRecord(n("example.com"), 3600, new Rdata.Mx(10, n("mail.example.com"))));
        assertThat(z.rrset(n("ns2.example.com"), DnsType.A).get(0).ttl()).isEqualTo(60);
        // Class before TTL works as well as after.
        assertThat(z.rrset(n("mail.example.com"), DnsType.A).get(0).ttl()).isEqualTo(120);
        assertThat(z.rrset(n("mail.example.com"), DnsType.AAAA).get(0).data()).isEqualTo(new Rdata.Aaaa(0x20010db800000000L, 0x25));
        assertThat(z.rrset(n("web.example.com"), DnsType.TXT).get(0).data()).isEqualTo(new Rdata.Txt(List.of("hello; world", "a \"quoted\" A")));
        assertThat(z.rrset(n("a.b.c.example.com"), DnsType.PTR)).hasSize(1);
        assertThat(z.exists(n("b.c.example.com"))).as("an empty non-terminal exists").isTrue();
        assertThat(z.exists(n("x.example.com"))).isFalse();
        assertThat(z.delegationFor(n("host.ns.sub.example.com"))).isEqualTo(n("sub.example.com"));
        assertThat(z.delegationFor(n("www.example.com"))).isNull();
        assertThat(z.negativeSoa().ttl()).isEqualTo(300);
    }

    @Test
    void theOriginMayComeFromTheCaller() throws SourceError {
        Zone z = ZoneParser.parse("db", "@ SOA ns admin 1 2 3 4 5\nwww A 10.0.0.1\n", n("example.org"), 600);
        assertThat(z.rrset(n("www.example.org"), DnsType.A)).containsExactly(new DnsRecord(n("www.example.org"), 600, new Rdata.A(0x0a000001)));
    }

    @Test
    void inlineRecordsAreSeparatedBySemicolons() throws SourceError {
        Zone z = ZoneParser.parseInline("records", "@ SOA ns1 admin 1 1h 10m 1d 5m; @ NS ns1; ns1 A 10.0.0.53; www A 10.0.0.80; www TXT \"a;b\"",
                n("example.net"), 3600);
        assertThat(z.size()).isEqualTo(5);
        assertThat(z.rrset(n("www.example.net"), DnsType.TXT).get(0).data()).isEqualTo(new Rdata.Txt(List.of("a;b")));
        assertThat(z.rrset(n("example.net"), DnsType.NS).get(0).ttl()).isEqualTo(3600);
    }

    @Test
    void errorsNameFileLineAndColumn() {
        assertError("$ORIGIN example.com.\n$TTL 60\n@ SOA ns admin 1 2 3 4 5\nwww  AX 10.0.0.1\n", "z:4:6: unknown type 'AX'");
        assertError("$ORIGIN example.com.\n$TTL 60\n@ SOA ns admin 1 2 3 4 5\nwww A 10.0.0.256\n", "z:4:7: '10.0.0.256' is not an IPv4 address");
        assertError("$ORIGIN example.com.\n@ SOA ns admin 1 2 3 4 5\n", "z:2:3: record has no TTL");
        assertError("$ORIGIN example.com.\n$TTL 60\n@ SOA ( ns admin\n 1 2 3 4 5\n", "z:3:7: '(' is never closed");
        assertError("$ORIGIN example.com.\n$TTL 60\n@ SOA ns admin 1 2 3 4 5\nwww A 1.2.3.4 )\n", "z:4:15: ')' without '('");
        assertError("$ORIGIN example.com.\n$TTL 60\n@ SOA ns admin 1 2 3 4 5\nwww TXT \"open\n", "z:4:9: unterminated quoted string");
        assertError("$ORIGIN example.com.\n$TTL 60\n@ SOA ns admin 1 2 3 4 5\nwww.example.org. A 1.2.3.4\n", "z:4:1: record owner www.example.org. is outside zone example.com.");
        assertError("$TTL 60\nwww A 1.2.3.4\n", "z:2:1: relative name 'www' before any $ORIGIN");
        assertError("$ORIGIN example.com.\n$TTL 60\nwww A 1.2.3.4\n", "z:1:1: zone example.com. has no SOA record");
        assertError("$ORIGIN example.com.\n$TTL 60\n@ SOA ns admin 1 2 3 4 5\nwww CNAME a\nwww A 1.2.3.4\n", "CNAME at www.example.com. beside other data");
        assertError("$ORIGIN example.com.\n$TTL 60\n@ SOA ns admin 1 2 3 4 5\nwww MX 10\n", "z:4:8: MX takes 2 values, got 1");
        assertError("$ORIGIN example.com.\n$TTL 60\n@ SOA ns admin 1 2 3 4 5\n" + "a".repeat(64) + " A 1.2.3.4\n", "z:4:1: label longer than 63 bytes");
        assertError("$INCLUDE other.zone\n", "z:1:1: $INCLUDE is not supported");
        assertError("$ORIGIN example.com.\n$TTL 99999999999\n", "z:2:6: TTL '99999999999' is above 2147483647 seconds");
        assertError("$ORIGIN example.com.\n$TTL 60\n  A 1.2.3.4\n", "z:3:3: the first record must name its owner");
    }

    static void assertError(String text, String message) {
        assertThatThrownBy(() -> ZoneParser.parse("z", text, null, -1)).isInstanceOf(SourceError.class).hasMessageContaining(message);
    }
}
