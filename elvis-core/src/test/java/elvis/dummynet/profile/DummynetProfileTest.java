package elvis.dummynet.profile;

import elvis.util.SourceError;
import elvis.dummynet.Counters;
import elvis.dummynet.Dummynet;
import elvis.dummynet.Flowset;
import elvis.dummynet.IpfwConfig;
import elvis.dummynet.PipeConfig;
import elvis.dummynet.QueueConfig;
import elvis.dummynet.Reinject;
import elvis.message.Message;
import elvis.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Profiles and traces on the dummynet engine's pipes (core's DelayProfile and LineRate interfaces). */
class DummynetProfileTest {
    static final long MS = 1_000_000, S = 1_000_000_000L;

    static Message ip(int length) {
        byte[] b = new byte[length];
        b[0] = 0x45;
        b[2] = (byte) (length >>> 8);
        b[3] = (byte) length;
        b[8] = 64;
        b[9] = 17;
        return Message.wrap(b);
    }

    static final class Sink implements Reinject {
        final Simulator sim;
        final List<Long> times = new ArrayList<>();
        Sink(Simulator sim) { this.sim = sim; }
        @Override public void reinject(Message packet, long meta) { times.add(sim.now()); }
    }

    @Test
    void aDummynetPipeWithTheManPageProfileLosesFourteenPercentAndSpacesDeparturesByTwelvePlusFiveHundredFortyMs() throws SourceError {
        int n = 10_000;
        Simulator sim = Simulator.sequential(7);
        Dummynet dn = new Dummynet(sim);
        dn.configure(PipeConfig.defaults("1").withBandwidth(1_000_000).withProfile(EmpiricalProfileTest.manPage())
                .withQueue(QueueConfig.defaults("1", "1").withSlots(n)));
        Flowset pipe = dn.pipe("1");
        Sink sink = new Sink(sim);
        for (int i = 0; i < n; i++) assertThat(dn.divert(pipe, ip(1500), 0, i, sink)).isEqualTo(Dummynet.QUEUED);
        sim.run();
        Counters c = pipe.totals();
        assertThat((double) c.dropProfile() / n).isCloseTo(0.14, within(0.01));
        assertThat(sink.times).hasSize(n - (int) c.dropProfile());
        // Each packet holds the line 12 ms plus its draw: the last departure is n · (12 + ≈ 540) ms.
        double perPacketMs = (double) sink.times.getLast() / MS / n;
        assertThat(perPacketMs).isCloseTo(12 + 540, within(552 * 0.03));
    }

    @Test
    void theIpfwLinePipeConfigProfileFileLoadsTheManPageExample() {
        IpfwConfig.Extensions ext = new IpfwConfig.Extensions() {
            @Override public elvis.dummynet.DelayProfile profile(String file) { return LinkConditions.ipfwProfile(file, RESOURCES); }
            @Override public elvis.dummynet.Aqm aqm(String keyword, IpfwConfig.Tokens tokens) { return IpfwConfig.Extensions.NONE.aqm(keyword, tokens); }
        };
        Simulator sim = Simulator.sequential(7);
        Dummynet dn = new Dummynet(sim);
        IpfwConfig.apply(dn, "pipe 1 config bw 1Mbit/s queue 100 profile manpage-example.profile", "rules", 1, ext);
        assertThat(dn.pipeConfigs().get("1").profile().name()).isEqualTo("bla_bla_bla");
        Flowset pipe = dn.pipe("1");
        Sink sink = new Sink(sim);
        int n = 100;
        for (int i = 0; i < n; i++) dn.divert(pipe, ip(1500), 0, i, sink);
        sim.run();
        assertThat(pipe.totals().dropProfile()).isPositive();
        assertThat(sink.times.size() + pipe.totals().dropProfile()).isEqualTo(n);
        assertThatThrownBy(() -> IpfwConfig.apply(dn, "pipe 2 config bw 1Mbit/s profile none.profile", "rules", 2, ext))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none.profile:1:1: cannot read profile file 'none.profile'");
    }

    static final java.nio.file.Path RESOURCES = java.nio.file.Path.of("src", "test", "resources", "profile");

    @Test
    void aDummynetPipeFollowsATraceAsItsLineRate() {
        // 1 Mbit/s for the first second, 4 Mbit/s for the next, looped: 1,500-byte packets take 12 ms, then 3 ms.
        BandwidthTrace t;
        try {
            t = BandwidthTrace.parse("t", "0s 1Mbit/s\n1s 4Mbit/s\n2s\n", BandwidthTrace.End.LOOP);
        } catch (SourceError e) {
            throw new AssertionError(e);
        }
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = new Dummynet(sim);
        dn.configure(PipeConfig.defaults("1").withRate(t).withQueue(QueueConfig.defaults("1", "1").withSlots(1000)));
        Flowset pipe = dn.pipe("1");
        Sink sink = new Sink(sim);
        for (int i = 0; i < 500; i++) dn.divert(pipe, ip(1500), 0, i, sink);
        sim.run();
        // 83 packets fill 996 ms; the 84th starts at 996 ms with 4,000 bits at 1 Mbit/s (4 ms), the other 8,000 at 4 Mbit/s (2 ms).
        assertThat(sink.times.get(82)).isEqualTo(996 * MS);
        assertThat(sink.times.get(83)).isEqualTo(1002 * MS);
        assertThat(sink.times.get(84)).isEqualTo(1005 * MS);
        // over the whole run the pipe carried the trace's capacity: 500 · 12,000 bits
        assertThat(t.capacity(0, sink.times.getLast())).isCloseTo(500 * 12_000L, within(12_000L));
    }
}
