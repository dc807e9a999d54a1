package elvis.cli;

import elvis.app.ApplicationRegistry;
import elvis.dummynet.Dummynet;
import elvis.dummynet.IpfwConfig;
import elvis.message.Message;
import elvis.ndl.Ndl;
import elvis.ndl.NdlResult;
import elvis.ndl.SimulationBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The run report prints a pipe show-like table and holds the counters in its JSON when dummynet objects exist (R-DN-12). */
class DummynetReportTest {
    static final String NDL = """
            [Networks]
              [Network id='1']
                [IP subnet='10.0.0.0/24']
            [Machines]
              [Machine name='a']
                [Networks]
                  [Network id='1']
                [Applications]
                  [Application name='tcp_sink' port='80' bytes='1KB']
            """;

    @Test
    void runReportShowsPipesAndTheirCounters() throws Exception {
        NdlResult r = Ndl.parse("t.ndl", NDL, ApplicationRegistry.load());
        var built = SimulationBuilder.build(r.simulation().orElseThrow(), ApplicationRegistry.load());
        Dummynet dn = Dummynet.of(built.simulation().kernel());
        IpfwConfig.apply(dn, "pipe 1 config bw 1Mbit/s delay 20ms", "t.ipfw", 1, IpfwConfig.Extensions.NONE);
        byte[] packet = new byte[1500];
        packet[0] = 0x45;
        for (int i = 0; i < 3; i++) dn.divert(dn.pipe("1"), Message.wrap(packet), 0, 0, (p, meta) -> { });
        built.simulation().kernel().run();
        RunReport report = RunReport.of("t.ndl", built, 0, List.of(), false);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        report.print(new PrintStream(text, true));
        assertThat(text.toString()).contains("pipe 1: 1Mbps 20ms").contains("total (1 live)");
        @SuppressWarnings("unchecked") var pipes = (List<Map<String, Object>>) ((Map<String, Object>) report.json().get("dummynet")).get("pipes");
        @SuppressWarnings("unchecked") var totals = (Map<String, Object>) pipes.getFirst().get("totals");
        assertThat(totals).containsEntry("packets_in", 3L).containsEntry("packets_out", 3L).containsEntry("bytes_out", 4500L);
    }

    @Test
    void aRunWithoutDummynetHasNoSection() throws Exception {
        NdlResult r = Ndl.parse("t.ndl", NDL, ApplicationRegistry.load());
        var built = SimulationBuilder.build(r.simulation().orElseThrow(), ApplicationRegistry.load());
        built.simulation().kernel().run();
        assertThat(RunReport.of("t.ndl", built, 0, List.of(), false).json()).doesNotContainKey("dummynet");
    }
}
