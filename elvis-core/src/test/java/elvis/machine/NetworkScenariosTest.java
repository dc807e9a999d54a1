package elvis.machine;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.message.Checksum;
import elvis.message.Message;
import elvis.protocol.arp.Arp;
import elvis.protocol.arp.ArpDrop;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Drop;
import elvis.protocol.udp.UdpDrop;
import elvis.testing.TwoLans;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkScenariosTest {
    static final long MS = 1_000_000;

    static int ip(String s) { return Ipv4Address.parse(s); }

    @Test
    void broadcastDatagramsReachEveryOtherMachineWithAValidChecksum() {
        for (String to : new String[] {"255.255.255.255", "10.0.0.255"}) {
            Simulation sim = new Simulation(1);
            Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
            Machine a = sim.machine("a"), b = sim.machine("b"), c = sim.machine("c");
            sim.connect(a, lan, "10.0.0.1/24");
            sim.connect(b, lan, "10.0.0.2/24");
            sim.connect(c, lan, "10.0.0.3/24");
            CountDatagrams atB = new CountDatagrams(4000, 2, Message.ofUtf8("all")), atC = new CountDatagrams(4000, 2, Message.ofUtf8("all"));
            b.addApplication(atB);
            c.addApplication(atC);
            a.addApplication(new SendDatagrams(ip(to), 4000, Message.ofUtf8("all"), 2, MS, 0));
            sim.run();
            assertThat(atB.received()).as(to).isEqualTo(2);
            assertThat(atC.received()).as(to).isEqualTo(2);
            assertThat(b.totalDrops() + c.totalDrops()).as(to).isZero();
        }
    }

    /** RFC 1122 §3.3.6: a limited broadcast is never sent to a gateway, whatever the routes say. */
    @Test
    void aLimitedBroadcastIgnoresTheDefaultRoute() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
        Machine a = sim.machine("a"), b = sim.machine("b"), gw = sim.machine("gw");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        sim.connect(gw, lan, "10.0.0.254/24");
        elvis.protocol.ipv4.Ipv4.of(a).addRoute(0, 0, ip("10.0.0.254"));
        CountDatagrams atB = new CountDatagrams(4000, 1, Message.ofUtf8("all")), atGw = new CountDatagrams(4000, 1, Message.ofUtf8("all"));
        b.addApplication(atB);
        gw.addApplication(atGw);
        a.addApplication(new SendDatagrams(ip("255.255.255.255"), 4000, Message.ofUtf8("all"), 1, MS, 0));
        sim.run();
        assertThat(atB.received()).as("a host that is not the gateway").isEqualTo(1);
        assertThat(atGw.received()).isEqualTo(1);
    }

    @Test
    void aDatagramCrossesALanWithItsPayloadIntact() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(2 * MS));
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        CountDatagrams capture = new CountDatagrams(0xbeef, 3, Message.ofUtf8("Hello!"));
        b.addApplication(capture);
        SendDatagrams send = new SendDatagrams(ip("10.0.0.2"), 0xbeef, Message.ofUtf8("Hello!"), 3, 5 * MS, 0);
        a.addApplication(send);
        sim.run();
        assertThat(capture.received()).isEqualTo(3);
        assertThat(capture.lastArrivalNs()).isEqualTo(12 * MS);
        assertThat(send.sent()).isEqualTo(3);
        assertThat(sim.goalsMet()).isTrue();
        assertThat(a.totalDrops() + b.totalDrops()).isZero();
    }

    @Test
    void aRouterForwardsBetweenTwoNetworksDecrementingTtlWithAValidChecksum() {
        TwoLans lans = TwoLans.build(LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.STATIC).routed();
        Simulation sim = lans.sim();
        Machine a = lans.a(), r = lans.r(), b = lans.b();
        Network left = lans.left(), right = lans.right();
        List<Message> onLeft = new ArrayList<>(), onRight = new ArrayList<>();
        left.addTap(new FrameTap() { @Override public void arrived(Network n, int port, Message f) { onLeft.add(f); } });
        right.addTap(new FrameTap() { @Override public void arrived(Network n, int port, Message f) { onRight.add(f); } });
        CountDatagrams capture = new CountDatagrams(9, 1, Message.ofUtf8("across"));
        b.addApplication(capture);
        a.addApplication(new SendDatagrams(ip("10.0.2.2"), 9, Message.ofUtf8("across"), 1, 0, 0));
        sim.run();

        assertThat(capture.received()).isEqualTo(1);
        assertThat(capture.lastArrivalNs()).isEqualTo(2 * MS);
        Message before = onLeft.getFirst().slice(Ethernet.HEADER), after = onRight.getFirst().slice(Ethernet.HEADER);
        assertThat(before.u8(8)).isEqualTo(64);
        assertThat(after.u8(8)).isEqualTo(63);
        assertThat(Checksum.verifies(after.slice(0, 20).onesSum())).isTrue();
        assertThat(after.u16(10)).isNotEqualTo(before.u16(10));
        // The router re-framed it: its own MAC as source on the right network.
        assertThat(onRight.getFirst().u48(6)).isEqualTo(r.nic(1).mac());
        assertThat(onRight.getFirst().u48(0)).isEqualTo(b.nic(0).mac());
    }

    @Test
    void aRouteAddedDuringTheRunTakesEffectForTheNextPacket() {
        // IPv4 remembers the way to the last destination; a new route must not be hidden by that.
        TwoLans lans = TwoLans.build(LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.STATIC);
        Simulation sim = lans.sim();
        Machine a = lans.a(), b = lans.b();
        CountDatagrams capture = new CountDatagrams(9, 2, Message.ofUtf8("later"));
        b.addApplication(capture);
        a.addApplication(new SendDatagrams(ip("10.0.2.2"), 9, Message.ofUtf8("later"), 3, 10 * MS, 0));
        sim.kernel().schedule(5 * MS, () -> sim.route(a, "default", "10.0.1.1"));
        sim.run();
        assertThat(a.drops(Ipv4Drop.NO_ROUTE)).isEqualTo(1);
        assertThat(capture.received()).isEqualTo(2);
    }

    @Test
    void aPacketWhoseTtlRunsOutIsDroppedAtTheRouter() {
        TwoLans lans = TwoLans.build(LinkConfig.UNLIMITED, Simulation.Resolution.STATIC);
        Simulation sim = lans.sim();
        Machine a = lans.a(), r = lans.r(), b = lans.b();
        // Hand-build a packet with TTL 1 from a to b, sent to the router's MAC.
        byte[] h = new byte[20];
        h[0] = 0x45; h[3] = 28; h[8] = 1; h[9] = 17;
        elvis.protocol.ipv4.Ipv4.putInt(h, 12, ip("10.0.1.2"));
        elvis.protocol.ipv4.Ipv4.putInt(h, 16, ip("10.0.2.2"));
        int ck = Checksum.of(h, 0, 20);
        h[10] = (byte) (ck >> 8); h[11] = (byte) ck;
        Ethernet.of(a).send(a.nic(0), r.nic(0).mac(), Ethernet.TYPE_IPV4, Message.zeros(8).prepend(h));
        sim.run();
        assertThat(r.drops(Ipv4Drop.TTL_EXCEEDED)).isEqualTo(1);
        assertThat(b.totalDrops()).isZero();
    }

    record Corrupted(CountDatagrams capture, Machine receiver, Network lan, long sent) { }

    static Corrupted corrupt(boolean checkFcs, double corruption) {
        Simulation sim = new Simulation(11);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withCorruption(corruption).withCheckFcs(checkFcs));
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        byte[] text = "the quick brown fox jumps over the lazy dog, many times over".getBytes();
        CountDatagrams capture = new CountDatagrams(7, 0, Message.wrap(text));
        b.addApplication(capture);
        a.addApplication(new SendDatagrams(ip("10.0.0.2"), 7, Message.wrap(text), 5000, 0, 0));
        sim.run();
        return new Corrupted(capture, b, lan, 5000);
    }

    @Test
    void corruptedFramesAreCaughtByTheFcsAndNeverReachTheApplication() {
        Corrupted c = corrupt(true, 1.0);
        assertThat(c.lan.stats().corrupted()).isEqualTo(5000);
        assertThat(c.receiver.drops(DeviceDrop.FCS)).isEqualTo(5000);
        assertThat(c.capture.received() + c.capture.mismatched()).isZero();
    }

    @Test
    void withoutFcsCorruptionIsCaughtByIpAndUdpChecksumsAndNoDamagedPayloadIsDelivered() {
        Corrupted c = corrupt(false, 1.0);
        Machine b = c.receiver;
        assertThat(b.drops(Ipv4Drop.IP_CHECKSUM)).isGreaterThan(500);
        assertThat(b.drops(UdpDrop.UDP_CHECKSUM)).isGreaterThan(2000);
        assertThat(c.capture.mismatched()).isZero();
        // What got through had its bit flipped where no checksum looks (the Ethernet source address)
        // or in a way that still delivers correct data; everything is accounted for.
        assertThat(c.capture.received() + b.totalDrops()).isEqualTo(c.sent);
        assertThat(c.capture.received()).isLessThan(c.sent / 5);
    }

    @Test
    void realArpResolvesOnceQueuesAtMostMaxPendingPacketsThenUsesTheCache() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.ARP);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        List<Integer> types = new ArrayList<>();
        lan.addTap(new FrameTap() { @Override public void sent(Network n, int port, Message f) { types.add(f.u16(12)); } });
        int burst = Arp.MAX_PENDING + 2;
        CountDatagrams capture = new CountDatagrams(7, Arp.MAX_PENDING + 1, null);
        b.addApplication(capture);
        a.addApplication(new SendDatagrams(ip("10.0.0.2"), 7, Message.zeros(10), burst, 0, 0));
        a.addApplication(new SendDatagrams(ip("10.0.0.2"), 7, Message.zeros(10), 1, 0, 100 * MS));
        sim.run();
        // A burst of MAX_PENDING + 2 while unresolved (Linux's unres_qlen, 101): one request, one reply,
        // the newest MAX_PENDING queued datagrams; later, the cache answers without another request.
        assertThat(types.subList(0, 2)).containsExactly(0x0806, 0x0806);
        assertThat(types.subList(2, types.size())).hasSize(Arp.MAX_PENDING + 1).containsOnly(0x0800);
        assertThat(a.drops(ArpDrop.ARP_UNRESOLVED)).isEqualTo(2);
        assertThat(capture.received()).isEqualTo(Arp.MAX_PENDING + 1);
        assertThat(Arp.of(a).cached(ip("10.0.0.2"))).isEqualTo(b.nic(0).mac());
        assertThat(Arp.of(b).cached(ip("10.0.0.1"))).isEqualTo(a.nic(0).mac());   // learnt from the request
    }

    @Test
    void anUnansweredAddressGetsThreeRequestsOneSecondApartThenItsPacketsAreDropped() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED, Simulation.Resolution.ARP);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        List<Long> requests = new ArrayList<>();
        lan.addTap(new FrameTap() { @Override public void sent(Network n, int port, Message f) { requests.add(sim.kernel().now()); } });
        a.addApplication(new SendDatagrams(ip("10.0.0.99"), 7, Message.zeros(10), 1, 0, 0));
        sim.run();
        assertThat(requests).containsExactly(0L, 1000 * MS, 2000 * MS);
        assertThat(a.drops(ArpDrop.ARP_UNRESOLVED)).isEqualTo(1);
        assertThat(sim.kernel().now()).isEqualTo(3000 * MS);
    }

    @Test
    void arpEntriesExpireAfterTheirLifetimeAndAreResolvedAgain() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.ARP);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        List<Long> arpTimes = new ArrayList<>();
        lan.addTap(new FrameTap() {
            @Override public void sent(Network n, int port, Message f) { if (f.u16(12) == 0x0806) arpTimes.add(sim.kernel().now()); }
        });
        b.addApplication(new CountDatagrams(7, 3, null));
        long lifetime = elvis.protocol.arp.Arp.ENTRY_LIFETIME_NS;
        a.addApplication(new SendDatagrams(ip("10.0.0.2"), 7, Message.zeros(1), 1, 0, 0));
        a.addApplication(new SendDatagrams(ip("10.0.0.2"), 7, Message.zeros(1), 1, 0, lifetime - 10 * MS));   // cached
        a.addApplication(new SendDatagrams(ip("10.0.0.2"), 7, Message.zeros(1), 1, 0, lifetime + 10 * MS));   // expired
        sim.run();
        // Request at 0 and reply at 1 ms; the entry (learnt at 2 ms) is still valid just before the
        // lifetime, then expired, so a second request and reply follow.
        assertThat(arpTimes).containsExactly(0L, MS, lifetime + 10 * MS, lifetime + 11 * MS);
    }
}
