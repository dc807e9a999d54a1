package elvis.protocol.ipv4;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Route changes in a running simulation: the next packet takes the new way, on the send path and when forwarded. */
class Ipv4RoutingTest {
    static final long MS = 1_000_000;

    static int ip(String s) { return Ipv4Address.parse(s); }

    /** Two LANs joined by two routers: a (10.0.1.10) and r1, r2 (.1, .2) on the left; b (10.0.2.10) and r1, r2 on the right. */
    private record Net(Simulation sim, Machine a, Machine b, Machine r1, Machine r2, Ipv4Interface r1Right, Ipv4Interface r2Left, Ipv4Interface r1Left, Ipv4Interface r2Right, Ipv4Interface bNic,
                       Network left, Network right) {
        static Net build() {
            Simulation sim = new Simulation(1);
            Network left = sim.network("left", LinkConfig.UNLIMITED.withDelay(10_000));
            Network right = sim.network("right", LinkConfig.UNLIMITED.withDelay(10_000));
            Machine a = sim.machine("a"), b = sim.machine("b"), r1 = sim.machine("r1"), r2 = sim.machine("r2");
            sim.connect(a, left, "10.0.1.10/24");
            Ipv4Interface r1Left = sim.connect(r1, left, "10.0.1.1/24"), r2Left = sim.connect(r2, left, "10.0.1.2/24");
            Ipv4Interface bNic = sim.connect(b, right, "10.0.2.10/24");
            Ipv4Interface r1Right = sim.connect(r1, right, "10.0.2.1/24"), r2Right = sim.connect(r2, right, "10.0.2.2/24");
            sim.router(r1);
            sim.router(r2);
            sim.route(a, "default", "10.0.1.1");
            sim.route(b, "default", "10.0.2.1");
            return new Net(sim, a, b, r1, r2, r1Right, r2Left, r1Left, r2Right, bNic, left, right);
        }
    }

    /** The destination MACs of the IPv4 frames sent from {@code port} of {@code network}. */
    private static List<Long> ipv4FramesFrom(Network network, int port) {
        List<Long> to = new ArrayList<>();
        network.addTap(new FrameTap() {
            @Override public void sent(Network n, int fromPort, Message f) {
                if (fromPort == port && f.u16(12) == 0x0800) to.add((long) f.u16(0) << 32 | (f.i32(2) & 0xFFFFFFFFL));
            }
        });
        return to;
    }

    @Test
    void aRouteAddedOrRemovedBetweenTwoPacketsChangesTheNextPacketsWayOnTheSendPath() {
        Net n = Net.build();
        Ipv4Interface aNic = Ipv4.of(n.a()).iface(0);
        List<Long> fromA = ipv4FramesFrom(n.left(), aNic.device().port());
        CountDatagrams atB = new CountDatagrams(9, 3, Message.ofUtf8("x"));
        n.b().addApplication(atB);
        n.a().addApplication(new SendDatagrams(ip("10.0.2.10"), 9, Message.ofUtf8("x"), 3, MS, 0));
        n.sim().kernel().at(MS / 2, () -> Ipv4.of(n.a()).addRoute(ip("10.0.2.10"), 32, ip("10.0.1.2")));
        n.sim().kernel().at(3 * MS / 2, () -> assertThat(Ipv4.of(n.a()).removeRoute(ip("10.0.2.10"), 32, ip("10.0.1.2"))).isTrue());
        n.sim().run();
        assertThat(atB.received()).isEqualTo(3);
        assertThat(fromA).containsExactly(n.r1Left().device().mac(), n.r2Left().device().mac(), n.r1Left().device().mac());
    }

    @Test
    void aRouteAddedOrRemovedBetweenTwoPacketsChangesTheWayTheyAreForwarded() {
        Net n = Net.build();
        List<Long> fromR1 = ipv4FramesFrom(n.right(), n.r1Right().device().port());
        CountDatagrams atB = new CountDatagrams(9, 4, Message.ofUtf8("x"));
        n.b().addApplication(atB);
        n.a().addApplication(new SendDatagrams(ip("10.0.2.10"), 9, Message.ofUtf8("x"), 4, MS, 0));
        Ipv4 r1 = Ipv4.of(n.r1());
        n.sim().kernel().at(MS / 2, () -> r1.addRoute(ip("10.0.2.10"), 32, ip("10.0.2.2")));        // through r2
        n.sim().kernel().at(3 * MS / 2, () -> r1.replaceRoute(ip("10.0.2.10"), 32, ip("10.0.2.10")));  // straight again, as a static route
        n.sim().kernel().at(5 * MS / 2, () -> {
            assertThat(r1.removeRoute(ip("10.0.2.10"), 32, ip("10.0.2.2"))).isFalse();               // replaced already
            assertThat(r1.removeRoute(ip("10.0.2.10"), 32, ip("10.0.2.10"))).isTrue();
            r1.addRoute(ip("10.0.2.0"), 24, ip("10.0.2.2"));           // beats the connected route at the same prefix
        });
        n.sim().run();
        assertThat(atB.received()).isEqualTo(4);
        long b = n.bNic().device().mac(), r2 = n.r2Right().device().mac();
        // r2 also sends on the right LAN, but fromR1 only counts r1's frames: b, then r2, then b, then r2.
        assertThat(fromR1).containsExactly(b, r2, b, r2);
        assertThat(n.r1().totalDrops() + n.r2().totalDrops() + n.b().totalDrops()).isZero();
    }

    @Test
    void routesListsConnectedAndStaticRoutesInTheOrderTheyAreUsed() {
        Net n = Net.build();
        Ipv4Interface aNic = Ipv4.of(n.a()).iface(0);
        assertThat(Ipv4.of(n.b()).routes()).containsExactly(n.bNic().connectedRoute(),
                new Route(0, 0, ip("10.0.2.1"), n.bNic(), Origin.STATIC));
        Simulation sim = n.sim();
        Machine host = sim.machine("host");
        assertThat(Ipv4.of(host).routes()).isEmpty();
        Ipv4Interface h = sim.connect(host, n.left(), "10.0.1.20/24");
        assertThat(Ipv4.of(host).routes()).containsExactly(h.connectedRoute());
        Ipv4.of(host).addRoute(ip("10.0.1.0"), 24, ip("10.0.1.2"));
        Ipv4Interface h2 = sim.connect(host, n.right(), "10.0.2.20/24");      // an interface that comes after the table
        assertThat(Ipv4.of(host).routes()).containsExactly(
                new Route(ip("10.0.1.0"), 24, ip("10.0.1.2"), h, Origin.STATIC), h.connectedRoute(), h2.connectedRoute());
        assertThat(Ipv4.of(host).lookup(ip("10.0.2.99"))).isSameAs(h2.connectedRoute());
        assertThat(Ipv4.of(host).lookup(ip("10.0.1.99")).gateway()).isEqualTo(ip("10.0.1.2"));
        assertThat(Ipv4.of(host).removeRoute(ip("10.0.1.0"), 24, ip("10.0.1.2"))).isTrue();
        assertThat(Ipv4.of(host).lookup(ip("10.0.1.99"))).isSameAs(h.connectedRoute());
        assertThat(Ipv4.of(host).lookup(ip("10.0.3.1"))).isNull();
        assertThat(aNic.connectedRoute().origin()).isEqualTo(Origin.CONNECTED);
    }
}
