package elvis.machine;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.message.Message;
import elvis.protocol.Stacks;
import elvis.protocol.arp.Arp;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.ethernet.EthernetDrop;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Drop;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpSegment;
import elvis.protocol.udp.Udp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The protocol graph as configuration: what a stack description makes, when, and how frames find their protocol. */
class StackSpecTest {
    @Test
    void transportsAreMadeOnFirstLocalUseAndOnlyTcpByAnArrivingPacketItMustAnswer() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        assertThat(b.existing(Tcp.KEY)).isNull();
        assertThat(b.existing(Udp.KEY)).isNull();
        assertThat(b.existing(Arp.KEY)).as("neighbours pre-resolved: no ARP").isNull();
        assertThat(b.existing(Ipv4.KEY)).isNotNull();

        long ms = 1_000_000;
        List<String> seen = new ArrayList<>();
        sim.kernel().at(0, () -> Ipv4.of(a).send(Ipv4Address.parse("10.0.0.2"), Udp.PROTOCOL, Message.zeros(8)));
        sim.kernel().at(ms, () -> seen.add("after a datagram: UDP " + (b.existing(Udp.KEY) != null) + ", dropped " + b.drops(Ipv4Drop.UNKNOWN_PROTOCOL)));
        // A segment does make TCP, since only TCP can answer it with the reset a closed port owes.
        sim.kernel().at(2 * ms, () -> Ipv4.of(a).send(Ipv4Address.parse("10.0.0.2"), TcpSegment.PROTOCOL, Message.zeros(20)));
        sim.run();
        assertThat(seen).as("a datagram does not make UDP: IPv4 answers port unreachable").containsExactly("after a datagram: UDP false, dropped 1");
        assertThat(b.existing(Tcp.KEY)).isNotNull();
        assertThat(b.drops(Ipv4Drop.UNKNOWN_PROTOCOL)).isEqualTo(1);
        assertThat(Tcp.of(b)).isSameAs(Tcp.of(b)).isSameAs(b.existing(Tcp.KEY));
    }

    @Test
    void arpIsMadeWhenAskedForByAPacket() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED, Simulation.Resolution.ARP);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        CountDatagrams counter = new CountDatagrams(7, 1, null);
        b.addApplication(counter);
        a.addApplication(new SendDatagrams(Ipv4Address.parse("10.0.0.2"), 7, Message.ofUtf8("x"), 1, 0, 0));
        sim.run();
        assertThat(counter.goalMet()).isTrue();
        assertThat(Arp.of(a).cached(Ipv4Address.parse("10.0.0.2"))).isEqualTo(b.nic(0).mac());
        assertThat(b.existing(Arp.KEY)).as("b's ARP answered a's request").isNotNull();
    }

    @Test
    void aProtocolRegisteredOnOneMachineGetsItsEtherType() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        List<String> got = new ArrayList<>();
        Ethernet.of(b).register(0x88B5, (payload, device) -> got.add(payload.length() + " on " + device.name()));
        assertThatThrownBy(() -> Ethernet.of(b).register(Ethernet.TYPE_IPV4, (p, d) -> { }))
                .hasMessageContaining("0x800 already has a receiver on b");
        sim.kernel().at(0, () -> {
            Ethernet.of(a).send(a.nic(0), b.nic(0).mac(), 0x88B5, Message.zeros(50));
            Ethernet.of(a).send(a.nic(0), b.nic(0).mac(), 0x88B6, Message.zeros(50));
        });
        sim.run();
        assertThat(got).containsExactly("50 on b/eth0");
        assertThat(b.drops(EthernetDrop.UNKNOWN_ETHERTYPE)).isEqualTo(1);
    }

    @Test
    void aPointToPointLinkNeedsNoNeighbourResolution() {
        Simulation sim = new Simulation(1);
        Network link = sim.link("p2p", LinkConfig.UNLIMITED, Simulation.Resolution.NONE);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, link, "10.0.0.1/30");
        sim.connect(b, link, "10.0.0.2/30");
        CountDatagrams counter = new CountDatagrams(7, 2, null);
        b.addApplication(counter);
        a.addApplication(new SendDatagrams(Ipv4Address.parse("10.0.0.2"), 7, Message.ofUtf8("x"), 2, 1000, 0));
        sim.run();
        assertThat(counter.goalMet()).isTrue();
        assertThat(a.existing(Arp.KEY)).isNull();
        assertThat(a.totalDrops() + b.totalDrops()).isZero();
        assertThatThrownBy(() -> sim.network("lan", LinkConfig.UNLIMITED, Simulation.Resolution.NONE))
                .hasMessageContaining("network lan: only a point-to-point link");
    }

    @Test
    void aStackDescriptionIsCheckedAsItIsBuilt() {
        assertThatThrownBy(() -> Stacks.internet().add(Udp.KEY, Udp::new, StackSpec.Creation.EAGER))
                .hasMessageContaining("protocol udp is already in the stack");
        ProtocolKey<Udp> other = new ProtocolKey<>("udp2", Udp.class);
        assertThatThrownBy(() -> Stacks.internet().add(other, Udp::new, StackSpec.Creation.EAGER).over(Ipv4.KEY, 17))
                .hasMessageContaining("ipv4 already hands 17 to udp");
        assertThatThrownBy(() -> StackSpec.builder().add(Udp.KEY, Udp::new, StackSpec.Creation.EAGER).over(Ipv4.KEY, 17))
                .hasMessageContaining("ipv4 must be added before udp");
        assertThatThrownBy(() -> Stacks.internet().add(other, Udp::new, StackSpec.Creation.EAGER).over(Ipv4.KEY, 65536))
                .hasMessageContaining("a demultiplexing number is 0..65535");
        // The table answers for every number: registered ones, and none for the rest (also past its end).
        StackSpec.Demux ip = Stacks.INTERNET.demux(Ipv4.KEY);
        assertThat(ip.slot(17)).isEqualTo(Stacks.INTERNET.slot(Udp.KEY));
        assertThat(ip.slot(6)).isEqualTo(Stacks.INTERNET.slot(Tcp.KEY));
        assertThat(ip.slot(0)).isEqualTo(-1);
        assertThat(ip.slot(253)).isEqualTo(-1);
        assertThat(ip.slot(-1)).isEqualTo(-1);
        StackSpec bare = StackSpec.builder().add(Ethernet.KEY, Ethernet::new, StackSpec.Creation.EAGER).build();
        Machine m = new Simulation(1).machine("m", bare);
        assertThatThrownBy(() -> Tcp.of(m)).hasMessage("m's protocol stack [ethernet] has no tcp");
        StackSpec noLink = StackSpec.builder().add(Udp.KEY, mm -> new Udp(mm, null), StackSpec.Creation.EAGER).build();
        Simulation sim = new Simulation(1);
        Machine u = sim.machine("u", noLink);
        assertThatThrownBy(() -> u.addNic(sim.network("lan", LinkConfig.UNLIMITED), 2))
                .hasMessage("u: the first protocol of its stack, udp, does not receive frames from devices");
    }

    @Test
    void dropsAreCountedByCauseAndSummedByName() {
        Machine m = new Simulation(1).machine("m");
        m.drop(Ipv4Drop.MALFORMED);
        m.drop(EthernetDrop.MALFORMED);
        m.drop(Ipv4Drop.MALFORMED);
        assertThat(m.drops(Ipv4Drop.MALFORMED)).isEqualTo(2);
        assertThat(m.drops(EthernetDrop.MALFORMED)).isEqualTo(1);
        assertThat(m.drops("MALFORMED")).isEqualTo(3);
        assertThat(m.drops().keySet()).containsExactly(Ipv4Drop.MALFORMED, EthernetDrop.MALFORMED);
        assertThat(m.totalDrops()).isEqualTo(3);
    }
}
