package elvis.dummynet;

import elvis.sim.RandomStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpfwConfigTest {
    static Object parse(String line) { return IpfwConfig.parse(line, "rules.ipfw", 3, IpfwConfig.Extensions.NONE); }

    @Test
    void thePapersLinesParseLiterally() {
        PipeConfig p = (PipeConfig) parse("pipe 10 config bw 256Kbit/s delay 20ms");
        assertThat(p.rate()).isEqualTo(new LineRate.Constant(256_000));
        assertThat(p.delayNs()).isEqualTo(20_000_000);
        assertThat(p.queue().slots()).isEqualTo(50);
        PipeConfig spaced = (PipeConfig) parse("ipfw pipe 2 config bw 4 Mbit/s delay 5");
        assertThat(spaced.rate()).isEqualTo(new LineRate.Constant(4_000_000));
        assertThat(spaced.delayNs()).isEqualTo(5_000_000);
        QueueConfig q = (QueueConfig) parse("queue 1 config pipe 5 weight 10 mask src-ip 0xffffffff");
        assertThat(q.sched()).isEqualTo("5");
        assertThat(q.weight()).isEqualTo(10);
        assertThat(q.mask()).isEqualTo(new FlowMask(-1, 0, 0, 0, 0));
        PipeConfig example2 = (PipeConfig) parse("ipfw pipe 5 config sched prio mask src-ip 0xffffff00 bw 1 Mbit/s");
        assertThat(example2.sched().type()).isEqualTo(PrioScheduler.TYPE);
        assertThat(example2.sched().mask().srcIp()).isEqualTo(0xffffff00);
        assertThat(example2.rate().bitsPerSecond(0)).isEqualTo(1_000_000);
        assertThat(((QueueConfig) parse("ipfw queue 1 config pipe 5 weight 10 mask src-ip 0xfffffff")).mask().srcIp()).isEqualTo(0x0fffffff);
        SchedConfig s = (SchedConfig) parse("sched 1 config type prio mask src-ip 0xffffff00");
        assertThat(s.type()).isEqualTo(PrioScheduler.TYPE);
        assertThat(s.mask().srcIp()).isEqualTo(0xffffff00);
    }

    @Test
    void everyParameter() {
        PipeConfig p = (PipeConfig) parse("pipe 3 config bw 100KByte/s delay 1500us queue 100KBytes plr 0.1 buckets 256 "
                + "mask dst-ip 0x00ffffff dst-port 0xffff proto 0xff burst 30KBytes noerror jitter 2ms loss 0.01 corruption 0.001 mtu 1400");
        assertThat(p.rate().bitsPerSecond(0)).isEqualTo(800_000);
        assertThat(p.delayNs()).isEqualTo(1_500_000);
        assertThat(p.queue().bytes()).isEqualTo(102_400);
        assertThat(p.queue().slots()).isZero();
        assertThat(p.queue().plr()).isEqualTo(0.1);
        assertThat(p.queue().buckets()).isEqualTo(256);
        assertThat(p.sched().mask()).isEqualTo(new FlowMask(0, 0x00ffffff, 0, 0xffff, 0xff));
        assertThat(p.burstBytes()).isEqualTo(30_720);
        assertThat(p.queue().noerror()).isTrue();
        assertThat(p.jitterNs()).isEqualTo(2_000_000);
        assertThat(p.loss()).isEqualTo(0.01);
        assertThat(p.corruption()).isEqualTo(0.001);
        assertThat(p.mtu()).isEqualTo(1400);
        assertThat(((PipeConfig) parse("pipe 4 config bw 1000000")).rate().bitsPerSecond(0)).isEqualTo(1_000_000);
        assertThat(((PipeConfig) parse("pipe 4 config mask all")).sched().mask()).isEqualTo(new FlowMask(-1, -1, 0xffff, 0xffff, 0xff));
        assertThat(((PipeConfig) parse("pipe uplink config bw 2Mbit/s")).id()).isEqualTo("uplink");
        assertThat(((QueueConfig) parse("queue 7 config sched 2 pri 3 queue 20")).priority()).isEqualTo(3);
    }

    /** The message of the error a line gives. */
    static String error(String line) {
        try {
            parse(line);
        } catch (IpfwConfig.Error e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + line);
    }

    @Test
    void badInputGivesLocatedErrors() {
        assertThat(error("pipe 1 config bw -1Mbit/s")).isEqualTo("rules.ipfw:3:18: must not be negative: -1");
        assertThat(error("pipe 1 config mask src-ip banana")).startsWith("rules.ipfw:3:27: not a mask: 'banana'");
        assertThat(error("pipe 1 config mask src-ip 0x1ffffffff")).startsWith("rules.ipfw:3:27: not a src-ip mask");
        assertThat(error("pipe 1 config mask dst-port 0x10000")).startsWith("rules.ipfw:3:29: not a dst-port mask");
        assertThat(error("pipe 1 config mask bw 1Mbit/s")).startsWith("rules.ipfw:3:20: expected a mask field");
        assertThat(error("queue 1 config pipe 1 weight 0")).isEqualTo("rules.ipfw:3:30: weight must be 1..100: 0");
        assertThat(error("queue 1 config weight 5")).contains("needs 'pipe N'");
        assertThat(error("pipe 0 config bw 1Mbit/s")).isEqualTo("rules.ipfw:3:6: number must be 1..65534: 0");
        assertThat(error("pipe 65535 config")).startsWith("rules.ipfw:3:6:");
        assertThat(error("pipe 1 config bw 1furlongs/s")).startsWith("rules.ipfw:3:18: unknown bandwidth unit 'furlongs/s'");
        assertThat(error("pipe 1 config bw 1 furlongs/s")).isEqualTo("rules.ipfw:3:20: unknown pipe parameter 'furlongs/s'");
        assertThat(error("pipe 1 config plr 1.5")).isEqualTo("rules.ipfw:3:19: plr must be a probability in [0, 1]: 1.5");
        assertThat(error("pipe 1 config delay")).isEqualTo("rules.ipfw:3:15: expected a delay at end of line");
        assertThat(error("pipe 1 config colour red")).isEqualTo("rules.ipfw:3:15: unknown pipe parameter 'colour'");
        assertThat(error("pipe 1 setup bw 1")).isEqualTo("rules.ipfw:3:8: expected 'config', found 'setup'");
        assertThat(error("sched 1 config type nosuch")).startsWith("rules.ipfw:3:21: unknown scheduler type 'nosuch'");
        assertThat(error("pipe 1 config queue 0")).startsWith("rules.ipfw:3:21: size must be positive");
        assertThat(error("pipe 1 config mask src-ip6 0xffff")).contains("IPv6");
        assertThat(error("")).isEqualTo("rules.ipfw:3:1: expected pipe, queue or sched at end of line");
    }

    @Test
    void fuzzedLinesParseOrGiveALocatedError() {
        int iterations = Integer.getInteger("fuzz.ipfw", 20_000);
        String[] seeds = {
                "pipe 10 config bw 256Kbit/s delay 20ms", "queue 1 config pipe 5 weight 10 mask src-ip 0xffffffff",
                "sched 1 config type prio mask src-ip 0xffffff00 buckets 128",
                "pipe 3 config bw 1 Mbit/s queue 100KBytes plr 0.1 burst 30KBytes noerror mask dst-port 0xffff proto 0xff",
                "ipfw pipe x config jitter 2ms loss 0.01 corruption 0.5 mtu 1400 delay 7"};
        String alphabet = " -.0123456789abcdefxKMGbit/sByteconfigpipequeuesched#\t";
        RandomStream r = new RandomStream(16);
        for (int i = 0; i < iterations; i++) {
            StringBuilder line = new StringBuilder(seeds[(int) r.nextLong(seeds.length)]);
            int edits = 1 + (int) r.nextLong(4);
            for (int e = 0; e < edits; e++) {
                int at = line.isEmpty() ? 0 : (int) r.nextLong(line.length());
                switch ((int) r.nextLong(3)) {
                    case 0 -> line.insert(at, alphabet.charAt((int) r.nextLong(alphabet.length())));
                    case 1 -> { if (!line.isEmpty()) line.deleteCharAt(at); }
                    default -> { if (!line.isEmpty()) line.setCharAt(at, (char) r.nextLong(128)); }
                }
            }
            try {
                Object parsed = parse(line.toString());
                assertThat(parsed).isNotNull();
            } catch (IpfwConfig.Error e) {
                assertThat(e.getMessage()).as(line.toString()).matches("rules\\.ipfw:3:\\d+: .+");
            }
        }
    }

    @Test
    void applyDeclaresInTheEngineAndBuildChecksReferences() {
        Dummynet dn = new Dummynet(elvis.sim.Simulator.sequential(1));
        IpfwConfig.apply(dn, "queue 1 config pipe 9 weight 3", "f", 1, IpfwConfig.Extensions.NONE);
        assertThatThrownBy(dn::build).hasMessage("queue 1: no pipe or sched 9");
        Dummynet ok = new Dummynet(elvis.sim.Simulator.sequential(1));
        IpfwConfig.apply(ok, "pipe 9 config bw 1Mbit/s", "f", 1, IpfwConfig.Extensions.NONE);
        IpfwConfig.apply(ok, "sched 9 config type prio", "f", 2, IpfwConfig.Extensions.NONE);
        IpfwConfig.apply(ok, "queue 1 config pipe 9 weight 3", "f", 3, IpfwConfig.Extensions.NONE);
        assertThat(ok.queue("1").config().weight()).isEqualTo(3);
        assertThat(ok.node("9").type).isEqualTo(PrioScheduler.TYPE);
    }
}
