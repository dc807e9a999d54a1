package elvis.partition;

import elvis.app.ApplicationRegistry;
import elvis.link.Network;
import elvis.link.PipeStats;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.ndl.Ndl;
import elvis.ndl.NdlResult;
import elvis.ndl.SimulationBuilder;
import elvis.ndl.SimulationBuilder.Built;
import elvis.ndl.model.NdlSimulation;
import elvis.parallel.PartitionRunner;
import elvis.parallel.ThreadedRun;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partitioned build: a description built as two partitions of a plan made by hand and run on two
 * threads gives the sequential run's counters, application results and event count; every MAC address
 * and port is the whole build's.
 */
class PartitionedBuildTest {
    static NdlSimulation model(String resource) throws IOException {
        try (InputStream in = PartitionedBuildTest.class.getResourceAsStream(resource)) {
            NdlResult r = Ndl.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8), ApplicationRegistry.load());
            assertThat(r.ok()).as(r.render()).isTrue();
            return r.simulation().orElseThrow();
        }
    }

    /** The dumbbell's plan: the left LAN with r1 and the senders in 0, the right in 1, the bottleneck cut. */
    static PartitionPlan dumbbellPlan() {
        return new PartitionPlan(2, new int[][] {{0}, {1}, {0, 0, 0}, {1, 1, 1}}, new int[] {0, PartitionPlan.CUT, 1}, 20_000_000, null);
    }

    /** Per network name, its counters: a cut link's halves added (the sender counts what it offers, the receiver what arrives). */
    static Map<String, String> networks(List<Built> parts) {
        Map<String, PipeStats> stats = new TreeMap<>();
        Map<String, Long> unknown = new TreeMap<>();
        for (Built b : parts) {
            for (Network n : b.networks()) {
                if (n == null) continue;
                stats.computeIfAbsent(n.name(), k -> new PipeStats()).add(n.stats());
                unknown.merge(n.name(), n.unknownDestination(), Long::sum);
            }
        }
        Map<String, String> out = new TreeMap<>();
        stats.forEach((name, s) -> out.put(name, "offered " + s.offered() + " delivered " + s.delivered() + " queue " + s.droppedQueue()
                + " loss " + s.droppedLoss() + " down " + s.droppedDown() + " bytes " + s.bytesDelivered() + " unknown " + unknown.get(name)));
        return out;
    }

    /** Every machine's MAC addresses, drops and applications' results, by machine name. */
    static Map<String, String> machines(List<Built> parts) {
        Map<String, String> out = new TreeMap<>();
        for (Built b : parts) {
            for (Machine m : b.simulation().machines()) {
                List<String> s = new ArrayList<>();
                for (int k = 0; k < m.nicCount(); k++) s.add(Long.toHexString(m.nic(k).mac()) + "@" + m.nic(k).network().name() + ":" + m.nic(k).port());
                s.add("drops " + new TreeMap<>(m.drops()));
                for (Application a : m.applications()) s.add(a.name() + " " + a.summary() + " " + a.results() + " at " + a.finishedAtNs());
                out.put(m.name(), String.join("; ", s));
            }
        }
        return out;
    }

    @Test
    void twoPartitionsOnTwoThreadsGiveTheSequentialRun() throws Exception {
        NdlSimulation model = model("/parallel/dumbbell.ndl");
        long until = model.endNanos().orElseThrow();
        Built whole = SimulationBuilder.build(model, ApplicationRegistry.load());
        whole.simulation().runUntil(until);
        whole.simulation().shutdown();

        List<Built> parts = SimulationBuilder.build(model, ApplicationRegistry.load(), () -> false, dumbbellPlan(), new int[] {0, 1});
        assertThat(parts.get(0).simulation().machines()).extracting(Machine::name).containsExactly("r1", "sender-1", "sender-2", "sender-3");
        assertThat(parts.get(1).simulation().machines()).extracting(Machine::name).containsExactly("r2", "receiver-1", "receiver-2", "receiver-3");
        assertThat(parts.get(0).networks().get(2)).isNull();
        assertThat(parts.get(1).networks().get(0)).isNull();
        List<PartitionRunner.Outcome> outcomes = new ThreadedRun(parts.stream().map(Built::simulation).toList(), until).run();
        for (Built b : parts) b.simulation().shutdown();

        assertThat(machines(parts)).isEqualTo(machines(List.of(whole)));
        assertThat(networks(parts)).isEqualTo(networks(List.of(whole)));
        long events = 0;
        for (int p = 0; p < 2; p++) events += parts.get(p).ownEvents(outcomes.get(p).events(), outcomes.get(p).endTime());
        assertThat(events).isEqualTo(whole.simulation().kernel().eventsDispatched());
        assertThat(outcomes).allSatisfy(o -> assertThat(o.endTime()).isEqualTo(until));
        // The run is the one meant: the cut link lost frames, the routers dropped packets while it or r2 was down,
        // and every transfer still completed.
        assertThat(networks(List.of(whole)).get("bottleneck")).doesNotContain("loss 0 ");
        assertThat(whole.simulation().find("r1").totalDrops() + whole.simulation().find("r2").totalDrops()).isPositive();
        assertThat(whole.simulation().goalsMet()).isTrue();
        // Events touching the cut link's far end are echoes in the half that does not own them.
        assertThat(parts.get(1).echoes()).isNotEmpty();
    }
}
