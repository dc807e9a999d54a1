package elvis.bench;

import elvis.Simulation;
import elvis.dummynet.rules.Ipfw;
import elvis.dummynet.rules.RuleSet;
import elvis.link.LinkConfig;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The ipfw classifier's cost per packet (R-DN-14): {@code rulesBefore} rules that do not match
 * (each a source prefix and a destination port) before one that matches the packet's source in
 * lookup table 1 of {@code tableSize} /32 entries plus one /16. The cost should grow with the rules
 * tried and stay flat in the table's size. Run: ./elvis jmh ClassifierBench -prof gc
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx2g"})
public class ClassifierBench {
    @State(Scope.Thread)
    public static class Rules {
        @Param({"0", "10", "100", "1000"})
        int rulesBefore;

        @Param({"1", "1000", "1000000"})
        int tableSize;

        RuleSet rules;
        Message packet;
        Ipv4Interface in;

        @Setup(Level.Trial)
        public void build() {
            Simulation sim = new Simulation(1);
            Machine m = sim.machine("m");
            in = sim.connect(m, sim.network("lan", LinkConfig.UNLIMITED), "10.0.0.1/24");
            rules = RuleSet.of(m);
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < rulesBefore; i++) lines.append("add ").append(i + 1).append(" count udp from 192.168.")
                    .append(i % 256).append(".0/24 to any dst-port ").append(1000 + i).append('\n');
            lines.append("add 2000 allow ip from table(1) to any\n");
            if (!Ipfw.load(lines.toString(), rules, Ipfw.NO_OBJECTS).isEmpty()) throw new IllegalStateException("bad rules");
            rules.table(1).add(Ipv4Address.parse("172.16.0.0"), 16);
            for (int i = 1; i < tableSize; i++) rules.table(1).add(0x0B000000 + i, 32);
            byte[] b = new byte[28];
            b[0] = 0x45;
            b[3] = 28;
            b[8] = 64;
            b[9] = 17;
            Ipv4.putInt(b, 12, Ipv4Address.parse("172.16.5.5"));
            Ipv4.putInt(b, 16, Ipv4Address.parse("10.0.0.1"));
            b[23] = 53;
            packet = Message.wrap(b);
        }
    }

    @Benchmark
    public int classify(Rules r) {
        return r.rules.classify(r.packet, false, r.in, null).number();
    }
}
