package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** What the summary and the JSON say happened (issue 12 §8). */
class ResultsTest {
    /** A TCP transfer that ends in TIME-WAIT, a datagram to an address no route leads to, and a sink with a digest. */
    static final String TRANSFER = """
            [Networks]
              [Network id='wire' type='p2p' bandwidth='1Mbps' latency='1ms']
                [IP subnet='10.0.0.0/30']
            [Machines]
              [Machine name='a']
                [Networks]
                  [Network id='wire']
                [Applications]
                  [Application name='tcp_bulk_send' bytes='20KB' to='b' port='5001']
                  [Application name='send_message' message='x' to='192.168.7.7' port='9']
              [Machine name='b']
                [Networks]
                  [Network id='wire']
                [Applications]
                  [Application name='tcp_sink' port='5001' bytes='20KB' digest='true']
            """;

    @TempDir
    Path tmp;

    Path file(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    JsonNode json(Path f) throws Exception { return new ObjectMapper().readTree(f.toFile()); }

    @Test
    void jsonKeysComeInTheDocumentedOrderSoTwoRunsAreByteIdenticalApartFromWallClock() throws Exception {
        Path ndl = CommandLineTest.EXAMPLES.resolve("lossy-link.ndl"), a = tmp.resolve("a.json"), b = tmp.resolve("b.json");
        assertThat(elvis("run", ndl.toString(), "--quiet", "--json", a.toString()).exit()).isZero();
        assertThat(elvis("run", ndl.toString(), "--quiet", "--json", b.toString()).exit()).isZero();
        String wall = "\"wall_seconds\" : [0-9.Ee-]+";
        assertThat(Files.readString(a).replaceAll(wall, "")).isEqualTo(Files.readString(b).replaceAll(wall, ""));
        // Map.of's order changes from JVM to JVM, so the same JVM twice would not show it: check the order itself.
        List<String> keys = new ArrayList<>();
        json(a).get("networks").get(0).get("dropped").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("queue", "aqm", "loss", "mtu", "link_down", "unknown_destination");
    }

    /** The JSON echoes each network's link and each group's TCP as a description would write them, in declaration order. */
    @Test
    void theJsonEchoesTheEffectiveConfiguration() throws Exception {
        Path json = tmp.resolve("echo.json");
        String ndl = TRANSFER.replace("[Network id='wire' type='p2p' bandwidth='1Mbps' latency='1ms']",
                        "[Network id='wire' type='p2p' bandwidth='1Mbps' latency='1ms' loss='0.5%' queue='64KB' qdisc='prio' bands='4']")
                .replace("  [Machine name='b']\n    [Networks]\n      [Network id='wire']\n",
                        "  [Machine name='b']\n    [Networks]\n      [Network id='wire']\n    [Protocols]\n"
                                + "      [Protocol name='TCP' cc='cubic' min_rto='200ms' receive_buffer='4MB']\n");
        var o = elvis("run", file("echo.ndl", ndl).toString(), "--quiet", "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        JsonNode link = r.get("networks").get(0).get("link");
        List<String> keys = new ArrayList<>();
        link.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyElementsOf(elvis.link.LinkConfig.SCHEMA.names());
        assertThat(link.get("bandwidth").asText()).isEqualTo("1Mbps");
        assertThat(link.get("latency").asText()).isEqualTo("1ms");
        assertThat(link.get("loss").asText()).isEqualTo("0.5%");
        assertThat(link.get("queue").asText()).isEqualTo("64KB");
        assertThat(link.get("mtu").asText()).isEqualTo("1500");
        assertThat(link.get("qdisc").asText()).isEqualTo("prio");
        assertThat(link.get("bands").asText()).isEqualTo("4");
        assertThat(link.get("down").asText()).isEqualTo("none");
        JsonNode groups = r.get("machine_groups");
        assertThat(groups.get(0).get("machine").asText()).isEqualTo("a");
        assertThat(groups.get(0).get("tcp").get("cc").asText()).isEqualTo("newreno");   // the defaults, which a's TCP uses
        assertThat(groups.get(1).get("tcp").get("cc").asText()).isEqualTo("cubic");
        assertThat(groups.get(1).get("tcp").get("min_rto").asText()).isEqualTo("200ms");
        assertThat(groups.get(1).get("tcp").get("receive_buffer").asText()).isEqualTo("4MB");
        assertThat(groups.get(1).get("tcp").get("msl").asText()).isEqualTo("2min");
    }

    /** A client with {@code app} and a server that lists TCP in [Protocols] but runs no TCP application. */
    static String refusingServer(String app) {
        return """
                [Networks]
                  [Network id='lan' latency='1ms']
                    [IP subnet='10.0.0.0/24']
                [Machines]
                  [Machine name='client']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application %s]
                  [Machine name='server']
                    [Networks]
                      [Network id='lan']
                    [Protocols]
                      [Protocol name='TCP']
                    [Applications]
                      [Application name='capture' ip='10.0.0.2' port='9' message_count='0']
                """.formatted(app);
    }

    /**
     * An ARP request on a LAN of ten reaches the one machine it asks for: the JSON counts the eight
     * copies skipped, and with flood_shortcut='false' the same run delivers them and skips none.
     */
    @Test
    void theJsonCountsTheBroadcastCopiesTheFloodShortcutSkipped() throws Exception {
        String ndl = """
                [Networks]
                  [Network id='lan' arp='dynamic' latency='1ms'%s]
                    [IP subnet='10.0.0.0/24']
                [Machines]
                  [Machine name='client']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application name='send_message' message='x' to='server' port='9']
                  [Machine name='server']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application name='capture' ip='10.0.0.2' port='9' message_count='1']
                  [Machine name='idle' count='8']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                """;
        JsonNode[] runs = new JsonNode[2];
        for (int i = 0; i < 2; i++) {
            Path json = tmp.resolve("flood" + i + ".json");
            var o = elvis("run", file("flood" + i + ".ndl", ndl.formatted(i == 0 ? "" : " flood_shortcut='false'")).toString(),
                    "--quiet", "--json", json.toString());
            assertThat(o.exit()).as(o.err() + o.out()).isZero();
            runs[i] = json(json);
        }
        JsonNode on = runs[0].get("networks").get(0), off = runs[1].get("networks").get(0);
        assertThat(on.get("flood_skipped").asLong()).isEqualTo(8);
        assertThat(off.get("flood_skipped").asLong()).isZero();
        assertThat(off.get("delivered").asLong() - on.get("delivered").asLong()).isEqualTo(8);
        assertThat(runs[0].get("applications")).isEqualTo(runs[1].get("applications"));
        assertThat(runs[0].get("events")).isEqualTo(runs[1].get("events"));
    }

    /** A machine whose [Protocols] lists TCP has TCP, even with no TCP application: a connection to it is refused at once. */
    @Test
    void aMachineThatListsTcpRefusesAConnection() throws Exception {
        Path json = tmp.resolve("refused.json");
        var o = elvis("run", file("refused.ndl", refusingServer("name='tcp_bulk_send' to='server' port='80' bytes='1000'")).toString(),
                "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isEqualTo(1);
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("applications").get(0).get("summary").asText()).contains("refused");
        assertThat(r.get("networks").get(0).get("delivered").asLong()).isEqualTo(2);   // the SYN and the RST
    }

    /** An application that throws is a failure, counted apart from the packets machines dropped. */
    @Test
    void anApplicationFailureIsNotAPacketDrop() throws Exception {
        Path json = tmp.resolve("fail.json");
        var o = elvis("run", file("fail.ndl", refusingServer("name='socket_client' to='server' port='8080'")).toString(),
                "--json", json.toString());
        assertThat(o.exit()).as(o.err()).isEqualTo(1);
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("failure_count").asLong()).isEqualTo(1);
        assertThat(r.get("application_failures").asLong()).isEqualTo(1);
        assertThat(r.get("internal_errors").asLong()).isZero();
        assertThat(r.get("failures").get(0).asText()).contains("socket_client on client", "ECONNREFUSED");
        assertThat(r.get("machine_drops").has("application_failed")).isFalse();
        assertThat(o.out()).contains("FAILED: socket_client on client");
    }

    @Test
    void sentCountsWhatLeftTheMachineAndTcpBulkSendWhatWasAcknowledged() throws Exception {
        Path json = tmp.resolve("r.json");
        var o = elvis("run", file("t.ndl", TRANSFER).toString(), "--until", "20ms", "--json", json.toString());
        assertThat(o.exit()).as(o.err()).isEqualTo(1);
        // At 20 ms one segment has arrived and none is acknowledged, though all 20 KB sit in the send buffer.
        assertThat(o.out()).contains("send_message on a: sent 0 of 1 (1 dropped by this machine)",
                "tcp_bulk_send on a: sent 0 of 20480 bytes", "tcp_sink on b: received 1448 of 20480 bytes");
        assertThat(json(json).get("machine_drops").get("no_route").asLong()).isEqualTo(1);
    }

    @Test
    void theRunEndsWhenTheApplicationsFinishedAndTheLastEventIsStatedApart() throws Exception {
        Path json = tmp.resolve("r.json");
        var o = elvis("run", file("t.ndl", TRANSFER).toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err()).isZero();
        JsonNode r = json(json);
        long finished = r.get("applications_finished_ns").asLong(), last = r.get("last_event_ns").asLong();
        assertThat(finished).isBetween(100_000_000L, 1_000_000_000L);          // 20 KB at 1 Mbit/s
        assertThat(last).isGreaterThan(finished + 239_000_000_000L);             // TIME-WAIT: 2 MSL later
        assertThat(r.get("simulated_ns").asLong()).isEqualTo(last);
        assertThat(o.out()).startsWith("simulated " + RunReport.seconds(finished) + " (last event at " + RunReport.seconds(last) + ")");
        assertThat(o.out()).containsPattern("tcp_sink on b: received 20480 of 20480 bytes, sha256 [0-9a-f]{64}\n");
    }

    @Test
    void aConnectionRefusedAtOneMillisecondEndsTheRunThere() throws Exception {
        Path json = tmp.resolve("r.json");
        String refused = TRANSFER.replace("port='5001' bytes", "port='5002' bytes").replace(" digest='true'", "");
        elvis("run", file("r.ndl", refused).toString(), "--json", json.toString());
        JsonNode r = json(json);
        assertThat(r.get("applications").get(0).get("summary").asText()).contains("refused");
        assertThat(r.get("simulated_ns").asLong()).isEqualTo(r.get("last_event_ns").asLong()).isLessThan(10_000_000L);
        assertThat(r.get("applications_finished_ns").isNull()).as("the sink never got its bytes").isTrue();
    }
}
