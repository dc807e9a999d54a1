package elvis.protocol.dns;

import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resolver's cache alone: TTLs counted down in whole seconds, expiry, RFC 2308's negative TTL. */
class DnsCacheTest {
    static final long S = 1_000_000_000L;
    static final DnsName WWW = DnsName.of("www.example.com");

    static DnsRecord a(int ttl, String address) { return new DnsRecord(WWW, ttl, new Rdata.A(Ipv4Address.parse(address))); }

    static DnsRecord soa(int ttl, long minimum) {
        DnsName zone = DnsName.of("example.com");
        return new DnsRecord(zone, ttl, new Rdata.Soa(zone.child("ns"), zone.child("admin"), 1, 3600, 600, 86400, minimum));
    }

    @Test
    void anRrsetLivesForItsSmallestTtlAndIsHandedOutWithTheWholeSecondsLeft() {
        DnsCache c = new DnsCache();
        c.put(List.of(a(30, "10.0.0.1"), a(20, "10.0.0.2")), S / 2);
        assertEquals(List.of(a(30, "10.0.0.1"), a(20, "10.0.0.2")), c.get(WWW, DnsType.A, S / 2).records());
        // 9.999 s later: 20.001 and 10.001 s left, shown as 20 and 10
        assertEquals(List.of(a(20, "10.0.0.1"), a(10, "10.0.0.2")), c.get(WWW, DnsType.A, S / 2 + 9_999_000_000L).records());
        assertNull(c.get(WWW, DnsType.A, S / 2 + 20 * S), "gone at the smallest TTL");
        assertEquals(0, c.size(), "and removed when found expired");
        assertNull(c.get(WWW, DnsType.MX, 0));
    }

    @Test
    void aRecordWithTtlZeroIsNotKept() {
        DnsCache c = new DnsCache();
        c.put(List.of(a(0, "10.0.0.1")), 0);
        assertNull(c.get(WWW, DnsType.A, 0));
    }

    @Test
    void negativeAnswersLiveForTheSmallerOfTheSoaTtlAndItsMinimum() {
        assertEquals(60, DnsCache.negativeTtl(soa(3600, 60)));
        assertEquals(30, DnsCache.negativeTtl(soa(30, 3600)));
        DnsCache c = new DnsCache();
        c.putNegative(WWW, DnsType.MX, false, soa(3600, 60), 0);         // NODATA for MX only
        DnsCache.Hit nodata = c.get(WWW, DnsType.MX, 10 * S);
        assertTrue(nodata.negative() && !nodata.nxdomain());
        assertEquals(50, nodata.soa().ttl());
        assertNull(c.get(WWW, DnsType.A, 10 * S));
        DnsName nope = DnsName.of("nope.example.com");
        c.putNegative(nope, DnsType.A, true, soa(3600, 60), 0);          // NXDOMAIN: every type
        assertTrue(c.get(nope, DnsType.TXT, 59 * S).nxdomain());
        assertNull(c.get(nope, DnsType.A, 60 * S));
    }
}
