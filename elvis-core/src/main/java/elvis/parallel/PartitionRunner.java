package elvis.parallel;

import elvis.Simulation;
import elvis.link.Boundary;
import elvis.link.CutFrame;
import elvis.sim.Simulator;

import java.util.List;

/**
 * Runs one partition of a conservative parallel run in synchronous windows (YAWNS, ns-3's granted
 * time window): every partition agrees on T, the earliest pending event (or held frame, see
 * {@link Boundary}) of all; each then runs every event up to T + L − 1, where L, the lookahead, is
 * the smallest lead of any cut link; then they exchange the frames those events sent across cut
 * links, which arrive at T + L or later, so no partition ever receives a frame in its past. A window
 * costs one exchange with the neighbours and one allgather.
 *
 * <p>Everything global happens at a window's end, at a simulated time every partition agrees on:
 * the end of the run ({@code until}, or no event left anywhere), a stop request ({@link #stop}, from
 * any partition) and progress reports. The run's last instant is the latest last event of all (or
 * {@code until}): every partition's clock is left there, so what shutdown sends is stamped as in a
 * sequential run.
 *
 * <p>A failure in this partition aborts the exchange, so every other partition's runner throws
 * {@link PartitionFailure} at its next window instead of waiting.
 */
public final class PartitionRunner {
    /** Told after each window, in partition 0 only: the simulated time every partition has reached and the events all dispatched. */
    public interface WindowListener {
        void windowDone(long time, long events);
    }

    /** How a partition's run ended. {@code events}: this partition's, as a sequential run counts them. */
    public record Outcome(long endTime, long windows, long events, long lookahead, boolean stopped) { }

    private final Simulation sim;
    private final Exchange exchange;
    private final long until;
    private volatile boolean stopRequested;
    private WindowListener listener;

    /** A runner for partition {@code sim}, until simulated time {@code until} (Long.MAX_VALUE: until no event is left). */
    public PartitionRunner(Simulation sim, Exchange exchange, long until) {
        this.sim = sim;
        this.exchange = exchange;
        this.until = until;
    }

    /** Asks every partition to stop at the end of the current window (any thread; a signal handler's). */
    public void stop() { stopRequested = true; }

    public void onWindow(WindowListener listener) { this.listener = listener; }

    public Outcome run() {
        try {
            return windows();
        } catch (PartitionFailure e) {
            throw e;
        } catch (RuntimeException | Error e) {
            exchange.abort("partition " + exchange.partition() + " failed: " + e);
            throw e;
        }
    }

    private Outcome windows() {
        Simulator kernel = sim.kernel();
        Boundary boundary = Boundary.of(kernel);
        sim.runUntil(-1);                                    // starts the applications at time 0, runs nothing
        exchange.neighbours(boundary.neighbours());
        long lookahead = Long.MAX_VALUE;
        for (long[] v : exchange.allGather(new long[] {boundary.lookahead()})) lookahead = Math.min(lookahead, v[0]);
        if (lookahead <= 0) {
            throw new IllegalStateException("link " + boundary.shortestLink().name() + " is cut between partitions but has no delay: "
                    + "frames over it would arrive in the instant they are sent, so the partitions could never run apart");
        }
        long windows = 0, lastEvent = 0;
        boolean stopped = false;
        while (true) {
            long next = Math.min(kernel.nextEventTime(), boundary.nextShipTime());
            long[][] all = exchange.allGather(new long[] {next, stopRequested ? 1 : 0, events(kernel, boundary), kernel.lastEventTime()});
            long earliest = Long.MAX_VALUE, events = 0;
            for (long[] v : all) {
                earliest = Math.min(earliest, v[0]);
                stopped |= v[1] != 0;
                events += v[2];
                lastEvent = Math.max(lastEvent, v[3]);
            }
            if (listener != null && windows > 0) listener.windowDone(Math.min(earliest, until), events);
            if (stopped || earliest == Long.MAX_VALUE || earliest > until) break;
            long end = Math.min(until, lookahead > until - earliest ? until : earliest + lookahead - 1);
            kernel.runThrough(end);
            List<CutFrame> in = exchange.exchange(boundary.flush(end));
            for (CutFrame f : in) boundary.receive(f);
            windows++;
        }
        long endTime = until != Long.MAX_VALUE && !stopped ? until : lastEvent;
        kernel.runUntil(endTime);                            // runs nothing: moves the clock to the run's end
        return new Outcome(endTime, windows, events(kernel, boundary), lookahead, stopped);
    }

    /** Events as a sequential run counts them: a frame dropped on its way over a cut link was an event there too. */
    private static long events(Simulator kernel, Boundary boundary) { return kernel.eventsDispatched() + boundary.unshipped(); }
}
