package elvis.ndl;

import static elvis.ndl.NdlTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import elvis.Simulation;
import elvis.app.ApplicationRegistry;
import elvis.ndl.model.EventSpec;
import elvis.ndl.model.NdlSimulation;
import elvis.protocol.ipv4.Ipv4;
import elvis.routing.Prefix;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** [Events]: links and machines go down and up at their times, through the links' state, which the machines hear. */
class EventsTest {

    /** a–b on a point-to-point wire, a and two c's on a LAN, hosts h-1, h-2 on counted links to a. Lines 1-34. */
    static final String FILE = """
            [Simulation until='10s']
            [Networks]
              [Network id='wire' type='p2p']
                [IP subnet='10.0.0.0/30']
              [Network id='lan']
                [IP subnet='10.0.1.0/24']
              [Network id='access' type='p2p' count='2']
                [IP subnet='10.0.2.0/24']
            [Machines]
              [Machine name='a' router='true']
                [Networks]
                  [Network id='wire']
                  [Network id='lan']
                  [Network id='access']
                [Applications]
              [Machine name='b']
                [Networks]
                  [Network id='wire']
                [Applications]
              [Machine name='c' count='2']
                [Networks]
                  [Network id='lan']
                [Applications]
              [Machine name='h' count='2']
                [Networks]
                  [Network id='access']
                [Applications]
            [Events]
              [Event at='1s' link='wire' state='down']
              [Event at='2s' link='wire' state='up']
              [Event at='3s' machine='a' state='down']
              [Event at='4s' machine='a' state='up']
              [Event at='5s' machine='c-2' link='lan' state='down']
              [Event at='6s' link='access' state='down']
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

    private static boolean up(Simulation sim, String machine, int nic) {
        return Ipv4.of(sim.find(machine)).iface(nic).isUp();
    }

    @Test
    void eventsAreReadInFileOrder() {
        NdlSimulation sim = valid(FILE);
        assertThat(sim.events()).extracting(EventSpec::atNs).containsExactly(1_000_000_000L, 2_000_000_000L, 3_000_000_000L,
                4_000_000_000L, 5_000_000_000L, 6_000_000_000L);
        assertThat(sim.events().get(2)).extracting(EventSpec::kind, EventSpec::machine, EventSpec::networks)
                .containsExactly(EventSpec.Kind.DOWN, "a", List.of());
        assertThat(sim.events().get(4).networks()).containsExactly(1);          // lan
        assertThat(sim.events().get(5).networks()).containsExactly(2, 3);       // access-1, access-2
    }

    @Test
    void linksAndMachinesGoDownAndUpAtTheirTimesAndTheMachinesHearIt() throws Exception {
        Simulation sim = SimulationBuilder.build(valid(FILE), ApplicationRegistry.load()).simulation();
        sim.runUntil(999_999_999L);
        assertThat(up(sim, "a", 0)).isTrue();
        assertThat(up(sim, "b", 0)).isTrue();
        sim.runUntil(1_000_000_000L);                                        // the link, so both ends
        assertThat(up(sim, "a", 0)).isFalse();
        assertThat(up(sim, "b", 0)).isFalse();
        assertThat(up(sim, "a", 1)).isTrue();
        sim.runUntil(2_000_000_000L);
        assertThat(up(sim, "a", 0)).isTrue();
        assertThat(up(sim, "b", 0)).isTrue();
        sim.runUntil(3_000_000_000L);                                        // every port of a: b's carrier goes, c's LAN does not tell
        assertThat(List.of(up(sim, "a", 0), up(sim, "a", 1), up(sim, "a", 2), up(sim, "a", 3))).containsOnly(false);
        assertThat(up(sim, "b", 0)).isFalse();
        assertThat(up(sim, "h-1", 0)).isFalse();
        assertThat(up(sim, "c-1", 0)).isTrue();
        sim.runUntil(4_000_000_000L);
        assertThat(List.of(up(sim, "a", 0), up(sim, "a", 1), up(sim, "a", 2), up(sim, "b", 0), up(sim, "h-2", 0))).containsOnly(true);
        sim.runUntil(5_000_000_000L);                                        // one port of the LAN
        assertThat(up(sim, "c-2", 0)).isFalse();
        assertThat(up(sim, "c-1", 0)).isTrue();
        assertThat(up(sim, "a", 1)).isTrue();
        sim.runUntil(5_999_999_999L);
        assertThat(up(sim, "h-1", 0)).isTrue();
        sim.runUntil(6_000_000_000L);                                        // every link of a counted network
        assertThat(List.of(up(sim, "h-1", 0), up(sim, "h-2", 0), up(sim, "a", 2), up(sim, "a", 3))).containsOnly(false);
        assertThat(up(sim, "a", 0)).isTrue();
    }

    @Test
    void announcementsAreReadButNeedBgpToBeBuilt() {
        String text = FILE.replace("  [Event at='6s' link='access' state='down']\n",
                "  [Event at='6s' machine='a' announce='10.9.0.0/16']\n  [Event at='7s' machine='a' withdraw='10.9.0.0/16']\n");
        NdlSimulation sim = valid(text);
        assertThat(sim.events().get(5)).extracting(EventSpec::kind, EventSpec::machine, EventSpec::prefix)
                .containsExactly(EventSpec.Kind.ANNOUNCE, "a", Optional.of(Prefix.parse("10.9.0.0/16")));
        assertThat(sim.events().get(6).kind()).isEqualTo(EventSpec.Kind.WITHDRAW);
        assertThatThrownBy(() -> SimulationBuilder.build(sim, ApplicationRegistry.load()))
                .hasMessageContaining("'a' speaks no BGP, so it cannot announce a route");
    }

    @Test
    void mistakesAreLocated() {
        String last = "  [Event at='6s' link='access' state='down']\n";
        assertThat(errors(FILE.replace(last, "  [Event at='6s' link='acess' state='down']\n")))
                .containsExactly("34:23: unknown network 'acess'; did you mean 'access'?");
        assertThat(errors(FILE.replace(last, "  [Event at='6s' machine='c' state='down']\n")))
                .containsExactly("34:26: 'c' is 2 machines; an event names one: c-1 … c-2");
        assertThat(errors(FILE.replace(last, "  [Event at='6s' machine='b' link='lan' state='down']\n")))
                .containsExactly("34:35: machine 'b' is not on network 'lan'");
        assertThat(errors(FILE.replace(last, "  [Event at='6s' link='wire' state='off']\n")))
                .containsExactly("34:36: state must be 'down' or 'up', not 'off'");
        assertThat(errors(FILE.replace(last, "  [Event at='6s' link='wire']\n")))
                .containsExactly("34:4: [Event] needs one of state='down|up', announce='PREFIX' or withdraw='PREFIX'");
        assertThat(errors(FILE.replace(last, "  [Event at='6s' state='down']\n")))
                .containsExactly("34:18: a state event needs link='NETWORK', machine='NAME' or both");
        assertThat(errors(FILE.replace(last, "  [Event at='6s' announce='10.9.0.1/16']\n")))
                .containsExactly("34:18: a route is announced or withdrawn by a router: add machine='NAME'",
                        "34:27: '10.9.0.1/16' is not a prefix such as '10.1.2.0/24': 10.9.0.1/16 has host bits set");
        assertThat(errors(FILE.replace(last, "  [Event link='wire' state='down' at='-1s']\n")).getFirst()).startsWith("34:");
        assertThat(errors(FILE.replace(last, "  [Event at='6s' link='wire' state='up' withdraw='10.0.0.0/8']\n")))
                .containsExactly("34:41: [Event] does one thing: state, announce or withdraw");
    }
}
