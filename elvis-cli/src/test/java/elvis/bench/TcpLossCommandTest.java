package elvis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cli.Main;
import elvis.protocol.tcp.TcpConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TcpLossCommandTest {
    @TempDir
    Path tmp;

    /** The case that used to stall: 8 MB windows, one loss in a few thousand segments; every byte arrives, losses are repaired. */
    @Test
    void aLossyLongFatPipeDeliversEveryByte() {
        TcpConfig tcp = TcpConfig.DEFAULT.withSendBuffer(8 << 20).withReceiveBuffer(8 << 20).withCongestionControl("cubic");
        TcpBulkScenario.Result r = TcpBulkScenario.run(30_000_000, 1, new TcpBulkScenario.Path(100_000_000, 40_000_000, 0.0001, tcp));
        assertThat(r.bytesDelivered()).isEqualTo(30_000_000);
        assertThat(r.retransmitted()).isPositive();
        assertThat(r.simulatedNs()).isGreaterThan(30_000_000 * 8L * 10);   // no faster than 100 Mbit/s
    }

    @Test
    void theCommandWritesOneRunPerLossRate() throws Exception {
        Path json = tmp.resolve("loss.json");
        assertThat(Main.execute("bench", "tcp-loss", "--bytes", "2000000", "--bandwidth", "100000000", "--rtt-ms", "20",
                "--buffer", "1000000", "--loss", "0,0.001", "--json", json.toString())).isZero();
        JsonNode runs = new ObjectMapper().readTree(json.toFile()).get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).get("scenario").asText()).isEqualTo("tcp-loss");
        assertThat(runs.get(0).get("loss").asDouble()).isZero();
        assertThat(runs.get(0).get("retransmissions").asLong()).isZero();
        assertThat(runs.get(1).get("loss").asDouble()).isEqualTo(0.001);
        for (JsonNode run : runs) {
            assertThat(run.get("bytes_delivered").asLong()).isEqualTo(2_000_000);
            assertThat(run.get("events_per_second").asDouble()).isPositive();
        }
        assertThat(Main.execute("bench", "tcp-loss", "--loss", "1.5")).isEqualTo(2);
        assertThat(Main.execute("bench", "tcp-loss", "--buffer", "0")).isEqualTo(2);
    }
}
