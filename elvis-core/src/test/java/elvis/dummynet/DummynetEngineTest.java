package elvis.dummynet;

import elvis.message.Message;
import elvis.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static elvis.dummynet.DummynetTest.MS;
import static elvis.dummynet.DummynetTest.US;
import static elvis.dummynet.DummynetTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

class DummynetEngineTest {
    static Dummynet engine(Simulator sim, String... lines) {
        Dummynet dn = new Dummynet(sim);
        for (int i = 0; i < lines.length; i++) IpfwConfig.apply(dn, lines[i], "test", i + 1, IpfwConfig.Extensions.NONE);
        return dn;
    }

    static int addr(int a, int b, int c, int d) { return (a << 24) | (b << 16) | (c << 8) | d; }

    /** Records per meta tag the delivery times. */
    static final class Sink implements Reinject {
        final Simulator sim;
        final Map<Long, List<Long>> times = new java.util.TreeMap<>();
        final List<Long> all = new ArrayList<>();
        final List<Long> order = new ArrayList<>();
        Sink(Simulator sim) { this.sim = sim; }
        List<Long> metas() { return order; }
        @Override public void reinject(Message p, long meta) {
            times.computeIfAbsent(meta, k -> new ArrayList<>()).add(sim.now());
            all.add(sim.now());
            order.add(meta);
        }
    }

    /**
     * Queues feeding one FIFO pipe each keep their own queue (limit and counters) and leave in
     * arrival order across them: queue 1 (2 slots) loses its 4th to 6th packets, queue 2 (50
     * slots) none, though they arrive interleaved.
     */
    @Test
    void fifoQueuesKeepTheirOwnLimitsAndServeInArrivalOrderAcrossThem() {
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = engine(sim, "pipe 1 config bw 1Mbit/s", "sched 1 config type fifo", "queue 1 config pipe 1 queue 2", "queue 2 config pipe 1 queue 50");
        Flowset q1 = dn.queue("1"), q2 = dn.queue("2");
        Sink sink = new Sink(sim);
        for (int i = 0; i < 6; i++) {
            dn.divert(q1, ip(1500, addr(10, 0, 0, 1), addr(10, 0, 0, 2), 1000, 80), 0, 100 + i, sink);
            dn.divert(q2, ip(1500, addr(10, 0, 0, 1), addr(10, 0, 0, 2), 1000, 81), 0, 200 + i, sink);
        }
        sim.run();
        assertThat(sink.metas()).containsExactly(100L, 200L, 101L, 201L, 102L, 202L, 203L, 204L, 205L);
        assertThat(q1.totals().dropQueue()).isEqualTo(3);
        assertThat(q2.totals().dropQueue()).isZero();
        assertThat(q2.totals().packetsOut()).isEqualTo(6);
        for (int k = 0; k < 9; k++) assertThat(sink.all.get(k)).isEqualTo((k + 1) * 12 * MS);
    }

    @Test
    void pipeShowListsDummynetDefaults() {
        // R-DN-1's check: queue 50 slots, buckets 64, weight 1, plr 0.
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = engine(sim, "pipe 1 config bw 1Mbit/s");
        String show = DummynetReport.text(dn);
        assertThat(show).contains("pipe 1: 1Mbps").contains("50 sl.").contains("buckets 64").contains("weight 1").contains("plr 0 ");
        Map<String, Object> json = DummynetReport.json(dn);
        @SuppressWarnings("unchecked") Map<String, Object> pipe = ((List<Map<String, Object>>) json.get("pipes")).getFirst();
        assertThat(pipe).containsEntry("queue_slots", 50).containsEntry("buckets", 64).containsEntry("weight", 1).containsEntry("plr", 0.0);
    }

