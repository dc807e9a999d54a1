package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lab 3 of docs/tutorials/routing.md: examples/bgp-hijack.ndl draws the client's datagrams to the
 * hijacker, whose sink drops them; examples/bgp-hijack-filtered.ndl, with r20's origin filter,
 * delivers them to the victim's server. A policy text that does not parse is an error at its
 * import= attribute, with the column inside the text.
 */
class BgpHijackExampleTest {
    @TempDir
    Path tmp;

    JsonNode run(String example) throws Exception {
        Path json = tmp.resolve(example + ".json");
        CommandLineTest.Outcome o = elvis("run", CommandLineTest.EXAMPLES.resolve(example + ".ndl").toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("goals_met").asBoolean()).as(o.out()).isTrue();
        assertThat(r.get("failure_count").asLong()).isZero();
        return r;
    }

    static String summary(JsonNode r, String machine, String app) {
        for (JsonNode a : r.get("applications"))
            if (a.get("machine").asText().equals(machine) && a.get("application").asText().equals(app)) return a.get("summary").asText();
        throw new AssertionError("no " + app + " on " + machine);
    }

    static long delivered(JsonNode r, String network) {
        for (JsonNode n : r.get("networks")) if (n.get("id").asText().equals(network)) return n.get("delivered").asLong();
        throw new AssertionError("no network " + network);
    }

    @Test
    void theMoreSpecificPrefixDrawsTheClientsTrafficToTheHijacker() throws Exception {
        JsonNode r = run("bgp-hijack");
        assertThat(summary(r, "client", "send_message")).isEqualTo("sent 10 of 10");
        assertThat(summary(r, "server", "capture")).startsWith("received 0");
        assertThat(delivered(r, "lan-victim")).isZero();
        assertThat(delivered(r, "lan-hijacker")).as("all ten reach the hijacker's sink").isEqualTo(10);
        assertThat(r.get("machine_drops").get("no_route").asLong()).as("where they die").isGreaterThanOrEqualTo(10);
    }

    @Test
    void theOriginFilterAtTheProviderGivesItBackToTheVictim() throws Exception {
        JsonNode r = run("bgp-hijack-filtered");
        assertThat(summary(r, "server", "capture")).startsWith("received 10");
        assertThat(delivered(r, "lan-hijacker")).isZero();
        assertThat(r.get("machine_drops").has("no_route")).isFalse();
    }

    @Test
    void aPolicyThatDoesNotParseIsAnErrorAtItsAttribute() throws Exception {
        String text = Files.readString(CommandLineTest.EXAMPLES.resolve("bgp-hijack-filtered.ndl")).replace("le 32; permit']", "le 33; permit']");
        Path bad = tmp.resolve("bad.ndl");
        Files.writeString(bad, text);
        CommandLineTest.Outcome o = elvis("check", bad.toString());
        assertThat(o.exit()).isNotZero();
        assertThat(o.err() + o.out()).contains("bad.ndl:39:18: error: application 'bgp': column 71: le is at most 32, found 33");
    }
}
