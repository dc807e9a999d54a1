package elvis.protocol.dns;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DnsCodecTest {
    static final HexFormat HEX = HexFormat.of();
    // A response for example.com A: id 0x1234, QR RD RA, one answer whose owner is a pointer to offset 12.
    static final String RESPONSE = "1234" + "8180" + "0001" + "0001" + "0000" + "0000"
            + "076578616d706c6503636f6d00" + "0001" + "0001"
            + "c00c" + "0001" + "0001" + "00000e10" + "0004" + "5db8d822";

    static byte[] hex(String s) { return HEX.parseHex(s); }

    @Test
    void decodesAResponseWithACompressedOwner() throws DnsFormatException {
        DnsMessage m = DnsCodec.decode(hex(RESPONSE));
        assertThat(m.id()).isEqualTo(0x1234);
        assertThat(m.qr()).isTrue();
        assertThat(m.rd()).isTrue();
        assertThat(m.ra()).isTrue();
        assertThat(m.aa()).isFalse();
        assertThat(m.rcode()).isEqualTo(DnsMessage.NOERROR);
        assertThat(m.question()).isEqualTo(new DnsQuestion(DnsName.of("example.com"), DnsType.A));
        assertThat(m.answers()).containsExactly(new DnsRecord(DnsName.of("example.com"), 3600, new Rdata.A(0x5db8d822)));
        assertThat(m.answers().get(0).toString()).isEqualTo("example.com.\t3600\tIN\tA\t93.184.216.34");
        assertThat(m.hasEdns()).isFalse();
        // And the encoder compresses the owner the same way, byte for byte.
        assertThat(HEX.formatHex(DnsCodec.encode(m))).isEqualTo(RESPONSE);
    }

    @Test
    void decodesAtAnOffsetInsideALargerArray() throws DnsFormatException {
        byte[] msg = hex(RESPONSE);
        byte[] padded = new byte[msg.length + 7];
        System.arraycopy(msg, 0, padded, 5, msg.length);
        assertThat(DnsCodec.decode(padded, 5, msg.length)).isEqualTo(DnsCodec.decode(msg));
    }

    @Test
    void ttlWithTheTopBitSetMeansZero() throws DnsFormatException {
        DnsMessage m = DnsCodec.decode(hex(RESPONSE.replace("00000e10", "80000000")));
        assertThat(m.answers().get(0).ttl()).isZero();
        m = DnsCodec.decode(hex(RESPONSE.replace("00000e10", "7fffffff")));
        assertThat(m.answers().get(0).ttl()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void namesCompareWithoutCaseButKeepIt() {
        DnsName a = DnsName.of("WWW.Example.COM"), b = DnsName.of("www.example.com.");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).isEqualTo("WWW.Example.COM.");
        assertThat(a.isSubdomainOf(DnsName.of("example.com"))).isTrue();
        assertThat(a.isSubdomainOf(DnsName.ROOT)).isTrue();
        assertThat(a.isSubdomainOf(DnsName.of("ample.com"))).isFalse();
        assertThat(a.parent()).isEqualTo(DnsName.of("example.com"));
        assertThat(a.labelCount()).isEqualTo(3);
        assertThat(DnsName.ROOT.labelCount()).isZero();
        assertThat(DnsName.of(".")).isSameAs(DnsName.ROOT);
        assertThat(DnsName.of("a\\.b.c").labelCount()).isEqualTo(2);
        assertThat(DnsName.of("a\\032b").toString()).isEqualTo("a\\032b.");
    }

    @Test
    void namesOutsideTheLimitsAreRejected() {
        String label63 = "a".repeat(63);
        assertThat(DnsName.of(label63).wireLength()).isEqualTo(65);
        assertThatThrownBy(() -> DnsName.of("a".repeat(64))).hasMessageContaining("63");
        String name255 = String.join(".", label63, label63, label63, "a".repeat(61));   // 64*3 + 62 + 1 = 255
        assertThat(DnsName.of(name255).wireLength()).isEqualTo(255);
        assertThatThrownBy(() -> DnsName.of(name255 + "a")).hasMessageContaining("255");
        assertThatThrownBy(() -> DnsName.of("a..b")).hasMessageContaining("empty label");
        assertThatThrownBy(() -> DnsName.of("a\\25")).hasMessageContaining("three digits");
        assertThatThrownBy(() -> DnsName.of("a\\300")).hasMessageContaining("not a byte");
    }

    @Test
    void compressionLoopsAndForwardPointersAreFormatErrors() {
        String header = "0001" + "0000" + "0001" + "0000" + "0000" + "0000";
        // A pointer to itself.
        assertFormatError(header + "c00c" + "00010001", "does not point backwards");
        // A label, then a pointer back to that label: each pointer points backwards, but in a loop.
        assertFormatError(header + "0161c00c" + "00010001", "does not point backwards");
        // A pointer forward, past the name.
        assertFormatError(header + "c010" + "00010001" + "00", "does not point backwards");
        // Reserved label types 01 and 10.
        assertFormatError(header + "4100" + "00010001", "reserved label type");
        assertFormatError(header + "8100" + "00010001", "reserved label type");
    }

    @Test
    void lengthsPastTheEndAreFormatErrors() {
        assertFormatError("1234", "shorter than the 12-byte header");
        assertFormatError(RESPONSE.substring(0, RESPONSE.length() - 2), "runs past the end");
        assertFormatError(RESPONSE.replace("c00c00010001000", "c00c00010001000").replace("00000e100004", "00000e100005"), "runs past the end");
        assertFormatError(RESPONSE.replace("0001" + "0001" + "0000" + "0000", "0001" + "0002" + "0000" + "0000"), "runs past the end");
        assertFormatError(RESPONSE.replace("076578616d706c65", "096578616d706c65"), "");
        assertFormatError(RESPONSE + "00", "bytes after the last record");
        // A: RDLENGTH must be 4.
        assertFormatError(RESPONSE.replace("00000e1000045db8d822", "00000e1000035db8d8") , "not 4");
    }

    @Test
    void ednsPayloadSizeTravelsInAnOptRecord() throws DnsFormatException {
        DnsMessage q = DnsMessage.query(7, DnsName.of("example.com"), DnsType.A).toBuilder().ednsPayloadSize(1232).build();
        byte[] wire = DnsCodec.encode(q);
        assertThat(HEX.formatHex(wire)).endsWith("00" + "0029" + "04d0" + "00000000" + "0000");
        assertThat(wire[11]).isEqualTo((byte) 1);    // ARCOUNT counts the OPT
        DnsMessage back = DnsCodec.decode(wire);
        assertThat(back.ednsPayloadSize()).isEqualTo(1232);
        assertThat(back.additional()).isEmpty();
        assertThat(DnsCodec.udpLimit(back)).isEqualTo(1232);
        assertThat(DnsCodec.udpLimit(DnsMessage.query(7, DnsName.of("a"), DnsType.A))).isEqualTo(512);
        // Two OPT records, or one outside the additional section, are malformed (RFC 6891 §6.1.1).
        String opt = "0000290200000000000000";
        assertFormatError("0001" + "0000" + "0000" + "0000" + "0000" + "0002" + opt + opt, "more than one OPT");
        assertFormatError("0001" + "0000" + "0000" + "0001" + "0000" + "0000" + opt, "OPT record in the answer");
    }

    @Test
    void fortyARecordsSetTcOverUdpAndFitOverTcp() throws DnsFormatException {
        DnsName name = DnsName.of("many.example.com");
        DnsMessage.Builder b = DnsMessage.responseTo(DnsMessage.query(99, name, DnsType.A)).aa(true);
        for (int i = 0; i < 40; i++) b.answer(new DnsRecord(name, 300, new Rdata.A(0x0a000001 + i)));
        DnsMessage full = b.build();

        byte[] udp = DnsCodec.encode(full, DnsCodec.UDP_LIMIT);
        assertThat(udp.length).isLessThanOrEqualTo(512);
        DnsMessage truncated = DnsCodec.decode(udp);
        assertThat(truncated.tc()).isTrue();
        assertThat(truncated.aa()).isTrue();
        assertThat(truncated.questions()).isEqualTo(full.questions());
        assertThat(truncated.answers()).isEmpty();

        byte[] tcp = DnsCodec.encode(full);
        assertThat(tcp.length).isEqualTo(12 + 22 + 40 * 16);     // every owner compressed to a pointer
        DnsMessage complete = DnsCodec.decode(tcp);
        assertThat(complete.tc()).isFalse();
        assertThat(complete).isEqualTo(full);
        byte[] framed = DnsCodec.frameForTcp(tcp);
        assertThat((framed[0] & 0xff) << 8 | framed[1] & 0xff).isEqualTo(tcp.length);
        // With a large enough EDNS size the whole answer fits over UDP.
        assertThat(DnsCodec.decode(DnsCodec.encode(full, 1232))).isEqualTo(full);
    }

    @Test
    void truncationKeepsTheWholeRrsetsThatFitAndNoPartOfOne() throws DnsFormatException {
        DnsName alias = DnsName.of("alias.example.com"), many = DnsName.of("many.example.com");
        DnsMessage.Builder b = DnsMessage.responseTo(DnsMessage.query(5, alias, DnsType.A)).aa(true)
                .answer(new DnsRecord(alias, 300, new Rdata.Cname(many)));
        for (int i = 0; i < 40; i++) b.answer(new DnsRecord(many, 300, new Rdata.A(i)));
        DnsMessage cut = DnsCodec.decode(DnsCodec.encode(b.build(), 512));
        assertThat(cut.tc()).isTrue();
        assertThat(cut.answers()).containsExactly(new DnsRecord(alias, 300, new Rdata.Cname(many)));
    }

    @Test
    void aDroppedAdditionalSectionDoesNotSetTcButDroppedGlueDoes() throws DnsFormatException {
        DnsName zone = DnsName.of("sub.example.com");
        DnsMessage.Builder b = DnsMessage.responseTo(DnsMessage.query(1, zone.child("www"), DnsType.A));
        for (int i = 0; i < 8; i++) {     // 8 NS fit in 512 bytes, their 24 addresses do not
            DnsName ns = zone.child("ns" + i + "-" + "x".repeat(20));
            b.authority(new DnsRecord(zone, 3600, new Rdata.Ns(ns)));
            for (int k = 0; k < 3; k++) b.additional(new DnsRecord(ns, 3600, new Rdata.A(i * 3 + k)));
        }
        DnsMessage referral = b.build();
        DnsMessage lean = DnsCodec.decode(DnsCodec.encode(referral, 512));
        assertThat(lean.authority()).isEqualTo(referral.authority());
        assertThat(lean.additional()).isEmpty();
        assertThat(lean.tc()).as("glue dropped from a referral (RFC 9471)").isTrue();

        DnsMessage answer = referral.toBuilder().answer(new DnsRecord(zone.child("www"), 60, new Rdata.A(1))).build();
        DnsMessage leanAnswer = DnsCodec.decode(DnsCodec.encode(answer, 512));
        assertThat(leanAnswer.answers()).isEqualTo(answer.answers());
        assertThat(leanAnswer.additional()).isEmpty();
        assertThat(leanAnswer.tc()).as("additional data is optional (RFC 2181 §9)").isFalse();
    }

    @Test
    void everyTypeHasDigsPresentationForm() {
        assertThat(new Rdata.Aaaa(0x20010db800000000L, 1L).toString()).isEqualTo("2001:db8::1");
        assertThat(new Rdata.Aaaa(0, 0).toString()).isEqualTo("::");
        assertThat(new Rdata.Aaaa(0x0001000000000000L, 0x0000000000010000L).toString()).isEqualTo("1::1:0");
        assertThat(new Rdata.Mx(10, DnsName.of("mail.example.com")).toString()).isEqualTo("10 mail.example.com.");
        assertThat(new Rdata.Txt(java.util.List.of("hello \"world\"", "x")).toString()).isEqualTo("\"hello \\\"world\\\"\" \"x\"");
        assertThat(new Rdata.Soa(DnsName.of("ns1.example.com"), DnsName.of("admin.example.com"), 2024010101L, 7200, 3600, 1209600, 300).toString())
                .isEqualTo("ns1.example.com. admin.example.com. 2024010101 7200 3600 1209600 300");
        assertThat(new Rdata.Unknown(99, new byte[] {1, (byte) 0xab}).toString()).isEqualTo("\\# 2 01ab");
    }

    static void assertFormatError(String hex, String reason) {
        assertThatThrownBy(() -> DnsCodec.decode(hex(hex))).isInstanceOf(DnsFormatException.class).hasMessageContaining(reason);
    }
}
