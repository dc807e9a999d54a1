package elvis.dummynet;

import elvis.message.Message;
import elvis.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DummynetTest {
    static final long MS = 1_000_000, US = 1_000;

    /** An IPv4 packet of {@code length} bytes (header included) from src:sport to dst:dport, TCP. */
    static Message ip(int length, int src, int dst, int sport, int dport) {
        byte[] b = new byte[length];
        b[0] = 0x45;
        b[2] = (byte) (length >>> 8);
        b[3] = (byte) length;
        b[8] = 64;
        b[9] = 6;
        for (int i = 0; i < 4; i++) {
            b[12 + i] = (byte) (src >>> (24 - 8 * i));
            b[16 + i] = (byte) (dst >>> (24 - 8 * i));
        }
        b[20] = (byte) (sport >>> 8); b[21] = (byte) sport;
        b[22] = (byte) (dport >>> 8); b[23] = (byte) dport;
        return Message.wrap(b);
    }

    static Message ip(int length) { return ip(length, 0x0a000001, 0x0a000002, 1000, 2000); }

    /** Records when packets come back. */
    static final class Sink implements Reinject {
        final Simulator sim;
        final List<Long> times = new ArrayList<>();
        final List<Long> metas = new ArrayList<>();
        Sink(Simulator sim) { this.sim = sim; }
        @Override public void reinject(Message packet, long meta) { times.add(sim.now()); metas.add(meta); }
    }

    @Test
    void tenBackToBackPacketsLeaveAtDeltaT() {
        // R-DN-3: 1,500-byte IP packets into an idle 1 Mbit/s, 20 ms pipe arrive at 32, 44, ..., 140 ms.
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = new Dummynet(sim);
        dn.configure(PipeConfig.defaults("1").withBandwidth(1_000_000).withDelayNs(20 * MS));
        Flowset pipe = dn.pipe("1");
        Sink sink = new Sink(sim);
        for (int i = 0; i < 10; i++) assertThat(dn.divert(pipe, ip(1500), 0, i, sink)).isEqualTo(Dummynet.QUEUED);
        sim.run();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) expected.add((32 + 12L * i) * MS);
        assertThat(sink.times).isEqualTo(expected);
        assertThat(sink.metas).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        Counters c = pipe.totals();
        assertThat(c.packetsIn()).isEqualTo(10);
        assertThat(c.packetsOut()).isEqualTo(10);
        assertThat(c.bytesOut()).isEqualTo(15_000);
        assertThat(c.maxLength()).isEqualTo(9);   // the first is in transmission at once
    }

    @Test
    void queueLimitExcludesThePacketInTransmission() {
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = new Dummynet(sim);
        dn.configure(PipeConfig.defaults("1").withBandwidth(1_000_000).withQueue(QueueConfig.defaults("1", "1").withSlots(3)));
        Flowset pipe = dn.pipe("1");
        Sink sink = new Sink(sim);
        int queued = 0;
        for (int i = 0; i < 6; i++) if (dn.divert(pipe, ip(1500), 0, i, sink) == Dummynet.QUEUED) queued++;
        sim.run();
        assertThat(queued).isEqualTo(4);
        assertThat(pipe.totals().dropQueue()).isEqualTo(2);
        assertThat(sink.metas).containsExactly(0L, 1L, 2L, 3L);
    }
}
