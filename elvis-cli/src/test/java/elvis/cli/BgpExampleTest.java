package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** examples/bgp.ndl run as a user runs it, and the bgp application's errors at their place. */
class BgpExampleTest {
    @TempDir
    Path tmp;

    @Test
    void threeAsesConvergeAndCarryTheClientsDatagrams() throws Exception {
        Path json = tmp.resolve("r.json");
        CommandLineTest.Outcome o = elvis("run", CommandLineTest.EXAMPLES.resolve("bgp.ndl").toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("goals_met").asBoolean()).isTrue();
        assertThat(r.get("failure_count").asLong()).isZero();
        assertThat(o.out()).contains("bgp on r1: AS65001: 2 of 2 sessions established, 2 prefixes", "capture on server: received 10 of 10")
                .doesNotContain("no_port");
        JsonNode r1 = null;
        for (JsonNode a : r.get("applications")) if (a.get("machine").asText().equals("r1")) r1 = a.get("results");
        assertThat(r1.get("asn").asLong()).isEqualTo(65001);
        assertThat(r1.get("installed").asLong()).isEqualTo(1);              // 10.3.0.0/24; its own LAN is connected
        for (JsonNode n : r1.get("neighbors")) {
            assertThat(n.get("state").asText()).isEqualTo("ESTABLISHED");
            assertThat(n.get("notifications_received").asLong()).isLessThanOrEqualTo(1);   // at most a collision's Cease
        }
    }

    @Test
    void aBadNeighbourEntryIsReportedAtItsPlace() throws Exception {
        Path ndl = tmp.resolve("bad.ndl");
        Files.writeString(ndl, Files.readString(CommandLineTest.EXAMPLES.resolve("bgp.ndl"))
                .replace("neighbors='10.255.0.1:65001, 10.255.0.6:65003'", "neighbors='10.255.0.1:65001, 10.255.0.6:sibling'")
                .replace("networks='10.3.0.0/24'", "networks='10.3.0.1/24'"));
        CommandLineTest.Outcome o = elvis("check", ndl.toString());
        assertThat(o.exit()).isNotZero();
        assertThat(o.out() + o.err()).contains("bad.ndl:41:53: error: application 'bgp': '10.255.0.6:sibling': 'sibling' is not an AS number",
                "bad.ndl:48:52: error: application 'bgp': '10.3.0.1/24': 10.3.0.1/24 has host bits set");
    }
}
