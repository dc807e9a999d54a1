package elvis.link;

import elvis.message.Message;
import elvis.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipeTest {
    static final long MS = 1_000_000;
    static final long A = 0x02_00_00_00_00_01L, B = 0x02_00_00_00_00_02L;

    /** A NIC stand-in that records arrival times. */
    static final class Recorder implements FrameReceiver {
        final Simulator sim;
        final List<Long> times = new ArrayList<>();
        final List<Message> frames = new ArrayList<>();
        final List<Long> fcs = new ArrayList<>();
        Recorder(Simulator sim) { this.sim = sim; }
        @Override public void receive(Message frame, long f) { times.add(sim.now()); frames.add(frame); fcs.add(f); }
        @Override public String name() { return "recorder"; }
    }

    static Message frameTo(long dst, int length) {
        byte[] h = new byte[14];
        for (int i = 0; i < 6; i++) h[i] = (byte) (dst >>> (40 - 8 * i));
        return Message.zeros(length - 14).prepend(h);
    }

    record Link(Simulator sim, Network net, int portA, Recorder atB) { }

    static Link link(LinkConfig config, long seed) {
        Simulator sim = Simulator.sequential(seed);
        Network net = Network.pointToPoint(sim, "p2p", config);
        int a = net.attach(A, new Recorder(sim));
        Recorder atB = new Recorder(sim);
        net.attach(B, atB);
        return new Link(sim, net, a, atB);
    }

    @Test
    void tenFramesOverOneMegabitTwentyMillisecondsArriveEveryTenMilliseconds() {
        Link l = link(LinkConfig.UNLIMITED.withBandwidth(1_000_000).withDelay(20 * MS), 1);
        for (int i = 0; i < 10; i++) l.net.transmit(l.portA, frameTo(B, 1250));
        l.sim.run();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) expected.add((30 + 10L * i) * MS);
        assertThat(l.atB.times).containsExactlyElementsOf(expected);
        PipeStats s = l.net.stats();
        assertThat(s.offered()).isEqualTo(10);
        assertThat(s.delivered()).isEqualTo(10);
        assertThat(s.bytesDelivered()).isEqualTo(12_500);
        assertThat(s.dropped()).isZero();
    }

    @Test
    void aQueueOfFivePacketsHoldsFiveBehindTheOneInTransmissionAndTailDropsTheRest() {
        Link l = link(LinkConfig.UNLIMITED.withBandwidth(1_000_000).withDelay(20 * MS).withQueuePackets(5), 1);
        for (int i = 0; i < 10; i++) l.net.transmit(l.portA, frameTo(B, 1250));
        l.sim.run();
        // Frame 1 transmits at once; frames 2-6 wait in the queue; frames 7-10 find it full.
        assertThat(l.atB.times).containsExactly(30 * MS, 40 * MS, 50 * MS, 60 * MS, 70 * MS, 80 * MS);
        PipeStats s = l.net.stats();
        assertThat(s.droppedQueue()).isEqualTo(4);
        assertThat(s.delivered()).isEqualTo(6);
        assertThat(s.offered()).isEqualTo(10);
    }

    @Test
    void theQueueDrainsAsFramesStartTransmitting() {
        Link l = link(LinkConfig.UNLIMITED.withBandwidth(1_000_000).withQueuePackets(1), 1);
        Pipe pipe = l.net.pipe(1);
        l.net.transmit(l.portA, frameTo(B, 1250));   // transmits 0-10 ms
        l.net.transmit(l.portA, frameTo(B, 1250));   // waits, transmits 10-20 ms
        assertThat(pipe.queuedPackets()).isEqualTo(1);
        l.net.transmit(l.portA, frameTo(B, 1250));   // queue full: dropped
        l.sim.runUntil(10 * MS);                      // the waiting frame has started
        assertThat(pipe.queuedPackets()).isZero();
        l.net.transmit(l.portA, frameTo(B, 1250));   // so this one fits
        l.sim.run();
        assertThat(l.atB.times).containsExactly(10 * MS, 20 * MS, 30 * MS);
        assertThat(pipe.stats().droppedQueue()).isEqualTo(1);
    }

    @Test
    void aByteLimitedQueueCountsBytes() {
        Link l = link(LinkConfig.UNLIMITED.withBandwidth(1_000_000).withQueueBytes(3000), 1);
        for (int i = 0; i < 5; i++) l.net.transmit(l.portA, frameTo(B, 1000));   // 1 in transmission + 3000 bytes waiting
        l.sim.run();
        assertThat(l.atB.times).hasSize(4);
        assertThat(l.net.stats().droppedQueue()).isEqualTo(1);
    }

    @Test
    void framesAboveTheMtuAreDroppedAndCounted() {
        Link l = link(LinkConfig.UNLIMITED.withMtu(1000), 1);
        l.net.transmit(l.portA, frameTo(B, 1014));
        l.net.transmit(l.portA, frameTo(B, 1015));
        l.sim.run();
        assertThat(l.atB.frames).hasSize(1);
        assertThat(l.net.stats().droppedMtu()).isEqualTo(1);
    }

    static long deliveredWithLoss(long seed, int n) {
        Link l = link(LinkConfig.UNLIMITED.withLoss(0.10), seed);
        Message f = frameTo(B, 100);
        for (int i = 0; i < n; i++) l.net.transmit(l.portA, f);
        l.sim.run();
        assertThat(l.net.stats().delivered() + l.net.stats().droppedLoss()).isEqualTo(n);
        return l.atB.frames.size();
    }

    @Test
    void tenPercentLossDeliversNinetyPercentWithinThreeSigmaReproduciblyPerSeed() {
        int n = 100_000;
        long delivered = deliveredWithLoss(42, n);
        double sigma = Math.sqrt(n * 0.9 * 0.1);   // binomial: ~94.9
        assertThat((double) delivered).isBetween(0.9 * n - 3 * sigma, 0.9 * n + 3 * sigma);
        assertThat(deliveredWithLoss(42, n)).isEqualTo(delivered);
        assertThat(deliveredWithLoss(43, n)).isNotEqualTo(delivered);
    }

    @Test
    void jitterAddsAUniformExtraDelayWithinItsBound() {
        Link l = link(LinkConfig.UNLIMITED.withDelay(10 * MS).withJitter(2 * MS), 3);
        for (int i = 0; i < 1000; i++) l.net.transmit(l.portA, frameTo(B, 100));
        l.sim.run();
        assertThat(l.atB.times).allSatisfy(t -> assertThat(t).isBetween(10 * MS, 12 * MS));
        assertThat(l.atB.times.stream().distinct().count()).isGreaterThan(900);
        double mean = l.atB.times.stream().mapToLong(Long::longValue).average().orElseThrow();
        assertThat(mean).isBetween(10.9 * MS, 11.1 * MS);
    }

    @Test
    void corruptionFlipsOneBitAndCarriesTheOriginalFcs() {
        Link l = link(LinkConfig.UNLIMITED.withCorruption(1.0), 5);
        Message f = frameTo(B, 64);
        l.net.transmit(l.portA, f);
        l.sim.run();
        Message got = l.atB.frames.getFirst();
        byte[] x = f.toByteArray(), y = got.toByteArray();
        int differingBits = 0;
        for (int i = 0; i < x.length; i++) differingBits += Integer.bitCount((x[i] ^ y[i]) & 0xFF);
        assertThat(differingBits).isEqualTo(1);
        assertThat(l.atB.fcs.getFirst()).isEqualTo(Pipe.crc32(f)).isNotEqualTo(Pipe.crc32(got));
        assertThat(l.net.stats().corrupted()).isEqualTo(1);
    }

    @Test
    void switchedNetworkDeliversUnicastToItsPortAndBroadcastToAllOthers() {
        Simulator sim = Simulator.sequential(1);
        Network net = new Network(sim, "lan", LinkConfig.UNLIMITED.withDelay(MS));
        Recorder[] r = new Recorder[4];
        for (int i = 0; i < 4; i++) net.attach(A + i, r[i] = new Recorder(sim));
        net.transmit(0, frameTo(A + 2, 60));
        net.transmit(0, frameTo(Network.BROADCAST, 60));
        net.transmit(0, frameTo(0x02_99_00_00_00_00L, 60));   // nobody's
        long group = 0x01_00_5e_00_00_01L;
        net.join(3, group);
        net.transmit(1, frameTo(group, 60));
        sim.run();
        assertThat(r[0].frames).isEmpty();
        assertThat(r[1].frames).hasSize(1);
        assertThat(r[2].frames).hasSize(2);
        assertThat(r[3].frames).hasSize(2);
        assertThat(net.unknownDestination()).isEqualTo(1);
    }

    @Test
    void macAddressesMustBeUniqueAndPointToPointHasTwoEnds() {
        Simulator sim = Simulator.sequential(1);
        Network p2p = Network.pointToPoint(sim, "l", LinkConfig.UNLIMITED);
        p2p.attach(A, new Recorder(sim));
        assertThatThrownBy(() -> p2p.attach(A, new Recorder(sim))).hasMessageContaining("already on network");
        p2p.attach(B, new Recorder(sim));
        assertThatThrownBy(() -> p2p.attach(B + 1, new Recorder(sim))).hasMessageContaining("two ends");
        assertThatThrownBy(() -> LinkConfig.UNLIMITED.withLoss(1.5)).hasMessageContaining("loss");
        assertThatThrownBy(() -> LinkConfig.UNLIMITED.withMtu(10)).hasMessageContaining("mtu");
    }

    /**
     * A link cut between two partitions, a half in each: the sender's queues and serializes (its
     * clock decides when a frame leaves) and holds the arrival until the frame's fate is sealed
     * (its ship time, the lead before it arrives); the receiver's schedules it, keyed and ahead of its
     * other events of that instant.
     */
    @Test
    void aCutLinkSerializesInTheSendersPartitionAndArrivesKeyedInTheReceivers() {
        Simulator left = Simulator.sequential(1), right = Simulator.sequential(1);
        LinkConfig config = LinkConfig.UNLIMITED.withBandwidth(1_000_000).withDelay(20 * MS);
        Network leftHalf = Network.pointToPoint(left, "cut", config), rightHalf = Network.pointToPoint(right, "cut", config);
        Recorder atA = new Recorder(left), atB = new Recorder(right);
        int a = leftHalf.attach(A, atA), b = leftHalf.attachRemote(B, "b/eth0", 1);
        assertThat(rightHalf.attachRemote(A, "a/eth0", 0)).isEqualTo(a);
        assertThat(rightHalf.attach(B, atB)).isEqualTo(b);
        List<String> order = new ArrayList<>();
        right.at(35 * MS, () -> order.add("right's own event sees " + atB.times));   // scheduled before the arrival, runs after it
        left.schedule(5 * MS, () -> leftHalf.transmit(a, frameTo(B, 1250)));   // 10 ms on the wire from 5 ms
        left.schedule(5 * MS, () -> leftHalf.transmit(a, frameTo(B, 1250)));   // waits for the first
        left.run();
        assertThat(left.pendingEvents()).isZero();                             // the arrivals are held, not scheduled
        assertThat(leftHalf.pipe(b).queuedPackets()).isEqualTo(1);             // at the sender's clock (5 ms)

        Boundary out = Boundary.of(left), in = Boundary.of(right);
        long lead = 20 * MS + 112_000;                                         // the delay and 14 bytes at 1 Mbit/s
        assertThat(out.lookahead()).isEqualTo(lead);
        assertThat(leftHalf.lead(b)).isEqualTo(lead);
        assertThat(out.neighbours()).containsExactly(1);
        assertThat(out.nextShipTime()).isEqualTo(35 * MS - lead);
        assertThat(out.flush(35 * MS - lead - 1)).isEmpty();                   // not yet: it may still be dropped
        List<CutFrame> first = out.flush(35 * MS - lead);
        assertThat(first).singleElement().satisfies(f -> {
            assertThat(f.partition()).isEqualTo(1);
            assertThat(f.time()).isEqualTo(35 * MS);
            assertThat(f.key()).isEqualTo(Network.linkKey("cut") | b);
            assertThat(f.seq()).isZero();
            assertThat(f.frame().length()).isEqualTo(1250);
        });
        List<CutFrame> second = out.flush(Long.MAX_VALUE);
        assertThat(second).singleElement().satisfies(f -> assertThat(f.seq()).isEqualTo(1));
        assertThat(leftHalf.pipe(b).stats().delivered()).isZero();            // counted where they arrive
        for (CutFrame f : first) in.receive(f);
        for (CutFrame f : second) in.receive(f);
        right.run();
        assertThat(atB.times).containsExactly(35 * MS, 45 * MS);
        assertThat(order).containsExactly("right's own event sees [35000000]");
        assertThat(rightHalf.pipe(b).stats().delivered()).isEqualTo(2);
        assertThat(atA.times).isEmpty();
        assertThat(out.unshipped()).isZero();
    }
}
