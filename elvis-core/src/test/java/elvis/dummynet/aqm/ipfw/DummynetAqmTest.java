package elvis.dummynet.aqm.ipfw;

import elvis.dummynet.Dummynet;
import elvis.dummynet.Flowset;
import elvis.dummynet.IpfwConfig;
import elvis.dummynet.Reinject;
import elvis.dummynet.aqm.CoDel;
import elvis.dummynet.aqm.Pie;
import elvis.dummynet.aqm.Red;
import elvis.message.Message;
import elvis.sim.Simulator;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The AQM keywords on ipfw lines, and the controllers through dummynet's per-queue hook. */
class DummynetAqmTest {
    static final long MS = 1_000_000;

    /** The loader's extensions with the AQM keywords (what the NDL section and the ipfw loader pass). */
    static final IpfwConfig.Extensions AQM = new IpfwConfig.Extensions() {
        @Override public elvis.dummynet.DelayProfile profile(String file) { throw new IllegalArgumentException("no profiles here"); }
        @Override public elvis.dummynet.Aqm aqm(String keyword, IpfwConfig.Tokens tokens) { return AqmSyntax.parse(keyword, tokens); }
    };

    static Dummynet engine(Simulator sim, String line) {
        Dummynet dn = new Dummynet(sim);
        IpfwConfig.apply(dn, line, "test.ipfw", 1, AQM);
        return dn;
    }

    /** A 1,500-byte TCP/IPv4 packet with ECN codepoint {@code ecn}, header checksum valid. */
    static Message packet(int ecn) {
        byte[] b = new byte[1500];
        b[0] = 0x45;
        b[1] = (byte) ecn;
        b[2] = (byte) (1500 >>> 8);
        b[3] = (byte) 1500;
        b[8] = 64;
        b[9] = 6;
        b[12] = 10; b[15] = 1;
        b[16] = 10; b[19] = 2;
        int ck = elvis.message.Checksum.of(b, 0, 20);
        b[10] = (byte) (ck >>> 8);
        b[11] = (byte) ck;
        return Message.wrap(b);
    }

    static final class Sink implements Reinject {
        final Simulator sim;
        final List<Message> packets = new ArrayList<>();
        final List<Long> delays = new ArrayList<>();
        Sink(Simulator sim) { this.sim = sim; }
        @Override public void reinject(Message p, long sentAt) { packets.add(p); delays.add(sim.now() - sentAt); }
    }

    /** 12 Mbit/s of 1,500-byte packets for {@code ms} into {@code line}'s pipe 1 (10 Mbit/s): a constant overload. */
    static Sink overload(Simulator sim, Dummynet dn, int ecn, long ms) {
        Flowset pipe = dn.pipe("1");
        Sink sink = new Sink(sim);
        long gap = 1_000_000L;                                      // 1,500 bytes per ms = 12 Mbit/s
        for (long t = 0; t < ms * MS; t += gap) {
            long at = t;
            sim.at(at, () -> dn.divert(pipe, packet(ecn), 0, at, sink));
        }
        sim.run();
        return sink;
    }

    /**
     * RED's idle decay on a dummynet queue: after an idle period of m average-packet times (512 bytes
     * at the pipe's 1 Mbit/s: 4.096 ms) avg is multiplied by (1 − w_q)^m, and zeroed beyond 256 of
     * them. With w_q = 1 the average is the queue met by each arrival: a burst leaves it at max_th
     * (4 packets, where every arrival is dropped); 500 ms later (122 packet times, before the idle
     * queue expires at 1 s and takes its state with it) it is 0 again, so a new burst of three passes
     * whole. Without the decay it would still be 4 and the first packet of the second burst would be dropped.
     */
    @Test
    void redsAverageDecaysWhileItsQueueIsIdleAtThePipesRate() {
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = engine(sim, "pipe 1 config bw 1Mbit/s queue 100 red 1/2/4/0.5");
        Flowset pipe = dn.pipe("1");
        Sink sink = new Sink(sim);
        for (int i = 0; i < 20; i++) dn.divert(pipe, packet(0), 0, 0, sink);
        sim.run();
        long firstBurstDrops = pipe.totals().dropAqm();
        assertThat(firstBurstDrops).isGreaterThan(5);
        long later = sim.now() + 500 * MS;
        sim.at(later, () -> { for (int i = 0; i < 3; i++) dn.divert(pipe, packet(0), 0, later, sink); });
        sim.run();
        assertThat(pipe.totals().dropAqm()).isEqualTo(firstBurstDrops);
        assertThat(sink.packets).hasSize(20 - (int) firstBurstDrops + 3);
    }

