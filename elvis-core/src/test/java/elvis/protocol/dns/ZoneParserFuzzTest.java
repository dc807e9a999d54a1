package elvis.protocol.dns;

import elvis.util.SourceError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated master files (characters deleted, duplicated, replaced by the syntax's special ones)
 * and noise: each is a zone or a {@link SourceError} with a place, never another exception.
 * 10^4 in the normal run, {@code -Dfuzz.dns=1000000} for 10^6.
 */
class ZoneParserFuzzTest {
    static final int INPUTS = Integer.getInteger("fuzz.dns", 10_000);
    static final String SPECIAL = "();\"\\$@. \t\n0123456789:aAzZ\u00e9";

    @Test
    @Timeout(600)
    void everyTextIsAZoneOrAnErrorWithAPlace() {
        Random rnd = new Random(15);
        int zones = 0, errors = 0;
        for (int i = 0; i < INPUTS; i++) {
            String text = mutate(rnd, ZoneParserTest.EXAMPLE);
            boolean inline = rnd.nextInt(4) == 0;
            try {
                Zone z = inline ? ZoneParser.parseInline("f", text.replace('\n', ';'), DnsName.of("example.com"), 60)
                        : ZoneParser.parse("f", text, null, -1);
                assertThat(z.soa()).isNotNull();
                zones++;
            } catch (SourceError e) {
                errors++;
                assertThat(e.getMessage()).startsWith("f:" + e.line() + ":" + e.column() + ": ");
                assertThat(e.line()).isPositive();
                assertThat(e.column()).isPositive();
            }
        }
        assertThat(zones).isGreaterThan(INPUTS / 50);
        assertThat(errors).isGreaterThan(INPUTS / 5);
    }

    static String mutate(Random rnd, String text) {
        StringBuilder sb = new StringBuilder(text);
        if (rnd.nextInt(20) == 0) {
            sb.setLength(0);
            for (int k = rnd.nextInt(200); k > 0; k--) sb.append(SPECIAL.charAt(rnd.nextInt(SPECIAL.length())));
            return sb.toString();
        }
        for (int k = rnd.nextInt(4); k >= 0 && !sb.isEmpty(); k--) {
            int at = rnd.nextInt(sb.length());
            switch (rnd.nextInt(4)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, SPECIAL.charAt(rnd.nextInt(SPECIAL.length())));
                case 2 -> sb.setCharAt(at, SPECIAL.charAt(rnd.nextInt(SPECIAL.length())));
                default -> sb.setLength(at);
            }
        }
        return sb.toString();
    }
}
