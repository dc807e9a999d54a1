package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** examples/dummynet-asymmetric.ndl and dummynet-subnets.ndl, the paper's examples 1 and 2 in NDL, run as a user runs them. */
class DummynetExampleTest {
    private static final Pattern GOODPUT = Pattern.compile("goodput ([0-9.]+) Mbit/s");

    @TempDir
    Path tmp;

    @Test
    void theUploadToPort2500TakesThe256KilobitPipeAndPort80BypassesIt() throws Exception {
        Path json = tmp.resolve("r.json");
        CommandLineTest.Outcome o = elvis("run", CommandLineTest.EXAMPLES.resolve("dummynet-asymmetric.ndl").toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode apps = new ObjectMapper().readTree(json.toFile()).get("applications");
        assertThat(apps.get(0).get("summary").asText()).contains("sent 204800 of 204800");
        double throughPipe = goodput(apps.get(0)), bypassing = goodput(apps.get(1));
        assertThat(throughPipe).isBetween(0.93 * 0.256, 0.256);
        assertThat(bypassing).isGreaterThan(10);               // the 100 Mbit/s wire's, far above 4 Mbit/s
        // ipfw show: rules 100 and 200 took the port-2500 connection's packets, rule 300 the port-80 one's
        JsonNode rules = new ObjectMapper().readTree(json.toFile()).get("ipfw").get(0);
        assertThat(rules.get("machine").asText()).isEqualTo("host");
        assertThat(rules.get("rules").get(0).get("rule").asText()).isEqualTo("pipe 10 out dst-port 2000-3000");
        assertThat(rules.get("rules").get(0).get("bytes").asLong()).isGreaterThan(204_800);
        assertThat(rules.get("rules").get(1).get("packets").asLong()).isPositive();
        assertThat(rules.get("rules").get(2).get("bytes").asLong()).isGreaterThan(204_800);
        assertThat(rules.get("rules").get(3).get("number").asInt()).isEqualTo(65535);
        assertThat(rules.get("rules").get(3).get("packets").asLong()).isZero();
        assertThat(o.out()).contains("ipfw show on host:", "00100 ");
    }

    @Test
    void theSubnetShaperSplitsH1sMegabitTenToFourAndGivesH3AMegabitOfItsOwn() throws Exception {
        Path json = tmp.resolve("r.json");
        CommandLineTest.Outcome o = elvis("run", CommandLineTest.EXAMPLES.resolve("dummynet-subnets.ndl").toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode apps = new ObjectMapper().readTree(json.toFile()).get("applications");
        double ssh = goodput(apps.get(0)), http = goodput(apps.get(1)), other = goodput(apps.get(2));
        assertThat(ssh / http).isBetween(2.5 * 0.95, 2.5 * 1.05);     // weights 10 : 4, slow start included
        assertThat(ssh + http).isBetween(0.93, 1.0);
        assertThat(other).isBetween(0.93, 1.0);                       // its own /24's pipe
        assertThat(o.out()).contains("sched 5 type qfq", "3 instance(s)", "00100 ");
    }

    /** examples/dummynet-bridge.ndl: ipfw layer2 rules on a bridge shape one upload, learn nothing wrong, count the ARP frames. */
    @Test
    void theBridgesLayer2PipeShapesTheUploadToPort5001Only() throws Exception {
        Path json = tmp.resolve("r.json");
        CommandLineTest.Outcome o = elvis("run", CommandLineTest.EXAMPLES.resolve("dummynet-bridge.ndl").toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode apps = root.get("applications");
        assertThat(apps.get(0).get("summary").asText()).contains("sent 512000 of 512000");
        // 2 Mbit/s of frames: a full segment carries 1448 payload bytes in a 1514-byte frame (95.6%)
        assertThat(goodput(apps.get(0))).isBetween(0.93 * 2, 2 * 1448.0 / 1514);
        assertThat(goodput(apps.get(1))).isGreaterThan(20);          // the 100 Mbit/s segments'
        JsonNode rules = root.get("ipfw").get(0);
        assertThat(rules.get("machine").asText()).isEqualTo("br");
        // ARP: h's request in and flooded out, the server's reply in and out
        assertThat(rules.get("rules").get(1).get("packets").asLong()).isEqualTo(4);
        assertThat(o.out()).contains("pipe 1 tcp from any to any 5001 layer2 out xmit eth1");
    }

    /**
     * examples/aqm-codel.ndl with --trace '*'/queue, as docs/tutorials/dummynet.md runs it (R-DN-6's
     * check in NDL): one bulk TCP flow through 10 Mbit/s and a 1,000-packet buffer holds a standing
     * queue of hundreds of packets under drop-tail; CoDel keeps its median within 2 × 5 ms (8.3 packets
     * of 1,500 bytes at 10 Mbit/s). Medians over the trace's changes of the queue's length.
     */
    @Test
    void codelKeepsTheQueueWithinTwiceItsTargetWhereDropTailFillsTheBuffer() throws Exception {
        Path csv = tmp.resolve("aqm.csv");
        CommandLineTest.Outcome o = elvis("run", CommandLineTest.EXAMPLES.resolve("aqm-codel.ndl").toString(), "--trace", "*/queue", "--trace-out", csv.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        java.util.Map<String, java.util.List<Integer>> queues = new java.util.HashMap<>();
        for (String line : java.nio.file.Files.readAllLines(csv).subList(1, java.nio.file.Files.readAllLines(csv).size())) {
            String[] f = line.split(",");
            queues.computeIfAbsent(f[1], k -> new java.util.ArrayList<>()).add(Integer.parseInt(f[2]));
        }
        assertThat(median(queues.get("tail>client_tail/eth0/queue"))).isGreaterThan(500);
        assertThat(median(queues.get("codel>client_codel/eth0/queue"))).isLessThanOrEqualTo(8);
        assertThat(o.out()).contains("aqm ", "goodput");
    }

    private static int median(java.util.List<Integer> values) {
        java.util.List<Integer> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double goodput(JsonNode app) {
        Matcher m = GOODPUT.matcher(app.get("summary").asText());
        assertThat(m.find()).as(app.toString()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