    @Test
    void schedMaskMakesOneLinkPer24AtFullRate() {
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = engine(sim, "pipe 1 config bw 1Mbit/s mask src-ip 0xffffff00");
        Flowset pipe = dn.pipe("1");
        Sink sink = new Sink(sim);
        int[] hosts = {addr(10, 0, 1, 1), addr(10, 0, 1, 2), addr(10, 0, 2, 1)};
        for (int i = 0; i < 10; i++) for (int h = 0; h < 3; h++) dn.divert(pipe, ip(1500, hosts[h], addr(10, 9, 9, 9), 1000, 80), 0, h, sink);
        assertThat(pipe.node.instances()).isEqualTo(2);
        sim.run();
        // 10.0.2.0/24 alone: one packet every 12 ms at the full 1 Mbit/s.
        assertThat(sink.times.get(2L).getLast()).isEqualTo(120 * MS);
        // 10.0.1.0/24's two hosts share one line: 20 packets, the last at 240 ms.
        assertThat(Math.max(sink.times.get(0L).getLast(), sink.times.get(1L).getLast())).isEqualTo(240 * MS);
        assertThat(DummynetReport.text(dn)).contains("2 instance(s)")
                .contains("0 10.0.1.0:0 0.0.0.0:0").contains("0 10.0.2.0:0 0.0.0.0:0");     // a row per /24
    }

    @Test
    void flowMaskMakesOneQueuePerFlowAndPrioServesLowestLevelFirst() {
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = engine(sim, "pipe 1 config bw 1Mbit/s", "sched 1 config type prio",
                "queue 1 config pipe 1 pri 0 mask src-port 0xffff", "queue 2 config pipe 1 pri 1");
        Flowset q1 = dn.queue("1"), q2 = dn.queue("2");
        Sink sink = new Sink(sim);
        for (int i = 0; i < 5; i++) dn.divert(q2, ip(1500), 0, 2, sink);
        for (int port = 1; port <= 3; port++) for (int i = 0; i < 2; i++) dn.divert(q1, ip(1500, 1, 2, port, 80), 0, 1, sink);
        assertThat(q1.instances()).isEqualTo(3);
        assertThat(q2.instances()).isEqualTo(1);
        sim.run();
        // q2's first packet went straight to the idle line; then all six of q1 before q2's other four.
        assertThat(sink.times.get(2L)).containsExactly(12 * MS, 96 * MS, 108 * MS, 120 * MS, 132 * MS);
        assertThat(sink.times.get(1L).getLast()).isEqualTo(84 * MS);
        assertThat(DummynetReport.text(dn)).contains("0 0.0.0.0:1 0.0.0.0:0").contains("0 0.0.0.0:3 0.0.0.0:0");   // masked ids, as pipe show prints them
    }

    @Test
    void idleInstancesExpireAndKeepTheirCounts() {
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = engine(sim, "pipe 1 config bw 1Mbit/s mask src-ip 0xffffffff");
        Flowset pipe = dn.pipe("1");
        Sink sink = new Sink(sim);
        for (int h = 1; h <= 5; h++) dn.divert(pipe, ip(1500, h, 99, 1, 2), 0, h, sink);
        assertThat(pipe.node.instances()).isEqualTo(5);
        sim.runUntil(500 * MS);
        dn.divert(pipe, ip(1500, 1, 99, 1, 2), 0, 1, sink);    // not yet idle for 1 s: nothing expires
        assertThat(pipe.node.instances()).isEqualTo(5);
        sim.runUntil(1100 * MS);
        dn.divert(pipe, ip(1500, 7, 99, 1, 2), 0, 7, sink);    // hosts 2..5 idle since 12 ms: expired
        assertThat(pipe.node.instances()).isEqualTo(2);
        assertThat(pipe.instances()).isEqualTo(2);
        sim.run();
        assertThat(pipe.totals().packetsOut()).isEqualTo(7);
        assertThat(pipe.totals().packetsIn()).isEqualTo(7);
    }

