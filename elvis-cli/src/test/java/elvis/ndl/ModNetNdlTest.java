package elvis.ndl;

import elvis.app.ApplicationRegistry;
import elvis.modnet.ModNet;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The description language's ModNet: [Module] registrations and modules='...' on machines and applications. */
class ModNetNdlTest {
    static final String BODY = """
            [Networks]
              [Network id='lan' latency='1ms']
                [IP subnet='10.0.0.0/16']
            [Machines]
              [Machine name='server'%s]
                [Networks]
                  [Network id='lan']
                [Applications]
                  [Application name='socket_server' port='80' size='100' clients='1'%s]
              [Machine name='client']
                [Networks]
                  [Network id='lan']
                [Applications]
                  [Application name='socket_client' to='server' port='80' size='100' start='1ms']
            """;

    static String file(String modules, String onMachine, String onApp) { return modules + BODY.formatted(onMachine, onApp); }

    @Test
    void theExampleStealsEveryConnectionAndReportsEachModule() throws Exception {
        SimulationBuilder.Built b = DnsNdlTest.build(Files.readString(Path.of("..", "examples", "modnet-chain.ndl")));
        b.simulation().run();
        assertThat(b.simulation().goalsMet()).isTrue();
        ModNet mn = ModNet.of(b.simulation().kernel());
        assertThat(mn.names()).containsExactly("fwd1", "fwd2", "worker");
        for (String n : mn.names()) {
            assertThat(mn.stats(n).pairsStolen()).as(n).isEqualTo(20);
            assertThat(mn.stats(n).failures()).as(n).isZero();
        }
        // 20 requests of 2048 bytes and 20 acks of 3 go out through the clients' modules; 20 responses come back.
        assertThat(mn.stats("fwd2").bytesToNetwork()).isEqualTo(20 * (2048 + 3));
        assertThat(mn.stats("fwd1").bytesToApplication()).isEqualTo(20 * 2048);
        assertThat(mn.stats("worker").bytesToApplication()).isEqualTo(20 * (2048 + 3));
    }

    @Test
    void aMachineOrOneApplicationAppliesTheModulesItNames() throws Exception {
        SimulationBuilder.Built b = DnsNdlTest.build(file("[Module name='f' type='forward' mode='blocking']\n", "", " modules='f'"));
        b.simulation().run();
        assertThat(b.simulation().goalsMet()).isTrue();
        assertThat(ModNet.of(b.simulation().kernel()).stats("f").pairsStolen()).isEqualTo(1);
    }

    @Test
    void unknownNamesTypesAndParametersAreLocatedErrorsWithSuggestions() {
        assertThat(DnsNdlTest.errors(file("[Module name='fwd' type='forward']\n", " modules='fdw'", "")))
                .containsExactly("6:34 unknown module 'fdw'; did you mean 'fwd'?");
        assertThat(DnsNdlTest.errors(file("", "", " modules='x'")))
                .containsExactly("9:82 unknown module 'x'; register it first with [Module name='x' type='...']");
        assertThat(DnsNdlTest.errors(file("[Module name='fwd' type='forwad']\n", "", "")))
                .containsExactly("1:25 unknown module type 'forwad'; did you mean 'forward'?");
        assertThat(DnsNdlTest.errors(file("[Module name='fwd' type='forward' mdoe='event']\n", "", "")))
                .containsExactly("1:35 module type 'forward' has no parameter 'mdoe'; did you mean 'mode'?");
        assertThat(DnsNdlTest.errors(file("[Module name='fwd' type='forward' mode='eventful']\n", "", ""))).hasSize(1)
                .allMatch(e -> e.startsWith("1:40 ") && e.contains("eventful"));
        assertThat(DnsNdlTest.errors(file("[Module name='fwd' type='forward']\n[Module name='fwd' type='forward']\n", "", "")))
                .containsExactly("2:14 duplicate module name 'fwd' (first at line 1)");
        assertThat(DnsNdlTest.errors(file("[Module type='forward']\n", "", ""))).containsExactly("1:2 [Module] needs a 'name' argument");
        assertThat(DnsNdlTest.errors(file("[Module name='fwd' type='forward']\n", " modules='fwd,'", "")))
                .containsExactly("6:34 empty module name in 'fwd,': separate names with single commas");
    }

    @Test
    void withoutModulesNothingIsRegistered() throws Exception {
        SimulationBuilder.Built b = DnsNdlTest.build(file("", "", ""));
        b.simulation().run();
        assertThat(b.simulation().goalsMet()).isTrue();
        assertThat(ModNet.of(b.simulation().kernel()).names()).isEqualTo(List.of());
    }
}
