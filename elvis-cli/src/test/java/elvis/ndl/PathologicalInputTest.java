package elvis.ndl;

import static org.assertj.core.api.Assertions.assertThat;

import elvis.app.ApplicationRegistry;
import java.lang.management.ManagementFactory;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Large or hostile inputs must stay near-linear. Each input is parsed at full size and at a fraction
 * of it, and the work the parsing thread does (its CPU time and the bytes it allocates) may grow at
 * most three times faster than the text: one quadratic step makes it grow as fast again as the text
 * grows (eight or nine times here). The thread's own work, not wall time, so a loaded machine, which
 * stretches wall time, cannot fail these; how fast the parser is, benchmarks measure.
 */
@Timeout(value = 120) // only stops a hang: a quadratic step at these sizes would take many minutes
class PathologicalInputTest {
    private static final com.sun.management.ThreadMXBean THREAD = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ApplicationRegistry REGISTRY = ApplicationRegistry.load();

    /** One parse, with the CPU time and the bytes the thread spent on it. */
    private record Work(NdlResult result, long cpuNs, long allocatedBytes) { }

    private static Work parse(String text) {
        long cpu = THREAD.getCurrentThreadCpuTime(), allocated = THREAD.getCurrentThreadAllocatedBytes();
        NdlResult r = Ndl.parse("test.ndl", text, REGISTRY);
        Work w = new Work(r, THREAD.getCurrentThreadCpuTime() - cpu, THREAD.getCurrentThreadAllocatedBytes() - allocated);
        assertThat(r.diagnostics()).noneMatch(d -> d.message().startsWith("internal error"));
        return w;
    }

    /** Parses {@code input} at {@code small} and at {@code big} (after a warm-up) and checks the work grew near-linearly; the big result. */
    private static NdlResult nearLinear(IntFunction<String> input, int small, int big) {
        String a = input.apply(small), b = input.apply(big);
        parse(a);                                            // the JIT's first compilations, not the parser's work
        Work w1 = parse(a), w2 = parse(b);
        double bound = 3.0 * b.length() / a.length();
        assertThat((double) w2.cpuNs()).as("CPU time at %,d characters against %,d", b.length(), a.length())
                .isLessThan(bound * w1.cpuNs());
        assertThat((double) w2.allocatedBytes()).as("bytes allocated at %,d characters against %,d", b.length(), a.length())
                .isLessThan(bound * w1.allocatedBytes());
        return w2.result();
    }

    @Test
    void oneSectionWithTwoHundredThousandArguments() {
        NdlResult r = nearLinear(n -> {
            StringBuilder line = new StringBuilder("[Simulation");
            for (int i = 0; i < n; i++) {
                line.append(" k").append(i).append("=v");
            }
            return line.append("]\n").toString();
        }, 25_000, 200_000);
        assertThat(r.errors()).hasSize(200_002); // every unknown attribute, and the two missing sections
    }

    @Test
    void twentyThousandNetworksAndAsManyBadReferences() {
        NdlResult r = nearLinear(n -> {
            StringBuilder text = new StringBuilder("[Networks]\n");
            for (int i = 0; i < n; i++) {
                text.append("  [Network id='n").append(i).append("']\n    [IP ip='10.").append(i >> 8).append('.').append(i & 255).append(".1']\n");
            }
            text.append("[Machines]\n  [Machine name='m']\n    [Networks]\n");
            for (int i = 0; i < n; i++) {
                text.append("      [Network id='x").append(i).append("']\n");
            }
            return text.append("    [Applications]\n").toString();
        }, 2_500, 20_000);
        assertThat(r.errors()).hasSize(20_000);
    }

    @Test
    void deepNestingIsCut() {
        NdlResult r = nearLinear(lines -> {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < lines; i++) { // 4.5 million tabs in all at 3,000 lines
                text.append("\t".repeat(i)).append("[A]\n");
            }
            return text.toString();
        }, 1_000, 3_000);
        assertThat(r.errors()).anyMatch(d -> d.message().equals("sections are nested too deeply (more than 32 levels)"));
    }

    @Test
    void aMegabyteLongValueAndAnUnterminatedQuote() {
        NdlResult r = nearLinear(n -> "[Simulation seed='" + "9".repeat(n) + "' until='" + "x".repeat(n) + "\n", 125_000, 1_000_000);
        assertThat(r.errors()).extracting(Diagnostic::message).contains(
                "unterminated quoted value: missing closing '");
    }
}
