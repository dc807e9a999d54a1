package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** examples/http-load.ndl and examples/middlebox-http.ndl run as a user runs them; http_load's argument errors. */
class HttpLoadExampleTest {
    @TempDir
    Path tmp;

    JsonNode run(String example, String name) throws Exception {
        Path json = tmp.resolve(name + ".json");
        CommandLineTest.Outcome o = elvis("run", CommandLineTest.EXAMPLES.resolve(example).toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        assertThat(o.out()).contains("Requests/sec:", "Latency Distribution");
        return new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void theLoadExampleMeetsItsRatesAndGivesTheSameJsonTwice() throws Exception {
        JsonNode first = run("http-load.ndl", "a"), second = run("http-load.ndl", "b");
        assertThat(first.get("goals_met").asBoolean()).isTrue();
        ((ObjectNode) first).remove("wall_seconds");
        ((ObjectNode) second).remove("wall_seconds");
        assertThat(first).isEqualTo(second);
        JsonNode apps = first.get("applications");
        JsonNode closed = apps.get(1).get("results"), open = apps.get(2).get("results");
        assertThat(closed.get("mode").asText()).isEqualTo("closed");
        assertThat(closed.get("errors").get("timeout").asLong()).isZero();
        assertThat(closed.get("status_codes").get("200").asLong()).isEqualTo(closed.get("requests").asLong());
        // 50 connections of 136 KB pages and 200 pages a second on 1 Gbit/s: the link is the limit
        // (the two generators' goodput together below the line rate, and at least 85% of it).
        assertThat((closed.get("bytes_per_second").asDouble() + open.get("bytes_per_second").asDouble()) * 8).isBetween(0.85e9, 1e9);
        // Open loop, Poisson at 200/s for 2 s: 400 due, within 5 standard deviations (√400 = 20).
        assertThat(open.get("mode").asText()).isEqualTo("open");
        assertThat(open.get("requests").asLong() + open.get("unfinished").asLong()).isBetween(300L, 500L);
        // Every latency at least a page's transmission at 1 Gbit/s plus a round trip.
        double minimumMs = 136_000 * 8 / 1e9 * 1e3 + 0.2;
        assertThat(open.get("latency").get("p50_ms").asDouble()).isGreaterThan(minimumMs);
        assertThat(closed.get("latency").get("p50_ms").asDouble()).isGreaterThan(minimumMs);
        assertThat(open.get("latency").get("p99_9_ms").asDouble()).isGreaterThanOrEqualTo(open.get("latency").get("p50_ms").asDouble());
    }

    @Test
    void theMiddleboxTestbedFillsBothDirectionsOfBothLinks() throws Exception {
        JsonNode r = run("middlebox-http.ndl", "m");
        assertThat(r.get("goals_met").asBoolean()).isTrue();
        double seconds = r.get("applications").get(1).get("results").get("duration_s").asDouble();
        for (int k : new int[] {1, 3}) {
            JsonNode load = r.get("applications").get(k).get("results");
            assertThat(load.get("errors").get("connect").asLong()).isZero();
            // R-RU-3: each direction ≥ 90% used. One generator's goodput is one direction's HTTP
            // bytes (both links carry it); on the wire each 1,448 bytes of payload take a 1,538-byte frame slot.
            double goodput = load.get("bytes_per_second").asDouble() * 8;
            assertThat(goodput * 1538 / 1448).as("direction %d", k).isGreaterThan(0.9 * 10e9);
        }
        for (JsonNode net : r.get("networks")) {
            // Both directions of the link, over the run: at least 90% of twice the line rate.
            double bits = net.get("bytes_delivered").asDouble() * 8;
            assertThat(bits / seconds).as(net.get("id").asText()).isGreaterThan(0.9 * 2 * 10e9);
        }
    }

    @Test
    void aServerNamedInDnsIsLookedUpWhenTheGeneratorStarts() throws Exception {
        // The generator asks for www.example.com: it resolves through root, com and example.com
        // (8 ms on 1 ms links) and loads from then, so its first latency comes after the look-up.
        Path file = tmp.resolve("dns-load.ndl");
        Files.writeString(file, """
                [Simulation seed='1']
                [DNS domain='example.com' network='lan' ttl='5min']
                [Networks]
                  [Network id='lan' latency='1ms' bandwidth='1Gbps']
                    [IP subnet='10.0.0.0/24']
                [Machines]
                  [Machine name='www']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application name='http_server' sizes='10KB' documents='10']
                  [Machine name='client']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application name='http_load' to='www.example.com' connections='2' duration='1s' pages='10'
                """.stripTrailing() + "]\n");
        Path json = tmp.resolve("dns-load.json");
        CommandLineTest.Outcome o = elvis("run", file.toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode load = new ObjectMapper().readTree(json.toFile()).get("applications").get(1).get("results");
        assertThat(load.get("target").asText()).startsWith("http://10.0.0.1");
        assertThat(load.get("requests").asLong()).isPositive();
        assertThat(load.get("errors").get("connect").asLong()).isZero();
        // The load ran for its 1 s from the moment the name resolved: the run ends after 1 s.
        assertThat(new ObjectMapper().readTree(json.toFile()).get("applications_finished_ns").asLong()).isGreaterThan(1_000_000_000L);
    }

    @Test
    void badArgumentsAreLocated() throws Exception {
        Path bad = tmp.resolve("bad.ndl");
        Files.writeString(bad, Files.readString(CommandLineTest.EXAMPLES.resolve("http-load.ndl"))
                .replace("path='/7.htm'", "path='7.htm'").replace("connections='50'", "connections='50' arrivals='constant'"));
        CommandLineTest.Outcome o = elvis("check", bad.toString());
        assertThat(o.exit()).isNotZero();
        String text = o.err() + o.out();
        assertThat(text).containsPattern("bad.ndl:20:\\d+: error: application 'http_load': 'arrivals' applies to an open loop: give 'rate' too");
        assertThat(text).containsPattern("bad.ndl:21:\\d+: error: application 'http_load': a path must start with '/', got '7.htm'");
    }
}
