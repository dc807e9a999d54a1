package elvis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.app.ApplicationRegistry;
import elvis.cli.Main;
import elvis.ndl.Ndl;
import elvis.ndl.NdlResult;
import elvis.ndl.model.NdlSimulation;
import elvis.partition.PartitionPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code elvis bench parallel} at a small size: every mode gives the sequential run's results, with its figures. */
class ParallelCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theScenarioPartitionsByAsAndEveryHostSendsToAnotherStubOfItsSize() {
        String text = ParallelScenario.ndl(30, 1003, "8KB", 3);
        assertThat(ParallelScenario.ndl(30, 1003, "8KB", 3)).isEqualTo(text);
        NdlResult r = Ndl.parse("bench", text, ApplicationRegistry.load());
        assertThat(r.ok()).as(r.render()).isTrue();
        NdlSimulation model = r.simulation().orElseThrow();
        // No exchange point: every AS meets the others on point-to-point peerings, so the plan is by AS with the peerings' lookahead.
        assertThat(text).doesNotContain("[Network id='ix");
        PartitionPlan plan = ParallelWorker.plan(model, 2, false);
        assertThat(plan.partitions()).isEqualTo(2);
        assertThat(plan.lookaheadNs()).isGreaterThanOrEqualTo(10_000_000L);
        Matcher m = Pattern.compile("\\[Machine name='(as\\d+-h)' count='(\\d+)'\\]\\s*\\[Networks\\]\\s*\\[Network id='[^']*'\\]\\s*\\[Applications\\]\\s*"
                + "\\[Application name='tcp_bulk_send' bytes='8KB' to='(as\\d+-h)' port='5001' start='120s'\\]").matcher(text);
        int groups = 0;
        while (m.find()) {
            groups++;
            assertThat(m.group(3)).isNotEqualTo(m.group(1));
            assertThat(text).contains("[Machine name='" + m.group(3) + "' count='" + m.group(2) + "']");
        }
        assertThat(groups).isEqualTo(model.machines().stream().filter(g -> !g.router()).count()).isPositive();
    }

    @Test
    void everyModeGivesTheSequentialResultsAndItsFigures() throws Exception {
        Path json = tmp.resolve("parallel.json");
        int exit = Main.execute("bench", "parallel", "--ases", "12", "--hosts", "160", "--bytes", "16KB", "--json", json.toString(),
                "--keep", tmp.resolve("internet.ndl").toString());
        assertThat(exit).isZero();
        assertThat(tmp.resolve("internet.ndl")).exists();
        JsonNode runs = new ObjectMapper().readTree(json.toFile()).get("runs");
        assertThat(runs.size()).isBetween(2, 3);              // the mpirun row only where Open MPI is installed
        JsonNode seq = runs.get(0);
        assertThat(seq.get("mode").asText()).isEqualTo("sequential");
        assertThat(seq.get("goals").asLong()).isEqualTo(2 * 160);
        for (JsonNode r : runs) {
            assertThat(r.get("scenario").asText()).isEqualTo("parallel");
            for (String k : new String[] {"events", "frames_delivered", "bytes_delivered", "goals", "goals_met"}) assertThat(r.get(k)).isEqualTo(seq.get(k));
            assertThat(r.get("heap_bytes_built_per_process").asLong()).isPositive();
            assertThat(r.get("heap_bytes_peak_per_process").asLong()).isGreaterThanOrEqualTo(r.get("heap_bytes_built_per_process").asLong());
            assertThat(r.get("events_per_second").asDouble()).isPositive();
            long sum = 0;
            for (JsonNode e : r.get("events_per_partition")) sum += e.asLong();
            assertThat(sum).isEqualTo(r.get("events").asLong());
        }
        assertThat(seq.get("goals_met").asLong()).isEqualTo(seq.get("goals").asLong());
        JsonNode threads = runs.get(1);
        assertThat(threads.get("mode").asText()).isEqualTo("threads 2");
        assertThat(threads.get("processes").asInt()).isEqualTo(1);
        assertThat(threads.get("events_per_partition")).hasSize(2);
        assertThat(threads.get("windows").asLong()).isPositive();
        assertThat(threads.get("lookahead_ns").asLong()).isGreaterThanOrEqualTo(10_000_000L);
        // A window lasts as long as its busiest partition: the bound lies between 1 and what the totals' balance allows
        // (to 1%: it counts the kernels' events, which include a cut link's mirrored events).
        long busiest = Math.max(threads.get("events_per_partition").get(0).asLong(), threads.get("events_per_partition").get(1).asLong());
        assertThat(threads.get("window_balance").asDouble()).isGreaterThanOrEqualTo(1.0)
                .isLessThanOrEqualTo(threads.get("events").asDouble() / busiest * 1.01);
        if (runs.size() == 3) {
            JsonNode mpi = runs.get(2);
            assertThat(mpi.get("mode").asText()).isEqualTo("mpirun -np 2");
            assertThat(mpi.get("processes").asInt()).isEqualTo(2);
            assertThat(mpi.get("events_per_partition")).isEqualTo(threads.get("events_per_partition"));
            assertThat(mpi.get("windows")).isEqualTo(threads.get("windows"));
        }
    }

    @Test
    void badSizesAreRefused() {
        assertThat(Main.execute("bench", "parallel", "--ases", "1")).isEqualTo(2);
        assertThat(Main.execute("bench", "parallel", "--partitions", "1")).isEqualTo(2);
        assertThat(Main.execute("bench", "parallel", "--bytes", "lots")).isEqualTo(2);
    }
}
