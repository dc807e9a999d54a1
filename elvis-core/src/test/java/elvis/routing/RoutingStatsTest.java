package elvis.routing;

import elvis.Simulation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Convergence per event: each event owns the table changes until the next later event. */
class RoutingStatsTest {
    private static final long S = 1_000_000_000L;

    @Test
    void eachEventGetsTheChangesUntilTheNextLaterOne() {
        Simulation sim = new Simulation(1);
        RoutingStats stats = RoutingStats.of(sim.kernel());
        var k = sim.kernel();
        k.at(0, () -> stats.tableChanged(null));
        k.at(2 * S, () -> { stats.tableChanged(null); stats.tableChanged(null); });
        k.at(10 * S, () -> stats.event("link a down"));
        k.at(10 * S, () -> stats.tableChanged(null));               // the event's own instant counts
        k.at(13 * S, () -> stats.tableChanged(null));
        k.at(20 * S, () -> stats.event("link a up"));
        k.at(20 * S, () -> stats.event("link b down"));             // same instant: both see the same changes
        k.at(21 * S, () -> stats.tableChanged(null));
        k.at(27 * S, () -> stats.tableChanged(null));
        k.at(30 * S, () -> stats.event("machine r up"));            // changes nothing
        sim.runUntil(40 * S);
        assertThat(stats.convergence()).containsExactly(
                new RoutingStats.Convergence("start", 0, 3, 2 * S),
                new RoutingStats.Convergence("link a down", 10 * S, 2, 13 * S),
                new RoutingStats.Convergence("link a up", 20 * S, 2, 27 * S),
                new RoutingStats.Convergence("link b down", 20 * S, 2, 27 * S),
                new RoutingStats.Convergence("machine r up", 30 * S, 0, -1));
        assertThat(stats.convergence().get(1).convergenceNs()).isEqualTo(3 * S);
        assertThat(stats.convergence().get(4).convergenceNs()).isEqualTo(-1);
        assertThat(stats.instants()).isEqualTo(6);     // 0, 2, 10, 13, 21 and 27 s
        assertThat(stats.changesAt(1)).isEqualTo(2);
        assertThat(stats.changes()).isEqualTo(7);
    }

    @Test
    void manyInstantsGrowTheArrays() {
        Simulation sim = new Simulation(1);
        RoutingStats stats = RoutingStats.of(sim.kernel());
        for (int i = 0; i < 100_000; i++) sim.kernel().at(i, () -> stats.tableChanged(null));
        sim.runUntil(S);
        assertThat(stats.instants()).isEqualTo(100_000);
        assertThat(stats.instantNs(99_999)).isEqualTo(99_999);
        assertThat(stats.convergence()).containsExactly(new RoutingStats.Convergence("start", 0, 100_000, 99_999));
        assertThat(List.of(stats.changesAt(0), stats.changesAt(99_999))).containsExactly(1, 1);
    }
}
