package elvis.machine;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.LinkDrop;
import elvis.link.Network;
import elvis.message.Checksum;
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
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Datagrams of a random size over a chain of zero to three routers whose links have random rates,
 * delays, loss, corruption, queues and neighbour resolution. Every datagram that arrives is intact,
 * unless it was changed in a way its checksums cannot tell, and every one sent is accounted for:
 * delivered, or dropped by a counted cause.
 *
 * <p>UDP's checksum (RFC 768) is the 16-bit ones'-complement sum of RFC 1071. A link flips one bit of
 * a frame it corrupts, which changes that sum by ±2^k, never a multiple of 0xFFFF: one flip is always
 * caught. A datagram corrupted on two hops without FCS carries two flips, and when they hit the same
 * bit of two words in opposite directions they cancel: its checksum is right and UDP must deliver it
 * (sample -3549431). Likewise a checksum field changed to 0 means "no checksum" (RFC 768). So at the
 * destination the test counts the changed datagrams whose checksums hold, and only those may arrive
 * changed.
 */
class UdpRandomPathTest {
    static final long MS = 1_000_000;

    // A fixed seed keeps CI reproducible.
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
        // Our datagrams as the destination receives them (its port 1 on the last link), against the
        // first one the sender put on the wire (all are the same): those changed but with their
        // checksums right, and the fewest bits any of them differs in.
        byte[][] sent = {null};
        long[] changedWithRightSums = {0}, fewestBitsChanged = {Long.MAX_VALUE};
        sim.networks().getFirst().addTap(new FrameTap() {
            @Override public void sent(Network n, int from, Message frame) {
                if (from == 0 && sent[0] == null) sent[0] = checkedDatagram(frame);
            }
        });
        sim.networks().getLast().addTap(new FrameTap() {
            @Override public void arrived(Network n, int port, Message frame) {
                byte[] got = port == 1 && sent[0] != null ? checkedDatagram(frame) : null;
                if (got == null || Arrays.equals(got, sent[0])) return;
                changedWithRightSums[0]++;
                fewestBitsChanged[0] = Math.min(fewestBitsChanged[0], bitsDiffering(got, sent[0]));
            }
        });
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
        assertThat(capture.mismatched()).as("datagrams that arrived changed, beyond those whose checksums hold")
                .isLessThanOrEqualTo(changedWithRightSums[0]);
        if (capture.received() + capture.mismatched() > 0) assertThat(sent[0]).as("the datagram as sent").isNotNull();
        if (changedWithRightSums[0] > 0) assertThat(fewestBitsChanged[0]).as("bits changed in a datagram the checksums pass").isGreaterThanOrEqualTo(2);
        // Every datagram sent arrived once (intact or changed as above) or was dropped once, by a link
        // or as its neighbour went unresolved; on corrupting links some were also discarded by a machine
        // or, changed past recognition, by a later link, for which only the total of those causes
        // (which includes corrupted ARP frames) bounds the count.
        long unaccounted = count - capture.received() - capture.mismatched() - linkDrops[0] - unresolved;
        if (!corrupting) assertThat(unaccounted).as("datagrams neither delivered nor counted lost").isZero();
        else assertThat(unaccounted).as("datagrams lost without a counted cause").isBetween(0L, Math.min(discarded + otherLinkDrops[0], corrupted));
    }

    /**
     * The IPv4 source and destination and the UDP datagram of {@code frame} when it is an IPv4 datagram
     * to port 9000 whose IPv4 header checksum holds and whose UDP checksum holds or is absent (0):
     * what IPv4 and UDP cannot tell from the one sent. Else null.
     */
    static byte[] checkedDatagram(Message frame) {
        if (frame.length() < 14 + 20 + 8 || frame.u16(12) != 0x0800) return null;
        Message ip = frame.slice(14);
        int ihl = (ip.u8(0) & 0xF) * 4, total = ip.u16(2);
        if (ip.u8(0) >> 4 != 4 || ihl < 20 || total > ip.length() || total < ihl + 8 || ip.u8(9) != 17
                || !Checksum.verifies(ip.onesSum(0, ihl)) || (ip.u16(6) & 0x3FFF) != 0) return null;   // nor a fragment
        Message udp = ip.slice(ihl, total - ihl);
        int length = udp.u16(4);
        if (udp.u16(2) != 9000 || length < 8 || length > udp.length()) return null;
        udp = udp.slice(0, length);
        long pseudoHeader = Checksum.addInt(Checksum.addInt(0, ip.i32(12)), ip.i32(16)) + 17 + length;
        if (udp.u16(6) != 0 && !Checksum.verifies(pseudoHeader + udp.onesSum())) return null;
        return Message.wrap(ip.slice(12, 8).toByteArray()).concat(udp).toByteArray();
    }

    static long bitsDiffering(byte[] a, byte[] b) {
        if (a.length != b.length) return Long.MAX_VALUE;   // a changed length: the sum covers other bytes, not counted
        long bits = 0;
        for (int i = 0; i < a.length; i++) bits += Integer.bitCount((a[i] ^ b[i]) & 0xFF);
        return bits;
    }

    /**
     * Samples that failed once. -3549431: datagram 0x28 was corrupted on both hops (no FCS), bit 0x40
     * set in one word and cleared in another, which leaves the ones'-complement sum as it was; UDP
     * rightly delivered it. 3149499, found with other seeds, did the same.
     */
    @net.jqwik.api.Example
    void twoFlipsThatCancelInTheChecksum() {
        everyDatagramArrivesIntactOrIsCountedLost(-3549431L);
        everyDatagramArrivesIntactOrIsCountedLost(3149499L);
    }
}
