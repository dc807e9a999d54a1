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

    /** Lab 2 of docs/tutorials/routing.md: the numbers the lab states. */
    @Test
    void pathExplorationAfterAWithdrawalTakesAnMraiRoundAndFewerUpdatesThanWithoutMrai() throws Exception {
        Path example = CommandLineTest.EXAMPLES.resolve("bgp-path-exploration.ndl");
        JsonNode withMrai = run(example);
        assertThat(lastChange(withMrai)).isEqualTo(128.69);
        assertThat(changes(withMrai)).containsExactly(1L, 2L, 4L, 5L, 5L);
        assertThat(updates(withMrai)).isEqualTo(33);
        for (JsonNode a : withMrai.get("applications"))
            assertThat(a.get("results").get("prefixes").asLong()).as(a.get("machine").asText()).isEqualTo(a.get("machine").asText().equals("r0") ? 1 : 0);

        Path noMrai = tmp.resolve("no-mrai.ndl");
        Files.writeString(noMrai, Files.readString(example).replace("neighbors='10.255.0.1:65000,", "mrai_ebgp='0s' neighbors='10.255.0.1:65000,")
                .replace("neighbors='10.255.1.", "mrai_ebgp='0s' neighbors='10.255.1.").replace("neighbors='10.255.2.5", "mrai_ebgp='0s' neighbors='10.255.2.5"));
        assertThat(Files.readString(noMrai).lines().filter(l -> l.contains("name='bgp' asn='6500") && l.contains("mrai_ebgp='0s'"))).hasSize(4);
        JsonNode without = run(noMrai);
        assertThat(lastChange(without)).isEqualTo(100.03);
        assertThat(changes(without)).containsExactly(1L, 2L, 8L, 7L, 6L);
        assertThat(updates(without)).isEqualTo(59);
    }

    private JsonNode run(Path ndl) throws Exception {
        Path json = tmp.resolve(ndl.getFileName() + ".json");
        CommandLineTest.Outcome o = elvis("run", ndl.toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        return new ObjectMapper().readTree(json.toFile());
    }

    private static double lastChange(JsonNode r) {
        double last = 0;
        for (JsonNode a : r.get("applications")) last = Math.max(last, a.get("results").get("last_change_s").asDouble());
        return Math.round(last * 100) / 100.0;
    }

    private static java.util.List<Long> changes(JsonNode r) {
        java.util.List<Long> l = new java.util.ArrayList<>();
        for (JsonNode a : r.get("applications")) l.add(a.get("results").get("loc_rib_changes").asLong());
        return l;
    }

    private static long updates(JsonNode r) {
        long n = 0;
        for (JsonNode a : r.get("applications")) for (JsonNode nb : a.get("results").get("neighbors")) n += nb.get("updates_sent").asLong();
        return n;
    }
}
