package elvis.link;

import elvis.message.Message;
import elvis.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.link.PipeTest.A;
import static elvis.link.PipeTest.B;
import static elvis.link.PipeTest.MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Queue disciplines: the FIFO fast path, strict priority through the dequeue path, per-port configuration. */
class QueueDiscTest {

    /** A 1250-byte IPv4 frame to {@code dst} with DSCP {@code dscp}; byte 20 tells frames apart. */
    static Message ipv4(long dst, int dscp, int tag) {
        byte[] f = new byte[1250];
        for (int i = 0; i < 6; i++) f[i] = (byte) (dst >>> (40 - 8 * i));
        for (int i = 0; i < 6; i++) f[6 + i] = (byte) (A >>> (40 - 8 * i));
        f[12] = 0x08;
        f[14] = 0x45;
        f[15] = (byte) (dscp << 2);
        f[20] = (byte) tag;
        return Message.wrap(f);
    }

    /** Tags of the frames the recorder received, in order. */
    static List<Integer> tags(PipeTest.Recorder r) {
        List<Integer> t = new ArrayList<>();
        for (Message m : r.frames) t.add(m.u8(20));
        return t;
    }

    /** FIFO run through the dequeue path: what the fast path must equal. */
    static final Discipline FIFO_AT_DEQUEUE = new Discipline() {
        @Override public String name() { return "fifo-at-dequeue"; }
        @Override public boolean decidesAtEnqueue() { return false; }
        @Override public Classifier classifier() { return Classifier.SINGLE; }
        @Override public int bands() { return 1; }
        @Override public QueueDisc newQueue(LinkConfig link, QueueDisc.Owner owner) { return new FifoQueue(link.queuePackets(), link.queueBytes()); }
    };

    static final LinkConfig ONE_MBIT = LinkConfig.UNLIMITED.withBandwidth(1_000_000).withDelay(20 * MS);

    /** Four bulk frames at 0, an EF frame at 1 ms; 1250 bytes take 10 ms at 1 Mbit/s. */
    static PipeTest.Link bulkThenExpedited(LinkConfig config) {
        PipeTest.Link l = PipeTest.link(config, 1);
        for (int i = 1; i <= 4; i++) l.net().transmit(l.portA(), ipv4(B, 0, i));
        l.sim().at(MS, () -> l.net().transmit(l.portA(), ipv4(B, 46, 9)));
        l.sim().run();
        return l;
    }

    @Test
    void aPriorityFrameOvertakesTheWaitingBulkFramesButNotTheOneInTransmission() {
        PipeTest.Link l = bulkThenExpedited(ONE_MBIT.withDiscipline(new Discipline.Prio(3)));
        // Bulk 1 is sent 0-10 ms; the EF frame (band 0) is next, 10-20; then bulk 2, 3, 4. Delay 20 ms.
        assertThat(tags(l.atB())).containsExactly(1, 9, 2, 3, 4);
        assertThat(l.atB().times).containsExactly(30 * MS, 40 * MS, 50 * MS, 60 * MS, 70 * MS);
    }

    @Test
    void withFifoTheSameExpeditedFrameWaitsItsTurn() {
        PipeTest.Link l = bulkThenExpedited(ONE_MBIT);
        assertThat(tags(l.atB())).containsExactly(1, 2, 3, 4, 9);
        assertThat(l.atB().times).containsExactly(30 * MS, 40 * MS, 50 * MS, 60 * MS, 70 * MS);
    }

    @Test
    void eachPrioBandHasItsOwnLimit() {
        PipeTest.Link l = PipeTest.link(ONE_MBIT.withQueuePackets(2).withDiscipline(new Discipline.Prio(3)), 1);
        for (int i = 1; i <= 4; i++) l.net().transmit(l.portA(), ipv4(B, 0, i));    // 1 sent, 2 and 3 wait, 4 dropped
        for (int i = 5; i <= 7; i++) l.net().transmit(l.portA(), ipv4(B, 46, i));   // 5 and 6 wait in band 0, 7 dropped
        assertThat(l.net().pipe(1).queuedPackets()).isEqualTo(4);
        l.sim().run();
        assertThat(tags(l.atB())).containsExactly(1, 5, 6, 2, 3);
        assertThat(l.net().stats().droppedQueue()).isEqualTo(2);
    }

    @Test
    void theDscpClassifierMapsPrecedenceOntoBandsHighestFirst() {
        assertThat(Classifier.DSCP.band(ipv4(B, 46, 0), 3)).isZero();        // EF, precedence 5
        assertThat(Classifier.DSCP.band(ipv4(B, 48, 0), 3)).isZero();        // CS6, network control
        assertThat(Classifier.DSCP.band(ipv4(B, 18, 0), 3)).isEqualTo(1);    // AF21, precedence 2
        assertThat(Classifier.DSCP.band(ipv4(B, 0, 0), 3)).isEqualTo(2);     // best effort
        assertThat(Classifier.DSCP.band(ipv4(B, 8, 0), 8)).isEqualTo(6);     // CS1 with eight bands
        assertThat(Classifier.DSCP.band(PipeTest.frameTo(B, 60), 3)).isZero(); // not IPv4
    }

