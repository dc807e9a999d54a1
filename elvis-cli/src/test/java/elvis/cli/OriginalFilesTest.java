package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files written the way the original Elvis's authors wrote theirs (address pools of a few addresses
 * for many machines, pools spanning /24s or subnets, tabs mixed with four-space levels, capture's
 * defaults): each runs and meets its goals.
 */
class OriginalFilesTest {
    static final Path ORIGINAL = Path.of("src", "test", "resources", "ndl", "original");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"fanin-1000-one-address", "pool-three-24s", "range-plus-lone-address", "capture-defaults"})
    void runsAndMeetsEveryGoal(String name) throws Exception {
        Path json = tmp.resolve(name + ".json");
        CommandLineTest.Outcome o = elvis("run", ORIGINAL.resolve(name + ".ndl").toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("goals_met").asBoolean()).isTrue();
        assertThat(r.get("failure_count").asLong()).isZero();
        assertThat(r.get("machine_drops").size()).as("no packet dropped on a machine: %s", r.get("machine_drops")).isZero();
        for (JsonNode a : r.get("applications")) assertThat(a.get("goals_met").asLong()).isEqualTo(a.get("with_goal").asLong());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fanin-1000-one-address", "range-plus-lone-address"})
    void checkSaysWhatItDerived(String name) {
        CommandLineTest.Outcome o = elvis("check", ORIGINAL.resolve(name + ".ndl").toString());
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.err()).contains("note: network");
        assertThat(o.err()).containsAnyOf("widened from 123.45.67.0/24", "192.168.1.121/32) are reached on the link");
    }
}
