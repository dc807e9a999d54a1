package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** examples/bgp-hot-potato.ndl: BGP over igp='global' takes the nearer exit, and the other one in the instant a failure deep in the AS makes it the nearer. */
class BgpHotPotatoExampleTest {
    @TempDir
    Path tmp;

    @Test
    void pingsLeaveByTheNearerExitAndSwitchInTheInstantOfTheFailureAndTheRepair() throws Exception {
        Path json = tmp.resolve("r.json");
        CommandLineTest.Outcome o = elvis("run", CommandLineTest.EXAMPLES.resolve("bgp-hot-potato.ndl").toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        JsonNode rtt = r.get("applications").get(0).get("results").get("rtt_ms");
        StringBuilder pattern = new StringBuilder();
        for (JsonNode ms : rtt) pattern.append(ms.isNull() ? '-' : ms.asDouble() < 50 ? 'b' : 'B');
        // Sent every 10 s from 0 s: the first before BGP converged; then out by b1 (44 ms: 1 + 5 + 5 + 5 + 5 + 1 ms each
        // way), by b2 from 200 s (27 ms out, 32 ms back through b1 and the detour: 59 ms), by b1 again from 250 s.
        assertThat(pattern.toString()).isEqualTo("-" + "b".repeat(19) + "B".repeat(5) + "b".repeat(8));
        assertThat(rtt.get(1).asDouble()).isBetween(44.0, 44.1);
        assertThat(rtt.get(20).asDouble()).isBetween(59.0, 59.1);
        JsonNode convergence = r.get("routing").get("convergence");
        assertThat(convergence).hasSize(3);
        for (int e = 1; e <= 2; e++) {
            assertThat(convergence.get(e).get("event").asText()).startsWith("machine r1 on link r5-r1");
            assertThat(convergence.get(e).get("convergence_ns").asLong()).as("global routing and BGP in the event's instant").isZero();
        }
    }
}
