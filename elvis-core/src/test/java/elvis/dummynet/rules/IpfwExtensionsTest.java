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
import static org.assertj.core.api.Assertions.fail;

/** The composed ipfw keywords: fq_codel's and fq_pie's parameters on sched lines, and our bw-trace on pipe lines. */
class IpfwExtensionsTest {
    static final long MS = 1_000_000;
    static final int FUZZ_LINES = Integer.getInteger("fuzz.ipfwext", 5_000);
    private static final String[] WORDS = {"pipe", "queue", "sched", "1", "config", "bw", "1Mbit/s", "delay", "10ms", "profile",
            "p.profile", "none.profile", "bw-trace", "t.trace", "gen:mean=1Mbps,cv=0.5,duration=10s", "gen:", "type", "fq_codel",
            "fq_pie", "rr", "target", "interval", "quantum", "limit", "flows", "ecn", "noecn", "5ms", "-1", "0", "1e9", "65536",
            "tupdate", "alpha", "beta", "max_burst", "max_ecnth", "onoff", "capdrop", "dre", "ts", "red", "gred", "codel", "pie",
            "0.002/30/80/0.1", "0.002/80/30/0.1", "1/2/3", "mask", "all", "weight", "queue", "50", "x", "#", "\u0000"};
    private static final String[] GOOD = {"pipe 1 config bw 1Mbit/s profile p.profile", "queue 1 config pipe 1 red 0.002/30/80/0.1 ecn",
            "sched 1 config type fq_codel target 5ms interval 100ms quantum 1514 limit 1000 flows 64 ecn",
            "sched 2 config type fq_pie target 15ms alpha 0.125 limit 100", "pipe 2 config bw-trace t.trace delay 5ms",
            "queue 3 config pipe 1 pie target 20ms tupdate 30ms ecn"};

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

    @Test
    void theComposedKeywordsGiveAResultOrALocatedError() throws Exception {
        Files.writeString(tmp.resolve("p.profile"), "samples 10\nprob delay\n0 1\n1 2\n");
        Files.writeString(tmp.resolve("t.trace"), "0s 1Mbit/s\n1s\n");
        IpfwConfig.Extensions ext = IpfwExtensions.relativeTo(tmp);
        java.util.Random rnd = new java.util.Random(16);
        int errors = 0;
        for (int i = 0; i < FUZZ_LINES; i++) {
            String line;
            if (i % 2 == 0) {
                String[] heads = {"pipe 1 config ", "queue 1 config pipe 1 ", "sched 1 config type fq_codel ", "sched 1 config type fq_pie ", ""};
                StringBuilder b = new StringBuilder(heads[rnd.nextInt(heads.length)]);
                for (int n = rnd.nextInt(4); n > 0; n--) b.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
                line = b.toString();
            } else {
                StringBuilder b = new StringBuilder(GOOD[rnd.nextInt(GOOD.length)]);
                for (int e = 1 + rnd.nextInt(3); e > 0 && b.length() > 0; e--) b.setCharAt(rnd.nextInt(b.length()), (char) (32 + rnd.nextInt(95)));
                line = b.toString();
            }
            try {
                assertThat(IpfwConfig.parse(line, "f", 1, ext)).isNotNull();
            } catch (IpfwConfig.Error e) {
                errors++;
                assertThat(e.column()).as(line).isBetween(1, line.length() + 1);
            } catch (RuntimeException e) {
                fail("line '" + line + "' threw " + e, e);
            }
        }
        assertThat(errors).isBetween(FUZZ_LINES / 10, FUZZ_LINES - FUZZ_LINES / 100);    // both outcomes reached
        for (String good : GOOD) assertThat(IpfwConfig.parse(good, "f", 1, ext)).as(good).isNotNull();
    }
}
