package elvis.web.load;

import elvis.sim.RandomStream;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PageChoiceTest {
    @Test
    void theCorpusDrawsEachOfItsPagesAndNoOther() {
        // Rusty's script drew 0..500 inclusive for 500 pages; ours draws exactly the 500.
        PageChoice c = PageChoice.corpus(500);
        RandomStream r = new RandomStream(3);
        Map<String, Integer> seen = new HashMap<>();
        int n = 500_000;
        for (int i = 0; i < n; i++) seen.merge(c.next(r), 1, Integer::sum);
        assertThat(seen).hasSize(500).containsKeys("/0.htm", "/499.htm").doesNotContainKey("/500.htm");
        // χ² against uniform, 499 degrees of freedom: the 0.1% critical value is about 614.
        double chi2 = 0, expected = n / 500.0;
        for (int k : seen.values()) chi2 += (k - expected) * (k - expected) / expected;
        assertThat(chi2).isLessThan(614);
    }

    @Test
    void aFixedPathDrawsNothing() {
        RandomStream r = new RandomStream(5), untouched = new RandomStream(5);
        assertThat(PageChoice.fixed("/x").next(r)).isEqualTo("/x");
        assertThat(r.nextLong()).isEqualTo(untouched.nextLong());
    }

    @Test
    void aListIsDrawnFrom() {
        PageChoice c = PageChoice.uniform(List.of("/a", "/b"));
        RandomStream r = new RandomStream(9);
        int a = 0;
        for (int i = 0; i < 10_000; i++) if (c.next(r).equals("/a")) a++;
        assertThat(a).isBetween(5_000 - 250, 5_000 + 250);   // 5 standard deviations
        assertThat(c.describe()).isEqualTo("one of 2 paths");
    }
}
