package elvis.routing.rip;

import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The RFC 2453 §4 layout, byte by byte, and every structural limit of {@link RipMessage#parse}. */
class RipMessageTest {
    static int ip(String s) { return Ipv4Address.parse(s); }

    @Test
    void aResponseIsLaidOutAsRfc2453Section4Says() {
        RipMessage m = RipMessage.response(List.of(
                new RipMessage.Entry(2, 0x1234, ip("10.1.0.0"), ip("255.255.0.0"), ip("192.168.1.9"), 3),
                RipMessage.Entry.route(ip("172.16.5.0"), ip("255.255.255.0"), 0, 16)));
        byte[] b = m.encode();
        assertThat(HexFormat.of().formatHex(b)).isEqualTo(
                "02020000"                                          // response, version 2, unused
                        + "0002" + "1234" + "0a010000" + "ffff0000" + "c0a80109" + "00000003"
                        + "0002" + "0000" + "ac100500" + "ffffff00" + "00000000" + "00000010");
        assertThat(m.length()).isEqualTo(44).isEqualTo(b.length);
        assertThat(RipMessage.parse(Message.wrap(b))).isEqualTo(m);
    }

    @Test
    void theWholeTableRequestIsOneEntryOfFamilyZeroAndMetricSixteen() {
        RipMessage r = RipMessage.wholeTableRequest();
        assertThat(HexFormat.of().formatHex(r.encode())).isEqualTo("01020000" + "0000" + "0000" + "00000000".repeat(3) + "00000010");
        RipMessage back = RipMessage.parse(r.toMessage());
        assertThat(back.isWholeTableRequest()).isTrue();
        assertThat(RipMessage.response(r.entries()).isWholeTableRequest()).as("a response is never a request").isFalse();
        RipMessage specific = new RipMessage(RipMessage.REQUEST, 2, List.of(RipMessage.Entry.route(ip("10.0.0.0"), ip("255.0.0.0"), 0, 16)));
        assertThat(specific.isWholeTableRequest()).as("family 2: a request for that route").isFalse();
        RipMessage two = new RipMessage(RipMessage.REQUEST, 2, List.of(r.entries().getFirst(), r.entries().getFirst()));
        assertThat(two.isWholeTableRequest()).isFalse();
    }

    @Test
    void twentyFiveEntriesFitAndTwentySixDoNot() {
        List<RipMessage.Entry> es = new ArrayList<>();
        for (int i = 0; i < 26; i++) es.add(RipMessage.Entry.route(ip("10.0.0.0") + (i << 8), ip("255.255.255.0"), 0, 1 + i % 16));
        RipMessage full = RipMessage.response(es.subList(0, 25));
        assertThat(full.length()).isEqualTo(RipMessage.MAX_LENGTH).isEqualTo(504);
        assertThat(RipMessage.parse(full.toMessage())).isEqualTo(full);
        assertThatThrownBy(() -> RipMessage.response(es)).hasMessageContaining("at most 25");
        byte[] big = Arrays.copyOf(full.encode(), 504 + 20);
        assertThat(RipMessage.parse(Message.wrap(big))).as("a 26th entry").isNull();
    }

    @Test
    void structurallyBadMessagesParseToNull() {
        byte[] good = RipMessage.response(List.of(RipMessage.Entry.route(ip("10.0.0.0"), ip("255.0.0.0"), 0, 1))).encode();
        assertThat(RipMessage.parse(Message.wrap(good, 0, 3))).as("short header").isNull();
        assertThat(RipMessage.parse(Message.wrap(good, 0, 23))).as("a partial entry").isNull();
        assertThat(RipMessage.parse(Message.wrap(good, 0, 4))).as("no entries is well formed").isNotNull();
        for (int command : new int[] {0, 3, 5, 255}) {
            byte[] b = good.clone();
            b[0] = (byte) command;
            assertThat(RipMessage.parse(Message.wrap(b))).as("command " + command).isNull();
        }
        byte[] v0 = good.clone();
        v0[1] = 0;
        assertThat(RipMessage.parse(Message.wrap(v0))).as("version 0 is never valid").isNull();
        byte[] v1 = good.clone();
        v1[1] = 1;
        assertThat(RipMessage.parse(Message.wrap(v1)).version()).as("other versions parse; the daemon decides").isEqualTo(1);
        byte[] unused = good.clone();
        unused[2] = 7;
        assertThat(RipMessage.parse(Message.wrap(unused)).encode()).as("the unused bytes are ignored and sent as zero").isEqualTo(good);
    }

    @Test
    void theMetricIsReadAsItsUnsigned32BitsAndAuthenticationIsRecognised() {
        byte[] b = RipMessage.response(List.of(RipMessage.Entry.route(ip("10.0.0.0"), ip("255.0.0.0"), 0, 1))).encode();
        b[20] = (byte) 0x80;
        RipMessage m = RipMessage.parse(Message.wrap(b));
        assertThat(Integer.toUnsignedLong(m.entries().getFirst().metric())).isEqualTo(0x8000_0001L);
        assertThat(m.authenticated()).isFalse();
        b[4] = b[5] = (byte) 0xFF;
        assertThat(RipMessage.parse(Message.wrap(b)).authenticated()).isTrue();
        assertThatThrownBy(() -> new RipMessage.Entry(0x10000, 0, 0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RipMessage(256, 2, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
