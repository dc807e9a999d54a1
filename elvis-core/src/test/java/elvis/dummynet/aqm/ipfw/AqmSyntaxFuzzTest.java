package elvis.dummynet.aqm.ipfw;

import elvis.dummynet.Dummynet;
import elvis.dummynet.IpfwConfig;
import elvis.sim.RandomStream;
import elvis.sim.Simulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random AQM clauses on ipfw lines: each is accepted or refused with a located {@link IpfwConfig.Error},
 * never another exception. 10,000 lines in the normal run; {@code -Dfuzz.aqm=1000000} for a long one.
 */
class AqmSyntaxFuzzTest {
    static final int INPUTS = Integer.getInteger("fuzz.aqm", 10_000);
    static final String[] WORDS = {"red", "gred", "codel", "pie", "target", "interval", "tupdate", "alpha", "beta", "max_burst",
            "max_ecnth", "ecn", "noecn", "capdrop", "nocapdrop", "drand", "nodrand", "dre", "ts", "onoff", "0.002/30/80/0.1",
            "0.002/80/30/0.1", "1/2/3/4", "-1/0/1/0.5", "0.5//3/0.1", "a/b/c/d", "5ms", "-5ms", "0", "1e9", "NaN", "Infinity",
            "100us", "2s", "7", "8", "0.1", "1.5", "-0.1", "10parsecs", "ms", "", "/", "0x10", "1e-400", "queue", "50"};

    @Test
    void everyLineParsesOrGivesALocatedError() {
        RandomStream r = new RandomStream(16);
        Simulator sim = Simulator.sequential(1);
        int accepted = 0, refused = 0;
        for (int i = 0; i < INPUTS; i++) {
            StringBuilder line = new StringBuilder("pipe 1 config ").append(WORDS[(int) r.nextLong(4)]);
            int n = (int) r.nextLong(7);
            for (int k = 0; k < n; k++) line.append(' ').append(WORDS[(int) r.nextLong(WORDS.length)]);
            try {
                IpfwConfig.apply(new Dummynet(sim), line.toString(), "fuzz", 1, DummynetAqmTest.AQM);
                accepted++;
            } catch (IpfwConfig.Error e) {
                assertThat(e.getMessage()).as(line.toString()).startsWith("fuzz:1:");
                refused++;
            }
        }
        assertThat(accepted).isPositive();
        assertThat(refused).isPositive();
    }
}
