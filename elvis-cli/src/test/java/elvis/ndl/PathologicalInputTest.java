package elvis.ndl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Large or hostile inputs must stay near-linear: each of these would take minutes if any step were quadratic. */
@Timeout(value = 10)
class PathologicalInputTest {

    private static NdlResult timed(String text) {
        long start = System.nanoTime();
        NdlResult r = NdlTestSupport.parse(text);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(r.diagnostics()).noneMatch(d -> d.message().startsWith("internal error"));
        return r;
    }

    @Test
    void oneSectionWithTwoHundredThousandArguments() {
        StringBuilder line = new StringBuilder("[Simulation");
        for (int i = 0; i < 200_000; i++) {
            line.append(" k").append(i).append("=v");
        }
        NdlResult r = timed(line.append("]\n").toString());
        assertThat(r.errors()).hasSize(200_002); // every unknown attribute, and the two missing sections
    }

    @Test
    void twentyThousandNetworksAndAsManyBadReferences() {
        StringBuilder text = new StringBuilder("[Networks]\n");
        for (int i = 0; i < 20_000; i++) {
            text.append("  [Network id='n").append(i).append("']\n    [IP ip='10.").append(i >> 8).append('.').append(i & 255).append(".1']\n");
        }
        text.append("[Machines]\n  [Machine name='m']\n    [Networks]\n");
        for (int i = 0; i < 20_000; i++) {
            text.append("      [Network id='x").append(i).append("']\n");
        }
        text.append("    [Applications]\n");
        assertThat(timed(text.toString()).errors()).hasSize(20_000);
    }

    @Test
    void deepNestingIsCut() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3_000; i++) { // 4.5 million tabs in all
            text.append("\t".repeat(i)).append("[A]\n");
        }
        NdlResult r = timed(text.toString());
        assertThat(r.errors()).anyMatch(d -> d.message().equals("sections are nested too deeply (more than 32 levels)"));
    }

    @Test
    void aMegabyteLongValueAndAnUnterminatedQuote() {
        NdlResult r = timed("[Simulation seed='" + "9".repeat(1_000_000) + "' until='" + "x".repeat(1_000_000) + "\n");
        assertThat(r.errors()).extracting(Diagnostic::message).contains(
                "unterminated quoted value: missing closing '");
    }
}