    @Test
    void keywordsBuildTheControllersWithDummynetsDefaults() {
        Simulator sim = Simulator.sequential(1);
        assertThat(engine(sim, "pipe 1 config bw 10Mbit/s queue 100 red 0.002/30/80/0.1").pipe("1").config().aqm().name()).isEqualTo("red");
        assertThat(engine(sim, "pipe 1 config gred 0.002/30/80/0.1 ecn").pipe("1").config().aqm())
                .isEqualTo(new DummynetAqm(new Red(0.002, 30, 80, 0.1, true, true, false)));
        assertThat(engine(sim, "pipe 1 config codel").pipe("1").config().aqm()).isEqualTo(new DummynetAqm(CoDel.DEFAULT));
        assertThat(engine(sim, "pipe 1 config codel target 10ms interval 200ms ecn").pipe("1").config().aqm())
                .isEqualTo(new DummynetAqm(new CoDel(10 * MS, 200 * MS, true)));
        assertThat(engine(sim, "pipe 1 config pie").pipe("1").config().aqm()).isEqualTo(new DummynetAqm(Pie.DEFAULT));
        assertThat(engine(sim, "pipe 1 config pie target 20ms alpha 0.5 beta 2 ecn ts").pipe("1").config().aqm())
                .isEqualTo(new DummynetAqm(new Pie(20 * MS, 15 * MS, 0.5, 2, 150 * MS, 0.1, true, true, true, true)));
    }

    @Test
    void badParametersGiveLocatedErrors() {
        Simulator sim = Simulator.sequential(1);
        assertThatThrownBy(() -> engine(sim, "pipe 1 config red 0.002/80/30/0.1"))
                .hasMessageStartingWith("test.ipfw:1:19: ").hasMessageContaining("min_th (80.0) must be below max_th (30.0)");
        assertThatThrownBy(() -> engine(sim, "pipe 1 config red 0.002/30/80/1.5")).hasMessageStartingWith("test.ipfw:1:19: ").hasMessageContaining("max_p");
        assertThatThrownBy(() -> engine(sim, "pipe 1 config red 0.002/30/80")).hasMessageStartingWith("test.ipfw:1:19: ").hasMessageContaining("w_q/min_th/max_th/max_p");
        assertThatThrownBy(() -> engine(sim, "pipe 1 config codel target -5ms")).hasMessageStartingWith("test.ipfw:1:28: ").hasMessageContaining("target must be positive");
        assertThatThrownBy(() -> engine(sim, "pipe 1 config pie alpha 9")).hasMessageStartingWith("test.ipfw:1:25: ").hasMessageContaining("alpha must be in 0..7");
        assertThatThrownBy(() -> engine(sim, "pipe 1 config pie onoff")).hasMessageStartingWith("test.ipfw:1:19: ").hasMessageContaining("onoff");
        assertThatThrownBy(() -> engine(sim, "pipe 1 config codel interval 5parsecs")).hasMessageContaining("unknown time unit");
    }

    @Test
    void codelOnAPipeDropsAndBoundsTheDelayWhereDropTailQueues() {
        Simulator a = Simulator.sequential(1);
        Dummynet tail = engine(a, "pipe 1 config bw 10Mbit/s queue 1000");
        Sink t = overload(a, tail, 0, 3000);
        Simulator b = Simulator.sequential(1);
        Dummynet codel = engine(b, "pipe 1 config bw 10Mbit/s queue 1000 codel");
        Sink c = overload(b, codel, 0, 3000);
        // 20% overload for 3 s: drop-tail's queue grows by 1 packet per 6 ms, to 500 packets (600 ms) at the end.
        assertThat(t.delays.getLast()).isGreaterThan(550 * MS);
        assertThat(codel.pipe("1").totals().dropAqm()).isPositive();
        assertThat(c.delays.getLast()).isLessThan(t.delays.getLast() / 2);
    }

    @Test
    void ecnMarksEctPacketsAndDropsOthers() {
        Simulator a = Simulator.sequential(1);
        Dummynet ecn = engine(a, "pipe 1 config bw 10Mbit/s queue 1000 codel ecn");
        Sink s = overload(a, ecn, 2, 3000);
        assertThat(ecn.pipe("1").totals().marked()).isPositive();
        assertThat(ecn.pipe("1").totals().dropAqm()).isZero();
        long ce = s.packets.stream().filter(p -> (p.u8(1) & 3) == 3).count();
        assertThat(ce).isEqualTo(ecn.pipe("1").totals().marked());
        assertThat(s.packets).allMatch(p -> elvis.message.Checksum.verifies(p.onesSum(0, 20)));
        Simulator b = Simulator.sequential(1);
        Dummynet notEct = engine(b, "pipe 1 config bw 10Mbit/s queue 1000 codel ecn");
        overload(b, notEct, 0, 3000);
        assertThat(notEct.pipe("1").totals().dropAqm()).isPositive();
        assertThat(notEct.pipe("1").totals().marked()).isZero();
    }
}
