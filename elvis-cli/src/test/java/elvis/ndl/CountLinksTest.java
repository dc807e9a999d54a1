package elvis.ndl;

import static elvis.ndl.NdlTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

import elvis.app.ApplicationRegistry;
import elvis.ndl.model.NdlSimulation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** [Network count='N']: N point-to-point access links in one section, one per machine of a counted group. */
class CountLinksTest {

    /** Four hosts, each on its own link to one router. Lines 1-15. */
    static final String STAR = """
            [Networks]
              [Network id='access' type='p2p' count='4' bandwidth='10Mbps' latency='1ms']
                [IP subnet='10.1.0.0/24']
            [Machines]
              [Machine name='hub' router='true']
                [Networks]
                  [Network id='access']
                [Applications]
              [Machine name='host' count='4']
                [Networks]
                  [Network id='access']
                [Routes]
                  [Route to='10.1.0.0/16' via='10.1.0.1']
                [Applications]
                  [Application name='send_message' message='hi' to='10.1.0.2' port='7']
            """;

    private static NdlSimulation valid(String text) {
        NdlResult r = parse(text);
        assertThat(r.render()).isEmpty();
        return r.simulation().orElseThrow();
    }

    private static List<String> errors(String text) {
        NdlResult r = parse(text);
        assertThat(r.ok()).isFalse();
        return r.errors().stream().map(d -> d.pos().line() + ":" + d.pos().col() + ": " + d.message()).toList();
    }

    private static String edit(String from, String to) {
        assertThat(STAR).contains(from);
        return STAR.replace(from, to);
    }

    @Test
    void eachLinkIsANetworkOnItsOwnSlash30WithTheHubOnEveryOneAndOneHostEach() {
        NdlSimulation sim = valid(STAR);
        assertThat(sim.networks()).extracting(n -> n.id() + " " + n.subnet())
                .containsExactly("access-1 10.1.0.0/30", "access-2 10.1.0.4/30", "access-3 10.1.0.8/30", "access-4 10.1.0.12/30");
        assertThat(sim.networks()).allMatch(n -> n.link().config().bandwidthBps() == 10_000_000);
        assertThat(sim.machines().getFirst().networks()).hasSize(4);
        for (int link = 0; link < 4; link++) {
            assertThat(sim.address(0, 1, link)).hasToString("10.1.0." + (4 * link + 1));      // the hub, first in the file
            assertThat(sim.address(1, link + 1, 0)).hasToString("10.1.0." + (4 * link + 2));  // host-(link+1)
        }
    }

    @Test
    void aBuiltStarDeliversOverEachHostsOwnLinkAndRoutesFollowTheLink() throws Exception {
        var built = SimulationBuilder.build(valid(STAR), ApplicationRegistry.load());
        var sim = built.simulation();
        sim.run();
        // Hosts 2..4 send to host-1 through the hub, each with its gateway on its own link, and host-1's port
        // unreachable comes back the same way; host-1 sends to itself.
        assertThat(built.networks()).extracting(n -> n.name()).containsExactly("access-1", "access-2", "access-3", "access-4");
        for (int k = 1; k < 4; k++) assertThat(built.networks().get(k).stats().delivered()).as("access-" + (k + 1)).isEqualTo(2);
        assertThat(built.networks().getFirst().stats().delivered()).isEqualTo(6);
    }

    @Test
    void mistakesAreLocated() {
        assertThat(errors(edit(" type='p2p' count='4'", " count='4'")))
                .containsExactly("2:24: count='4' makes point-to-point links: add type='p2p' to network 'access'");
        assertThat(errors(edit("/24']", "/29']")))
                .containsExactly("3:16: subnet 10.1.0.0/29 holds 2 /30 links, not 4; e.g. [IP subnet='10.1.0.0/28']");
        assertThat(errors(edit("/24']", "/24']\n    [IP ip='10.2.0.1']")))
                .containsExactly("2:35: network 'access' with count takes exactly one [IP subnet='...'] entry, cut into one /30 per link");
        assertThat(errors(edit("name='host' count='4'", "name='host' count='3'")))
                .containsExactly("11:19: network 'access' is 4 point-to-point links: a machine on it is one machine (on every link) "
                        + "or a group of count='4' (one link each), but 'host' has count 3");
        assertThat(errors(edit("      [Network id='access']\n    [Applications]", "      [Network id='access' ip='10.1.0.1']\n    [Applications]")))
                .containsExactly("7:28: 'ip' cannot be set on network 'access', which is 4 links: each link's two addresses come from its /30");
        assertThat(errors(edit("[Machines]", "  [Network id='access-2']\n    [IP subnet='10.9.0.0/24']\n[Machines]")).getFirst())
                .isEqualTo("4:15: duplicate network id 'access-2' (first defined at line 2)");
        assertThat(errors(edit("count='4' bandwidth", "count='0' bandwidth")))
                .containsExactly("2:41: count must be between 1 and 1,048,576, got '0'");
    }
}
