package elvis.bench;

import elvis.sim.Simulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Schedule + dispatch of trivial events. Each operation is one event: scheduled at a pseudo-random
 * future time while {@code pending} others wait (a "hold" model), then dispatched.
 * Run: ./elvis jmh KernelBench
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx2g"})
public class KernelBench {
    static final int EVENTS = 1_000_000;

    @Param({"1", "1000", "100000"})
    int pending;

    /** Each event schedules its successor, keeping {@code pending} events in the queue. */
    static final class Hold implements Runnable {
        final Simulator sim;
        long remaining;
        long rnd = 12345;
        Hold(Simulator sim, long remaining) { this.sim = sim; this.remaining = remaining; }
        @Override public void run() {
            if (--remaining > 0) {
                rnd = rnd * 6364136223846793005L + 1442695040888963407L;
                sim.schedule(1 + ((rnd >>> 33) & 1023), this);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long scheduleAndDispatch() {
        Simulator sim = new Simulator(1);
        Hold hold = new Hold(sim, EVENTS - pending + 1);   // exactly EVENTS dispatches in all
        for (int i = 0; i < pending; i++) sim.schedule(1 + i % 1024, hold);
        sim.run();
        return sim.eventsDispatched();
    }

    /** Same-instant events: the FIFO path that skips the heap. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long sameInstantEvents() {
        Simulator sim = new Simulator(1);
        long[] left = {EVENTS};
        Runnable[] self = new Runnable[1];
        self[0] = () -> { if (--left[0] > 0) sim.schedule(0, self[0]); };
        sim.schedule(0, self[0]);
        sim.run();
        return sim.eventsDispatched();
    }
}
