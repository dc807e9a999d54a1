package elvis.bench;

import elvis.sim.Arrival;
import elvis.sim.Simulator;
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
 * Schedule + dispatch of trivial events in a "hold" model: the queue is filled once with
 * {@code pending} events; every dispatched event schedules its successor 1..maxDelay ns ahead (1024 by
 * default; -p maxDelay=1048576 for 1 ms timers), so the queue depth stays exactly {@code pending}.
 * One operation is one event (scheduled and dispatched);
 * each invocation dispatches exactly {@link #EVENTS} events and returns the count (no dead code).
 * Run: ./elvis jmh KernelBench
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx2g"})
public class KernelBench {
    static final int EVENTS = 1_000_000;

    /** A simulator holding {@code pending} events, kept across invocations. */
    @State(Scope.Thread)
    public static class Held {
        @Param({"1", "1000", "100000", "1000000"})
        int pending;

        /** Successors are scheduled 1..maxDelay ns ahead (a power of two; 2^20 ≈ periodic 1 ms timers). */
        @Param({"1024"})
        int maxDelay;

        Simulator sim;
        Hold hold;

        @Setup(Level.Trial)
        public void fill() {
            sim = Simulator.sequential(1);
            hold = new Hold(sim, maxDelay);
            for (int i = 0; i < pending; i++) sim.schedule(1 + i % maxDelay, hold);
        }
    }

    /** Reschedules itself 1..maxDelay ns ahead (a 64-bit LCG), and stops the run after its budget. */
    static final class Hold implements Runnable {
        final Simulator sim;
        long budget;
        long rnd = 12345;
        final long mask;
        Hold(Simulator sim, int maxDelay) { this.sim = sim; this.mask = maxDelay - 1; }
        @Override public void run() {
            rnd = rnd * 6364136223846793005L + 1442695040888963407L;
            sim.schedule(1 + ((rnd >>> 33) & mask), this);
            if (--budget == 0) sim.stop();
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long scheduleAndDispatch(Held held) {
        long before = held.sim.eventsDispatched();
        held.hold.budget = EVENTS;
        held.sim.run();
        return held.sim.eventsDispatched() - before;
    }

    /**
     * Busy point-to-point wires: {@code wires} keyed arrivals pending (a pipe keeps one however many
     * frames it has in flight), each delivering and scheduling its next frame 1..1024 ns ahead, beside
     * 64 timers doing the same with plain events: the run loop chooses between its two queues.
     */
    @State(Scope.Thread)
    public static class Wires {
        @Param({"1", "64"})
        int wires;

        Simulator sim;
        final long[] budget = {0};

        @Setup(Level.Trial)
        public void fill() {
            sim = Simulator.sequential(1);
            for (int i = 0; i < 64; i++) new Wire(sim, false, i, budget).next();
            for (int w = 0; w < wires; w++) new Wire(sim, true, w, budget).next();
        }
    }

    /** A busy wire (keyed: its arrival schedules the next frame's, keyed by (wire, frame number)) or a timer. */
    static final class Wire extends Arrival {
        final Simulator sim;
        final boolean keyed;
        final long key;
        final long[] budget;
        long seq, rnd;
        Wire(Simulator sim, boolean keyed, long key, long[] budget) {
            this.sim = sim;
            this.keyed = keyed;
            this.key = key;
            this.budget = budget;
            this.rnd = key;
        }
        void next() {
            rnd = rnd * 6364136223846793005L + 1442695040888963407L;
            long delay = 1 + ((rnd >>> 33) & 1023);
            if (keyed) sim.arrival(sim.now() + delay, this);
            else sim.schedule(delay, this);
        }
        @Override public long link() { return key; }
        @Override public long seq() { return seq; }
        @Override public void run() {
            seq++;
            next();
            if (--budget[0] == 0) sim.stop();
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long arrivalsBesideEvents(Wires w) {
        long before = w.sim.eventsDispatched();
        w.budget[0] = EVENTS;
        w.sim.run();
        return w.sim.eventsDispatched() - before;
    }

    /** Same-instant events: the "do it now" path. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long sameInstantEvents() {
        Simulator sim = Simulator.sequential(1);
        long[] left = {EVENTS};
        Runnable[] self = new Runnable[1];
        self[0] = () -> { if (--left[0] > 0) sim.schedule(0, self[0]); };
        sim.schedule(0, self[0]);
        sim.run();
        return sim.eventsDispatched();
    }
}
