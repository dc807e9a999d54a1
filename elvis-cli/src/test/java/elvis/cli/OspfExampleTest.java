package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** examples/ospf.ndl, the OSPF half of the routing tutorial's lab 1, run as a user runs it. */
class OspfExampleTest {
    @TempDir
    Path tmp;

    @Test
    void theRingConvergesAndMovesTheTrafficAroundAFailedLinkWithoutLosingAPing() throws Exception {
        Path json = tmp.resolve("r.json");
        CommandLineTest.Outcome o = elvis("run", CommandLineTest.EXAMPLES.resolve("ospf.ndl").toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("failure_count").asLong()).isZero();
        JsonNode apps = r.get("applications");
        JsonNode ping = apps.get(0).get("results");
        JsonNode rtt = ping.get("rtt_ms");
        // Before the routers are adjacent (10 s) and their router LSAs flooded (MinLSInterval 5 s, and an LSA arriving
        // within MinLSArrival of the last one waits for the 5 s retransmission), r1 has no route: 21 pings unreachable.
        assertThat(ping.get("errors").asLong()).isEqualTo(21);
        for (int i = 0; i < 21; i++) assertThat(rtt.get(i).isNull()).isTrue();
        // Then r1 - r2 - r3 (three 5 ms links each way and the LANs' 1 ms: 24 ms), and after the failure at 60 s
        // r1 - r5 - r4 - r3 (34 ms), with no ping lost: carrier loss and flooding take milliseconds.
        for (int i = 21; i < 60; i++) assertThat(rtt.get(i).asDouble()).as("ping %d", i + 1).isEqualTo(24.0);
        for (int i = 61; i < 140; i++) assertThat(rtt.get(i).asDouble()).as("ping %d", i + 1).isEqualTo(34.0);
        assertThat(ping.get("received").asLong()).isEqualTo(119);
        JsonNode r1 = apps.get(1).get("results");
        assertThat(r1.get("neighbors").get(0).asText()).isEqualTo("r1/eth2 5.5.5.5 Full");
        assertThat(r1.get("lsas").asLong()).isEqualTo(5);
        assertThat(r1.get("dropped").asLong()).isZero();
    }
}
