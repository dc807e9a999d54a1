package elvis.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import elvis.bench.SocketScenarios.Scenario;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.Stacks;
import elvis.sim.Simulator;
import elvis.socket.Process;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code elvis bench sockets}: the Elvis paper's Table I. Each scenario runs {@code repetitions} times
 * with the event API and as many with blocking sockets, interleaved in rounds after a warm-up, in this
 * JVM; the overhead is the blocking wall time over the event one, minus one. Then the heap held by
 * 100,000 parked processes.
 */
@Command(name = "sockets", mixinStandardHelpOptions = true,
        description = "Socket API overhead against the event API (the Elvis paper's Table I), and memory per parked process.")
public final class SocketsCommand implements Callable<Integer> {
    @Option(names = "--repetitions", defaultValue = "20000", description = "runs of Basic per API (Ping Pong and Server Client: a tenth) (default ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--rounds", defaultValue = "10", description = "event/blocking alternations the runs are split into (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup-seconds", defaultValue = "30", description = "at most this wall time per scenario alternating both APIs before measuring, until the JIT compiler is quiet (default ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--processes", defaultValue = "100000", description = "parked processes for the memory figure (default ${DEFAULT-VALUE})")
    int processes;

    @Option(names = "--json", description = "write the runs and overheads as JSON to this file")
    Path json;

    @Override
    public Integer call() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        // Memory first: after the timed scenarios the spawn and park path is compiled with their
        // profiles too, and the first figure then ranged from 530 to over 1,000 bytes.
        double bytes = parkedProcessBytes(processes);
        out.put("parked_process_bytes", Math.round(bytes));
        System.out.printf(Locale.ROOT, "%d parked processes: %.0f bytes each (process, coroutine stack, sleep timer)%n", processes, bytes);
        ArrayNode runs = out.putArray("runs");
        ObjectNode overhead = out.putObject("overhead_percent");
        for (Scenario s : Scenario.values()) {
            int reps = s == Scenario.BASIC ? repetitions : Math.max(1, repetitions / 10);
            int perRound = Math.max(1, reps / rounds);
            double warmup = warmUp(s, perRound);
            double event = 0, blocking = 0;
            for (int r = 0; r < rounds; r++) {
                event += time(s, false, perRound);
                blocking += time(s, true, perRound);
            }
            String key = s.name().toLowerCase(Locale.ROOT);
            runs.addObject().put("scenario", key).put("api", "event").put("runs", perRound * rounds).put("wall_seconds", event);
            runs.addObject().put("scenario", key).put("api", "blocking").put("runs", perRound * rounds).put("wall_seconds", blocking);
            double percent = 100 * (blocking / event - 1);
            overhead.put(key, Math.round(percent * 10) / 10.0);
            System.out.printf(Locale.ROOT, "%-14s %6d runs  event %8.4f ms/run  blocking %8.4f ms/run  overhead %+6.1f%%  (warm-up %.1f s)%n",
                    key, perRound * rounds, 1e3 * event / (perRound * rounds), 1e3 * blocking / (perRound * rounds), percent, warmup);
        }
        if (json != null) mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), out);
        return 0;
    }

    /**
     * Alternates both APIs until the JIT compiler has been idle for a second (or the time is up): on a
     * busy 2-core machine C2 needs several seconds, and a fixed short warm-up left much of the
     * compilation inside the measured rounds, which then timed the compiler rather than the socket layer.
     */
    private double warmUp(Scenario s, int perRound) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime(), end = start + (long) (warmupSeconds * 1e9);
        long compiled = -1, quietSince = start;
        for (long now = start; now - quietSince < 1_000_000_000L && now < end; now = System.nanoTime()) {
            time(s, false, perRound);
            time(s, true, perRound);
            long c = jit.getTotalCompilationTime();
            if (c != compiled) quietSince = System.nanoTime();
            compiled = c;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double time(Scenario s, boolean blocking, int runs) {
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) SocketScenarios.run(s, blocking);
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Heap per process parked in a one-hour sleep, by the difference of used heap after full GCs;
     * the median of three batches. Unmeasured batches first let the JIT compile the spawn and park
     * path: frames frozen while still interpreted or at C1 are larger, which made the figure wander
     * by a fifth between runs.
     */
    static double parkedProcessBytes(int n) throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long compiled = -1;
        for (int batch = 0; batch < 10 && compiled != jit.getTotalCompilationTime(); batch++) {
            compiled = jit.getTotalCompilationTime();
            parkSleepers(Math.max(1, n / 2));
            Thread.sleep(200);                       // let queued compilations finish
        }
        double[] perProcess = new double[3];
        Process[] all = null;
        for (int k = 0; k < perProcess.length; k++) {
            all = null;                              // the last batch must be garbage before measuring
            long before = usedHeap();
            all = parkSleepers(n);
            long after = usedHeap();
            for (Process p : all) if (!p.isAlive()) throw new IllegalStateException("a sleeper ended");
            perProcess[k] = (after - before) / (double) n;
        }
        Arrays.sort(perProcess);
        return perProcess[1];
    }

    /** {@code n} processes of a fresh kernel, each parked in a one-hour sleep. */
    private static Process[] parkSleepers(int n) {
        Simulator kernel = Simulator.sequential(1);
        Machine m = new Machine(kernel, "m", Stacks.INTERNET);
        Application owner = new elvis.socket.ProgramApplication("sleeper", p -> { });
        Process[] all = new Process[n];
        kernel.schedule(0, () -> {
            for (int i = 0; i < n; i++) all[i] = Process.spawn(m, owner, p -> p.sleep(3_600_000_000_000L));
        });
        kernel.runUntil(1);
        return all;
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
