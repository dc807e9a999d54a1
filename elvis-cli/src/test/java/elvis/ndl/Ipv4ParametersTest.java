package elvis.ndl;

import elvis.app.ApplicationRegistry;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Config;
import org.junit.jupiter.api.Test;

import static elvis.ndl.TcpParametersTest.file;
import static org.assertj.core.api.Assertions.assertThat;

/** IPv4 parameters set from [Protocol name='IPv4' ...] (reassembly, path MTU ageing): checked with positions, then applied per machine. */
class Ipv4ParametersTest {
    static java.util.List<String> errors(String line) { return TcpParametersTest.errors(line); }

    @Test
    void parametersReachEveryMachineOfTheGroupAndTheDefaultsCostNothing() throws Exception {
        NdlResult r = Ndl.parse("t.ndl", file("[Protocol name='IPv4' reassembly_timeout='60s' reassembly_memory='1MB']"),
                ApplicationRegistry.load());
        assertThat(r.errors()).isEmpty();
        var built = SimulationBuilder.build(r.simulation().orElseThrow(), ApplicationRegistry.load());
        for (var m : built.simulation().machines()) {
            Ipv4Config c = Ipv4.of(m).config();
            assertThat(c.reassemblyTimeoutNs()).isEqualTo(60_000_000_000L);
            assertThat(c.reassemblyMemory()).isEqualTo(1L << 20);
            assertThat(c.pmtuAgeNs()).isEqualTo(Ipv4Config.DEFAULT.pmtuAgeNs());
        }
        NdlResult plain = Ndl.parse("t.ndl", file("[Protocol name='IPv4']"), ApplicationRegistry.load());
        var defaults = SimulationBuilder.build(plain.simulation().orElseThrow(), ApplicationRegistry.load());
        for (var m : defaults.simulation().machines()) assertThat(Ipv4.of(m).config()).isSameAs(Ipv4Config.DEFAULT);
    }

    @Test
    void unknownParametersAndBadValuesAreErrorsAtTheirPlace() {
        assertThat(errors("[Protocol name='IPv4' reassembly_time='60s']"))
                .containsExactly("9:29: protocol 'IPv4' has no parameter 'reassembly_time'; did you mean 'reassembly_timeout'?");
        assertThat(errors("[Protocol name='IPv4' reassembly_memory='0B']")).containsExactly("9:47: reassembly_memory must be at least 1B, got '0B'");
        assertThat(errors("[Protocol name='UDP' pmtu_age='1min']"))
                .containsExactly("9:28: protocol 'UDP' takes no parameters, so not 'pmtu_age' (it is an IPv4 parameter)");
    }
}
