package elvis.ndl;

import elvis.routing.PathStretch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path stretch on a triangle whose static routes are known: r1 sends to b's LAN the long way (via r2),
 * r3 sends to a's LAN straight over r1-r3. a to b crosses 4 links against 3, b to a 3 against 3.
 * When r1-r2 goes down, r1's route through it leaves the table: a to b is unreachable though the
 * direct link still joins them.
 */
class PathStretchNdlTest {
    static final String NDL = """
            [Simulation seed='1' until='2s']
            [Networks]
              [Network id='lan-a']
                [IP subnet='10.1.0.0/24']
              [Network id='lan-b']
                [IP subnet='10.3.0.0/24']
              [Network id='r1-r2' type='p2p']
                [IP subnet='10.0.12.0/30']
              [Network id='r2-r3' type='p2p']
                [IP subnet='10.0.23.0/30']
              [Network id='r1-r3' type='p2p']
                [IP subnet='10.0.13.0/30']
            [Machines]
              [Machine name='a']
                [Networks]
                  [Network id='lan-a' ip='10.1.0.10']
                [Routes]
                  [Route to='default' via='10.1.0.1']
                [Applications]
              [Machine name='b']
                [Networks]
                  [Network id='lan-b' ip='10.3.0.10']
                [Routes]
                  [Route to='default' via='10.3.0.1']
                [Applications]
              [Machine name='r1' router='true']
                [Networks]
                  [Network id='lan-a' ip='10.1.0.1']
                  [Network id='r1-r2' ip='10.0.12.1']
                  [Network id='r1-r3' ip='10.0.13.1']
                [Routes]
                  [Route to='10.3.0.0/24' via='10.0.12.2']
                [Applications]
              [Machine name='r2' router='true']
                [Networks]
                  [Network id='r1-r2' ip='10.0.12.2']
                  [Network id='r2-r3' ip='10.0.23.1']
                [Routes]
                  [Route to='10.3.0.0/24' via='10.0.23.2']
                [Applications]
              [Machine name='r3' router='true']
                [Networks]
                  [Network id='lan-b' ip='10.3.0.1']
                  [Network id='r2-r3' ip='10.0.23.2']
                  [Network id='r1-r3' ip='10.0.13.2']
                [Routes]
                  [Route to='10.1.0.0/24' via='10.0.13.1']
                [Applications]
            """;

    @Test
    void theLongWayRoundIsAStretchOfFourThirds() throws Exception {
        SimulationBuilder.Built b = DnsNdlTest.build(NDL);
        b.simulation().runUntil(2_000_000_000L);
        PathStretch.Result r = PathStretch.measure(b.simulation().machines(), 64);
        assertThat(r.endpoints()).isEqualTo("hosts");
        assertThat(r.pairs()).isEqualTo(2);
        assertThat(r.unreachable()).isZero();
        assertThat(r.max()).isEqualTo(4.0 / 3);
        assertThat(r.mean()).isEqualTo((4.0 / 3 + 1) / 2);
    }

    @Test
    void aFailedLinkLeavesAnUnreachablePairAndAPartitionIsNotCounted() throws Exception {
        SimulationBuilder.Built b = DnsNdlTest.build(NDL + "[Events]\n  [Event at='1s' link='r1-r2' state='down']\n");
        b.simulation().runUntil(2_000_000_000L);
        PathStretch.Result r = PathStretch.measure(b.simulation().machines(), 64);
        assertThat(r.pairs()).isEqualTo(2);
        assertThat(r.unreachable()).as("a to b: r1's only route to lan-b went with r1-r2").isEqualTo(1);
        assertThat(r.mean()).isEqualTo(1.0);
        SimulationBuilder.Built cut = DnsNdlTest.build(NDL + "[Events]\n  [Event at='1s' link='r1-r3' state='down']\n"
                + "  [Event at='1s' link='r2-r3' state='down']\n");
        cut.simulation().runUntil(2_000_000_000L);
        PathStretch.Result c = PathStretch.measure(cut.simulation().machines(), 64);
        assertThat(c.pairs()).isZero();
        assertThat(c.disconnected()).isEqualTo(2);
    }

    @Test
    void withoutHostsRoutersAreTheEndpoints() throws Exception {
        String routersOnly = NDL.replaceAll("(?s)  \\[Machine name='a'].*?(?=  \\[Machine name='r1')", "");
        SimulationBuilder.Built b = DnsNdlTest.build(routersOnly);
        b.simulation().runUntil(2_000_000_000L);
        PathStretch.Result r = PathStretch.measure(b.simulation().machines(), 64);
        assertThat(r.endpoints()).isEqualTo("routers");
        // Six ordered pairs to each router's first address (r1 10.1.0.1, r2 10.0.12.2, r3 10.3.0.1), each router one
        // link from the others. r1 to r2, r2 to r3 and r3 to r1: one hop. r1 to r3: its static route goes via r2,
        // two hops (stretch 2). r2 to r1 and r3 to r2: no route, unreachable.
        assertThat(r.pairs()).isEqualTo(6);
        assertThat(r.unreachable()).isEqualTo(2);
        assertThat(r.max()).isEqualTo(2.0);
        assertThat(r.mean()).isEqualTo(1.25);
    }
}
