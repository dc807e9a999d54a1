package elvis.cli;

import elvis.dummynet.profile.BandwidthTrace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line end to end, on the examples the README points to; {@link #elvis} runs it in-process for other tests too. */
public class CommandLineTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path tmp;

    public record Outcome(int exit, String out, String err) { }

    /** Runs the command line in this JVM with {@code args}, capturing what it prints. */
    public static Outcome elvis(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            int exit = Main.execute(args);
            return new Outcome(exit, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    JsonNode runJson(String example, String... extra) throws Exception { return runJson(0, example, extra); }

    JsonNode runJson(int expectedExit, String example, String... extra) throws Exception {
        Path json = tmp.resolve(example + ".json");
        String[] args = new String[4 + extra.length];
        args[0] = "run"; args[1] = EXAMPLES.resolve(example + ".ndl").toString(); args[2] = "--json"; args[3] = json.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        Outcome o = elvis(args);
        assertThat(o.exit).as(o.err + o.out).isEqualTo(expectedExit);
        return new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void noArgumentsPrintsUsage() {
        Outcome o = elvis();
        assertThat(o.exit).isZero();
        assertThat(o.out).contains("Usage: elvis", "run", "check", "bench");
    }

    @Test
    void helloIsThePapersFigure2AndTheCaptureReceivesHello() throws Exception {
        JsonNode r = runJson("hello");
        assertThat(r.get("goals_met").asBoolean()).isTrue();
        assertThat(r.get("interrupted").asBoolean()).isFalse();
        JsonNode capture = r.get("applications").get(1);
        assertThat(capture.get("machine").asText()).isEqualTo("capturer");
        assertThat(capture.get("summary").asText()).isEqualTo("received 1 of 1");
        assertThat(r.get("networks").get(0).get("delivered").asLong()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pingpong", "forward", "lossy-link", "tcp-transfer", "sockets", "modnet-chain", "original-elvis", "bottleneck", "ping-traceroute", "dns-server", "dhcp", "dns", "dhcp-dns", "dummynet-subnets", "dummynet-bridge"})
    void everyExampleMeetsItsGoal(String example) throws Exception {
        JsonNode r = runJson(example);
        assertThat(r.get("goals_met").asBoolean()).isTrue();
        assertThat(r.get("failure_count").asLong()).isZero();
        for (JsonNode a : r.get("applications")) assertThat(a.get("goals_met").asLong()).isEqualTo(a.get("with_goal").asLong());
    }

    @Test
    void theDnsServerExampleAnswersReferencesAndTruncatesAndCountsItInTheJson() throws Exception {
        JsonNode r = runJson("dns-server");
        JsonNode apps = r.get("applications");
        JsonNode server = apps.get(0).get("results");
        assertThat(server.get("queries_udp").asLong()).isEqualTo(5);
        assertThat(server.get("queries_tcp").asLong()).isEqualTo(1);
        assertThat(server.get("truncated").asLong()).isEqualTo(1);
        assertThat(server.get("responses").get("noerror").asLong()).isEqualTo(5);
        assertThat(server.get("responses").get("nxdomain").asLong()).isEqualTo(1);
        assertThat(server.get("zones").get(0).get("records").asLong()).isEqualTo(51);
        assertThat(apps.get(1).get("results").get("zones").get(0).get("origin").asText()).isEqualTo("example.org.");
        JsonNode www = apps.get(2).get("results");
        assertThat(www.get("status").asText()).isEqualTo("NOERROR");
        assertThat(www.get("aa").asBoolean()).isTrue();
        assertThat(www.get("answers").get(0).asText()).isEqualTo("www.example.com.\t3600\tIN\tA\t10.0.0.80");
        assertThat(apps.get(3).get("results").get("status").asText()).isEqualTo("NXDOMAIN");
        assertThat(apps.get(4).get("results").get("aa").asBoolean()).as("a referral").isFalse();
        assertThat(apps.get(5).get("results").get("answers").get(0).asText()).isEqualTo("www.example.org.\t3600\tIN\tA\t10.0.0.81");
        JsonNode many = apps.get(6).get("results");
        assertThat(many.get("tcp").asBoolean()).isTrue();
        assertThat(many.get("answers").size()).isEqualTo(40);
        assertThat(many.get("output").toString()).contains(";; Truncated, retrying in TCP mode.");
    }

    @Test
    void aBadZoneFileIsReportedAtItsPlaceAndAtTheNdlArgument() throws Exception {
        Path zone = tmp.resolve("bad.zone"), ndl = tmp.resolve("bad.ndl");
        Files.writeString(zone, "$ORIGIN example.com.\n$TTL 60\n@ SOA ns admin 1 2 3 4 5\nwww  AX 10.0.0.1\n");
        Files.writeString(ndl, Files.readString(EXAMPLES.resolve("dns-server.ndl")).replace("file='example.com.zone'", "file='bad.zone'"));
        Outcome o = elvis("check", ndl.toString());
        assertThat(o.exit).isNotZero();
        assertThat(o.out + o.err).contains("bad.ndl:16:", "application 'dns_server': bad zone example.com.: bad.zone:4:6: unknown type 'AX'");
        Files.writeString(ndl, Files.readString(EXAMPLES.resolve("dns-server.ndl")).replace("file='example.com.zone'", "file='missing.zone'"));
        o = elvis("check", ndl.toString());
        assertThat(o.out + o.err).contains("bad.ndl:16:62: error: application 'dns_server': cannot read zone file " + tmp.resolve("missing.zone") + ": no such file");
        Files.writeString(ndl, Files.readString(EXAMPLES.resolve("dns-server.ndl")).replace("ns1 A 10.0.0.53;", "ns1 A 10.0.0.530;"));
        o = elvis("check", ndl.toString());
        assertThat(o.out + o.err).contains("bad zone example.org.: records:1:54: '10.0.0.530' is not an IPv4 address");
    }

    @Test
    void pingAndTracerouteReportTheirMeasurementsInTheJson() throws Exception {
        JsonNode r = runJson("ping-traceroute");
        JsonNode ping = r.get("applications").get(0).get("results");
        assertThat(ping.get("transmitted").asLong()).isEqualTo(5);
        assertThat(ping.get("loss").asDouble()).isZero();
        assertThat(ping.get("rtt_ms")).hasSize(5);
        assertThat(ping.get("min_ms").asDouble()).isEqualTo(60.4704);      // 60 ms and six 98-byte frames at 10 Mbit/s
        JsonNode hops = r.get("applications").get(1).get("results").get("hops");
        assertThat(hops).hasSize(3);
        assertThat(hops.get(0).get("probes").get(0).get("address").asText()).isEqualTo("10.0.0.2");
        assertThat(hops.get(1).get("probes").get(1).isNull()).as("r2's rate limit: a star").isTrue();
        assertThat(hops.get(2).get("probes").get(0).get("address").asText()).isEqualTo("10.0.2.2");
        assertThat(r.get("machine_groups").get(2).get("icmp").get("rate").asText()).isEqualTo("1");
        // ICMP's counters, summed over machines by type/code: five echoes each way, time exceeded
        // from the routers for traceroute's low TTLs, port unreachable from the destination.
        JsonNode icmp = r.get("icmp");
        assertThat(icmp.get("sent").get("8/0").asLong()).isEqualTo(5);
        assertThat(icmp.get("received").get("8/0").asLong()).isEqualTo(5);
        assertThat(icmp.get("sent").get("0/0").asLong()).isEqualTo(5);
        assertThat(icmp.get("received").get("0/0").asLong()).isEqualTo(5);
        assertThat(icmp.get("sent").get("11/0").asLong()).isPositive();
        assertThat(icmp.get("sent").get("3/3").asLong()).isPositive();
        assertThat(icmp.get("received").get("3/3")).isEqualTo(icmp.get("sent").get("3/3"));
    }

    @Test
    void dhcpReportsItsCountersInTheJson() throws Exception {
        JsonNode r = runJson("dhcp");
        JsonNode dhcp = r.get("dhcp");
        assertThat(dhcp.get("clients").asLong()).isEqualTo(4);
        assertThat(dhcp.get("bound").asLong()).isEqualTo(4);
        assertThat(dhcp.get("offers").asLong()).isEqualTo(4);
        // A 60 s lease renewed at T1 = 30 s for 5 minutes: the binding at time 0, then 9 renewals each.
        assertThat(dhcp.get("renewals").asLong()).isEqualTo(4 * 9);
        assertThat(dhcp.get("acks").asLong()).isEqualTo(4 * 10);
        assertThat(dhcp.get("pool_exhausted").asLong()).isZero();
        assertThat(dhcp.get("requests_relayed").asLong()).isEqualTo(2);
        JsonNode server = r.get("applications").get(0).get("results");
        assertThat(server.get("leases_active").asLong()).isEqualTo(4);
        assertThat(r.get("applications").get(3).get("summary").asText()).isEqualTo("sent 3 of 3");
    }

    @Test
    void theHundredThousandMachineFanInCountsEveryDatagram() throws Exception {
        JsonNode r = runJson("fanin-100k", "--quiet");
        assertThat(r.get("machines").asLong()).isEqualTo(100_001);
        assertThat(r.get("applications").get(1).get("summary").asText()).isEqualTo("received 100000 of 100000");
        assertThat(r.get("networks").get(0).get("delivered").asLong()).isEqualTo(100_000);
    }

    @Test
    void theSameSeedGivesTheSameResultsAndAnotherSeedOthers() throws Exception {
        JsonNode a = runJson("lossy-link"), b = runJson("lossy-link"), c = runJson("lossy-link", "--seed", "43");
        ((com.fasterxml.jackson.databind.node.ObjectNode) a).remove("wall_seconds");
        ((com.fasterxml.jackson.databind.node.ObjectNode) b).remove("wall_seconds");
        ((com.fasterxml.jackson.databind.node.ObjectNode) c).remove("wall_seconds");
        assertThat(a).isEqualTo(b);
        assertThat(c.get("networks").get(0).get("delivered")).isNotEqualTo(a.get("networks").get(0).get("delivered"));
    }

    @Test
    void theAccessLinkDownloadSurvivesItsOutageAndCountsWhatTheOutageDropped() throws Exception {
        JsonNode r = runJson("access-link");
        JsonNode adsl = r.get("networks").get(0);
        assertThat(adsl.get("dropped").get("link_down").asLong()).isPositive();
        assertThat(adsl.get("offered").asLong()).isEqualTo(adsl.get("delivered").asLong()
                + adsl.get("dropped").get("queue").asLong() + adsl.get("dropped").get("link_down").asLong());
        for (JsonNode app : r.get("applications")) assertThat(app.get("goals_met").asInt()).as(app.toString()).isEqualTo(1);
        // 2 MB at 4 Mbit/s take 4.2 s; the outage adds at least its second.
        assertThat(r.get("applications_finished_ns").asLong()).isGreaterThan(5_200_000_000L);
    }

    @Test
    void theCellularDownloadFollowsItsHsdpaTraceAndLosesFramesInBursts() throws Exception {
        JsonNode r = runJson("cellular-trace");
        for (JsonNode app : r.get("applications")) assertThat(app.get("goals_met").asInt()).as(app.toString()).isEqualTo(1);
        JsonNode cell = r.get("networks").get(0);
        assertThat(cell.get("dropped").get("loss").asLong()).isPositive();
        // The payload cannot arrive before the trace could have carried it; TCP (slow start, bursty loss,
        // 54 bytes of headers per 1,460) gets it through within 85% of the trace's capacity, plus a second.
        BandwidthTrace trace = BandwidthTrace.parse("hsdpa-bus.log", Files.readString(EXAMPLES.resolve("traces/hsdpa-bus.log")),
                BandwidthTrace.End.LOOP);
        long bits = 4L * 1024 * 1024 * 8, carried = 0;
        while (trace.capacity(0, carried) < bits) carried += 1_000_000;           // the first ms by which it could have
        long finished = r.get("applications_finished_ns").asLong();
        assertThat(finished).isBetween(carried, (long) (carried / 0.85) + 1_000_000_000L);
    }

    @Test
    void anInvalidFileExitsWithTwoAndAnErrorAtItsPlace() throws Exception {
        Path bad = tmp.resolve("bad.ndl");
        Files.writeString(bad, Files.readString(EXAMPLES.resolve("hello.ndl")).replace("name='capture'", "name='captur'"));
        for (String cmd : new String[] {"run", "check"}) {
            Outcome o = elvis(cmd, bad.toString());
            assertThat(o.exit).isEqualTo(2);
            assertThat(o.err).contains("bad.ndl:21:", "error: unknown application 'captur'; did you mean 'capture'?", "^")
                    .doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void anUnmetGoalExitsWithOne() throws Exception {
        Path f = tmp.resolve("greedy.ndl");
        Files.writeString(f, Files.readString(EXAMPLES.resolve("hello.ndl")).replace("message_count='1'", "message_count='2'"));
        Outcome o = elvis("run", f.toString());
        assertThat(o.exit).isEqualTo(1);
        assertThat(o.out).contains("received 1 of 2", "[GOAL NOT MET]");
    }

    @Test
    void untilStopsTheClockAndBadOptionsAreReported() throws Exception {
        JsonNode r = runJson(1, "pingpong", "--until", "1s");
        assertThat(r.get("simulated_ns").asLong()).isEqualTo(1_000_000_000L);
        assertThat(r.get("goals_met").asBoolean()).isFalse();
        Outcome o = elvis("run", EXAMPLES.resolve("pingpong.ndl").toString(), "--until", "soon");
        assertThat(o.exit).isEqualTo(2);
        assertThat(o.err).contains("--until");
        assertThat(elvis("run", "no-such-file.ndl").exit).isEqualTo(2);
        assertThat(elvis("run").exit).isEqualTo(2);
    }

    /** Cut short, the run ends its processes as an OS ends a program: their sockets close, so FINs leave at the end time. */
    @Test
    void processesStillBlockedAtTheEndCloseTheirSockets() throws Exception {
        Path pcaps = tmp.resolve("cut");
        runJson(1, "sockets", "--until", "1500us", "--pcap", pcaps.toString());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(pcaps.resolve("lan.pcap"))).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int atEnd = 0;
        for (int at = 24; at < b.limit(); ) {
            long ns = b.getInt(at) * 1_000_000_000L + b.getInt(at + 4);
            int length = b.getInt(at + 8), frame = at + 16;
            if (ns == 1_500_000) {
                atEnd++;
                assertThat(b.get(frame + 14 + 20 + 13) & 0x01).as("FIN flag").isEqualTo(1);
            }
            at = frame + length;
        }
        assertThat(atEnd).isPositive();
    }

    @Test
    void capturingChangesNoResultAndWritesOnePcapPerNetwork() throws Exception {
        JsonNode plain = runJson("forward");
        Path pcaps = tmp.resolve("pcaps");
        JsonNode captured = runJson("forward", "--pcap", pcaps.toString());
        for (JsonNode r : new JsonNode[] {plain, captured}) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove("wall_seconds");
            ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove("pcap_files");
        }
        assertThat(captured).isEqualTo(plain);
        for (String net : new String[] {"left", "right"}) {
            byte[] pcap = Files.readAllBytes(pcaps.resolve(net + ".pcap"));
            assertThat(pcap[0] & 0xFF).isEqualTo(0x4d);          // 0xa1b23c4d little-endian: nanosecond pcap
            assertThat(pcap[20]).isEqualTo((byte) 1);            // link type Ethernet
            // 14 + 20 + 8 + 7 = 49 bytes, padded to the 60-byte Ethernet minimum
            assertThat(pcap.length).isEqualTo(24 + 10 * (16 + 60));
            assertThat(pcaps.resolve(net + ".drops.jsonl")).isEmptyFile();   // nothing was dropped
        }
    }
}
