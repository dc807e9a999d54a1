package elvis.bench;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.icmp.EchoSession;
import elvis.protocol.icmp.Icmp;
import elvis.protocol.ipv4.Ipv4Address;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One echo round trip across two routers (host — router — router — host, 10 Gbit/s, 10 µs links)
 * per operation: a 56-byte echo request from a ping socket, forwarded twice, answered, the reply
 * forwarded back and handed to the socket. With {@code -prof gc}, {@code gc.alloc.rate.norm} is
 * the bytes allocated per round trip (the data is synthetic: none of it is payload).
 * Run: ./elvis jmh PingFloodBench -prof gc
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx2g"})
public class PingFloodBench {
    @State(Scope.Thread)
    public static class Path {
        Simulation sim;
        EchoSession ping;
        Message data;
        int target, sequence;
        long replies;

        @Setup(Level.Trial)
        public void build() {
            sim = new Simulation(1);
            LinkConfig hop = LinkConfig.UNLIMITED.withBandwidth(10_000_000_000L).withDelay(10_000);
            Machine[] n = new Machine[4];
            for (int i = 0; i < n.length; i++) n[i] = sim.machine("n" + i);
            for (int j = 0; j < 3; j++) {
                Network link = sim.link("link" + j, hop, Simulation.Resolution.STATIC);
                sim.connect(n[j], link, "10.0." + j + ".1/24");
                sim.connect(n[j + 1], link, "10.0." + j + ".2/24");
            }
            sim.router(n[1]);
            sim.router(n[2]);
            sim.route(n[1], "10.0.2.0/24", "10.0.1.2");
            sim.route(n[2], "10.0.0.0/24", "10.0.1.1");
            sim.route(n[0], "default", "10.0.0.2");
            sim.route(n[3], "default", "10.0.2.1");
            ping = Icmp.of(n[0]).openEcho((type, code, from, seq, ttl, d) -> { if (type == Icmp.ECHO_REPLY) replies++; });
            data = Message.zeros(56);
            target = Ipv4Address.parse("10.0.2.2");
        }
    }

    /** Returns the replies so far (no dead code): one more per call. */
    @Benchmark
    public long roundTrip(Path p) {
        p.ping.send(p.target, p.sequence = (p.sequence + 1) & 0xFFFF, p.data, 64);
        p.sim.runUntil(Long.MAX_VALUE);       // until idle: the reply is back
        return p.replies;
    }
}