    @Test
    void plrDropsOnEntryWithoutLinkTime() {
        Simulator sim = Simulator.sequential(7);
        Dummynet dn = engine(sim, "pipe 1 config bw 1Mbit/s plr 0.1 queue 100");
        Flowset pipe = dn.pipe("1");
        Sink sink = new Sink(sim);
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 100; i++) dn.divert(pipe, ip(1500), 0, 0, sink);
            sim.runUntil(sim.now() + 2000 * MS);
        }
        Counters c = pipe.totals();
        assertThat(c.dropPlr()).isBetween(880L, 1120L);          // 10% of 10,000, ±4σ
        assertThat(c.dropQueue()).isZero();
        assertThat(c.packetsOut()).isEqualTo(10_000 - c.dropPlr());
        // Dropped packets cost no link time: within each round the survivors leave back to back.
        List<Long> t = sink.all;
        int gaps = 0;
        for (int i = 1; i < t.size(); i++) if (t.get(i) - t.get(i - 1) != 12 * MS) gaps++;
        assertThat(gaps).isEqualTo(99);       // only between rounds
    }

    @Test
    void burstPassesUpToBurstBytesAtLineRateThenTheRate() {
        // R-DN-8: 1 Mbit/s, burst 30 KB, idle 10 s, 100 KB offered on a 1 Gbit/s attachment.
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = engine(sim, "pipe 1 config bw 1Mbit/s burst 30KBytes queue 100");
        Flowset pipe = dn.pipe("1");
        Sink sink = new Sink(sim);
        long t0 = 10_000 * MS;
        int packets = 102_400 / 1500 + 1;                       // 69 packets of 1,500 B: 100 KB
        for (int i = 0; i < packets; i++) {
            int k = i;
            sim.at(t0 + 12 * US * k, () -> dn.divert(pipe, ip(1500), 0, k, sink));
        }
        sim.run();
        long credit = 30 * 1024 * 8;                            // bits
        int free = (int) (credit / 12_000);                     // 20 whole packets: 30,000 B
        for (int i = 0; i < free; i++) assertThat(sink.times.get((long) i).getFirst()).isEqualTo(t0 + 12 * US * i);
        assertThat(sink.times.get((long) free - 1).getFirst() - t0).isLessThan(250 * US);
        // The 21st uses what is left (5,760 bits, plus 12 bits accrued in each of the 20 idle 12 µs
        // gaps: a token bucket at the line rate capped at burst) and pays the rest; then 12 ms each.
        long first = sink.times.get((long) free).getFirst();
        assertThat(first).isEqualTo(t0 + 12 * US * free + (12_000 - (credit - free * 12_000L + free * 12)) * 1000);
        for (int i = free + 1; i < packets; i++) assertThat(sink.times.get((long) i).getFirst() - sink.times.get((long) i - 1).getFirst()).isEqualTo(12 * MS);
    }

    @Test
    void tickReleasesOnlyAtBoundariesWithTheExactLongRunRate() {
        // R-DN-11: tick 1 ms, 1 Gbit/s, 1,500-byte packets backlogged: 83 or 84 per tick.
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = engine(sim, "pipe 1 config bw 1Gbit/s queue 10000KBytes");
        dn.setTick(MS);
        Flowset pipe = dn.pipe("1");
        Sink sink = new Sink(sim);
        int n = 6000;
        for (int i = 0; i < n; i++) dn.divert(pipe, ip(1500), 0, 0, sink);
        sim.run();
        Map<Long, Integer> perTick = new java.util.TreeMap<>();
        for (long t : sink.all) {
            assertThat(t % MS).isZero();
            perTick.merge(t / MS, 1, Integer::sum);
        }
        perTick.values().forEach(k -> assertThat(k).isBetween(83, 84));
        assertThat(sink.all.getLast()).isEqualTo(n * 12 * US);       // 6,000 × 12 µs = 72 ms, exact
    }

    @Test
    void exactRateOverALongRunWithAnUnevenTransmissionTime() {
        // 1,500 B at 7 Mbit/s is 1,714,285.714 ns: the remainder is carried, not lost per packet.
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = engine(sim, "pipe 1 config bw 7Mbit/s queue 20000KBytes");
        Flowset pipe = dn.pipe("1");
        Sink sink = new Sink(sim);
        for (int i = 0; i < 7000; i++) dn.divert(pipe, ip(1500), 0, 0, sink);
        sim.run();
        assertThat(sink.all.getLast()).isEqualTo(12_000_000_000L);        // 7,000 × 12,000 bits at 7 Mbit/s = 12 s
        assertThat(sink.all.getFirst()).isEqualTo(1_714_286);             // rounded up to the ns
    }

    @Test
    void wireLossUsesLinkTimeAndIsCountedApart() {
        Simulator sim = Simulator.sequential(3);
        Dummynet dn = engine(sim, "pipe 1 config bw 1Mbit/s loss 0.5 queue 100");
        Flowset pipe = dn.pipe("1");
        Sink sink = new Sink(sim);
        for (int i = 0; i < 100; i++) dn.divert(pipe, ip(1500), 0, i, sink);
        sim.run();
        Counters c = pipe.totals();
        assertThat(c.dropWire()).isPositive();
        assertThat(c.dropPlr()).isZero();
        assertThat(c.packetsOut() + c.dropWire()).isEqualTo(100);
        for (var e : sink.times.entrySet()) assertThat(e.getValue().getFirst()).isEqualTo((e.getKey() + 1) * 12 * MS);
    }

    @Test
    void noerrorHidesTheDropFromTheSender() {
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = engine(sim, "pipe 1 config bw 1Mbit/s queue 1 noerror", "pipe 2 config bw 1Mbit/s queue 1");
        Sink sink = new Sink(sim);
        for (String id : new String[]{"1", "2"}) for (int i = 0; i < 2; i++) dn.divert(dn.pipe(id), ip(1500), 0, 0, sink);
        assertThat(dn.divert(dn.pipe("1"), ip(1500), 0, 0, sink)).isEqualTo(Dummynet.DROPPED_QUIETLY);
        assertThat(dn.divert(dn.pipe("2"), ip(1500), 0, 0, sink)).isEqualTo(Dummynet.DROPPED);
    }

    @Test
    void mtuDropsLongPacketsAtTheIpLength() {
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = engine(sim, "pipe 1 config mtu 1000");
        Sink sink = new Sink(sim);
        assertThat(dn.divert(dn.pipe("1"), ip(1001), 0, 0, sink)).isEqualTo(Dummynet.DROPPED);
        assertThat(dn.divert(dn.pipe("1"), ip(1000), 0, 0, sink)).isEqualTo(Dummynet.QUEUED);
        assertThat(dn.pipe("1").totals().dropMtu()).isEqualTo(1);
    }

    @Test
    void anOfferAtTheInstantTheLineFreesComesAfterThePacketAlreadyWaiting() {
        // As on the link's FIFO path: the line's choice at 12 ms was made among the packets waiting
        // before the new one, even when the new one's event runs first and has a better priority.
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = engine(sim, "pipe 1 config bw 1Mbit/s", "sched 1 config type prio",
                "queue 1 config pipe 1 pri 0", "queue 2 config pipe 1 pri 1");
        Flowset high = dn.queue("1"), low = dn.queue("2");
        Sink sink = new Sink(sim);
        sim.at(12 * MS, () -> dn.divert(high, ip(1500), 0, 3, sink));    // scheduled before the line's event
        dn.divert(low, ip(1500), 0, 1, sink);
        dn.divert(low, ip(1500), 0, 2, sink);
        sim.at(12 * MS + 1, () -> dn.divert(high, ip(1500), 0, 4, sink));
        sim.run();
        assertThat(sink.times.get(1L)).containsExactly(12 * MS);
        assertThat(sink.times.get(2L)).containsExactly(24 * MS);
        assertThat(sink.times.get(3L)).containsExactly(36 * MS);
        assertThat(sink.times.get(4L)).containsExactly(48 * MS);
        // two offers, four deliveries, and the line's events at 12 (pre-empted, does nothing), 24 and 36 ms:
        // packet 1 started at once, and nothing waits after packet 4 starts
        assertThat(sim.eventsDispatched()).isEqualTo(2 + 4 + 3);
    }

    @Test
    void markingCeKeepsTheHeaderChecksumValid() {
        Message packet = ip(100);
        byte[] b = packet.toByteArray();
        b[1] = 0x02;                                                      // ECT(0)
        int sum = 0;
        for (int i = 0; i < 20; i += 2) sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
        int check = ~sum & 0xffff;
        b[10] = (byte) (check >>> 8);
        b[11] = (byte) check;
        Message ect = Message.wrap(b);
        Message ce = Ecn.markCe(ect, 0);
        assertThat(ce.u8(1) & 3).isEqualTo(3);
        assertThat(ce.onesSum(0, 20)).isEqualTo(0xffff);                  // a valid header sums to all ones
        assertThat(Ecn.markCe(ip(100), 0)).isNull();                      // Not-ECT: the caller drops
        assertThat(Ecn.markCe(ce, 0)).isSameAs(ce);
    }

    @Test
    void aSchedulersImpliedMaskAndAqmApplyToItsQueues() {
        // What FQ-CoDel needs: one queue per 5-tuple without a mask line, and its own controller per queue.
        int[] controllersMade = {0};
        Scheduler.Type perFlow = new Scheduler.Type() {
            @Override public String name() { return "test-per-flow"; }
            @Override public FlowMask impliedMask() { return new FlowMask(-1, -1, 0xffff, 0xffff, 0xff); }
            @Override public Scheduler newInstance(SchedConfig config) {
                PrioScheduler inner = new PrioScheduler();
                return new Scheduler() {
                    @Override public boolean enqueue(FlowQueue q, Message p, long now) { return inner.enqueue(q, p, now); }
                    @Override public Message dequeue(long now) { return inner.dequeue(now); }
                    @Override public void queueCreated(FlowQueue q) {
                        controllersMade[0]++;
                        q.useAqm(new Aqm.Controller() {
                            @Override public int onEnqueue(FlowQueue queue, int bytes, long now) { return queue.length() >= 2 ? Aqm.DROP : Aqm.PASS; }
                        });
                    }
                };
            }
        };
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = new Dummynet(sim);
        dn.configure(PipeConfig.defaults("1").withBandwidth(1_000_000).withSched(SchedConfig.defaults("1").withType(perFlow)));
        dn.configure(QueueConfig.defaults("1", "1"));
        Flowset q = dn.queue("1");
        Sink sink = new Sink(sim);
        for (int port = 1; port <= 3; port++) for (int i = 0; i < 5; i++) dn.divert(q, ip(1500, 1, 2, port, 80), 0, port, sink);
        sim.run();
        assertThat(q.instances()).isEqualTo(3);
        assertThat(controllersMade[0]).isEqualTo(3);
        // The controller drops at two waiting: flow 1's first packet went straight to the line, so it
        // loses 2 of 5; flows 2 and 3 wait behind it and lose 3 each.
        assertThat(q.totals().dropAqm()).isEqualTo(2 + 3 + 3);
        assertThat(q.totals().packetsOut()).isEqualTo(15 - 8);
    }

    @Test
    void aSchedulerMayDropFromTheHead() {
        // FQ-CoDel's overflow rule drops the oldest packet of the fattest queue: dropHead, counted as a queue drop.
        Scheduler.Type headDrop = new Scheduler.Type() {
            @Override public String name() { return "test-head-drop"; }
            @Override public Scheduler newInstance(SchedConfig config) {
                FifoScheduler inner = new FifoScheduler();
                return new Scheduler() {
                    @Override public boolean enqueue(FlowQueue q, Message p, long now) {
                        if (q.length() >= 2) q.dropHead();
                        return inner.enqueue(q, p, now);
                    }
                    @Override public Message dequeue(long now) { return inner.dequeue(now); }
                };
            }
            @Override public boolean singleQueue() { return true; }
        };
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = new Dummynet(sim);
        dn.configure(PipeConfig.defaults("1").withBandwidth(1_000_000).withSched(SchedConfig.defaults("1").withType(headDrop)));
        Sink sink = new Sink(sim);
        for (long i = 0; i < 6; i++) dn.divert(dn.pipe("1"), ip(1500), 0, i, sink);
        sim.run();
        assertThat(sink.metas()).containsExactly(0L, 4L, 5L);        // 0 went straight to the line; 1..3 lost their place to newer ones
        assertThat(dn.pipe("1").totals().dropQueue()).isEqualTo(3);
    }
}
