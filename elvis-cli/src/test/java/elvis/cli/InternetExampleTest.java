package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** examples/internet.ndl: BGP converges from cold, a more specific announcement draws the pings away, its withdrawal gives them back. */
class InternetExampleTest {
    @TempDir
    Path tmp;

    @Test
    void pingsCrossTheAsesUntilTheHijackAndAfterItsWithdrawal() throws Exception {
        Path json = tmp.resolve("r.json");
        CommandLineTest.Outcome o = elvis("run", CommandLineTest.EXAMPLES.resolve("internet.ndl").toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        assertThat(o.out()).contains("From 10.1.0.1 icmp_seq=3 Destination Net Unreachable", "From 10.2.0.14 icmp_seq=16 Time to live exceeded");
        JsonNode ping = new ObjectMapper().readTree(json.toFile()).get("applications").get(0).get("results");
        StringBuilder pattern = new StringBuilder();
        for (JsonNode rtt : ping.get("rtt_ms")) pattern.append(rtt.isNull() ? '-' : 'o');
        // Sent every 10 s from 0 s: lost before BGP converged (0-20 s), answered, lost during the hijack
        // (150-220 s: announced at 150 s, withdrawn at 230 s), answered again from 230 s.
        assertThat(pattern.toString()).isEqualTo("---" + "o".repeat(12) + "-".repeat(8) + "o".repeat(9));
        assertThat(ping.get("min_ms").asDouble()).isBetween(48.0, 48.1);   // 1 + 10 + 2 + 10 + 1 ms each way: LAN, peering, core, peering, LAN
    }
}
