package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** The profile, AQM, fq_codel and bw-trace keywords in an NDL [Ipfw] section, run as a user runs it. */
class DummynetExtensionsTest {
    @TempDir
    Path tmp;

    static String ndl(String... ipfw) {
        StringBuilder lines = new StringBuilder();
        for (String l : ipfw) lines.append("      [Line ipfw='").append(l).append("']\n");
        return """
                [Simulation seed='1']
                [Networks]
                  [Network id='wire' type='p2p' bandwidth='100Mbps' latency='1ms']
                    [IP subnet='10.0.0.0/30']
                [Machines]
                  [Machine name='host']
                    [Networks]
                      [Network id='wire']
                    [Applications]
                      [Application name='tcp_bulk_send' bytes='100KB' to='server' port='2500']
                      [Application name='tcp_bulk_send' bytes='100KB' to='server' port='2600']
                    [Ipfw default='allow']
                """ + lines + """
                  [Machine name='server']
                    [Networks]
                      [Network id='wire']
                    [Applications]
                      [Application name='tcp_sink' port='2500' bytes='100KB']
                      [Application name='tcp_sink' port='2600' bytes='100KB']
                """;
    }

    @Test
    void profileCodelAndRedLinesRunAndTheCountersShowThem() throws Exception {
        // the man page's format: 5% of packets lost (loss-level 0.95), the others delayed 1..10 ms
        Files.writeString(tmp.resolve("lossy.profile"), "name lossy\nsamples 100\nloss-level 0.95\nprob delay\n0 1\n1 10\n");
        Path file = tmp.resolve("net.ndl"), json = tmp.resolve("r.json");
        Files.writeString(file, ndl("pipe 1 config bw 1Mbit/s profile lossy.profile",
                "queue 1 config pipe 1 codel",
                "queue 2 config pipe 1 red 0.002/30/80/0.1",
                "add 100 queue 1 tcp from any to any dst-port 2500 out",
                "add 200 queue 2 tcp from any to any dst-port 2600 out"));
        CommandLineTest.Outcome o = elvis("run", file.toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("applications").get(0).get("summary").asText()).contains("sent 102400 of 102400");
        assertThat(root.get("applications").get(1).get("summary").asText()).contains("sent 102400 of 102400");
        JsonNode dn = root.get("dummynet");
        assertThat(dn.get("queues").get(0).get("aqm").asText()).isEqualTo("codel");
        assertThat(dn.get("queues").get(1).get("aqm").asText()).isEqualTo("red");
        long profileDrops = 0, out = 0;
        for (String kind : new String[] {"pipes", "queues"}) {
            for (JsonNode x : dn.get(kind)) {
                profileDrops += x.get("totals").get("drops").get("profile").asLong();
                out += x.get("totals").get("packets_out").asLong();
            }
        }
        assertThat(out).isPositive();
        assertThat(profileDrops).as(dn.toString()).isPositive();      // the profile's loss-level took packets
    }

    @Test
    void badKeywordValuesAreLocatedInTheNdlFile() throws Exception {
        Path file = tmp.resolve("bad.ndl");
        Files.writeString(file, ndl("pipe 1 config bw 1Mbit/s profile missing.profile",
                "queue 1 config pipe 1 red 0.002/30/80",
                "queue 2 config pipe 1 codel target -5ms"));
        CommandLineTest.Outcome o = elvis("run", file.toString());
        assertThat(o.exit()).isNotZero();
        String err = o.err() + o.out();
        assertThat(err).doesNotContain("Exception");
        // each line's text starts at column 19 (after "      [Line ipfw='"), lines 13..15 of the file
        assertThat(err).contains("bad.ndl:13:" + (19 + 34 - 1)).contains("missing.profile").contains("no such file");
        assertThat(err).contains("bad.ndl:14:" + (19 + 27 - 1)).contains("w_q/min_th/max_th/max_p");
        assertThat(err).contains("bad.ndl:15:" + (19 + 36 - 1)).contains("target must be positive");
    }

    @Test
    void aBwTraceNamedRelativeToTheNdlFileSetsThePipesRate() throws Exception {
        Files.createDirectories(tmp.resolve("traces"));
        Files.writeString(tmp.resolve("traces/steps.trace"), "0s 2Mbit/s\n60s\n");
        Path file = tmp.resolve("net.ndl"), json = tmp.resolve("r.json");
        Files.writeString(file, ndl("pipe 1 config bw-trace traces/steps.trace delay 5ms",
                "sched 1 config type fq_codel target 10ms limit 500",
                "queue 1 config pipe 1",
                "add 100 queue 1 tcp from any to any dst-port 2500 out"));
        CommandLineTest.Outcome o = elvis("run", file.toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.get("applications").get(0).get("summary").asText()).contains("sent 102400 of 102400");
        JsonNode pipe = root.get("dummynet").get("pipes").get(0);
        assertThat(pipe.get("bandwidth_bps").asLong()).isEqualTo(2_000_000);
        assertThat(pipe.get("sched").asText()).isEqualTo("fq_codel");
        assertThat(root.get("dummynet").get("queues").get(0).get("totals").get("packets_out").asLong()).isGreaterThan(70);
    }
}
