package elvis.dummynet.sched;

import elvis.dummynet.Dummynet;
import elvis.dummynet.Flowset;
import elvis.dummynet.PipeConfig;
import elvis.dummynet.QueueConfig;
import elvis.dummynet.SchedConfig;
import elvis.dummynet.Scheduler;
import elvis.dummynet.Schedulers;
import elvis.message.Message;
import elvis.sim.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The schedulers behind dummynet's engine: real pipes (serializer, queues with limits, counters). */
class DummynetSchedulersTest {
    static final long MS = 1_000_000, SECOND = 1_000 * MS;

    /** An IPv4 UDP packet of {@code length} bytes (header included) from src:sport to dst:dport. */
    static Message udp(int length, int src, int sport, int dport) {
        byte[] b = new byte[length];
        b[0] = 0x45;
        b[2] = (byte) (length >>> 8);
        b[3] = (byte) length;
        b[8] = 64;
        b[9] = 17;
        for (int i = 0; i < 4; i++) b[12 + i] = (byte) (src >>> (24 - 8 * i));
        b[16] = 10; b[19] = 99;
        b[20] = (byte) (sport >>> 8); b[21] = (byte) sport;
        b[22] = (byte) (dport >>> 8); b[23] = (byte) dport;
        return Message.wrap(b);
    }

    /** Offers one packet every {@code periodNs} to {@code target} until {@code end}, the send time as meta. */
    static void source(Simulator sim, Dummynet dn, Flowset target, Message packet, long periodNs, long end, elvis.dummynet.Reinject sink) {
        sim.at(0, new Runnable() {
            @Override public void run() {
                dn.divert(target, packet, 0, sim.now(), sink);
                if (sim.now() + periodNs < end) sim.schedule(periodNs, this);
            }
        });
    }

    @Test
    void theTypesAreRegisteredByName() {
        for (String name : new String[] {"rr", "wf2q+", "wf2qp", "qfq", "fq_codel", "fq_pie"}) assertThat(Schedulers.find(name)).as(name).isNotNull();
        assertThat(Schedulers.find("qfq")).isSameAs(SchedulerTypes.QFQ);
    }

    /**
     * The paper's shares, through the engine: queues of weight 10 and 4 on a 1 Mbit/s pipe, each fed
     * at the full rate (so both stay backlogged), get 10/14 and 4/14 of it over 10 s (± 2%).
     */
    @ParameterizedTest
    @ValueSource(strings = {"wf2q+", "qfq", "rr"})
    void weightedQueuesShareThePipe(String type) {
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = new Dummynet(sim);
        dn.configure(PipeConfig.defaults("1").withBandwidth(1_000_000));
        dn.configure(SchedConfig.defaults("1").withType(Schedulers.find(type)));
        dn.configure(QueueConfig.defaults("10", "1").withWeight(10));
        dn.configure(QueueConfig.defaults("4", "1").withWeight(4));
        long[] bytes = new long[2];
        elvis.dummynet.Reinject ssh = (p, meta) -> bytes[0] += p.length(), http = (p, meta) -> bytes[1] += p.length();
        source(sim, dn, dn.queue("10"), udp(1500, 0x0a000001, 22, 5000), 12 * MS, 10 * SECOND, ssh);
        source(sim, dn, dn.queue("4"), udp(1500, 0x0a000001, 80, 5001), 12 * MS, 10 * SECOND, http);
        sim.runUntil(10 * SECOND);
        double total = bytes[0] + bytes[1];
        assertThat(bytes[0] / total).isCloseTo(10.0 / 14, within(0.02 * 10 / 14));
        assertThat(bytes[1] / total).isCloseTo(4.0 / 14, within(0.02 * 4 / 14));
        assertThat(total * 8 / 10).as("the pipe is kept busy").isCloseTo(1_000_000, within(20_000.0));
    }

    /**
     * R-DN-5: four bulk flows saturate a 10 Mbit/s pipe (each offered 5 Mbit/s); a ping every 100 ms
     * beside them waits under FQ-CoDel's 5 ms target, being a new (sparse) flow each time. Under FIFO
     * the same ping waits behind the full queue.
     */
    @Test
    void fqCodelKeepsASparsePingUnderTarget() {
        long fq = worstPingWait(SchedulerTypes.FQ_CODEL);
        assertThat(fq).as("worst ping queueing delay under fq_codel, ns").isLessThan(5 * MS);
        assertThat(worstPingWait(elvis.dummynet.FifoScheduler.TYPE)).as("under FIFO, ns").isGreaterThan(50 * MS);
    }

    static long worstPingWait(Scheduler.Type type) {
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = new Dummynet(sim);
        dn.configure(PipeConfig.defaults("1").withBandwidth(10_000_000));
        dn.configure(SchedConfig.defaults("1").withType(type));
        dn.configure(QueueConfig.defaults("1", "1").withSlots(100));     // fq_codel implies the 5-tuple mask
        Flowset q = dn.queue("1");
        elvis.dummynet.Reinject drop = (p, meta) -> {};
        for (int i = 0; i < 4; i++) source(sim, dn, q, udp(1500, 0x0a000001 + i, 5000, 6000), 1500 * 8 * 1000 / 5, 20 * SECOND, drop);
        long[] worst = {0};
        long transmission = 84 * 8 * 100;    // 84 bytes at 10 Mbit/s
        elvis.dummynet.Reinject ping = (p, sent) -> {
            if (sent >= 2 * SECOND) worst[0] = Math.max(worst[0], sim.now() - sent - transmission);
        };
        sim.at(0, new Runnable() {
            @Override public void run() {
                dn.divert(q, udp(84, 0x0a0000fe, 7, 7), 0, sim.now(), ping);
                if (sim.now() < 19 * SECOND) sim.schedule(100 * MS + 37_123, this);
            }
        });
        sim.runUntil(20 * SECOND);
        return worst[0];
    }
}
