package elvis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class IcmpCommandTest {
    @TempDir
    Path tmp;

    /** Every datagram is reassembled, and what a datagram costs is far below its payload: nothing is copied. */
    @Test
    void fragmentedDatagramsAreAllReassembledWithoutCopyingPayload() {
        FragmentationScenario.run(20_000, 8000, 1500, 1);                 // warm: the measured run is steady
        FragmentationScenario.Result r = FragmentationScenario.run(20_000, 8000, 1500, 1);
        assertThat(r.delivered()).isEqualTo(20_000);
        assertThat(r.fragments()).isEqualTo(6 * 20_000);
        if (r.allocatedBytes() >= 0) assertThat(r.allocatedBytes() / 20_000).as("bytes allocated per datagram").isLessThan(8000);
    }

    /** Every echo request is answered, with no error and no failure, and a round trip allocates little. */
    @Test
    void aPingFloodAcrossTwoRoutersAnswersEveryRequest() {
        PingFloodScenario.run(20_000, 1);                                  // warm
        PingFloodScenario.Result r = PingFloodScenario.run(20_000, 1);
        assertThat(r.roundTrips()).isEqualTo(20_000);
        assertThat(r.errors()).isZero();
        assertThat(r.failures()).isZero();
        // Per round trip: a request and a reply, each sent and received on three links and forwarded twice.
        assertThat(r.events()).isGreaterThanOrEqualTo(6 * 20_000L);
        if (r.allocatedBytes() >= 0) assertThat(r.allocatedBytes() / 20_000).as("bytes allocated per round trip").isLessThan(10_000);
    }

    @Test
    void theCommandWritesThePingFloodAndFragmentationRuns() throws Exception {
        Path json = tmp.resolve("icmp.json");
        assertThat(Main.execute("bench", "icmp", "--count", "3000", "--datagrams", "2000", "--json", json.toString())).isZero();
        JsonNode runs = new ObjectMapper().readTree(json.toFile()).get("runs");
        JsonNode ping = runs.get(0);
        assertThat(ping.get("scenario").asText()).isEqualTo("ping-flood");
        assertThat(ping.get("count").asLong()).isEqualTo(3000);
        assertThat(ping.get("round_trips").asLong()).isEqualTo(3000);
        assertThat(ping.get("in_flight").asInt()).isEqualTo(PingFloodScenario.IN_FLIGHT);
        assertThat(ping.get("errors").asLong()).isZero();
        assertThat(ping.get("failures").asLong()).isZero();
        assertThat(ping.get("events").asLong()).isGreaterThanOrEqualTo(6 * 3000L);
        assertThat(ping.get("events_per_second").asDouble()).isPositive();
        assertThat(ping.get("bytes_allocated_per_round_trip").asDouble()).isPositive();
        JsonNode run = runs.get(1);
        assertThat(run.get("scenario").asText()).isEqualTo("fragmentation");
        assertThat(run.get("reassembled").asLong()).isEqualTo(2000);
        assertThat(run.get("fragments").asLong()).isEqualTo(12_000);
        assertThat(run.get("events_per_second").asDouble()).isPositive();
        assertThat(run.get("bytes_allocated_per_datagram").asDouble()).isPositive();
        assertThat(Main.execute("bench", "icmp", "--mtu", "20")).isEqualTo(2);
        assertThat(Main.execute("bench", "icmp", "--count", "0")).isEqualTo(2);
    }
}
