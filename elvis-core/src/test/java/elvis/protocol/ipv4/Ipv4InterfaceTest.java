package elvis.protocol.ipv4;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.udp.Udp;
import elvis.testing.TwoLans;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** IPv4 interfaces apart from devices: addresses that come and go, and what follows them. */
class Ipv4InterfaceTest {
    private static int ip(String s) { return Ipv4Address.parse(s); }

    private record Lan(Simulation sim, Machine a, Machine b, Ipv4Interface aIf, Ipv4Interface bIf, CountDatagrams atB) {
        static Lan build() {
            Simulation sim = new Simulation(3);
            Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(1_000));
            Machine a = sim.machine("a"), b = sim.machine("b");
            Ipv4Interface aIf = sim.connect(a, lan, "10.0.0.1/24"), bIf = sim.connect(b, lan, "10.0.0.2/24");
            CountDatagrams atB = new CountDatagrams(9, 0, null);
            b.addApplication(atB);
            return new Lan(sim, a, b, aIf, bIf, atB);
        }

        void sendAt(long t, String dst) {
            sim.kernel().at(t, () -> Udp.of(a).bind(0, null, (d, s, p) -> { }).sendTo(ip(dst), 9, Message.ofUtf8("x")));
        }
    }

    @Test
    void aPacketToARemovedAddressIsNoLongerDelivered() {
        Lan n = Lan.build();
        n.bIf().addAddress(ip("10.0.0.20"), 24);
        n.sendAt(0, "10.0.0.20");
        n.sim().kernel().at(10_000, () -> assertThat(n.bIf().removeAddress(ip("10.0.0.20"))).isTrue());
        n.sendAt(20_000, "10.0.0.20");
        n.sim().run();
        assertThat(n.atB().received()).as("only the packet sent before the removal").isEqualTo(1);
        assertThat(n.a().drops("ARP_UNRESOLVED")).as("the directory forgot the binding").isEqualTo(1);
        assertThat(n.bIf().addresses()).containsExactly("10.0.0.2/24");
        assertThat(n.bIf().removeAddress(ip("10.0.0.20"))).isFalse();
    }

    @Test
    void aNewAddressIsRoutedAndTheRouteCacheFollows() {
        Lan n = Lan.build();
        n.sendAt(0, "10.0.1.2");                       // a has no way there yet: the cache holds "unroutable"
        n.sim().kernel().at(10_000, () -> {
            n.aIf().addAddress(ip("10.0.1.1"), 24);
            n.bIf().addAddress(ip("10.0.1.2"), 24);
        });
        n.sendAt(20_000, "10.0.1.2");
        n.sim().run();
        assertThat(n.a().drops(Ipv4Drop.NO_ROUTE)).isEqualTo(1);
        assertThat(n.atB().received()).isEqualTo(1);
        assertThat(Ipv4.of(n.a()).lookup(ip("10.0.1.77")).iface()).isSameAs(n.aIf());
        assertThat(n.aIf().addresses()).containsExactly("10.0.0.1/24", "10.0.1.1/24");
    }

    @Test
    void aRoutingTableKeepsConnectedRoutesAsAddressesChange() {
        Lan n = Lan.build();
        Ipv4 ipv4 = Ipv4.of(n.a());
        ipv4.setForwarding(true);                      // a router: its routing table holds connected routes
        n.aIf().addAddress(ip("10.0.1.1"), 24);
        assertThat(ipv4.routes()).extracting(Route::toString)
                .containsExactly("10.0.0.0/24 on link (connected)", "10.0.1.0/24 on link (connected)");
        assertThat(ipv4.lookup(ip("10.0.1.9"))).isNotNull();
        n.aIf().removeAddress(ip("10.0.0.1"));         // the primary goes: the next one takes its place
        assertThat(n.aIf().address()).isEqualTo(ip("10.0.1.1"));
        assertThat(ipv4.routes()).extracting(Route::toString).containsExactly("10.0.1.0/24 on link (connected)");
        assertThat(ipv4.lookup(ip("10.0.0.2"))).isNull();
        assertThat(ipv4.isLocal(ip("10.0.0.1"))).isFalse();
        assertThat(ipv4.sourceFor(ip("10.0.1.2"))).isEqualTo(ip("10.0.1.1"));
        assertThatThrownBy(() -> n.aIf().addAddress(ip("10.0.1.1"), 24)).hasMessageContaining("10.0.1.1 is already on a/eth0");
    }

    @Test
    void aRouterStopsForwardingToASubnetWhoseAddressItLost() {
        TwoLans n = TwoLans.build(LinkConfig.UNLIMITED.withDelay(1_000), Simulation.Resolution.STATIC).routed();
        CountDatagrams atB = new CountDatagrams(9, 0, null);
        n.b().addApplication(atB);
        Ipv4Interface rRight = Ipv4.of(n.r()).iface(1);
        for (long t : new long[] {0, 10_000, 20_000}) {
            n.sim().kernel().at(t, () -> Udp.of(n.a()).bind(0, null, (d, s, p) -> { }).sendTo(ip("10.0.2.2"), 9, Message.ofUtf8("x")));
        }
        n.sim().kernel().at(5_000, () -> rRight.removeAddress(ip("10.0.2.1")));     // the forwarding cache held 10.0.2.2
        n.sim().kernel().at(15_000, () -> rRight.addAddress(ip("10.0.2.1"), 24));
        n.sim().run();
        assertThat(atB.received()).as("before the removal and after the address came back").isEqualTo(2);
        assertThat(n.r().drops(Ipv4Drop.NO_ROUTE)).isEqualTo(1);
    }

    @Test
    void anUpperProtocolReceivesControlMessagesAboutWhatItSent() {
        Lan n = Lan.build();
        List<String> seen = new ArrayList<>();
        Ipv4.of(n.a()).register(200, new IpUpper() {
            @Override public void receive(Message datagram, int headerLength, int src, int dst, Ipv4Interface iface) { }
            @Override public void controlMessage(int type, int code, int info, int reporter, Message quoted) {
                seen.add(type + "/" + code + " from " + Ipv4Address.format(reporter) + " about port " + quoted.u16(20 + 2));
            }
        });
        byte[] q = new byte[28];                       // the quoted header and 8 bytes of protocol 200's
        q[0] = 0x45;
        q[9] = (byte) 200;
        Ipv4.putInt(q, 12, ip("10.0.0.1"));
        Ipv4.putInt(q, 16, ip("10.9.9.9"));
        q[22] = 0x1F;
        q[23] = (byte) 0x90;                            // destination port 8080
        Ipv4 ipv4 = Ipv4.of(n.a());
        assertThat(ipv4.controlMessage(3, 1, 0, ip("10.0.0.254"), Message.wrap(q))).isTrue();
        assertThat(seen).containsExactly("3/1 from 10.0.0.254 about port 8080");
        assertThat(ipv4.controlMessage(3, 1, 0, 0, Message.wrap(q, 0, 24))).as("too short to name a port").isFalse();
        q[9] = (byte) 201;
        assertThat(ipv4.controlMessage(11, 0, 0, 0, Message.wrap(q))).as("no such protocol here").isFalse();
        q[9] = 17;
        Udp.of(n.a());
        assertThat(ipv4.controlMessage(3, 3, 0, 0, Message.wrap(q))).as("UDP takes it and ignores it").isTrue();
        assertThat(seen).hasSize(1);
    }
}
