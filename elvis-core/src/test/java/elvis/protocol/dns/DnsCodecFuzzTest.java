package elvis.protocol.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated messages, compression loops and lengths past the end: the decoder returns a
 * message or throws {@link DnsFormatException}, nothing else, and always finishes. The CI slice
 * is 10^4 inputs; {@code -Dfuzz.dns=1000000} runs the 10^6.
 */
public class DnsCodecFuzzTest {
    static final int INPUTS = Integer.getInteger("fuzz.dns", 10_000);

    @Test
    @Timeout(600)
    void everyInputDecodesOrIsAFormatError() {
        Random rnd = new Random(15);
        int decoded = 0, rejected = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = input(rnd);
            try {
                DnsMessage m = DnsCodec.decode(input);
                decoded++;
                // What decodes re-encodes and decodes to the same message.
                assertThat(DnsCodec.decode(DnsCodec.encode(m))).isEqualTo(m);
            } catch (DnsFormatException e) {
                rejected++;
                assertThat(e.reason()).isNotBlank();
            }
        }
        assertThat(decoded).as("some inputs are valid").isGreaterThan(INPUTS / 20);
        assertThat(rejected).as("some inputs are malformed").isGreaterThan(INPUTS / 5);
    }

    /** A valid message, mutated one of several ways, or plain noise. */
    public static byte[] input(Random rnd) {
        byte[] valid = DnsCodec.encode(RandomDns.message(rnd));
        switch (rnd.nextInt(8)) {
            case 0 -> { return valid; }
            case 1 -> {                                   // noise with a plausible header
                byte[] b = new byte[rnd.nextInt(80)];
                rnd.nextBytes(b);
                if (b.length >= 12) { b[4] = 0; b[5] = 1; b[6] = 0; b[7] = (byte) rnd.nextInt(3); b[8] = 0; b[9] = 0; b[10] = 0; b[11] = 0; }
                return b;
            }
            case 2 -> {                                   // cut short
                return java.util.Arrays.copyOf(valid, rnd.nextInt(valid.length + 1));
            }
            case 3 -> {                                   // a compression pointer anywhere, to anywhere
                if (valid.length < 14) return valid;
                int at = 12 + rnd.nextInt(valid.length - 13);
                int target = rnd.nextInt(4) == 0 ? at : rnd.nextInt(valid.length + 4);
                valid[at] = (byte) (0xc0 | target >>> 8 & 0x3f);
                valid[at + 1] = (byte) target;
                return valid;
            }
            case 4 -> {                                   // a length byte or RDLENGTH inflated past the end
                int at = rnd.nextInt(valid.length);
                valid[at] = (byte) (rnd.nextBoolean() ? 0xff : valid[at] + 1 + rnd.nextInt(4));
                return valid;
            }
            case 5 -> {                                   // counts larger than the sections
                valid[4 + 2 * rnd.nextInt(4) + 1] += (byte) (1 + rnd.nextInt(3));
                return valid;
            }
            default -> {                                  // bit flips
                for (int k = 0, n = 1 + rnd.nextInt(4); k < n; k++) valid[rnd.nextInt(valid.length)] ^= (byte) (1 << rnd.nextInt(8));
                return valid;
            }
        }
    }
}
