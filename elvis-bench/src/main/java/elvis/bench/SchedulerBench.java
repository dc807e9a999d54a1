package elvis.bench;

import elvis.dummynet.sched.Drr;
import elvis.dummynet.sched.FlowScheduler;
import elvis.dummynet.sched.Qfq;
import elvis.dummynet.sched.RingFlow;
import elvis.dummynet.sched.Wf2qPlus;
import elvis.message.Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Per-packet cost of the dummynet schedulers against the number of flows (R-DN-5: O(1) for rr and
 * qfq, O(log N) for wf2q+). {@code flows} flows of weights 1..100 hold 2 packets each on average;
 * one operation is one packet sent (dequeue) and one arriving at a flow drawn at random (enqueue),
 * so flows go idle and come back as in a real mix. Packets are 64..1500 bytes, shared and reused:
 * nothing is allocated per operation. Run: ./elvis jmh SchedulerBench
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx2g"})
@State(Scope.Thread)
public class SchedulerBench {
    static final int OPS = 100_000;

    @Param({"rr", "wf2q+", "qfq"})
    String scheduler;

    @Param({"10", "100", "1000", "10000", "100000"})
    int flows;

    FlowScheduler s;
    RingFlow[] all;
    Message[] packets;
    long rnd = 12345;
    int next;

    @Setup(Level.Trial)
    public void fill() {
        s = switch (scheduler) {
            case "rr" -> new Drr();
            case "wf2q+" -> new Wf2qPlus();
            case "qfq" -> new Qfq();
            default -> throw new IllegalArgumentException(scheduler);
        };
        packets = new Message[16];
        for (int i = 0; i < packets.length; i++) packets[i] = Message.zeros(64 + i * 1436 / (packets.length - 1));
        all = new RingFlow[flows];
        for (int i = 0; i < flows; i++) {
            all[i] = new RingFlow(1 + i % 100);
            s.attach(all[i]);
        }
        for (int i = 0; i < 2 * flows; i++) arrive();
    }

    private void arrive() {
        rnd = rnd * 6364136223846793005L + 1442695040888963407L;
        int flow = (int) ((rnd >>> 33) % flows);
        s.enqueue(all[flow], packets[next++ & (packets.length - 1)], 0);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long sendOneReceiveOne() {
        long bytes = 0;
        for (int i = 0; i < OPS; i++) {
            bytes += s.dequeue(0).length();
            arrive();
        }
        return bytes;
    }
}
