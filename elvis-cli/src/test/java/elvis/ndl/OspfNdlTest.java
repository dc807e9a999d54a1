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
}
