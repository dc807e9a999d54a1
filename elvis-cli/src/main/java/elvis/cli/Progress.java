package elvis.cli;

import elvis.sim.Simulator;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line progress display on the terminal: simulated time and event rate. It reads the wall
 * clock only to draw itself; nothing it does reaches the simulation.
 */
final class Progress {
    private static final long REDRAW_NS = 200_000_000;
    private final long start;
    private long lastDraw;
    private boolean drawn;

    private Progress(long start) {
        this.start = start;
        this.lastDraw = start;
    }

    /** A progress display when stderr is a terminal, else null. */
    static Progress onTerminal(long start) { return stderrIsTerminal() ? new Progress(start) : null; }

    /** Draws the progress of a sequential kernel every 65,536 events. */
    void follow(Simulator sim) { sim.onProgress(1 << 16, () -> window(sim.now(), sim.eventsDispatched())); }

    /** Draws the progress of a partitioned run: called at each window's end with the time all partitions reached and their events. */
    void window(long simulatedNs, long events) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NS) return;
        lastDraw = now;
        drawn = true;
        double wall = (now - start) / 1e9;
        System.err.printf("\r  simulated %-12s %,15d events %,12.0f events/s %8.1f s wall ",
                RunReport.seconds(simulatedNs), events, events / wall, wall);
    }

    /**
     * Whether standard error is a terminal. System.console() answers for standard input and output,
     * so {@code elvis run F 2>log} on a terminal would fill the log with progress lines; on Linux the
     * descriptor itself tells.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException noProc) {
            Console c = System.console();         // elsewhere, the best Java can tell
            return c != null && c.isTerminal();
        }
    }

    void finish() { if (drawn) System.err.print("\r" + " ".repeat(90) + "\r"); }
}
