package elvis.protocol.ipv4;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.udp.Udp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What routing protocols rest on: link-local multicast, sending out of one interface, link state and route events. */
class RoutingSupportTest {
    private static int ip(String s) { return Ipv4Address.parse(s); }

    @Test
    void aGroupReachesOnlyTheInterfacesThatJoinedIt() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(1_000));
        Machine a = sim.machine("a"), b = sim.machine("b"), c = sim.machine("c");
        Ipv4Interface aIf = sim.connect(a, lan, "10.0.0.1/24");
        Ipv4Interface bIf = sim.connect(b, lan, "10.0.0.2/24");
        sim.connect(c, lan, "10.0.0.3/24");
        CountDatagrams atB = new CountDatagrams(9, 0, null), atC = new CountDatagrams(9, 0, null);
        b.addApplication(atB);
        c.addApplication(atC);
        assertThat(bIf.joinGroup(ip("224.0.0.9"))).isTrue();
        assertThat(bIf.joinGroup(ip("224.0.0.9"))).as("already joined").isFalse();
        sim.kernel().at(0, () -> assertThat(Udp.of(a).bind(520, null, (d, s, p) -> { })
                .sendVia(aIf, ip("224.0.0.9"), 9, Message.ofUtf8("hello"), 1)).isTrue());
        sim.run();
        assertThat(atB.received()).isEqualTo(1);
        assertThat(atC.received()).isZero();
        assertThat(bIf.inGroup(ip("224.0.0.9"))).isTrue();
        assertThat(Ipv4Address.multicastMac(ip("224.0.0.9"))).isEqualTo(0x01005E000009L);
    }

    @Test
    void aPointToPointLinkGoingDownTakesItsRoutesAwayAtBothEndsAndBringsStaticOnesBack() {
        Simulation sim = new Simulation(1);
        Network p2p = sim.link("ab", LinkConfig.UNLIMITED.withDelay(1_000), Simulation.Resolution.NONE);
        Machine a = sim.machine("a"), b = sim.machine("b");
        Ipv4Interface aIf = sim.connect(a, p2p, "10.1.0.1/30"), bIf = sim.connect(b, p2p, "10.1.0.2/30");
        Ipv4 ipv4 = Ipv4.of(a);
        ipv4.addRoute(ip("10.9.0.0"), 16, ip("10.1.0.2"));
        List<String> heard = new ArrayList<>();
        ipv4.addInterfaceListener((iface, up) -> heard.add(iface.device().name() + (up ? " up" : " down")));
        Ipv4.of(b).addInterfaceListener((iface, up) -> heard.add(iface.device().name() + (up ? " up" : " down")));
        ipv4.addRouteListener((r, added) -> heard.add((added ? "+" : "-") + r));
        p2p.setPortUp(bIf.device().port(), false);
        assertThat(aIf.isUp()).as("the far end's port went down: carrier lost").isFalse();
        assertThat(ipv4.routes()).isEmpty();
        assertThat(ipv4.lookup(ip("10.9.1.1"))).isNull();
        p2p.setPortUp(bIf.device().port(), true);
        assertThat(aIf.isUp()).isTrue();
        assertThat(ipv4.routes()).extracting(Route::toString).containsExactly("10.1.0.0/30 on link (connected)", "10.9.0.0/16 via 10.1.0.2 (static)");
        // The port that changed hears first, then the far end; each end's routes follow before its listeners hear.
        assertThat(heard).containsExactly("b/eth0 down", "-10.1.0.0/30 on link (connected)", "-10.9.0.0/16 via 10.1.0.2 (static)",
                "a/eth0 down", "b/eth0 up", "+10.1.0.0/30 on link (connected)", "+10.9.0.0/16 via 10.1.0.2 (static)", "a/eth0 up");
    }

    @Test
    void setRoutesChangesOnlyWhatDiffersAndPrefersTheLowerMetricWithinAnOrigin() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED);
        Machine a = sim.machine("a");
        Ipv4Interface aIf = sim.connect(a, lan, "10.0.0.1/24");
        Ipv4 ipv4 = Ipv4.of(a);
        List<String> heard = new ArrayList<>();
        ipv4.addRouteListener((r, added) -> heard.add((added ? "+" : "-") + r));
        int p = ip("10.5.0.0");
        Route via2 = new Route(p, 16, ip("10.0.0.2"), aIf, Origin.RIP, 3), via3 = new Route(p, 16, ip("10.0.0.3"), aIf, Origin.RIP, 2);
        ipv4.setRoutes(p, 16, Origin.RIP, List.of(via2));
        ipv4.setRoutes(p, 16, Origin.RIP, List.of(via2, via3));
        assertThat(ipv4.lookup(ip("10.5.1.1"))).as("the lower metric first").isEqualTo(via3);
        ipv4.addRoute(new Route(p, 16, ip("10.0.0.4"), aIf, Origin.OSPF, 50));
        assertThat(ipv4.lookup(ip("10.5.1.1")).origin()).as("OSPF's distance 110 beats RIP's 120").isEqualTo(Origin.OSPF);
        ipv4.setRoutes(p, 16, Origin.RIP, List.of());
        assertThat(ipv4.removeRoutes(Origin.OSPF)).isEqualTo(1);
        assertThat(heard).containsExactly("+" + via2, "+" + via3, "+10.5.0.0/16 via 10.0.0.4 (ospf metric 50)", "-" + via3, "-" + via2,
                "-10.5.0.0/16 via 10.0.0.4 (ospf metric 50)");
        assertThat(ipv4.routes()).extracting(Route::origin).containsExactly(Origin.CONNECTED);
    }

    @Test
    void aGroupSentThroughTheDefaultRouteGoesToTheGroupNotToTheGateway() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(1_000));
        Machine a = sim.machine("a"), b = sim.machine("b"), gw = sim.machine("gw");
        sim.connect(a, lan, "10.0.0.1/24");
        Ipv4Interface bIf = sim.connect(b, lan, "10.0.0.2/24");
        sim.connect(gw, lan, "10.0.0.254/24");
        Ipv4.of(a).addRoute(0, 0, ip("10.0.0.254"));
        CountDatagrams atB = new CountDatagrams(9, 0, null);
        b.addApplication(atB);
        bIf.joinGroup(ip("239.1.2.3"));
        sim.kernel().at(0, () -> Udp.of(a).bind(0, null, (d, s, p) -> { }).sendTo(ip("239.1.2.3"), 9, Message.ofUtf8("x")));
        sim.run();
        assertThat(atB.received()).isEqualTo(1);
        assertThat(gw.drops(Ipv4Drop.NOT_FOR_US) + gw.drops(Ipv4Drop.MULTICAST_NOT_JOINED)).as("the gateway never saw it").isZero();
    }

    @Test
    void aRouteKeepsItsLengthAndMetricAndRefusesAMetricOutOfRange() {
        Route r = new Route(ip("10.0.0.0"), 32, ip("10.0.0.9"), null, Origin.OSPF, Route.MAX_METRIC);
        assertThat(r.length()).isEqualTo(32);
        assertThat(r.metric()).isEqualTo(0xFFFFFF);
        assertThat(r).isEqualTo(new Route(ip("10.0.0.0"), 32, ip("10.0.0.9"), null, Origin.OSPF, Route.MAX_METRIC))
                .isNotEqualTo(new Route(ip("10.0.0.0"), 32, ip("10.0.0.9"), null, Origin.OSPF, 7))
                .isNotEqualTo(new Route(ip("10.0.0.0"), 31, ip("10.0.0.9"), null, Origin.OSPF, Route.MAX_METRIC));
        assertThat(new Route(0, 0, 0, null, Origin.STATIC).metric()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Route(0, 0, 0, null, Origin.RIP, -1)).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Route(0, 0, 0, null, Origin.RIP, Route.MAX_METRIC + 1))
                .hasMessageContaining("metric");
    }
}
