package elvis.routing.bgp;

import elvis.routing.Prefix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated BGP messages (bit flips, random bytes, truncation and extension, length fields set to
 * random values) through the decoder: each parses or raises a {@link BgpError} with a code of 1–3
 * (never another exception), and whatever parses encodes and parses back to the same message. A
 * CI-sized slice of 10^4; {@code -Dfuzz.bgp=1000000} runs the 10^6.
 */
class BgpCodecFuzzTest {
    static final int TOTAL = Integer.getInteger("fuzz.bgp", 10_000);

    /** Valid messages of every type and most attributes, as speakers send them. */
    static byte[][] seeds() {
        PathAttributes full = PathAttributes.builder().origin(PathAttributes.INCOMPLETE)
                .asPath(new AsPath.Builder().add(AsPath.SEQUENCE, 65001, 4_200_000_000L, 7).add(AsPath.SET, 8, 9).build())
                .nextHop(0x0A000002).med(10).localPref(100).atomicAggregate(true).aggregator(65001, 0x0A000001)
                .communities(65001 << 16 | 1, 0xFFFFFF02).originatorId(0x0A0000FF).clusterList(1, 2, 3)
                .unknownTransitive(new byte[] {(byte) 0xE0, 42, 3, 1, 2, 3}).build();
        PathAttributes plain = PathAttributes.builder().asPath(AsPath.sequence(65002)).nextHop(0xC0A80001).build();
        List<Prefix> nlri = List.of(new Prefix(0x0A000000, 8), new Prefix(0xC0A80100, 24), new Prefix(0xAC100080, 25), new Prefix(0, 0));
        return new byte[][] {
                BgpMessage.Open.of(65001, 90, 0x01010101).encode(true),
                BgpMessage.Open.of(4_200_000_000L, 0, 0x02020202).encode(true),
                BgpMessage.Keepalive.INSTANCE.encode(true),
                new BgpMessage.Notification(BgpError.CEASE, BgpError.ADMINISTRATIVE_RESET, new byte[] {1, 2}).encode(true),
                BgpMessage.Update.announce(full, nlri).encode(true),
                BgpMessage.Update.announce(plain, nlri.subList(0, 2)).encode(true),
                new BgpMessage.Update(nlri.subList(1, 3), plain, nlri.subList(0, 1)).encode(true),
                BgpMessage.Update.withdraw(nlri).encode(true),
        };
    }

    static byte[] mutate(Random rnd, byte[] seed) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(6)) {
            case 0 -> {                                             // flip 1–4 bits after the marker
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) b[16 + rnd.nextInt(b.length - 16)] ^= (byte) (1 << rnd.nextInt(8));
            }
            case 1 -> {                                             // random bytes in the body
                for (int k = 1 + rnd.nextInt(3); k > 0 && b.length > 19; k--) b[19 + rnd.nextInt(b.length - 19)] = (byte) rnd.nextInt(256);
            }
            case 2 -> {                                             // truncated, header length kept in step
                b = java.util.Arrays.copyOf(b, 19 + rnd.nextInt(Math.max(1, b.length - 18)));
                b[16] = (byte) (b.length >>> 8);
                b[17] = (byte) b.length;
            }
            case 3 -> {                                             // random tail appended, header in step
                byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(12));
                for (int i = b.length; i < longer.length; i++) longer[i] = (byte) rnd.nextInt(256);
                b = longer;
                b[16] = (byte) (b.length >>> 8);
                b[17] = (byte) b.length;
            }
            case 4 -> {                                             // an inner length field (a 2-byte word) at random
                if (b.length > 21) {
                    int at = 19 + rnd.nextInt(b.length - 20);
                    b[at] = (byte) rnd.nextInt(3);
                    b[at + 1] = (byte) rnd.nextInt(256);
                }
            }
            default -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);   // anywhere, marker and type included
        }
        return b;
    }

    @Test
    void mutatedMessagesParseOrRaiseTheRfcsErrors() throws BgpError {
        Random rnd = new Random(19);
        byte[][] seeds = seeds();
        int errors = 0;
        for (int i = 0; i < TOTAL; i++) {
            byte[] b = mutate(rnd, seeds[rnd.nextInt(seeds.length)]);
            boolean four = rnd.nextInt(8) != 0;
            BgpMessage m;
            try {
                m = BgpMessage.parse(b, four);
            } catch (BgpError e) {
                errors++;
                assertThat(e.code()).isBetween(BgpError.HEADER, BgpError.UPDATE);
                assertThat(e.toNotification().encode(true).length).isBetween(21, BgpMessage.MAX_LENGTH);
                continue;
            }
            byte[] again = m.encode(four);
            assertThat(BgpMessage.parse(again, four)).as("re-parse of %s", m).isEqualTo(m);
        }
        assertThat(errors).as("the mutations reach the error paths").isGreaterThan(TOTAL / 10);
        assertThat(errors).as("and the parsing paths").isLessThan(TOTAL * 9 / 10);
    }
}
