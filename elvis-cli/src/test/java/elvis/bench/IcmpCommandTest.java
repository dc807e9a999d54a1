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

    @Test
    void theCommandWritesTheFragmentationRun() throws Exception {
        Path json = tmp.resolve("icmp.json");
        assertThat(Main.execute("bench", "icmp", "--datagrams", "2000", "--json", json.toString())).isZero();
        JsonNode run = new ObjectMapper().readTree(json.toFile()).get("runs").get(0);
        assertThat(run.get("scenario").asText()).isEqualTo("fragmentation");
        assertThat(run.get("reassembled").asLong()).isEqualTo(2000);
        assertThat(run.get("fragments").asLong()).isEqualTo(12_000);
        assertThat(run.get("events_per_second").asDouble()).isPositive();
        assertThat(run.get("bytes_allocated_per_datagram").asDouble()).isPositive();
        assertThat(Main.execute("bench", "icmp", "--mtu", "20")).isEqualTo(2);
    }
}
