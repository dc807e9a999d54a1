package elvis.protocol.dns;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Encode then decode gives the same message, and encoding is canonical (same bytes again). */
class DnsCodecPropertyTest {
    @Property(tries = 500, seed = "15")
    void messagesRoundTripThroughTheWireFormat(@ForAll long seed) throws DnsFormatException {
        DnsMessage m = RandomDns.message(new Random(seed));
        byte[] wire = DnsCodec.encode(m);
        DnsMessage back = DnsCodec.decode(wire);
        assertThat(back).isEqualTo(m);
        assertThat(DnsCodec.encode(back)).isEqualTo(wire);
    }

    @Property(tries = 300, seed = "15")
    void namesRoundTripThroughPresentationForm(@ForAll long seed) {
        DnsName n = RandomDns.name(new Random(seed));
        DnsName back = DnsName.of(n.toString());
        assertThat(back).isEqualTo(n);
        assertThat(back.toWire()).isEqualTo(n.toWire());
        assertThat(back.toString()).isEqualTo(n.toString());
    }

    @Property(tries = 300, seed = "15")
    void truncatedEncodingsFitTheLimitAndDecode(@ForAll long seed) throws DnsFormatException {
        Random rnd = new Random(seed);
        DnsMessage.Builder b = RandomDns.message(rnd).toBuilder();
        for (int i = 0, n = rnd.nextInt(60); i < n; i++) b.answer(RandomDns.record(rnd));
        DnsMessage m = b.build();
        byte[] wire = DnsCodec.encode(m, DnsCodec.UDP_LIMIT);
        assertThat(wire.length).isLessThanOrEqualTo(DnsCodec.UDP_LIMIT);
        DnsMessage back = DnsCodec.decode(wire);
        if (DnsCodec.encode(m).length <= DnsCodec.UDP_LIMIT) {
            assertThat(back).isEqualTo(m);
        } else {
            // Either only the additional section went, or TC is set and only the question is left.
            assertThat(back.questions()).isEqualTo(m.questions());
            assertThat(back.additional()).isEmpty();
            if (back.answers().equals(m.answers()) && back.authority().equals(m.authority())) return;
            assertThat(back.tc()).isTrue();
            assertThat(back.authority()).isEmpty();
            // What is left of the answer is a prefix of it that splits no RRset.
            int kept = back.answers().size();
            assertThat(back.answers()).isEqualTo(m.answers().subList(0, kept));
            for (DnsRecord cut : back.answers())
                for (DnsRecord dropped : m.answers().subList(kept, m.answers().size()))
                    assertThat(cut.name().equals(dropped.name()) && cut.type() == dropped.type() && cut.dnsClass() == dropped.dnsClass())
                            .as("RRset of %s split", cut).isFalse();
        }
    }
}
