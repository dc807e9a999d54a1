package elvis.ndl;

import static elvis.ndl.NdlTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

import elvis.app.ApplicationRegistry;
import elvis.config.Intervals;
import elvis.config.Intervals.Interval;
import elvis.link.Discipline;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.ndl.model.NdlSimulation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queue discipline, per-direction links and down intervals in NDL: the model, the build, and located errors. */
class LinkAttributesTest {

    /** A p2p access link: 4 Mbit/s towards home, 256 kbit/s towards the ISP. Lines 1-12. */
    static final String ADSL = """
            [Networks]
              [Network id='adsl' type='p2p' bandwidth='256kbps' latency='10ms' queue='20' qdisc='prio' down='2s-5s, 8s']
                [IP subnet='10.0.0.0/30']
            [Machines]
              [Machine name='home']
                [Networks]
                  [Network id='adsl' bandwidth='4Mbps' down='1s-1500ms']
                [Applications]
              [Machine name='isp']
                [Networks]
                  [Network id='adsl']
                [Applications]
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
        assertThat(ADSL).contains(from);
        return ADSL.replace(from, to);
    }

    @Test
    void theNetworkAndAMachinesEntryEachDescribeTheirDirection() {
        NdlSimulation sim = valid(ADSL);
        LinkConfig net = sim.networks().getFirst().link().config();
        assertThat(net.bandwidthBps()).isEqualTo(256_000);
        assertThat(net.values().get(LinkConfig.QDISC)).isEqualTo("prio");
        assertThat(net.values().get(LinkConfig.BANDS)).isEqualTo(3);
        assertThat(net.discipline()).isEqualTo(new Discipline.Prio(3));
        assertThat(net.down().list()).containsExactly(new Interval(2_000_000_000L, 5_000_000_000L),
                new Interval(8_000_000_000L, Intervals.FOREVER));
        LinkConfig home = sim.machines().get(0).networks().getFirst().port().orElseThrow();
        assertThat(home.bandwidthBps()).isEqualTo(4_000_000);
        assertThat(home.delayNs()).isEqualTo(10_000_000);        // the rest is the network's
        assertThat(home.queuePackets()).isEqualTo(20);
        assertThat(home.discipline()).isEqualTo(new Discipline.Prio(3));
        assertThat(home.down().list()).containsExactly(new Interval(1_000_000_000L, 1_500_000_000L));
        assertThat(sim.machines().get(1).networks().getFirst().port()).isEmpty();
    }

    @Test
    void theBuiltLinkHasOneConfigurationPerDirection() throws Exception {
        var built = SimulationBuilder.build(valid(ADSL), ApplicationRegistry.load());
        Network adsl = built.networks().getFirst();
        int home = built.simulation().machines().get(0).nic(0).port();
        int isp = built.simulation().machines().get(1).nic(0).port();
        assertThat(adsl.config(home).bandwidthBps()).isEqualTo(4_000_000);
        assertThat(adsl.config(isp).bandwidthBps()).isEqualTo(256_000);
        assertThat(adsl.config(isp).discipline()).isEqualTo(new Discipline.Prio(3));
        var sim = built.simulation();
        sim.kernel().runUntil(1_200_000_000L);
        assertThat(adsl.isUp()).isTrue();
        assertThat(adsl.isPortUp(home)).isFalse();
        sim.kernel().runUntil(3_000_000_000L);
        assertThat(adsl.isPortUp(home)).isTrue();
        assertThat(adsl.isUp()).isFalse();
        sim.kernel().runUntil(6_000_000_000L);
        assertThat(adsl.isUp()).isTrue();
    }

    @Test
    void bandsChoosesHowManyPrioBandsAndOnlyWithPrio() {
        assertThat(valid(edit("qdisc='prio'", "qdisc='prio' bands='8'")).networks().getFirst().link().config().discipline())
                .isEqualTo(new Discipline.Prio(8));
        assertThat(errors(edit("qdisc='prio'", "bands='4'"))).containsExactly("2:79: 'bands' applies only to qdisc='prio'");
        assertThat(errors(edit("qdisc='prio'", "qdisc='prio' bands='17'"))).containsExactly("2:98: bands must be between 2 and 16, got '17'");
    }

    @Test
    void aMisspelledQdiscGetsTheNearestChoice() {
        assertThat(errors(edit("qdisc='prio'", "qdisc='pri'"))).containsExactly(
                "2:85: qdisc must be 'fifo' or 'prio' or 'red' or 'gred' or 'codel' or 'pie', got 'pri'; did you mean 'prio'?");
    }

    @Test
    void aqmQdiscsTakeTheirParametersAsAttributes() {
        assertThat(valid(edit("qdisc='prio'", "qdisc='red' red_min_th='30' red_max_th='80' red_max_p='0.05' ecn='true'"))
                .networks().getFirst().link().config().discipline())
                .isEqualTo(new Discipline.Managed(new elvis.dummynet.aqm.Red(0.002, 30, 80, 0.05, false, true, false)));
        assertThat(valid(edit("qdisc='prio'", "qdisc='gred'")).networks().getFirst().link().config().discipline())
                .isEqualTo(new Discipline.Managed(new elvis.dummynet.aqm.Red(0.002, 5, 15, 0.1, true, false, false)));
        assertThat(valid(edit("qdisc='prio'", "qdisc='codel' codel_target='10ms'")).networks().getFirst().link().config().discipline())
                .isEqualTo(new Discipline.Managed(new elvis.dummynet.aqm.CoDel(10_000_000, 100_000_000, false)));
        assertThat(valid(edit("qdisc='prio'", "qdisc='pie' pie_delay='ts'")).networks().getFirst().link().config().discipline())
                .isEqualTo(new Discipline.Managed(new elvis.dummynet.aqm.Pie(15_000_000, 15_000_000, 0.125, 1.25, 150_000_000, 0.1,
                        false, true, true, true)));
    }

    @Test
    void badAqmParametersGiveLocatedErrors() {
        assertThat(errors(edit("qdisc='prio'", "qdisc='red' red_min_th='90' red_max_th='80'"))).containsExactly(
                "2:85: RED min_th (90.0) must be below max_th (80.0)");
        assertThat(errors(edit("qdisc='prio'", "qdisc='red' red_max_p='1.5'"))).containsExactly(
                "2:101: red_max_p must be between 0% and 100%, got '1.5'; write '1.5%' for a percentage");
        assertThat(errors(edit("qdisc='prio'", "qdisc='codel' codel_target='-5ms'"))).hasSize(1).first().asString()
                .isEqualTo("2:106: codel_target must not be negative, got '-5ms'");
        assertThat(errors(edit("qdisc='prio'", "qdisc='codel' red_max_p='0.1'"))).containsExactly(
                "2:93: 'red_max_p' applies only to qdisc='red' or 'gred'");
        assertThat(errors(edit("qdisc='prio'", "qdisc='prio' ecn='true'"))).containsExactly(
                "2:92: 'ecn' applies only to qdisc='red', 'gred', 'codel' or 'pie'");
    }

    @Test
    void downIntervalsMustBeOrderedAndWellFormed() {
        assertThat(errors(edit("down='2s-5s, 8s'", "down='5s-2s'"))).containsExactly(
                "2:97: down interval '5s-2s' must end after it starts");
        assertThat(errors(edit("down='2s-5s, 8s'", "down='2s-5s, 4s-6s'"))).containsExactly(
                "2:97: down interval '4s-6s' must start after the previous one ends (intervals in time order)");
        assertThat(errors(edit("down='2s-5s, 8s'", "down='8s, 9s-10s'"))).containsExactly(
                "2:97: down interval '8s' has no end, so it must be the last");
        assertThat(errors(edit("down='2s-5s, 8s'", "down='2x-5s'"))).hasSize(1).first().asString().startsWith("2:97: ");
    }

    @Test
    void theWholeNetworksPropertiesCannotBeSetPerMachine() {
        assertThat(errors(edit("[Network id='adsl' bandwidth='4Mbps'", "[Network id='adsl' mtu='9000' bandwidth='4Mbps'"))).containsExactly(
                "7:26: 'mtu' is a property of the whole network: set it on the top-level [Network]");
        // The port's keys are LinkConfig.PORT: fcs is a link attribute, but the whole network's.
        assertThat(errors(edit("[Network id='adsl' bandwidth='4Mbps'", "[Network id='adsl' fcs='false' bandwidth='4Mbps'"))).containsExactly(
                "7:26: 'fcs' is a property of the whole network: set it on the top-level [Network]");
        // A port is checked by the same code as the network: bands with the port's own fifo is refused.
        assertThat(errors(edit("bandwidth='4Mbps'", "bandwidth='4Mbps' qdisc='fifo' bands='4'"))).containsExactly(
                "7:57: 'bands' applies only to qdisc='prio'");
        assertThat(errors(edit("[Network id='adsl' bandwidth='4Mbps'", "[Network id='adsl' bandwith='4Mbps'"))).containsExactly(
                "7:26: unknown attribute 'bandwith' for [Network]; did you mean 'bandwidth'?");
    }
}
