package elvis.protocol.dns;

import elvis.util.SourceError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static elvis.protocol.dns.ZoneParserTest.n;
import static org.assertj.core.api.Assertions.assertThat;

/** The authoritative server's answers, as a pure function of zones and query. */
class AuthorityTest {
    static Authority authority() throws SourceError {
        Zone org = ZoneParser.parseInline("records", "@ SOA ns admin 1 1h 10m 1d 30; @ NS ns; ns A 10.9.9.9", n("example.org"), 60);
        return new Authority(List.of(ZoneParserTest.example(), org));
    }

    static DnsMessage ask(Authority a, String name, int type) {
        DnsMessage r = a.answer(DnsMessage.query(4242, n(name), type));
        assertThat(r.id()).isEqualTo(4242);
        assertThat(r.qr()).isTrue();
        assertThat(r.rd()).as("RD is copied").isTrue();
        assertThat(r.ra()).as("no recursion here").isFalse();
        return r;
    }

    @Test
    void answersAuthoritatively() throws SourceError {
        DnsMessage r = ask(authority(), "NS1.Example.COM", DnsType.A);
        assertThat(r.rcode()).isEqualTo(DnsMessage.NOERROR);
        assertThat(r.aa()).isTrue();
        assertThat(r.question()).isEqualTo(new DnsQuestion(n("ns1.example.com"), DnsType.A));
        assertThat(r.answers()).containsExactly(new DnsRecord(n("ns1.example.com"), 3600, new Rdata.A(0xc0000235)));
        assertThat(r.authority()).isEmpty();
    }

    @Test
    void nsAndMxAnswersCarryTheAddressesOfTheirHosts() throws SourceError {
        DnsMessage r = ask(authority(), "example.com", DnsType.MX);
        assertThat(r.answers()).hasSize(1);
        assertThat(r.additional()).extracting(DnsRecord::type).containsExactly(DnsType.A, DnsType.AAAA);
        r = ask(authority(), "example.com", DnsType.NS);
        assertThat(r.additional()).extracting(x -> x.name().toString()).containsExactly("ns1.example.com.", "ns2.example.com.");
    }

    @Test
    void followsACnameInsideTheZone() throws SourceError {
        DnsMessage r = ask(authority(), "www.example.com", DnsType.A);
        assertThat(r.aa()).isTrue();
        assertThat(r.answers()).extracting(DnsRecord::type).containsExactly(DnsType.CNAME, DnsType.A);
        assertThat(r.answers().get(1).name()).isEqualTo(n("web.example.com"));
        // Asking for the CNAME itself gets it alone.
        assertThat(ask(authority(), "www.example.com", DnsType.CNAME).answers()).extracting(DnsRecord::type).containsExactly(DnsType.CNAME);
    }

    @Test
    void nxdomainAndNodataCarryTheSoaWithTheNegativeTtl() throws SourceError {
        DnsMessage nx = ask(authority(), "nothing.example.com", DnsType.A);
        assertThat(nx.rcode()).isEqualTo(DnsMessage.NXDOMAIN);
        assertThat(nx.aa()).isTrue();
        assertThat(nx.answers()).isEmpty();
        assertThat(nx.authority()).hasSize(1);
        assertThat(nx.authority().get(0).type()).isEqualTo(DnsType.SOA);
        assertThat(nx.authority().get(0).ttl()).as("min(SOA TTL 3600, minimum 300)").isEqualTo(300);

        DnsMessage nodata = ask(authority(), "www.example.com", DnsType.MX);   // CNAME chain to web, which has no MX
        assertThat(nodata.rcode()).isEqualTo(DnsMessage.NOERROR);
        assertThat(nodata.answers()).extracting(DnsRecord::type).containsExactly(DnsType.CNAME);
        assertThat(nodata.authority()).extracting(DnsRecord::type).containsExactly(DnsType.SOA);

        DnsMessage empty = ask(authority(), "b.c.example.com", DnsType.A);      // an empty non-terminal: NODATA, not NXDOMAIN
        assertThat(empty.rcode()).isEqualTo(DnsMessage.NOERROR);
        assertThat(empty.answers()).isEmpty();
        assertThat(empty.authority()).extracting(DnsRecord::type).containsExactly(DnsType.SOA);

        DnsMessage org = ask(authority(), "x.example.org", DnsType.A);
        assertThat(org.authority().get(0).ttl()).as("min(SOA TTL 60, minimum 30)").isEqualTo(30);
    }

