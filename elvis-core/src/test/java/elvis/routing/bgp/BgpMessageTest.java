package elvis.routing.bgp;

import elvis.routing.Prefix;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The BGP-4 codec against RFC 4271 §4 and §6 and RFC 6793, byte by byte. */
class BgpMessageTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String MARKER = "ffffffffffffffffffffffffffffffff";

    private static Prefix p(int a, int b, int c, int d, int len) { return new Prefix(a << 24 | b << 16 | c << 8 | d, len); }

    private static BgpError error(byte[] b) {
        try {
            BgpMessage.parse(b, true);
        } catch (BgpError e) {
            return e;
        }
        throw new AssertionError("parsed without error");
    }

    private static BgpMessage parse(byte[] b) throws BgpError { return BgpMessage.parse(b, true); }

    @Test
    void keepaliveIsTheNineteenByteHeaderAlone() throws BgpError {
        byte[] b = BgpMessage.Keepalive.INSTANCE.encode(true);
        assertThat(HEX.formatHex(b)).isEqualTo(MARKER + "0013" + "04");
        assertThat(parse(b)).isEqualTo(BgpMessage.Keepalive.INSTANCE);
    }

    @Test
    void openCarriesAsTransAndTheFourOctetCapability() throws BgpError {
        BgpMessage.Open open = BgpMessage.Open.of(4_200_000_001L, 90, 0x0A000001);
        byte[] b = open.encode(true);
        // version 4, AS_TRANS 23456 = 0x5ba0, hold 90, id 10.0.0.1, 10 bytes of parameters:
        // one Capabilities parameter (2) of 8: route refresh (2, len 0) and 4-octet AS (65, len 4).
        assertThat(HEX.formatHex(b)).isEqualTo(MARKER + "0027" + "01" + "04" + "5ba0" + "005a" + "0a000001"
                + "0a" + "0208" + "0200" + "4104" + "fa56ea01");
        BgpMessage.Open back = (BgpMessage.Open) parse(b);
        assertThat(back).isEqualTo(open);
        assertThat(back.asn()).isEqualTo(4_200_000_001L);
        assertThat(back.fourByteAs()).isTrue();
        assertThat(BgpMessage.Open.of(65001, 0, 1).myAs()).isEqualTo(65001);
    }

    @Test
    void openWithoutCapabilitiesTakesMyAs() throws BgpError {
        BgpMessage.Open open = new BgpMessage.Open(4, 64512, 180, 7, List.of());
        BgpMessage.Open back = (BgpMessage.Open) parse(open.encode(true));
        assertThat(back.asn()).isEqualTo(64512);
        assertThat(back.fourByteAs()).isFalse();
        assertThat(open.encode(true)).hasSize(29);
    }

    @Test
    void updateRoundTripsEveryAttribute() throws BgpError {
        byte[] unknown = {(byte) 0xE0, 99, 2, 1, 2};               // optional transitive partial, type 99
        PathAttributes a = PathAttributes.builder().origin(PathAttributes.EGP)
                .asPath(new AsPath.Builder().add(AsPath.SEQUENCE, 65001, 4_200_000_000L).add(AsPath.SET, 7, 8).build())
                .nextHop(0x0A000002).med(50).localPref(200).atomicAggregate(true).aggregator(70_000, 0x0A0000FE)
                .communities(65001 << 16 | 100, 0xFFFFFF01).originatorId(0x01020304L).clusterList(5, 6)
                .unknownTransitive(unknown).build();
        BgpMessage.Update u = new BgpMessage.Update(List.of(p(10, 9, 0, 0, 16), p(0, 0, 0, 0, 0)), a,
                List.of(p(192, 168, 1, 0, 24), p(10, 0, 0, 0, 8), p(172, 16, 5, 128, 25), p(1, 2, 3, 4, 32)));
        byte[] b = u.encode(true);
        assertThat(b).hasSize(u.encodedLength(true));
        BgpMessage.Update back = (BgpMessage.Update) parse(b);
        assertThat(back).isEqualTo(u);
        assertThat(back.attributes().asPath().toString()).isEqualTo("65001 4200000000 {7 8}");
        assertThat(back.attributes().asPath().pathLength()).isEqualTo(3);   // a SET counts 1 (§9.1.2.2 a)
        assertThat(back.attributes().unknownTransitive()).containsExactly(unknown);
    }

    @Test
    void updateLayoutIsTheRfcs() {
        PathAttributes a = PathAttributes.builder().asPath(AsPath.sequence(65001)).nextHop(0x0A000001).build();
        byte[] b = BgpMessage.Update.announce(a, List.of(p(10, 1, 0, 0, 16))).encode(true);
        // withdrawn length 0; attributes 20: ORIGIN 40 01 01 00, AS_PATH 40 02 06 02 01 0000fde9,
        // NEXT_HOP 40 03 04 0a000001; NLRI 10 0a01.
        assertThat(HEX.formatHex(b)).isEqualTo(MARKER + "002e" + "02" + "0000" + "0014"
                + "40010100" + "4002060201" + "0000fde9" + "4003040a000001" + "100a01");
    }

    @Test
    void twoOctetEncodingWritesAsTransForLargeAses() throws BgpError {
        PathAttributes a = PathAttributes.builder().asPath(AsPath.sequence(70_000, 65001)).nextHop(1).aggregator(70_000, 9).build();
        byte[] b = BgpMessage.Update.announce(a, List.of(p(10, 0, 0, 0, 8))).encode(false);
        BgpMessage.Update back = (BgpMessage.Update) BgpMessage.parse(b, false);
        assertThat(back.attributes().asPath()).isEqualTo(AsPath.sequence(BgpMessage.AS_TRANS, 65001));
        assertThat(back.attributes().aggregatorAs()).isEqualTo(BgpMessage.AS_TRANS);
    }

    @Test
    void withdrawOnlyUpdateHasNoAttributes() throws BgpError {
        BgpMessage.Update u = BgpMessage.Update.withdraw(List.of(p(10, 0, 0, 0, 8)));
        byte[] b = u.encode(true);
        assertThat(HEX.formatHex(b)).isEqualTo(MARKER + "0019" + "02" + "0002" + "080a" + "0000");
        assertThat(parse(b)).isEqualTo(u);
    }

    @Test
    void notificationRoundTrips() throws BgpError {
        BgpMessage.Notification n = new BgpMessage.Notification(BgpError.HOLD_TIMER_EXPIRED, 0, new byte[0]);
        assertThat(HEX.formatHex(n.encode(true))).isEqualTo(MARKER + "0015" + "03" + "0400");
        BgpMessage.Notification d = new BgpMessage.Notification(BgpError.UPDATE, BgpError.MISSING_WELL_KNOWN, new byte[] {3});
        assertThat(parse(d.encode(true))).isEqualTo(d);
    }

    // ---- §6.1 header errors ----

    @Test
    void badMarkerIsConnectionNotSynchronized() {
        byte[] b = BgpMessage.Keepalive.INSTANCE.encode(true);
        b[3] = 0;
        BgpError e = error(b);
        assertThat(e.code()).isEqualTo(BgpError.HEADER);
        assertThat(e.subcode()).isEqualTo(BgpError.CONNECTION_NOT_SYNCHRONIZED);
    }

    @Test
    void lengthOutOfRangeOrWrongForTheTypeIsBadMessageLength() {
        byte[] big = BgpMessage.Keepalive.INSTANCE.encode(true);
        big[16] = 0x10;
        big[17] = 0x01;                                             // 4097
        BgpError e = error(big);
        assertThat(e.subcode()).isEqualTo(BgpError.BAD_MESSAGE_LENGTH);
        assertThat(e.data()).containsExactly(0x10, 0x01);

        byte[] longKeepalive = HEX.parseHex(MARKER + "0014" + "04" + "00");
        assertThat(error(longKeepalive).subcode()).isEqualTo(BgpError.BAD_MESSAGE_LENGTH);
        byte[] shortOpen = HEX.parseHex(MARKER + "0014" + "01" + "04");
        assertThat(error(shortOpen).subcode()).isEqualTo(BgpError.BAD_MESSAGE_LENGTH);
    }

    @Test
    void unknownTypeIsBadMessageTypeWithTheType() {
        BgpError e = error(HEX.parseHex(MARKER + "0013" + "07"));
        assertThat(e.code()).isEqualTo(BgpError.HEADER);
        assertThat(e.subcode()).isEqualTo(BgpError.BAD_MESSAGE_TYPE);
        assertThat(e.data()).containsExactly(7);
    }

    // ---- §6.2 OPEN errors ----

    @Test
    void openErrors() {
        byte[] v3 = BgpMessage.Open.of(65001, 90, 1).encode(true);
        v3[19] = 3;
        BgpError e = error(v3);
        assertThat(e.code()).isEqualTo(BgpError.OPEN);
        assertThat(e.subcode()).isEqualTo(BgpError.UNSUPPORTED_VERSION);
        assertThat(e.data()).containsExactly(0, 4);                 // the largest version we support

        byte[] hold2 = BgpMessage.Open.of(65001, 2, 1).encode(true);
        assertThat(error(hold2).subcode()).isEqualTo(BgpError.UNACCEPTABLE_HOLD_TIME);

        byte[] param = HEX.parseHex(MARKER + "001f" + "01" + "04fde9005a0a000001" + "02" + "0100");
        assertThat(error(param).subcode()).isEqualTo(BgpError.UNSUPPORTED_OPTIONAL_PARAMETER);
    }

    // ---- §6.3 UPDATE errors ----

    private static byte[] updateWith(String attributesHex, String nlriHex) {
        byte[] attrs = HEX.parseHex(attributesHex), nlri = HEX.parseHex(nlriHex);
        int len = 23 + attrs.length + nlri.length;
        return HEX.parseHex(MARKER + String.format("%04x", len) + "02" + "0000" + String.format("%04x", attrs.length)
                + attributesHex + nlriHex);
    }

    private static final String ORIGIN = "40010100", AS_PATH = "4002060201" + "0000fde9", NEXT_HOP = "4003040a000001";

    private static void assertUpdateError(byte[] b, int subcode) {
        BgpError e = error(b);
        assertThat(e.code()).isEqualTo(BgpError.UPDATE);
        assertThat(e.subcode()).as("subcode").isEqualTo(subcode);
    }

    @Test
    void missingWellKnownAttributeNamesIt() {
        BgpError e = error(updateWith(ORIGIN + AS_PATH, "080a"));
        assertThat(e.subcode()).isEqualTo(BgpError.MISSING_WELL_KNOWN);
        assertThat(e.data()).containsExactly(PathAttributes.NEXT_HOP);
    }

    @Test
    void attributeErrorsCarryTheRfcsSubcodes() {
        assertUpdateError(updateWith("40010103" + AS_PATH + NEXT_HOP, "080a"), BgpError.INVALID_ORIGIN);
        assertUpdateError(updateWith("c0010100" + AS_PATH + NEXT_HOP, "080a"), BgpError.ATTRIBUTE_FLAGS);
        assertUpdateError(updateWith("4001020000" + AS_PATH + NEXT_HOP, "080a"), BgpError.ATTRIBUTE_LENGTH);
        assertUpdateError(updateWith(ORIGIN + "4002060501" + "0000fde9" + NEXT_HOP, "080a"), BgpError.MALFORMED_AS_PATH);
        assertUpdateError(updateWith(ORIGIN + AS_PATH + "40030400000000", "080a"), BgpError.INVALID_NEXT_HOP);
        assertUpdateError(updateWith(ORIGIN + ORIGIN + AS_PATH + NEXT_HOP, "080a"), BgpError.MALFORMED_ATTRIBUTE_LIST);
        assertUpdateError(updateWith(ORIGIN + AS_PATH + NEXT_HOP + "40630100", "080a"), BgpError.UNRECOGNIZED_WELL_KNOWN);
        assertUpdateError(updateWith(ORIGIN + AS_PATH + NEXT_HOP, "210a"), BgpError.INVALID_NETWORK_FIELD);
        assertUpdateError(updateWith(ORIGIN + AS_PATH + NEXT_HOP + "c00803000001", "080a"), BgpError.ATTRIBUTE_LENGTH);
        assertUpdateError(updateWith(ORIGIN + AS_PATH + NEXT_HOP + "40040400000001", "080a"), BgpError.ATTRIBUTE_FLAGS);
        assertUpdateError(updateWith(ORIGIN + AS_PATH + NEXT_HOP + "4001", "080a"), BgpError.MALFORMED_ATTRIBUTE_LIST);
    }

    @Test
    void unknownOptionalNonTransitiveIsDroppedAndTransitiveKeptAsPartial() throws BgpError {
        BgpMessage.Update u = (BgpMessage.Update) parse(updateWith(ORIGIN + AS_PATH + NEXT_HOP + "806301aa" + "c06401bb", "080a"));
        assertThat(u.attributes().unknownTransitive()).containsExactly(0xE0, 0x64, 1, 0xBB);
    }

    @Test
    void overrunningLengthsAreMalformedAttributeList() {
        byte[] b = updateWith(ORIGIN + AS_PATH + NEXT_HOP, "080a");
        b[20] = 0x40;                                               // withdrawn length beyond the message
        assertUpdateError(b, BgpError.MALFORMED_ATTRIBUTE_LIST);
    }

    @Test
    void prefixPaddingBitsAreIgnored() throws BgpError {
        BgpMessage.Update u = (BgpMessage.Update) parse(updateWith(ORIGIN + AS_PATH + NEXT_HOP, "090aff"));
        assertThat(u.nlri()).containsExactly(p(10, 128, 0, 0, 9));
    }

    // ---- AS_PATH ----

    @Test
    void asPathPrependLoopAndEnds() {
        AsPath path = AsPath.sequence(65002, 65003).prepend(65001);
        assertThat(path).isEqualTo(AsPath.sequence(65001, 65002, 65003));
        assertThat(path.contains(65003)).isTrue();
        assertThat(path.contains(65004)).isFalse();
        assertThat(path.firstAs()).isEqualTo(65001);
        assertThat(path.originAs()).isEqualTo(65003);
        assertThat(AsPath.EMPTY.prepend(5).pathLength()).isEqualTo(1);
        AsPath set = new AsPath.Builder().add(AsPath.SET, 1, 2).build().prepend(3);
        assertThat(set.segmentCount()).isEqualTo(2);
        assertThat(set.toString()).isEqualTo("3 {1 2}");
        assertThat(set.originAs()).isZero();                        // a trailing SET has no single origin
        long[] many = new long[300];
        for (int i = 0; i < many.length; i++) many[i] = i + 1;
        AsPath longPath = AsPath.sequence(many);
        assertThat(longPath.segmentCount()).isEqualTo(2);           // 255 + 45: one octet counts a segment
        assertThat(longPath.pathLength()).isEqualTo(300);
    }

    @Test
    void longAttributesUseTheExtendedLength() throws BgpError {
        long[] many = new long[100];
        for (int i = 0; i < many.length; i++) many[i] = 65000 + i;
        PathAttributes a = PathAttributes.builder().asPath(AsPath.sequence(many)).nextHop(1).build();
        byte[] b = BgpMessage.Update.announce(a, List.of(p(10, 0, 0, 0, 8))).encode(true);
        assertThat(b[23 + 4] & PathAttributes.EXTENDED_LENGTH).isNotZero();   // AS_PATH after ORIGIN
        assertThat(((BgpMessage.Update) parse(b)).attributes()).isEqualTo(a);
    }

    @Test
    void oversizedUpdateIsRefused() {
        List<Prefix> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1100; i++) many.add(new Prefix(i << 8, 24));
        BgpMessage.Update u = BgpMessage.Update.withdraw(many);
        assertThat(u.encodedLength(true)).isGreaterThan(BgpMessage.MAX_LENGTH);
        assertThatThrownBy(() -> u.encode(true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void internedAttributesAreOneObject() {
        BgpAttributeCache cache = new BgpAttributeCache();
        PathAttributes a = PathAttributes.builder().asPath(AsPath.sequence(1, 2)).nextHop(9).localPref(100).build();
        PathAttributes b = a.toBuilder().build();
        assertThat(b).isNotSameAs(a).isEqualTo(a);
        assertThat(cache.intern(b)).isSameAs(cache.intern(a));
        assertThat(a.toBuilder().localPref(200).build()).isNotEqualTo(a);
    }
}
