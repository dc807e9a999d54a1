package elvis.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipe benchmark's loops carry every packet (small counts: this checks the scenario, it measures nothing). */
class PipeScenarioTest {
    @Test
    void everyPacketPassesEachPipe() {
        assertThat(PipeScenario.linkPipe(20_000).packets()).isEqualTo(20_000);
        PipeScenario.Result fifo = PipeScenario.dummynet("fifo", 1, 20_000);
        assertThat(fifo.packets()).isEqualTo(20_000);
        assertThat(fifo.events()).isBetween(20_000L, 2 * 20_000L + 10);     // a serve and a delivery event per packet at most
        assertThat(PipeScenario.dummynet("fifo", 100, 20_000).packets()).isEqualTo(20_000);
        assertThat(PipeScenario.dummynet("prio", 100, 20_000).packets()).isEqualTo(20_000);
    }
}
