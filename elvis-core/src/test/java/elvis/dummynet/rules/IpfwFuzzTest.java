package elvis.dummynet.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The ipfw line reader on random lines made of ipfw's own words, numbers, addresses and junk, and on
 * mutations of good lines: each is applied or gives a located error (a column on the line), never any
 * other exception. 10^4 lines in the normal run; {@code -Dfuzz.ipfw=1000000} for 10^6.
 */
class IpfwFuzzTest {
    static final int LINES = Integer.getInteger("fuzz.ipfw", 10_000);
    private static final String[] WORDS = {
            "ipfw", "-q", "add", "table", "pipe", "queue", "sched", "config", "100", "65535", "0", "1", "prob", "0.5", "1.5",
            "allow", "deny", "count", "skipto", "accept", "ip", "tcp", "udp", "icmp", "17", "300", "from", "to", "any", "me",
            "not", "in", "out", "via", "recv", "xmit", "eth0", "src-port", "dst-port", "src-ip", "dst-ip", "2000-3000",
            "22,53", "3000-2000", ",", "-", "tcpflags", "syn,!ack", "!syn", "setup", "established", "10.0.0.0/24",
            "10.0.0.1:255.0.0.255", "{10.0.0.1,10.1.0.0/16}", "{", "}", "table(1)", "table(", "1.2.3", "256.1.1.1",
            "/33", "#", "//", "proto", "or", "keep-state", "\t", "ÿ", "\u0000"};
    private static final String[] GOOD = {
            "ipfw add 100 pipe 10 out dst-port 2000-3000", "add 200 queue 2 in dst-port any",
            "add 300 allow ip from 10.0.0.0/8 to not me 80,443 via eth0 tcpflags syn,!ack",
            "table 3 add 192.168.0.0/16", "add skipto 900 udp from table(3) to {1.2.3.4,5.6.0.0/16} 53"};

    @Test
    @Timeout(1200)
    void everyLineIsAppliedOrGivesALocatedError() {
        Random rnd = new Random(16);
        RuleSet rules = IpfwParserTest.fresh();
        int errors = 0;
        for (int i = 0; i < LINES; i++) {
            String line = i % 2 == 0 ? words(rnd) : mutate(GOOD[rnd.nextInt(GOOD.length)], rnd);
            try {
                Ipfw.line(line, rules, (l, column) -> { });
            } catch (IpfwError e) {
                errors++;
                assertThat(e.column()).as(line).isBetween(1, line.length() + 1);
                assertThat(e.getMessage()).as(line).isNotBlank();
            } catch (RuntimeException e) {
                fail("line '" + line + "' threw " + e, e);
            }
            if (rules.rules().size() > 2_000) rules = IpfwParserTest.fresh();
        }
        assertThat(errors).isBetween(LINES / 10, LINES - LINES / 50);    // the inputs reach both outcomes
    }

    private static String words(Random rnd) {
        StringBuilder b = new StringBuilder(rnd.nextBoolean() ? "add " : "");
        int n = rnd.nextInt(12);
        for (int i = 0; i < n; i++) b.append(WORDS[rnd.nextInt(WORDS.length)]).append(rnd.nextInt(5) == 0 ? "" : " ");
        return b.toString();
    }

    private static String mutate(String good, Random rnd) {
        StringBuilder b = new StringBuilder(good);
        int edits = 1 + rnd.nextInt(3);
        for (int i = 0; i < edits && b.length() > 0; i++) {
            int at = rnd.nextInt(b.length());
            switch (rnd.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, (char) (32 + rnd.nextInt(95)));
                default -> b.setCharAt(at, (char) (32 + rnd.nextInt(95)));
            }
        }
        return b.toString();
    }
}
