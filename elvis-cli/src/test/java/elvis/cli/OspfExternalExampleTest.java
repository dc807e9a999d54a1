package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** examples/ospf-external.ndl run as a user runs it: BGP routes carried by OSPF inside a stub AS, then withdrawn. */
class OspfExternalExampleTest {
    @TempDir
    Path tmp;

    @Test
    void theInteriorHostReachesTheOtherAsThroughOspfExternalRoutesUntilTheWithdrawal() throws Exception {
        Path json = tmp.resolve("r.json");
        CommandLineTest.Outcome o = elvis("run", CommandLineTest.EXAMPLES.resolve("ospf-external.ndl").toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("failure_count").asLong()).isZero();
        JsonNode ping = r.get("applications").get(0).get("results"), rtt = ping.get("rtt_ms");
        // The LANs inside AS 65001 wait RouterDeadInterval (40 s) before electing a DR, so the routes are there at 45 s:
        // pings 1-46 are unreachable at r3. Then h - r3 - r2 - b1 - t1 - s1 - server, 1+1+1+5+5+1 ms each way: 28 ms,
        // until s1 withdraws its block at 120 s: pings 121-150 (sent from 120 s on) find no route again.
        for (int i = 0; i < 46; i++) assertThat(rtt.get(i).isNull()).as("ping %d", i + 1).isTrue();
        for (int i = 46; i < 120; i++) assertThat(rtt.get(i).asDouble()).as("ping %d", i + 1).isEqualTo(28.0);
        for (int i = 120; i < 150; i++) assertThat(rtt.get(i).isNull()).as("ping %d", i + 1).isTrue();
        assertThat(ping.get("received").asLong()).isEqualTo(74);
        // Ping 121 reaches t1 at 120.008 s, 3 ms after s1's withdrawal did (t1 answers); from 122 on r3 has no route.
        assertThat(o.out()).contains("64 bytes from 10.3.0.2: icmp_seq=47 ttl=59", "From 10.2.0.6 icmp_seq=121 Destination Net Unreachable",
                "From 10.1.0.9 icmp_seq=122 Destination Net Unreachable");
        JsonNode routing = r.get("routing");
        // At the end r2 and r3 keep one external route each: AS 65002's block (the peering links are OSPF stubs of b1).
        assertThat(routing.get("tables").get("routes_by_origin").get("ospf_external").asLong()).isEqualTo(2);
        JsonNode withdrawal = routing.get("convergence").get(1);
        assertThat(withdrawal.get("event").asText()).isEqualTo("s1 withdraw 10.3.0.0/24");
        // s1 to t1 (5 ms), t1 to b1 (5 ms), b1's flush to r2 and r3 (1 ms each), r3's SPF: the last change at 120.012 s.
        assertThat(withdrawal.get("convergence_ns").asLong()).isEqualTo(12_000_000L);
    }
}