    @Test
    void refersBelowAZoneCutWithGlue() throws SourceError {
        DnsMessage r = ask(authority(), "www.sub.example.com", DnsType.A);
        assertThat(r.rcode()).isEqualTo(DnsMessage.NOERROR);
        assertThat(r.aa()).as("not authoritative for a delegated name").isFalse();
        assertThat(r.answers()).isEmpty();
        assertThat(r.authority()).containsExactly(new DnsRecord(n("sub.example.com"), 3600, new Rdata.Ns(n("ns.sub.example.com"))));
        assertThat(r.additional()).containsExactly(new DnsRecord(n("ns.sub.example.com"), 3600, new Rdata.A(0xc0000263)));
    }

    @Test
    void refusesNamesOutsideItsZonesAndOtherClasses() throws SourceError {
        assertThat(ask(authority(), "www.example.net", DnsType.A).rcode()).isEqualTo(DnsMessage.REFUSED);
        assertThat(ask(authority(), "com", DnsType.NS).rcode()).isEqualTo(DnsMessage.REFUSED);
        DnsMessage chaos = DnsMessage.builder().id(1).question(new DnsQuestion(n("version.bind"), DnsType.TXT, DnsType.CLASS_CH)).build();
        assertThat(authority().answer(chaos).rcode()).isEqualTo(DnsMessage.REFUSED);
        assertThat(authority().answer(chaos).aa()).isFalse();
    }

    @Test
    void otherOpcodesAreNotImplementedAndBadQueriesAreFormatErrors() throws SourceError {
        DnsMessage status = DnsMessage.builder().id(9).opcode(DnsMessage.OPCODE_STATUS).build();
        DnsMessage r = authority().answer(status);
        assertThat(r.rcode()).isEqualTo(DnsMessage.NOTIMP);
        assertThat(r.opcode()).isEqualTo(DnsMessage.OPCODE_STATUS);
        DnsMessage two = DnsMessage.builder().id(9).question(new DnsQuestion(n("a"), 1)).question(new DnsQuestion(n("b"), 1)).build();
        assertThat(authority().answer(two).rcode()).isEqualTo(DnsMessage.FORMERR);
        assertThat(authority().answer(DnsMessage.builder().id(9).build()).rcode()).isEqualTo(DnsMessage.FORMERR);
        // Undecodable bytes with a query header: FORMERR with the id; a response or no header: nothing.
        byte[] bad = DnsCodecTest.hex("abcd0100000100000000000003777777");
        DnsMessage formerr = Authority.formatError(bad, 0, bad.length);
        assertThat(formerr.id()).isEqualTo(0xabcd);
        assertThat(formerr.rcode()).isEqualTo(DnsMessage.FORMERR);
        assertThat(formerr.rd()).isTrue();
        bad[2] |= (byte) 0x80;
        assertThat(Authority.formatError(bad, 0, bad.length)).isNull();
        assertThat(Authority.formatError(bad, 0, 11)).isNull();
        // A response is never answered.
        assertThat(authority().answer(r)).isNull();
    }

    @Test
    void ednsQueriesGetEdnsAnswers() throws SourceError {
        DnsMessage q = DnsMessage.query(1, n("www.example.com"), DnsType.A).toBuilder().ednsPayloadSize(4096).build();
        assertThat(authority().answer(q).ednsPayloadSize()).isEqualTo(Authority.EDNS_SIZE);
        assertThat(ask(authority(), "www.example.com", DnsType.A).hasEdns()).isFalse();
    }

    @Test
    void aCnameLoopEndsAfterTheChainLimit() throws SourceError {
        Zone loop = ZoneParser.parseInline("records", "@ SOA ns admin 1 1 1 1 1; a CNAME b; b CNAME a", n("loop.test"), 60);
        DnsMessage r = new Authority(List.of(loop)).answer(DnsMessage.query(1, n("a.loop.test"), DnsType.A));
        assertThat(r.rcode()).isEqualTo(DnsMessage.NOERROR);
        assertThat(r.answers()).hasSize(Authority.MAX_CNAME_CHAIN);
    }
}
