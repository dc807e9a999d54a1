package elvis.machine;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.link.PipeStats;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
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

    @Property(tries = 150)
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
        sim.run();

        long lost = 0, corrupted = 0;
        for (Network n : sim.networks()) {
            PipeStats s = n.stats();
            lost += s.droppedLoss() + s.droppedQueue();
            corrupted += s.corrupted();
        }
        long discarded = 0;                               // corrupted frames caught by the FCS or a checksum
        for (Machine m : node) {
            discarded += m.drops(Drop.FCS) + m.drops(Drop.IP_CHECKSUM) + m.drops(Drop.UDP_CHECKSUM) + m.drops(Drop.MALFORMED)
                    + m.drops(Drop.NOT_FOR_US) + m.drops(Drop.UNKNOWN_ETHERTYPE) + m.drops(Drop.NO_PORT)
                    + m.drops(Drop.ARP_UNRESOLVED) + m.drops(Drop.NO_ROUTE) + m.drops(Drop.TTL_EXCEEDED)
                    + m.drops(Drop.UNKNOWN_PROTOCOL);
            assertThat(m.failures()).isEmpty();
            assertThat(m.drops(Drop.TOO_BIG)).isZero();
            if (!corrupting) {
                assertThat(m.totalDrops() - m.drops(Drop.ARP_UNRESOLVED)).as(m.name() + " dropped on clean links").isZero();
            }
        }
        assertThat(capture.mismatched()).as("datagrams that arrived changed").isZero();
        assertThat(capture.received()).isLessThanOrEqualTo(count);
        if (lost == 0 && corrupted == 0 && discarded == 0) assertThat(capture.received()).isEqualTo(count);
    }
}
