package elvis.cli.generate;

import elvis.cli.CommandLineTest;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CAIDA's serial-1 and serial-2 AS-relationship formats: relationships, tiers, 4-byte ASNs, comments, and mistakes at their line and column. */
class CaidaReaderTest {

    static final String SERIAL_1 = """
            # source:topology|BGP
            # a tier-1 pair, a transit under both, two stubs
            174|3356|0
            174|64500|-1
            3356|64500|-1
            64500|4200000001|-1
            3356|65551|-1
            4200000001|65551|0
            """;

    @Test
    void relationshipsTiersAndFourByteAsns() throws Exception {
        AsGraph g = CaidaReader.read(SERIAL_1, 3);
        assertThat(g.ases()).extracting(AsGraph.As::asn).containsExactly(174L, 3356L, 64500L, 65551L, 4200000001L);
        assertThat(g.ases()).extracting(AsGraph.As::tier).containsExactly(AsGraph.Tier.TIER1, AsGraph.Tier.TIER1,
                AsGraph.Tier.TRANSIT, AsGraph.Tier.STUB, AsGraph.Tier.STUB);
        assertThat(g.ases()).extracting(AsGraph.As::hosts).containsExactly(0, 0, 0, 3, 3);
        assertThat(g.links()).hasSize(6);
        assertThat(g.links().get(0)).isEqualTo(new AsGraph.Link(0, 1, true, -1));
        assertThat(g.links().get(3)).isEqualTo(new AsGraph.Link(2, 4, false, -1));   // 64500 provides 4200000001
        assertThat(g.links().get(5)).isEqualTo(new AsGraph.Link(3, 4, true, -1));    // peers are stored lower index first
    }

    @Test
    void serial2sFourthFieldAndWindowsLineEndsAreAccepted() throws Exception {
        AsGraph g = CaidaReader.read("1|2|-1|bgp\r\n2|3|0|mlp\r\n", 0);
        assertThat(g.links()).containsExactly(new AsGraph.Link(0, 1, false, -1), new AsGraph.Link(1, 2, true, -1));
    }

    @Test
    void mistakesNameTheirLineAndColumn() {
        assertThatThrownBy(() -> CaidaReader.read("1|2|-1\n1|x|0\n", 0)).hasMessage("2:3: expected an AS number 0..4294967295, not 'x'");
        assertThatThrownBy(() -> CaidaReader.read("1|4294967296|0\n", 0)).hasMessage("1:3: AS number 4294967296 is above 4294967295");
        assertThatThrownBy(() -> CaidaReader.read("1|2|1\n", 0)).hasMessage("1:5: relationship must be -1 (provider-customer) or 0 (peers), not '1'");
        assertThatThrownBy(() -> CaidaReader.read("12|2\n", 0)).hasMessageStartingWith("1:1: expected 'AS1|AS2|-1'");
        assertThatThrownBy(() -> CaidaReader.read("1|2|0\n2|1|-1\n", 0)).hasMessage("2:1: AS 2 and AS 1 are already related at line 1");
        assertThatThrownBy(() -> CaidaReader.read("7|7|0\n", 0)).hasMessage("1:1: AS 7 cannot be related to itself");
        assertThatThrownBy(() -> CaidaReader.read("# only comments\n", 0)).hasMessage("1:1: no relationship in the file");
    }

    /** Mutated files are read or rejected with a located message, never with another exception. */
    @Test
    void fuzzedFilesAreReadOrRejected() {
        int count = Integer.getInteger("fuzz.caida", 20_000);
        SplittableRandom random = new SplittableRandom(19);
        char[] alphabet = "0123456789|-#\n\r 4294967295x".toCharArray();
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder(SERIAL_1);
            int edits = 1 + random.nextInt(8);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(text.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, alphabet[random.nextInt(alphabet.length)]);
                    case 1 -> { if (at < text.length()) text.deleteCharAt(at); }
                    default -> { if (at < text.length()) text.setCharAt(at, alphabet[random.nextInt(alphabet.length)]); }
                }
            }
            try {
                AsGraph g = CaidaReader.read(text, 1);
                assertThat(g.links()).isNotEmpty();
            } catch (CaidaReader.Malformed m) {
                assertThat(m.line()).isPositive();
                assertThat(m.column()).isPositive();
            }
        }
    }

    @Test
    void aCaidaGraphBecomesAnNdlFileThatChecks() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("caida", ".txt");
        try {
            java.nio.file.Files.writeString(file, SERIAL_1);
            CommandLineTest.Outcome o = CommandLineTest.elvis("generate", "internet", "--caida", file.toString(), "--hosts-per-stub", "2", "--igp", "static");
            assertThat(o.exit()).as(o.err()).isZero();
            assertThat(o.out()).contains("[AS asn='4200000001'", "[Machine name='as65551-h' count='2']",
                    "[Peering a='as65551-r1' b='as4200000001-r1' relationship='peer'");
            java.nio.file.Files.writeString(file, "1|2|5\n");
            CommandLineTest.Outcome bad = CommandLineTest.elvis("generate", "internet", "--caida", file.toString());
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains(file + ":1:5: relationship must be");
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
