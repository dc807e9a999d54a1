package elvis.routing.rip;

import elvis.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated RIP messages (bit flips, truncations, extensions, a random command, version or
 * address family, noise): the codec answers a message or null, never throws, and whatever parses
 * encodes and parses back to the same message. A CI-sized slice of 10^4; {@code -Dfuzz.rip=1000000}
 * runs the 10^6.
 */
class RipFuzzTest {
    static final int TOTAL = Integer.getInteger("fuzz.rip", 10_000);

    @Test
    void mutatedMessagesParseOrAreNullAndRoundTrip() {
        Random rnd = new Random(19);
        byte[][] seeds = seeds();
        long malformed = 0;
        for (int i = 0; i < TOTAL; i++) {
            byte[] b = mutate(rnd, seeds[rnd.nextInt(seeds.length)]);
            RipMessage m = RipMessage.parse(Message.wrap(b));
            if (m == null) malformed++;
            else assertThat(RipMessage.parse(m.toMessage())).isEqualTo(m);
        }
        assertThat(malformed).as("the mutations reach the error paths").isGreaterThan(TOTAL / 10);
        assertThat(malformed).as("and the parsing paths").isLessThan(TOTAL * 9L / 10);
    }

    /** Valid messages: a whole-table request, a specific request, responses of 1, 3 and 25 entries. */
    static byte[][] seeds() {
        List<byte[]> s = new ArrayList<>();
        s.add(RipMessage.wholeTableRequest().encode());
        s.add(new RipMessage(RipMessage.REQUEST, 2, List.of(RipMessage.Entry.route(0x0A00_0000, 0xFF00_0000, 0, 16))).encode());
        for (int n : new int[] {1, 3, 25}) {
            List<RipMessage.Entry> es = new ArrayList<>();
            for (int i = 0; i < n; i++) es.add(new RipMessage.Entry(2, i, 0x0A00_0000 + (i << 8), 0xFFFF_FF00, i % 2 == 0 ? 0 : 0x0A00_0001, 1 + i % 16));
            s.add(RipMessage.response(es).encode());
        }
        return s.toArray(byte[][]::new);
    }

    static byte[] mutate(Random rnd, byte[] seed) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(7)) {
            case 0 -> { for (int k = rnd.nextInt(4) + 1; k > 0; k--) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8)); }
            case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));                            // truncated
            case 2 -> b = Arrays.copyOf(b, b.length + 1 + rnd.nextInt(60));                       // trailing bytes or entries
            case 3 -> b[rnd.nextInt(2)] = (byte) rnd.nextInt(4);                                   // command or version
            case 4 -> { b = new byte[rnd.nextInt(600)]; rnd.nextBytes(b); }                        // noise
            case 5 -> { if (b.length > 4) { int at = 4 + 20 * rnd.nextInt((b.length - 4) / 20); b[at] = (byte) rnd.nextInt(256); b[at + 1] = (byte) rnd.nextInt(256); } }
            default -> { if (b.length > 4) { int at = 4 + 20 * rnd.nextInt((b.length - 4) / 20) + 4 + rnd.nextInt(16); b[at] = (byte) rnd.nextInt(256); } }   // address, mask, next hop, metric
        }
        return b;
    }
}
