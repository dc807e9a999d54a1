package elvis.protocol.ipv4;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.udp.Udp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The step-0 semantics routing daemons rely on: who hears of a link event (a LAN port only itself,
 * a LAN going down every port, a machine going down every port and its point-to-point peers), and
 * link-local multicast (delivered only where joined, to the group and not its MAC, never forwarded).
 */
class LinkStateAndMulticastTest {
    private static int ip(String s) { return Ipv4Address.parse(s); }

    private static void listen(Machine m, List<String> heard) {
        Ipv4.of(m).addInterfaceListener((iface, up) -> heard.add(iface.device().name() + (up ? " up" : " down")));
    }

    @Test
    void aLanPortGoingDownIsHeardOnlyByItsOwnMachineAndTheLanGoingDownByAll() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED);
        Machine a = sim.machine("a"), b = sim.machine("b"), c = sim.machine("c");
        Ipv4Interface aIf = sim.connect(a, lan, "10.0.0.1/24"), bIf = sim.connect(b, lan, "10.0.0.2/24");
        sim.connect(c, lan, "10.0.0.3/24");
        Ipv4.of(b).addRoute(ip("10.9.0.0"), 16, ip("10.0.0.1"));
        List<String> heard = new ArrayList<>();
        for (Machine m : List.of(a, b, c)) listen(m, heard);
        lan.setPortUp(aIf.device().port(), false);
        assertThat(heard).as("a switch's other ports keep their carrier").containsExactly("a/eth0 down");
        assertThat(aIf.isUp()).isFalse();
        assertThat(bIf.isUp()).isTrue();
        assertThat(Ipv4.of(b).lookup(ip("10.9.1.1"))).as("b learns of a's death only by a protocol's timeout").isNotNull();
        assertThat(Ipv4.of(a).routes()).isEmpty();
        lan.setPortUp(aIf.device().port(), true);
        heard.clear();
        lan.setUp(false);
        assertThat(heard).containsExactly("a/eth0 down", "b/eth0 down", "c/eth0 down");
        assertThat(Ipv4.of(b).routes()).isEmpty();
        lan.setUp(true);
        assertThat(Ipv4.of(b).routes()).extracting(Route::toString).containsExactly("10.0.0.0/24 on link (connected)", "10.9.0.0/16 via 10.0.0.1 (static)");
        lan.setUp(true);
        assertThat(heard).as("no change, no event").hasSize(6);
    }

    @Test
    void aMachineGoingDownTakesAllItsPortsAndItsPointToPointPeersHearIt() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED);
        Network p2p = sim.link("rx", LinkConfig.UNLIMITED, Simulation.Resolution.STATIC);
        Machine r = sim.machine("r"), x = sim.machine("x"), lanPeer = sim.machine("l");
        sim.router(r);
        sim.connect(r, lan, "10.0.0.1/24");
        sim.connect(lanPeer, lan, "10.0.0.2/24");
        sim.connect(r, p2p, "10.1.0.1/30");
        Ipv4Interface xIf = sim.connect(x, p2p, "10.1.0.2/30");
        List<String> heard = new ArrayList<>();
        for (Machine m : List.of(r, x, lanPeer)) listen(m, heard);
        sim.setMachineUp(r, false);
        assertThat(heard).containsExactly("r/eth0 down", "r/eth1 down", "x/eth0 down");
        assertThat(xIf.isUp()).isFalse();
        assertThat(Ipv4.of(r).routes()).isEmpty();
        sim.setMachineUp(r, true);
        assertThat(heard).containsExactly("r/eth0 down", "r/eth1 down", "x/eth0 down", "r/eth0 up", "r/eth1 up", "x/eth0 up");
        assertThat(Ipv4.of(r).routes()).hasSize(2);
    }

    @Test
    void aFrameFromADownMachineIsDroppedAsLinkDown() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED);
        Machine a = sim.machine("a"), b = sim.machine("b");
        Ipv4Interface aIf = sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        sim.setMachineUp(a, false);
        sim.kernel().at(0, () -> Udp.of(a).bind(999, null, (d, s, p) -> { }).sendVia(aIf, ip("10.0.0.2"), 9, Message.ofUtf8("x"), 64));
        sim.run();
        assertThat(lan.stats().droppedDown()).isEqualTo(1);
        assertThat(lan.stats().delivered()).isZero();
    }

    /**
     * r joined 224.0.0.9 on its first LAN. A datagram to 224.0.0.9 from that LAN is delivered to r and
     * not forwarded to the second LAN though r has a default route there; one to 224.128.0.9, which
     * shares the group's MAC address, reaches r's device but is dropped as not joined; after r leaves
     * the group nothing is delivered.
     */
    @Test
    void multicastIsDeliveredWhereJoinedByGroupNotByMacAndNeverForwarded() {
        Simulation sim = new Simulation(1);
        Network one = sim.network("one", LinkConfig.UNLIMITED), two = sim.network("two", LinkConfig.UNLIMITED);
        Machine h = sim.machine("h"), r = sim.machine("r"), far = sim.machine("far");
        sim.router(r);
        Ipv4Interface hIf = sim.connect(h, one, "10.0.1.9/24"), rIf = sim.connect(r, one, "10.0.1.1/24");
        sim.connect(r, two, "10.0.2.1/24");
        sim.connect(far, two, "10.0.2.9/24");
        sim.route(r, "default", "10.0.2.9");
        assertThat(Ipv4Address.multicastMac(ip("224.128.0.9"))).isEqualTo(Ipv4Address.multicastMac(ip("224.0.0.9")));
        rIf.joinGroup(ip("224.0.0.9"));
        List<String> got = new ArrayList<>();
        sim.kernel().at(0, () -> Udp.of(r).bind(520, null, (d, s, p) -> got.add(d.toUtf8())));
        sim.kernel().at(1, () -> {
            var s = Udp.of(h).bind(520, null, (d, src, p) -> { });
            s.sendVia(hIf, ip("224.0.0.9"), 520, Message.ofUtf8("joined"), 1);
            s.sendVia(hIf, ip("224.128.0.9"), 520, Message.ofUtf8("same mac"), 1);
        });
        sim.kernel().at(1_000_000, () -> {
            rIf.leaveGroup(ip("224.0.0.9"));
            Udp.of(h).bind(521, null, (d, src, p) -> { }).sendVia(hIf, ip("224.0.0.9"), 520, Message.ofUtf8("left"), 1);
        });
        sim.run();
        assertThat(got).containsExactly("joined");
        assertThat(r.drops(Ipv4Drop.MULTICAST_NOT_JOINED)).isEqualTo(1);
        assertThat(two.stats().offered()).as("never forwarded").isZero();
        assertThat(rIf.inGroup(ip("224.0.0.9"))).isFalse();
    }
}