    @Test
    void fifoThroughTheDequeuePathGivesTheFastPathsTimesAndDropsWithMoreEvents() {
        long[] fastEvents = new long[1];
        List<Long> fast = fifoBursts(ONE_MBIT.withQueuePackets(3), fastEvents);
        long[] slowEvents = new long[1];
        List<Long> slow = fifoBursts(ONE_MBIT.withQueuePackets(3).withDiscipline(FIFO_AT_DEQUEUE), slowEvents);
        assertThat(slow).isEqualTo(fast);
        // 0 ms: one sent, three wait, two dropped. 25 ms: one waits (it starts at 30), two join, four
        // dropped. 50 ms: the frame starting now has started, so three join, three dropped.
        assertThat(fast).containsExactly(9L, 9L, 30 * MS, 40 * MS, 50 * MS, 60 * MS, 70 * MS, 80 * MS, 90 * MS, 100 * MS, 110 * MS);
        assertThat(slowEvents[0]).isGreaterThan(fastEvents[0]);
    }

    /** Three bursts of six frames 25 ms apart: drops, and arrival times. */
    static List<Long> fifoBursts(LinkConfig config, long[] events) {
        PipeTest.Link l = PipeTest.link(config, 1);
        for (int burst = 0; burst < 3; burst++) {
            l.sim().at(burst * 25 * MS, () -> { for (int i = 0; i < 6; i++) l.net().transmit(l.portA(), ipv4(B, 0, i)); });
        }
        l.sim().run();
        events[0] = l.sim().eventsDispatched() - 3;
        List<Long> out = new ArrayList<>(List.of(l.net().stats().droppedQueue(), l.net().stats().delivered()));
        out.addAll(l.atB().times);
        return out;
    }

    @Test
    void theFifoFastPathKeepsOneKernelEventPerBusyPipe() {
        // Ten frames queued at once over 1 Mbit/s: ten arrival events in all, never more than one pending.
        PipeTest.Link l = PipeTest.link(ONE_MBIT, 1);
        for (int i = 0; i < 10; i++) l.net().transmit(l.portA(), ipv4(B, 0, i));
        assertThat(l.sim().pendingEvents()).isEqualTo(1);
        l.sim().run();
        assertThat(l.sim().eventsDispatched()).isEqualTo(10);
        assertThat(l.atB().times).hasSize(10);
        // Prio pays a dequeue event each time the line frees with a frame waiting: nine more.
        PipeTest.Link p = PipeTest.link(ONE_MBIT.withDiscipline(new Discipline.Prio(3)), 1);
        for (int i = 0; i < 10; i++) p.net().transmit(p.portA(), ipv4(B, 0, i));
        p.sim().run();
        assertThat(p.sim().eventsDispatched()).isEqualTo(19);
        assertThat(p.atB().times).isEqualTo(l.atB().times);
    }

    @Test
    void anAsymmetricPointToPointLinkSerializesEachDirectionAtItsOwnRate() {
        Simulator sim = Simulator.sequential(1);
        LinkConfig up = LinkConfig.UNLIMITED.withBandwidth(256_000).withDelay(5 * MS);
        Network net = Network.pointToPoint(sim, "adsl", up);
        PipeTest.Recorder atHome = new PipeTest.Recorder(sim), atIsp = new PipeTest.Recorder(sim);
        int home = net.attach(A, atHome), isp = net.attach(B, atIsp);
        net.configurePort(home, up.withBandwidth(4_000_000));   // towards home: 4 Mbit/s down
        for (int i = 0; i < 2; i++) {
            net.transmit(isp, PipeTest.frameTo(A, 1000));
            net.transmit(home, PipeTest.frameTo(B, 1000));
        }
        sim.run();
        // 8000 bits: 2 ms at 4 Mbit/s, 31.25 ms at 256 kbit/s; then 5 ms of delay.
        assertThat(atHome.times).containsExactly(7 * MS, 9 * MS);
        assertThat(atIsp.times).containsExactly(36_250_000L, 67_500_000L);
        assertThat(net.config(home).bandwidthBps()).isEqualTo(4_000_000);
        assertThat(net.config(isp)).isEqualTo(up);
    }

    @Test
    void aPortOfASwitchHasItsOwnEgressQueue() {
        Simulator sim = Simulator.sequential(1);
        Network lan = new Network(sim, "lan", ONE_MBIT);
        PipeTest.Recorder ra = new PipeTest.Recorder(sim), rb = new PipeTest.Recorder(sim), rc = new PipeTest.Recorder(sim);
        int a = lan.attach(A, ra), b = lan.attach(B, rb);
        long c = 0x02_00_00_00_00_03L;
        lan.attach(c, rc);
        lan.configurePort(b, ONE_MBIT.withQueuePackets(1));
        for (int i = 0; i < 4; i++) {
            lan.transmit(a, PipeTest.frameTo(B, 1250));
            lan.transmit(a, PipeTest.frameTo(c, 1250));
        }
        sim.run();
        assertThat(rb.times).hasSize(2);        // one sent, one waiting, two dropped
        assertThat(rc.times).hasSize(4);        // the network's configuration: no limit
    }

    @Test
    void aPortConfigurationKeepsTheNetworksMtuAndComesBeforeTraffic() {
        PipeTest.Link l = PipeTest.link(ONE_MBIT, 1);
        assertThatThrownBy(() -> l.net().configurePort(1, ONE_MBIT.withMtu(9000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mtu");
        l.net().transmit(l.portA(), PipeTest.frameTo(B, 100));
        assertThatThrownBy(() -> l.net().configurePort(1, ONE_MBIT.withBandwidth(5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("before traffic");
        assertThatThrownBy(() -> l.net().configurePort(2, ONE_MBIT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prioNeedsTwoToSixteenBands() {
        assertThatThrownBy(() -> new Discipline.Prio(1)).hasMessageContaining("2..16");
        assertThatThrownBy(() -> new Discipline.Prio(17)).hasMessageContaining("2..16");
    }
}
