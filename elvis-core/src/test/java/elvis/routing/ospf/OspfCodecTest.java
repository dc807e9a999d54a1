package elvis.routing.ospf;

import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The OSPFv2 wire formats (RFC 2328 A.3, A.4) and both checksums, against bytes scapy built independently. */
class OspfCodecTest {
    static int ip(String s) { return Ipv4Address.parse(s); }

    static final HexFormat HEX = HexFormat.of();

    @Test
    void routerLsaBytesAndFletcherChecksumEqualScapys() {
        Lsa l = Lsa.router(2, ip("1.1.1.1"), Lsa.INITIAL_SEQUENCE, 0, List.of(new Lsa.Link(ip("10.0.0.0"), ip("255.255.255.0"), Lsa.STUB, 10))).withAge(1);
        // scapy.contrib.ospf OSPF_Router_LSA(age=1, options=2, id=adrouter=1.1.1.1, seq=0x80000001, one stub link, metric 10)
        assertThat(HEX.formatHex(l.encode())).isEqualTo("0001020101010101010101018000000179bd0024000000010a000000ffffff000300000a");
        assertThat(l.checksum).isEqualTo(0x79bd);
        assertThat(l.length).isEqualTo(36);
    }

    @Test
    void networkLsaBytesEqualScapys() {
        Lsa n = Lsa.network(2, ip("10.0.0.1"), ip("2.2.2.2"), 0x80000003, ip("255.255.255.0"), new int[] {ip("2.2.2.2"), ip("1.1.1.1")}).withAge(5);
        assertThat(HEX.formatHex(n.encode())).isEqualTo("000502020a00000102020202800000032b0e0020ffffff000202020201010101");
    }

    @Test
    void asExternalLsaBytesEqualScapysAndParseBack() {
        // scapy.contrib.ospf OSPF_External_LSA(age=1, options=2, id=203.0.113.0, adrouter=4.4.4.4, seq=0x80000001, mask /24, ebit=1, metric=20, tag=64500)
        Lsa e2 = Lsa.external(2, ip("203.0.113.0"), ip("4.4.4.4"), Lsa.INITIAL_SEQUENCE, ip("255.255.255.0"), 20, true, 0, 64500).withAge(1);
        assertThat(HEX.formatHex(e2.encode())).isEqualTo("00010205cb0071000404040480000001ee910024ffffff0080000014000000000000fbf4");
        // ebit=0 (type 1), metric 7, forwarding address 10.5.0.7, tag 0
        Lsa e1 = Lsa.external(2, ip("198.51.100.0"), ip("2.2.2.2"), 0x80000003, ip("255.255.254.0"), 7, false, ip("10.5.0.7"), 0);
        assertThat(HEX.formatHex(e1.encode())).isEqualTo("00000205c633640002020202800000039e300024fffffe00000000070a05000700000000");
        byte[] b = e2.encode();
        Lsa back = Lsa.parse(b, 0, b.length);
        assertThat(back.sameContents(e2)).isTrue();
        assertThat(List.of(back.mask, back.metric, back.forwarding, back.tag)).containsExactly(ip("255.255.255.0"), 20, 0, 64500);
        assertThat(back.type2).isTrue();
        byte[] tos = b.clone();
        tos[24] = (byte) 0x88;                              // the first TOS entry must be TOS 0
        OspfCodecTest.fixLsaChecksum(tos);
        assertThat(Lsa.parse(tos, 0, tos.length)).isNull();
        byte[] shortBody = java.util.Arrays.copyOf(b, 32);   // a mask and 8 of a TOS entry's 12 bytes
        shortBody[19] = 32;
        OspfCodecTest.fixLsaChecksum(shortBody);
        assertThat(Lsa.parse(shortBody, 0, shortBody.length)).isNull();
    }

    /** Recomputes the Fletcher checksum of the LSA that fills {@code b}. */
    static void fixLsaChecksum(byte[] b) {
        int sum = Lsa.fletcher(b, 2, b.length - 2, 14);
        b[16] = (byte) (sum >> 8);
        b[17] = (byte) sum;
    }

