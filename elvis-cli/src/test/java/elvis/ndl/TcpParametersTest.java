package elvis.ndl;

import elvis.app.ApplicationRegistry;
import elvis.ndl.model.NdlSimulation;
import elvis.protocol.tcp.TcpConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** TCP parameters set from [Protocol name='TCP' ...]: checked with positions, then applied per machine. */
class TcpParametersTest {
    static String file(String tcpLine) {
        return """
                [Networks]
                  [Network id='1']
                    [IP subnet='10.0.0.0/24']
                [Machines]
                  [Machine name='a' count='3']
                    [Networks]
                      [Network id='1']
                    [Protocols]
                      %s
                    [Applications]
                      [Application name='tcp_sink' port='80' bytes='1KB']
                """.formatted(tcpLine);
    }

    static List<String> errors(String tcpLine) {
        return Ndl.parse("t.ndl", file(tcpLine), ApplicationRegistry.load()).errors().stream()
                .map(d -> d.pos().line() + ":" + d.pos().col() + ": " + d.message()).toList();
    }

    @Test
    void parametersReachEveryMachineOfTheGroup() throws Exception {
        NdlResult r = Ndl.parse("t.ndl", file("[Protocol name='TCP' cc='cubic' iw='10' min_rto='200ms' nagle='false' receive_buffer='4MB']"),
                ApplicationRegistry.load());
        assertThat(r.errors()).isEmpty();
        NdlSimulation model = r.simulation().orElseThrow();
        var built = SimulationBuilder.build(model, ApplicationRegistry.load());
        for (var m : built.simulation().machines()) {
            TcpConfig c = m.tcp().config();
            assertThat(c.congestionControl()).isEqualTo("cubic");
            assertThat(c.initialWindow()).isEqualTo(10);
            assertThat(c.minRtoNs()).isEqualTo(200_000_000L);
            assertThat(c.nagle()).isFalse();
            assertThat(c.receiveBuffer()).isEqualTo(4 << 20);
            assertThat(c.mss()).isEqualTo(TcpConfig.DEFAULT.mss());   // untouched: the RFC default
        }
    }

    @Test
    void unknownParametersAndBadValuesAreErrorsAtTheirPlace() {
        assertThat(errors("[Protocol name='TCP' congestion='cubic']"))
                .containsExactly("9:28: protocol 'TCP' has no parameter 'congestion'");
        assertThat(errors("[Protocol name='TCP' ccc='cubic']"))
                .containsExactly("9:28: protocol 'TCP' has no parameter 'ccc'; did you mean 'cc'?");
        assertThat(errors("[Protocol name='TCP' cc='vegas']"))
                .containsExactly("9:31: cc must be 'reno' or 'newreno' or 'cubic', got 'vegas'");
        assertThat(errors("[Protocol name='TCP' iw='0']"))
                .containsExactly("9:31: iw must be between 1 and 1,000, got '0'");
        assertThat(errors("[Protocol name='TCP' mss='20']"))
                .containsExactly("9:32: mss must be between 64 and 65,495, got '20'");
        assertThat(errors("[Protocol name='TCP' min_rto='0ms']"))
                .containsExactly("9:36: 'min_rto' must be above 0");
        assertThat(errors("[Protocol name='TCP' sack='maybe']")).singleElement().asString().startsWith("9:33: ");
        // Parameters that do not fit together: at the one given that the message names, else at the section.
        assertThat(errors("[Protocol name='TCP' min_rto='1s' max_rto='100ms']"))
                .containsExactly("9:49: TCP parameters: max_rto must not be below min_rto");
        assertThat(errors("[Protocol name='TCP' nagle='false' min_rto='2min']"))
                .containsExactly("9:50: TCP parameters: max_rto must not be below min_rto");
        assertThat(errors("[Protocol name='TCP' min_rto='1s' max_rto='200ms' timestamp_tick='2s']"))
                .containsExactly("9:72: timestamp_tick must be at most 1s, got '2s'");
    }
}
