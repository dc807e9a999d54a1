package elvis.dummynet;

import elvis.dummynet.rules.IpfwExtensions;
import elvis.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static elvis.dummynet.DummynetTest.MS;
import static elvis.dummynet.DummynetTest.US;
import static elvis.dummynet.DummynetTest.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our link impairments on dummynet pipes, as on link pipes: jitter that reorders, reordering, duplication, Gilbert-Elliott loss. */
class DummynetImpairmentsTest {
    static Dummynet engine(Simulator sim, String line) {
        Dummynet dn = new Dummynet(sim);
        IpfwConfig.apply(dn, line, "test", 1, IpfwExtensions.relativeTo(Path.of(".")));
        return dn;
    }

    /** {@code n} 1,500-byte packets offered every {@code gapNs}, tagged 0..n-1; the tags in delivery order. */
    static DummynetEngineTest.Sink run(Simulator sim, Dummynet dn, int n, long gapNs) {
        Flowset pipe = dn.pipe("1");
        DummynetEngineTest.Sink sink = new DummynetEngineTest.Sink(sim);
        for (int i = 0; i < n; i++) {
            long tag = i;
            sim.at(i * gapNs, () -> dn.divert(pipe, ip(1500), 0, tag, sink));
        }
        sim.run();
        return sink;
    }

    static int inversions(List<Long> order) {
        int n = 0;
        for (int i = 1; i < order.size(); i++) if (order.get(i) < order.get(i - 1)) n++;
        return n;
    }

    @Test
    void jitterLetsPacketsOvertakeEachOtherAsOnLinkPipes() {
        Simulator sim = Simulator.sequential(3);
        // 120 µs per packet at 100 Mbit/s, jitter up to 1 ms: neighbours often swap
        DummynetEngineTest.Sink sink = run(sim, engine(sim, "pipe 1 config bw 100Mbit/s delay 5ms jitter 1ms queue 1000"), 2000, 120 * US);
        assertThat(sink.metas()).hasSize(2000);
        assertThat(inversions(sink.metas())).isGreaterThan(100);
        for (int k = 0; k < 2000; k++) {
            long delay = sink.all.get(k);
            assertThat(delay).isBetween(5 * MS, 5 * MS + 2000 * 120 * US + 1 * MS);
        }
    }

    @Test
    void reorderHoldsItsShareBackAndDuplicateDeliversItsShareTwice() {
        Simulator sim = Simulator.sequential(3);
        Dummynet dn = engine(sim, "pipe 1 config bw 10Mbit/s delay 10ms queue 1000 reorder 0.25 reorder-delay 5ms duplicate 0.1");
        DummynetEngineTest.Sink sink = run(sim, dn, 10_000, 1200 * US);      // 1.2 ms per packet: the line is never busy
        Counters c = dn.pipe("1").totals();
        assertThat((double) c.reordered() / 10_000).isBetween(0.24, 0.26);
        assertThat((double) c.duplicated() / 10_000).isBetween(0.09, 0.11);
        assertThat(c.packetsOut()).isEqualTo(10_000 + c.duplicated());
        assertThat(sink.metas()).hasSize((int) (10_000 + c.duplicated()));
        // a held-back packet (5 ms) is overtaken by the ~4 sent after it: each one is an inversion
        assertThat(inversions(sink.metas())).isBetween((int) (0.2 * 10_000), (int) (0.3 * 10_000));
        // a delivery is 10 ms + 1.2 ms serialization after its offer, or 5 ms more when held back
        for (int k = 0; k < sink.metas().size(); k++) {
            long late = sink.all.get(k) - sink.metas().get(k) * 1200 * US;
            assertThat(late).isIn(11_200 * US, 16_200 * US);
        }
    }

    /** Gilbert-Elliott with p = 1%, r = 10%, loss 100% in the bad state: long-run loss p/(p+r) = 9.09%, in runs of mean 1/r = 10. */
    @Test
    void gilbertElliottLosesItsStationaryShareInBursts() {
        Simulator sim = Simulator.sequential(5);
        Dummynet dn = engine(sim, "pipe 1 config bw 100Mbit/s queue 1000 loss-model ge:0.01,0.1");
        DummynetEngineTest.Sink sink = run(sim, dn, 200_000, 200 * US);
        Counters c = dn.pipe("1").totals();
        assertThat((double) c.dropWire() / 200_000).isBetween(0.0909 - 0.01, 0.0909 + 0.01);
        // bursts: losses come in runs, so there are far fewer gaps in the delivered tags than losses
        int gaps = 0;
        List<Long> order = sink.metas();
        for (int i = 1; i < order.size(); i++) if (order.get(i) != order.get(i - 1) + 1) gaps++;
        assertThat((double) c.dropWire() / gaps).isBetween(8.0, 12.0);
    }

    @Test
    void badImpairmentWordsAreErrors() {
        Simulator sim = Simulator.sequential(1);
        assertThatThrownBy(() -> engine(sim, "pipe 1 config reorder 0.1")).hasMessageContaining("reorder-delay");
        assertThatThrownBy(() -> engine(sim, "pipe 1 config reorder 0.1 reorder-delay 0ms")).hasMessageContaining("reorder needs a reorder-delay above 0");
        assertThatThrownBy(() -> engine(sim, "pipe 1 config duplicate 1.5")).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> engine(sim, "pipe 1 config loss-model ge:0.1")).hasMessageContaining("2 to 4 values");
        assertThatThrownBy(() -> engine(sim, "pipe 1 config loss-model gx:0.1,0.2")).hasMessageContaining("ge:p,r");
    }
}