    @Test
    void theFletcherChecksumExcludesTheAgeAndVerifiesOverTheRest() {
        Lsa l = Lsa.router(2, ip("3.3.3.3"), 0x80000007, Lsa.FLAG_B, List.of(
                new Lsa.Link(ip("4.4.4.4"), ip("10.1.0.1"), Lsa.POINT_TO_POINT, 5),
                new Lsa.Link(ip("10.1.0.0"), ip("255.255.255.252"), Lsa.STUB, 5),
                new Lsa.Link(ip("10.2.0.9"), ip("10.2.0.3"), Lsa.TRANSIT, 1)));
        byte[] young = l.encode(), old = l.withAge(1799).encode();
        assertThat(Lsa.fletcher(young, 2, young.length - 2, -1)).isZero();
        assertThat(Lsa.fletcher(old, 2, old.length - 2, -1)).isZero();
        young[25] ^= 1;
        assertThat(Lsa.fletcher(young, 2, young.length - 2, -1)).isNotZero();
    }

    @Test
    void helloRoundTripsAndItsChecksumSkipsTheAuthenticationField() {
        OspfPacket h = new OspfPacket(OspfPacket.HELLO, ip("1.1.1.1"), 0);
        h.networkMask = ip("255.255.255.0");
        h.helloInterval = 10;
        h.options = OspfPacket.OPTION_E;
        h.priority = 1;
        h.deadInterval = 40;
        h.designatedRouter = ip("10.0.0.2");
        h.backupDesignatedRouter = ip("10.0.0.1");
        h.neighbors = new int[] {ip("2.2.2.2")};
        byte[] b = h.encode();
        assertThat(b).hasSize(24 + 20 + 4);
        assertThat(b[0]).isEqualTo((byte) 2);
        assertThat(b[1]).isEqualTo((byte) 1);
        assertThat((b[2] & 0xFF) << 8 | (b[3] & 0xFF)).isEqualTo(48);
        OspfPacket p = OspfPacket.parse(Message.wrap(b));
        assertThat(p).isNotNull();
        assertThat(p.encode()).isEqualTo(b);
        assertThat(p.neighbors).containsExactly(ip("2.2.2.2"));
        assertThat(p.designatedRouter).isEqualTo(ip("10.0.0.2"));
        // A simple password changes only the authentication bytes: the checksum stays (A.3.1).
        h.auType = 0;
        h.authentication = 0x1122334455667788L;
        byte[] withAuth = h.encode();
        assertThat(withAuth[12]).isEqualTo(b[12]);
        assertThat(withAuth[13]).isEqualTo(b[13]);
        assertThat(OspfPacket.parse(Message.wrap(withAuth)).authentication).isEqualTo(0x1122334455667788L);
        b[30] ^= 4;
        assertThat(OspfPacket.parse(Message.wrap(b))).as("a flipped bit fails the checksum").isNull();
    }

    @Test
    void ddLsrLsuAndAckRoundTrip() {
        Lsa r = Lsa.router(2, ip("1.1.1.1"), Lsa.INITIAL_SEQUENCE, 0, List.of(new Lsa.Link(ip("2.2.2.2"), ip("10.0.0.1"), Lsa.POINT_TO_POINT, 1)));
        Lsa n = Lsa.network(2, ip("10.0.0.1"), ip("1.1.1.1"), Lsa.INITIAL_SEQUENCE + 4, ip("255.255.255.0"), new int[] {ip("1.1.1.1"), ip("2.2.2.2")});
        OspfPacket dd = new OspfPacket(OspfPacket.DB_DESCRIPTION, ip("1.1.1.1"), 0);
        dd.mtu = 1500;
        dd.ddFlags = OspfPacket.FLAG_I | OspfPacket.FLAG_M | OspfPacket.FLAG_MS;
        dd.ddSequence = 0x1234;
        dd.lsas = List.of(r, n);
        OspfPacket p = roundTrip(dd, 24 + 8 + 40);
        assertThat(p.lsas).allMatch(Lsa::isHeaderOnly);
        assertThat(p.lsas.get(1).key()).isEqualTo(n.key());
        assertThat(p.ddFlags).isEqualTo(7);

        OspfPacket lsr = new OspfPacket(OspfPacket.LS_REQUEST, ip("2.2.2.2"), 0);
        lsr.requests = List.of(r.key(), n.key());
        assertThat(roundTrip(lsr, 24 + 24).requests).containsExactly(r.key(), n.key());

        OspfPacket lsu = new OspfPacket(OspfPacket.LS_UPDATE, ip("1.1.1.1"), 0);
        lsu.lsas = List.of(r.withAge(1), n.withAge(1));
        OspfPacket u = roundTrip(lsu, 24 + 4 + r.length + n.length);
        assertThat(u.lsas.get(0).links).containsExactly(new Lsa.Link(ip("2.2.2.2"), ip("10.0.0.1"), Lsa.POINT_TO_POINT, 1));
        assertThat(u.lsas.get(1).attached).containsExactly(ip("1.1.1.1"), ip("2.2.2.2"));
        assertThat(u.lsas.get(1).mask).isEqualTo(ip("255.255.255.0"));
        assertThat(u.lsas.get(0).sameContents(r)).isTrue();

        OspfPacket ack = new OspfPacket(OspfPacket.LS_ACK, ip("2.2.2.2"), 0);
        ack.lsas = List.of(r);
        assertThat(roundTrip(ack, 44).lsas.get(0).seq).isEqualTo(Lsa.INITIAL_SEQUENCE);
    }

