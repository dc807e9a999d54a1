package elvis.ndl;

import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The routing tutorial's OSPF variants of examples/ospf.ndl do what lab 1 says. */
class OspfNdlTest {
    static String example() throws Exception { return Files.readString(Path.of("..", "examples", "ospf.ndl")); }

    @Test
    void costTwoOnTheFirstLinkGivesR1TwoEqualCostPathsToTheServersLan() throws Exception {
        String text = example()
                .replace("[Application name='ospf' router_id='1.1.1.1' passive='eth0']", "[Application name='ospf' router_id='1.1.1.1' passive='eth0' cost='eth1:2']")
                .replace("[Application name='ospf' router_id='2.2.2.2']", "[Application name='ospf' router_id='2.2.2.2' cost='eth0:2']")
                .replace(" down='60s'", "");
        SimulationBuilder.Built b = DnsNdlTest.build(text);
        b.simulation().runUntil(50_000_000_000L);
        Machine r1 = b.simulation().find("r1");
        List<String> toServer = Ipv4.of(r1).routes().stream().filter(r -> r.origin() == Origin.OSPF && r.length() == 24 && r.prefix() == elvis.protocol.ipv4.Ipv4Address.parse("10.3.0.0"))
                .map(Route::toString).sorted().toList();
        assertThat(toServer).containsExactly("10.3.0.0/24 via 10.0.12.2 (ospf metric 4)", "10.3.0.0/24 via 10.0.51.1 (ospf metric 4)");
    }

    @Test
    void onALanOnlyThePingSentAtTheFailureIsLost() throws Exception {
        String text = example()
                .replace("[Network id='r1-r2' type='p2p' latency='5ms']", "[Network id='r1-r2' latency='5ms']")
                .replace("[Network id='r1-r2' ip='10.0.12.1' down='60s']", "[Network id='r1-r2' ip='10.0.12.1']")
                .replace("[Network id='r1-r2' ip='10.0.12.2']", "[Network id='r1-r2' ip='10.0.12.2' down='60s']");
        SimulationBuilder.Built b = DnsNdlTest.build(text);
        b.simulation().runUntil(150_000_000_000L);          // the file's until: hellos never stop
        String summary = b.simulation().find("client").applications().get(0).summary();
        assertThat(summary).startsWith("140 transmitted, 118 received");   // the 21 before convergence, and ping 61
    }

    /** redistribute, external_metric and metric_type make an AS boundary router; bad values are errors at their line. */
    @Test
    void redistributionArgumentsAndTheirErrors() throws Exception {
        String net = """
                [Networks]
                  [Network id='lan' latency='1ms']
                    [IP subnet='10.0.0.0/24']
                [Machines]
                  [Machine name='r' router='true']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                """;
        elvis.routing.ospf.OspfConfig c = ((elvis.routing.ospf.Ospf) DnsNdlTest.build(net + "      [Application name='ospf' redistribute='static, bgp' external_metric='50' metric_type='1']\n")
                .simulation().find("r").applications().getFirst()).config();
        assertThat(c.redistribute()).containsExactly("bgp", "static");
        assertThat(c.externalMetric()).isEqualTo(50);
        assertThat(c.externalType2()).isFalse();
        elvis.routing.ospf.OspfConfig d = ((elvis.routing.ospf.Ospf) DnsNdlTest.build(net + "      [Application name='ospf']\n")
                .simulation().find("r").applications().getFirst()).config();
        assertThat(List.of(d.redistribute().isEmpty(), d.externalMetric(), d.externalType2())).containsExactly(true, 20, true);
        assertThat(DnsNdlTest.errors(net + "      [Application name='ospf' redistribute='ospf']\n")).singleElement().asString().startsWith("9:")
                .contains("cannot redistribute 'ospf'");
        assertThat(DnsNdlTest.errors(net + "      [Application name='ospf' metric_type='3']\n")).singleElement().asString().startsWith("9:").contains("metric_type");
        assertThat(DnsNdlTest.errors(net + "      [Application name='ospf' external_metric='16777215']\n")).singleElement().asString().startsWith("9:")
                .contains("external_metric");
    }
}
