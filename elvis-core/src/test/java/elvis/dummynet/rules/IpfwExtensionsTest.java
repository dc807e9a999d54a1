package elvis.dummynet.rules;

import elvis.dummynet.Dummynet;
import elvis.dummynet.Flowset;
import elvis.dummynet.IpfwConfig;
import elvis.dummynet.LineRate;
import elvis.dummynet.PipeConfig;
import elvis.message.Message;
import elvis.sim.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The composed ipfw keywords: fq_codel's and fq_pie's parameters on sched lines, and our bw-trace on pipe lines. */
class IpfwExtensionsTest {
    static final long MS = 1_000_000;

    @TempDir
    Path tmp;

    static Message udp(int length, int sport) {
        byte[] b = new byte[length];
        b[0] = 0x45;
        b[2] = (byte) (length >>> 8);
        b[3] = (byte) length;
        b[8] = 64;
        b[9] = 17;
        b[12] = 10; b[15] = 1; b[16] = 10; b[19] = 99;
        b[20] = (byte) (sport >>> 8); b[21] = (byte) sport;
        b[23] = 80;
        return Message.wrap(b);
    }

    /** Drops of one flow offered at 20 Mbit/s for 80 ms to a 10 Mbit/s pipe scheduled by {@code schedLine}. */
    long dropsIn80ms(String schedLine) {
        Simulator sim = Simulator.sequential(1);
        Dummynet dn = new Dummynet(sim);
        IpfwConfig.Extensions ext = IpfwExtensions.relativeTo(tmp);
        IpfwConfig.apply(dn, "pipe 1 config bw 10Mbit/s", "t", 1, ext);
        IpfwConfig.apply(dn, schedLine, "t", 2, ext);
        IpfwConfig.apply(dn, "queue 1 config sched 1 queue 1000", "t", 3, ext);
        Flowset q = dn.queue("1");
        Message packet = udp(1500, 5000);
        sim.at(0, new Runnable() {
            @Override public void run() {
                dn.divert(q, packet, 0, sim.now(), (p, meta) -> { });
                if (sim.now() < 80 * MS) sim.schedule(600_000, this);
            }
        });
        sim.runUntil(80 * MS);
        return q.totals().drops() + dn.pipe("1").totals().drops();
    }

    @Test
    void fqCodelTargetAndIntervalAreRead() {
        // RFC 8289: the first drop comes one interval after the sojourn time rose above target. The
        // queue grows from the start; with 5 ms/100 ms that is after 80 ms, with 1 ms/10 ms well before.
        assertThat(dropsIn80ms("sched 1 config type fq_codel")).isZero();
        assertThat(dropsIn80ms("sched 1 config type fq_codel target 1ms interval 10ms")).isPositive();
    }

    @Test
    void fqCodelLimitIsRead() {
        // about 133 packets offered, 67 sent in 80 ms: the default limit (10240) keeps the rest, limit 20 does not
        assertThat(dropsIn80ms("sched 1 config type fq_codel limit 20 quantum 1514 flows 16")).isGreaterThan(30);
        assertThat(dropsIn80ms("sched 1 config type fq_pie limit 20 target 1000ms")).isGreaterThan(30);
        assertThat(dropsIn80ms("sched 1 config type fq_pie target 1000ms tupdate 15ms alpha 0.125 beta 1.25 ecn")).isZero();
    }

    @Test
    void badSchedParametersAreLocated() {
        IpfwConfig.Extensions ext = IpfwExtensions.relativeTo(tmp);
        assertThatThrownBy(() -> IpfwConfig.parse("sched 1 config type fq_codel quantum 0", "t.ipfw", 4, ext))
                .hasMessage("t.ipfw:4:38: quantum must be a whole number above 0, found '0'");
        assertThatThrownBy(() -> IpfwConfig.parse("sched 1 config type fq_codel target 5ms alpha 2", "t.ipfw", 4, ext))
                .hasMessage("t.ipfw:4:41: unknown sched parameter 'alpha' (type, mask, buckets)");
        assertThatThrownBy(() -> IpfwConfig.parse("sched 1 config type rr quantum 5", "t.ipfw", 4, ext))
                .hasMessageStartingWith("t.ipfw:4:24: unknown sched parameter 'quantum'");
        assertThatThrownBy(() -> IpfwConfig.parse("sched 1 config type fq_pie onoff", "t.ipfw", 4, ext))
                .hasMessageStartingWith("t.ipfw:4:28: pie onoff is not supported");
    }

    @Test
    void bwTraceGivesThePipeTheTracesRate() throws Exception {
        Files.writeString(tmp.resolve("steps.trace"), "0s 1Mbit/s\n1s 2Mbit/s\n2s\n");
        Object p = IpfwConfig.parse("pipe 1 config bw-trace steps.trace delay 10ms", "t.ipfw", 1, IpfwExtensions.relativeTo(tmp));
        LineRate rate = ((PipeConfig) p).rate();
        assertThat(rate.bitsPerSecond(500 * MS)).isEqualTo(1_000_000);
        assertThat(rate.bitsPerSecond(1500 * MS)).isEqualTo(2_000_000);
        assertThatThrownBy(() -> IpfwConfig.parse("pipe 1 config bw-trace none.trace", "t.ipfw", 2, IpfwExtensions.relativeTo(tmp)))
                .hasMessageStartingWith("t.ipfw:2:24: ").hasMessageContaining("no such file");
        assertThatThrownBy(() -> IpfwConfig.parse("pipe 1 config bw-trace steps.trace", "t.ipfw", 3, IpfwConfig.Extensions.NONE))
                .hasMessage("t.ipfw:3:24: bandwidth traces are not available");
    }
}
