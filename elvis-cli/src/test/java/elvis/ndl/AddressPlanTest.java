package elvis.ndl;

import static elvis.ndl.NdlTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

import elvis.ndl.model.Ipv4;
import elvis.ndl.model.NdlSimulation;
import elvis.ndl.model.Subnet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The address plan: pools that span prefixes, subnets sized to fit, network and broadcast addresses, overlaps. */
class AddressPlanTest {

    private static String lan(String pool, long senders) {
        return """
                [Networks]
                  [Network id='lan']
                %s
                [Machines]
                  [Machine name='s' count='%d']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application name='send_message' message='hi' to='sink' port='80']
                  [Machine name='sink']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application name='capture' port='80' message_count='1' ip='%s']
                """.formatted(pool, senders, "SINK");
    }

    private static NdlSimulation valid(String text) {
        NdlResult r = parse(text);
        assertThat(r.errors()).as(r.render()).isEmpty();
        return r.simulation().orElseThrow();
    }

    private static List<String> errors(String text) {
        return parse(text).errors().stream().map(Diagnostic::message).toList();
    }

    @Test
    void aRangeAcrossThreeSlash24sIsOneSubnet() {
        NdlSimulation sim = valid(lan("    [IP range='10.0.0.1-10.0.2.250']", 700).replace("SINK", "10.0.2.250"));
        Subnet subnet = sim.networks().getFirst().subnet();
        assertThat(subnet).hasToString("10.0.0.0/22");
        Set<Ipv4> seen = new HashSet<>();
        for (long i = 1; i <= 700; i++) {
            Ipv4 a = sim.address(0, i, 0);
            assertThat(subnet.contains(a)).isTrue();
            assertThat(a).isNotEqualTo(subnet.base()).isNotEqualTo(subnet.broadcast());
            assertThat(seen.add(a)).isTrue();
        }
        assertThat(sim.address(0, 256, 0)).hasToString("10.0.1.0");   // inside a /22, x.x.1.0 is an ordinary host
    }

    @Test
    void aLoneAddressInAnotherSubnetIsOnLinkThroughARoute() {
        NdlSimulation sim = valid(lan("    [IP range='123.45.67.89-94']\n    [IP ip='192.168.1.121']", 3).replace("SINK", "192.168.1.121"));
        var net = sim.networks().getFirst();
        assertThat(net.subnet()).hasToString("123.45.67.0/24");
        assertThat(net.onLink()).extracting(Subnet::toString).containsExactly("192.168.1.121/32");
        assertThat(net.prefixFor(Ipv4.parse("192.168.1.121").orElseThrow())).isEqualTo(32);
    }

    @Test
    void withoutASubnetEntryTheSubnetGrowsToFitTheMachines() {
        NdlResult r = parse(lan("    [IP ip='123.45.67.89']", 1000).replace("SINK", "123.45.67.89"));
        assertThat(r.errors()).as(r.render()).isEmpty();
        assertThat(r.simulation().orElseThrow().networks().getFirst().subnet()).hasToString("123.45.64.0/22");
        assertThat(r.render()).contains("note: network 'lan' has no subnet entry and 1000 machines to address");
    }

    @Test
    void aGivenSubnetDoesNotGrow() {
        assertThat(errors(lan("    [IP subnet='10.0.0.0/24']", 300).replace("SINK", "10.0.0.1")))
                .containsExactly("network 'lan' has no address left for machine 's' (needs 47 more)");
    }

    @Test
    void theBroadcastAddressIsNeverHandedOutNorClaimed() {
        NdlSimulation sim = valid(lan("    [IP range='10.0.0.250-10.0.0.255']", 4).replace("SINK", "10.0.0.250"));
        for (long i = 1; i <= 4; i++) assertThat(sim.address(0, i, 0)).isNotEqualTo(Ipv4.parse("10.0.0.255").orElseThrow());
        assertThat(errors(lan("    [IP range='10.0.0.250-10.0.0.255']", 1).replace("SINK", "10.0.0.255")))
                .containsExactly("address '10.0.0.255' is the broadcast address of network 'lan' (subnet 10.0.0.0/24); a machine cannot use it");
    }

    @Test
    void twoNetworksWithTheSameSubnetAreAnError() {
        String text = """
                [Networks]
                  [Network id='a']
                    [IP range='1.2.3.4-10']
                  [Network id='b']
                    [IP range='1.2.3.4-10']
                [Machines]
                  [Machine name='x']
                    [Networks]
                      [Network id='a']
                    [Applications]
                      [Application name='capture' port='80' ip='1.2.3.4']
                  [Machine name='y']
                    [Networks]
                      [Network id='b']
                    [Applications]
                      [Application name='send_message' message='hi' to='x' port='80']
                """;
        assertThat(errors(text)).containsExactly("the addresses of network 'b' (subnet 1.2.3.0/24) overlap those of network 'a'"
                + " (line 2, subnet 1.2.3.0/24); two networks cannot share addresses: give each its own subnet");
    }
}