    @Test
    void malformedPacketsAreNull() {
        OspfPacket lsu = new OspfPacket(OspfPacket.LS_UPDATE, ip("1.1.1.1"), 0);
        lsu.lsas = List.of(Lsa.router(2, ip("1.1.1.1"), Lsa.INITIAL_SEQUENCE, 0, List.of()));
        byte[] good = lsu.encode();
        assertThat(OspfPacket.parse(Message.wrap(good))).isNotNull();
        assertThat(OspfPacket.parse(Message.wrap(java.util.Arrays.copyOf(good, 23)))).as("short").isNull();
        byte[] v3 = good.clone();
        v3[0] = 3;
        assertThat(OspfPacket.parse(Message.wrap(v3))).as("version 3").isNull();
        byte[] badLsa = good.clone();
        badLsa[24 + 4 + 20] = 1;                        // the router LSA's flags: its Fletcher sum fails
        fixChecksum(badLsa);
        assertThat(OspfPacket.parse(Message.wrap(badLsa))).as("bad LSA checksum").isNull();
        OspfPacket two = new OspfPacket(OspfPacket.LS_UPDATE, ip("1.1.1.1"), 0);
        two.lsas = List.of(Lsa.router(2, ip("1.1.1.1"), Lsa.INITIAL_SEQUENCE, 0, List.of(new Lsa.Link(ip("10.0.0.0"), ip("255.0.0.0"), Lsa.STUB, 1))),
                Lsa.router(2, ip("2.2.2.2"), Lsa.INITIAL_SEQUENCE, 0, List.of()));
        byte[] cut = java.util.Arrays.copyOf(two.encode(), 24 + 4 + 36 + 10);   // the second LSA's header cut short: found by the 10^6 fuzz
        cut[2] = 0;
        cut[3] = (byte) cut.length;
        fixChecksum(cut);
        assertThat(OspfPacket.parse(Message.wrap(cut))).as("an LSA header past the end").isNull();
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 3);
        assertThat(OspfPacket.parse(Message.wrap(longer))).as("bytes past the length are padding").isNotNull();
    }

    @Test
    void instancesCompareAsSection13_1Says() {
        Lsa a = Lsa.router(2, 1, Lsa.INITIAL_SEQUENCE, 0, List.of()), b = Lsa.router(2, 1, Lsa.INITIAL_SEQUENCE + 1, 0, List.of());
        assertThat(b.compareInstance(a, 0, 0)).isPositive();
        assertThat(a.compareInstance(a, 0, 3600)).isNegative();
        assertThat(a.compareInstance(a, 100, 1200)).as("younger by more than MaxAgeDiff").isPositive();
        assertThat(a.compareInstance(a, 100, 900)).isZero();
    }

    static OspfPacket roundTrip(OspfPacket p, int length) {
        byte[] b = p.encode();
        assertThat(b).hasSize(length);
        OspfPacket q = OspfPacket.parse(Message.wrap(b));
        assertThat(q).isNotNull();
        assertThat(q.encode()).isEqualTo(b);
        return q;
    }

    /** Recomputes the packet checksum so a test can reach the checks behind it. */
    static void fixChecksum(byte[] b) {
        b[12] = 0;
        b[13] = 0;
        int s = elvis.message.Checksum.finish((long) elvis.message.Checksum.sum(b, 0, 16) + elvis.message.Checksum.sum(b, 24, b.length - 24));
        b[12] = (byte) (s >>> 8);
        b[13] = (byte) s;
    }
}
