package elvis.bench;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;
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
 * One UDP datagram of {@code size} bytes over a 10 Gbit/s link with MTU 1,500: sent, fragmented,
 * carried, reassembled and delivered, per operation. With {@code -prof gc}, {@code gc.alloc.rate.norm}
 * is the bytes allocated per datagram (the payload is synthetic: none of it is payload).
 * Run: ./elvis jmh FragmentationBench -prof gc
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx2g"})
public class FragmentationBench {
    /** Two hosts on one link; the receiver counts what arrives on port 9. */
    @State(Scope.Thread)
    public static class Link {
        @Param({"8000", "1400"})
        int size;

        Simulation sim;
        UdpSession sender;
        Message payload;
        int receiver;
        long delivered;

        @Setup(Level.Trial)
        public void build() {
            sim = new Simulation(1);
            Network link = sim.link("p2p", LinkConfig.UNLIMITED.withBandwidth(10_000_000_000L).withDelay(10_000),
                    Simulation.Resolution.STATIC);
            Machine a = sim.machine("a"), b = sim.machine("b");
            sim.connect(a, link, "10.0.0.1/30");
            sim.connect(b, link, "10.0.0.2/30");
            Udp.of(b).bind(9, null, (d, s, p) -> delivered++);
            sender = Udp.of(a).bind(0, null, (d, s, p) -> { });
            payload = Message.zeros(size - 8);
            receiver = Ipv4Address.parse("10.0.0.2");
        }
    }

    /** Returns the datagrams delivered so far (no dead code): one more per call. */
    @Benchmark
    public long datagram(Link l) {
        l.sender.sendTo(l.receiver, 9, l.payload);
        l.sim.runUntil(Long.MAX_VALUE);       // until idle: the fragments arrive, the datagram is delivered
        return l.delivered;
    }
}
