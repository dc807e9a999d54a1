package elvis.cli;

import elvis.app.ApplicationRegistry;
import elvis.machine.Machine;
import elvis.ndl.Ndl;
import elvis.ndl.NdlResult;
import elvis.ndl.SimulationBuilder;
import elvis.ndl.SimulationBuilder.Built;
import elvis.ndl.model.NdlSimulation;
import elvis.parallel.Exchange;
import elvis.parallel.InProcessExchange;
import elvis.parallel.ThreadedRun;
import elvis.partition.PartitionPlan;
import elvis.partition.Partitioner;
import elvis.routing.PathStretch;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path stretch of a run whose machines are in several partitions, each answering for its own
 * routers over an exchange (as the ranks of an MPI run do, here over {@link InProcessExchange}): the
 * same result, bit for bit, as the walk over all machines in one process. The generated Internet of
 * 50 ASes, whose BGP has not converged at the end, has unreachable pairs and pairs longer than the
 * shortest path, so the walk's every outcome is compared.
 */
class DistributedPathStretchTest {
    private static final Path INTERNET = Path.of("src/test/resources/determinism/internet50.ndl");
    private static final long END_NS = 45_000_000_000L;

    @Test
    void partitionsOverAnExchangeMeasureWhatOneProcessMeasures() throws Exception {
        NdlResult parsed = Ndl.parse(INTERNET.toString(), Files.readString(INTERNET), ApplicationRegistry.load());
        assertThat(parsed.ok()).as(parsed.render()).isTrue();
        NdlSimulation model = parsed.simulation().orElseThrow();

        Built whole = SimulationBuilder.build(model, ApplicationRegistry.load());
        whole.simulation().runUntil(END_NS);
        PathStretch.Result expected = PathStretch.measure(whole.simulation().machines(), RunReport.STRETCH_SAMPLE);
        assertThat(expected.pairs()).isPositive();
        assertThat(expected.unreachable()).as("BGP is still converging: some pairs are not delivered").isPositive();
        assertThat(expected.max()).as("and some take the long way").isGreaterThan(1.0);

        for (int k : new int[] {2, 3}) {
            PartitionPlan plan = Partitioner.plan(model, k).plan();
            assertThat(plan.partitions()).isEqualTo(k);
            List<Built> parts = SimulationBuilder.build(model, ApplicationRegistry.load(), () -> false, plan, IntStream.range(0, k).toArray());
            new ThreadedRun(parts.stream().map(Built::simulation).toList(), END_NS).run();
            List<Exchange> exchanges = InProcessExchange.group(k);
            ExecutorService pool = Executors.newFixedThreadPool(k);
            try {
                List<Future<PathStretch.Result>> results = new ArrayList<>();
                for (int p = 0; p < k; p++) {
                    int partition = p;
                    results.add(pool.submit(() -> {
                        List<Machine> mine = new ArrayList<>();
                        int[] places = MpiRunPath.places(model, plan, partition, parts.get(partition), mine);
                        return PathStretch.measure(exchanges.get(partition), mine, places, RunReport.STRETCH_SAMPLE);
                    }));
                }
                assertThat(results.getFirst().get()).as("%d partitions", k).isEqualTo(expected);
                for (int p = 1; p < k; p++) assertThat(results.get(p).get()).as("partition %d returns nothing", p).isNull();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
