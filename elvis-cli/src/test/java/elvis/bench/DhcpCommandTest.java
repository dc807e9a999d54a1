package elvis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class DhcpCommandTest {
    @TempDir
    Path tmp;

    /**
     * 300 clients booting at once bind to the same addresses at the same times with the flood
     * shortcut on and off, in the same events; only the skipped copies differ.
     */
    @Test
    void clientsBindAlikeWithTheFloodShortcutOnAndOff() {
        DhcpScenario.Result on = DhcpScenario.run(300, 3, true, false), off = DhcpScenario.run(300, 3, false, false);
        assertThat(on.bound()).isEqualTo(300);
        assertThat(Arrays.stream(on.addresses()).distinct().count()).isEqualTo(300);
        assertThat(on.addresses()).isEqualTo(off.addresses());
        assertThat(on.boundAt()).isEqualTo(off.boundAt());
        assertThat(on.simulatedNs()).isEqualTo(off.simulatedNs());
        assertThat(on.events()).isEqualTo(off.events());
        assertThat(on.offers()).isEqualTo(off.offers());
        assertThat(on.acks()).isEqualTo(off.acks());
        assertThat(off.floodSkipped()).isZero();
        // Each client's DISCOVER and REQUEST reach the server alone: 299 other clients skip each.
        assertThat(on.floodSkipped()).isGreaterThanOrEqualTo(2L * 300 * 299);
    }

    @Test
    void thePoolHoldsTheServerAndEveryClient() {
        assertThat(DhcpScenario.prefixLength(100_000)).isEqualTo(15);
        assertThat(DhcpScenario.prefixLength(253)).isEqualTo(24);
        assertThat(DhcpScenario.prefixLength(254)).isEqualTo(23);
    }

    @Test
    void theCommandReportsEveryClientBound() throws Exception {
        Path json = tmp.resolve("dhcp.json");
        assertThat(Main.execute("bench", "dhcp", "--clients", "500", "--json", json.toString())).isZero();
        JsonNode run = new ObjectMapper().readTree(json.toFile()).get("runs").get(0);
        assertThat(run.get("scenario").asText()).isEqualTo("dhcp");
        assertThat(run.get("clients").asInt()).isEqualTo(500);
        assertThat(run.get("bound").asInt()).isEqualTo(500);
        assertThat(run.get("acks").asLong()).isEqualTo(500);
        assertThat(run.get("flood_shortcut").asBoolean()).isTrue();
        assertThat(run.get("simulated_seconds").asDouble()).isPositive();
        assertThat(run.get("wall_seconds").asDouble()).isPositive();
        assertThat(run.get("events").asLong()).isGreaterThanOrEqualTo(4 * 500L);
        // Reported, not judged: 500 clients' heap is within the test JVM's GC noise (it read negative under load).
        assertThat(run.get("heap_bytes_per_client").isNumber()).isTrue();
    }
}
