package elvis.routing.bgp;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated and random policy texts (the NDL's import= and export= values): each parses, and then
 * prints as a text that parses to the same policy, or is a {@link Policy.SyntaxError} whose column
 * lies inside the text; nothing else escapes. A CI-sized 10^4; {@code -Dfuzz.policy=1000000} for more.
 */
class PolicyFuzzTest {
    static final int TOTAL = Integer.getInteger("fuzz.policy", 10_000);
    static final String[] SEEDS = {
        "permit prefix 10.1.0.0/16 le 24 origin-as 65001 set local_pref 300; deny prefix 10.1.0.0/16 le 32; permit",
        "deny community no-export; permit as 65002 set med 20 community 65001:100 no-community 65001:5",
        "permit prefix 0.0.0.0/0 ge 8 le 24, 192.168.0.0/16 set community none community no-advertise",
    };
    static final String[] WORDS = {"permit", "deny", "prefix", "community", "as", "origin-as", "set", "local_pref", "med",
        "no-community", "none", "ge", "le", ";", ",", "10.0.0.0/8", "1:1", "0", "4294967296", "/", ":", "no-export"};

    @Test
    void mutatedTextsParseAndRoundTripOrFailWithAColumn() {
        Random rnd = new Random(4456);
        int parsed = 0;
        for (int i = 0; i < TOTAL; i++) {
            String text = mutate(rnd, SEEDS[rnd.nextInt(SEEDS.length)]);
            Policy p;
            try {
                p = Policy.parse(text);
            } catch (Policy.SyntaxError e) {
                assertThat(e.column()).as(text).isBetween(1, text.length() + 1);
                continue;
            }
            parsed++;
            assertThat(Policy.parse(p.toString()).toString()).as(text).isEqualTo(p.toString());
        }
        assertThat(parsed).as("the mutations reach the parsing paths").isGreaterThan(TOTAL / 20);
        assertThat(parsed).as("and the error paths").isLessThan(TOTAL * 19 / 20);
    }

    static String mutate(Random rnd, String seed) {
        StringBuilder b = new StringBuilder(seed);
        int edits = rnd.nextInt(4) == 0 ? 3 : 1;
        for (int e = 0; e < edits && !b.isEmpty(); e++) {
            int at = rnd.nextInt(b.length());
            switch (rnd.nextInt(5)) {
                case 0 -> b.setCharAt(at, (char) (rnd.nextInt(3) == 0 ? rnd.nextInt(0x3000) : ' ' + rnd.nextInt(95)));
                case 1 -> b.delete(at, Math.min(b.length(), at + 1 + rnd.nextInt(12)));
                case 2 -> b.insert(at, " " + WORDS[rnd.nextInt(WORDS.length)] + " ");
                case 3 -> b.setLength(at);
                default -> b.insert(at, Character.forDigit(rnd.nextInt(10), 10));
            }
        }
        return b.toString();
    }
}
