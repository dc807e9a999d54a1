package elvis.bench;

import elvis.machine.Machine;
import elvis.protocol.Stacks;
import elvis.sim.Simulator;
import elvis.socket.Process;
import elvis.socket.ProgramApplication;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What blocking code costs over event code for the same wake-ups: {@code eventChain} is an event that
 * schedules its successor 1 ns ahead; {@code processSleep} is a process that sleeps 1 ns in a loop, so
 * each operation is the same one kernel event plus one park and resume of the process's coroutine.
 * The difference is the floor of the socket API's overhead per blocking call (see docs/performance.md).
 * Run: ./elvis jmh ProcessSwitchBench
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED"})
@State(Scope.Thread)
public class ProcessSwitchBench {
    static final int WAKEUPS = 100_000;

    /** Reschedules itself until its budget is spent. */
    static final class Chain implements Runnable {
        final Simulator sim;
        int left;
        Chain(Simulator sim, int left) { this.sim = sim; this.left = left; }
        @Override public void run() { if (--left > 0) sim.schedule(1, this); }
    }

    @Benchmark
    @OperationsPerInvocation(WAKEUPS)
    public long eventChain() {
        Simulator sim = Simulator.sequential(1);
        sim.schedule(1, new Chain(sim, WAKEUPS));
        sim.run();
        return sim.eventsDispatched();
    }

    @Benchmark
    @OperationsPerInvocation(WAKEUPS)
    public long processSleep() {
        Simulator sim = Simulator.sequential(1);
        Machine m = new Machine(sim, "m", Stacks.INTERNET);
        m.addApplication(new ProgramApplication("sleeper", (Process p) -> {
            for (int i = 0; i < WAKEUPS; i++) p.sleep(1);
        }));
        sim.schedule(0, m::start);
        sim.run();
        return sim.eventsDispatched();
    }
}
