package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** examples/global-routing.ndl: routes computed centrally, recomputed when the diagonal goes down and up; the JSON's routing block and its plot. */
class GlobalRoutingExampleTest {
    @TempDir
    Path tmp;

    @Test
    void pingsGoAroundTheSquareWhileTheDiagonalIsDownAndTheRoutingBlockCountsIt() throws Exception {
        Path json = tmp.resolve("r.json"), plots = tmp.resolve("plots");
        CommandLineTest.Outcome o = elvis("run", CommandLineTest.EXAMPLES.resolve("global-routing.ndl").toString(), "--json", json.toString(),
                "--plots", plots.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        JsonNode ping = r.get("applications").get(0).get("results");
        assertThat(ping.get("received").asLong()).as("no ping lost").isEqualTo(7);
        // 2 ms on the LANs and 10 ms per point-to-point link, there and back: 14 ms over the diagonal, 24 around.
        double[] rtt = new double[7];
        for (int i = 0; i < 7; i++) rtt[i] = ping.get("rtt_ms").get(i).asDouble();
        assertThat(rtt[2]).isBetween(14.0, 14.1);
        assertThat(rtt[3]).as("sent at 3 s: the diagonal is down").isBetween(24.0, 24.1);
        assertThat(rtt[4]).isBetween(24.0, 24.1);
        assertThat(rtt[5]).as("sent at 5 s: back on the diagonal").isBetween(14.0, 14.1);
        JsonNode routing = r.get("routing");
        assertThat(routing.get("global").get("computations").asInt()).isEqualTo(3);
        assertThat(routing.get("last_change_ns").asLong()).isEqualTo(4_500_000_000L);
        assertThat(routing.get("changes_over_time")).hasSize(3);
        assertThat(routing.get("changes_over_time").get(1).get("time_ns").asLong()).isEqualTo(2_500_000_000L);
        assertThat(routing.get("changes_over_time").get(0).get("changes").asLong()).as("four routers and two hosts at build time").isEqualTo(6);
        // Per event: global routing recomputes at the event's own instant, so each converges in 0 ns.
        JsonNode convergence = routing.get("convergence");
        assertThat(convergence).hasSize(3);
        assertThat(convergence.get(0).get("event").asText()).isEqualTo("start");
        assertThat(convergence.get(0).get("table_changes").asLong()).isEqualTo(6);
        assertThat(convergence.get(1).get("event").asText()).isEqualTo("link diagonal down");
        assertThat(convergence.get(1).get("at_ns").asLong()).isEqualTo(2_500_000_000L);
        assertThat(convergence.get(1).get("convergence_ns").asLong()).isZero();
        assertThat(convergence.get(2).get("event").asText()).isEqualTo("link diagonal up");
        assertThat(convergence.get(2).get("table_changes").asLong()).isEqualTo(routing.get("changes_over_time").get(2).get("changes").asLong());
        JsonNode stretch = routing.get("stretch");      // at the end, the diagonal back: client to server and back, shortest
        assertThat(stretch.get("endpoints").asText()).isEqualTo("hosts");
        assertThat(stretch.get("pairs").asLong()).isEqualTo(2);
        assertThat(stretch.get("unreachable").asLong()).isZero();
        assertThat(stretch.get("max").asDouble()).isEqualTo(1.0);
        JsonNode tables = routing.get("tables");
        assertThat(tables.get("routers").asInt()).isEqualTo(4);
        // Seven subnets: r1 and r3 are on four and reach the other three by five routes (two subnets by two
        // equal-cost paths each); r2 and r4 are on two and reach the other five by six (the diagonal by two).
        assertThat(tables.get("routes_by_origin").get("connected").asLong()).isEqualTo(12);
        assertThat(tables.get("routes_by_origin").get("global").asLong()).isEqualTo(22);
        assertThat(Files.exists(plots.resolve("routing_changes.png"))).isTrue();
    }

    @Test
    void anUnknownRoutingModeIsALocatedError() throws Exception {
        Path bad = tmp.resolve("bad.ndl");
        Files.writeString(bad, Files.readString(CommandLineTest.EXAMPLES.resolve("global-routing.ndl")).replace("routing='global'", "routing='globl'"));
        CommandLineTest.Outcome o = elvis("check", bad.toString());
        assertThat(o.exit()).isNotZero();
        assertThat(o.out() + o.err()).contains("bad.ndl:8:", "routing must be 'static' or 'global', not 'globl'", "global");
    }
}
