package elvis.cli;

import elvis.link.Network;
import elvis.machine.Machine;
import elvis.ndl.SimulationBuilder.Built;
import elvis.sim.trace.Glob;
import elvis.trace.Captures;
import elvis.trace.DropLog;
import elvis.trace.PartitionOutput;
import elvis.trace.PcapWriter;
import elvis.trace.TraceRecorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The captures and trace of the partitions of a parallel run that this process builds (all of them
 * on threads, its own under MPI): each partition records into spools, and when the run is over
 * {@link #close} gives one buffer per partition, which {@link #merge} (at partition 0, after a
 * gather under MPI) writes into the files a sequential run writes, with the same bytes.
 */
final class PartitionCaptures {
    private final List<Captures> captures = new ArrayList<>();
    private final List<TraceRecorder> recorders = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private PartitionCaptures() { }

    /**
     * Attaches to each of {@code parts} what {@link CaptureSetup} says ({@code dir} null: no capture)
     * and, when {@code traces} is not empty, a trace of them into {@code traceOut}.
     */
    static PartitionCaptures attach(List<Built> parts, Path dir, boolean everyNetwork, int snaplen,
                                    List<Glob> traces, Path traceOut, TraceRecorder.Format format) throws IOException {
        PartitionCaptures pc = new PartitionCaptures();
        if (dir != null) Files.createDirectories(dir);
        for (Built b : parts) {
            Captures c = Captures.spooled(b.simulation().kernel(), snaplen);
            pc.captures.add(c);
            if (dir != null) CaptureSetup.attach(b, c, dir, everyNetwork);
            if (traces.isEmpty()) continue;
            TraceRecorder r = TraceRecorder.spooled(b.simulation().kernel(), traceOut, format);
            pc.recorders.add(r);
            r.record(traces, b.networks().stream().filter(Objects::nonNull).toList());
        }
        return pc;
    }

    /** The trace source families of every partition built here: what a pattern is checked against. */
    static List<String> families(List<Built> parts) {
        List<String> all = new ArrayList<>();
        for (Built b : parts) {
            List<Network> networks = b.networks().stream().filter(Objects::nonNull).toList();
            List<Machine> machines = b.simulation().machines();
            all.addAll(TraceRecorder.families(machines, networks));
        }
        return all;
    }

    /**
     * Ends the captures and traces of every partition (after the run, with each partition's clock at
     * the run's end) and returns each partition's records for {@link #merge}, in the order of the
     * parts given to {@link #attach}. Write errors are in {@link #errors}.
     */
    List<byte[]> close() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (int p = 0; p < captures.size(); p++) {
            Captures c = captures.get(p);
            TraceRecorder r = recorders.isEmpty() ? null : recorders.get(p);
            c.close();
            if (r != null) r.close();
            for (PcapWriter w : c.writers()) if (w.error() != null) errors.add("capture " + w.error());
            for (DropLog d : c.dropLogs()) if (d.error() != null) errors.add("drop log " + d.error());
            if (r != null && r.error() != null) errors.add("trace " + r.error());
            out.add(PartitionOutput.of(c, r));
        }
        return out;
    }

    /** Removes the spools without merging them (a run that failed). */
    void discard() {
        for (int p = 0; p < captures.size(); p++) {
            try {
                captures.get(p).close();
                if (!recorders.isEmpty()) recorders.get(p).close();
                PartitionOutput.discard(captures.get(p), recorders.isEmpty() ? null : recorders.get(p));
            } catch (IOException ignored) {
                // a spool that cannot be removed is left beside its file
            }
        }
    }

    /** Writes the files of a run from every partition's records ({@link #close}'s, gathered), by partition. */
    static void merge(List<byte[]> parts) throws IOException { PartitionOutput.merge(parts); }

    /** Why some captures or the trace stopped early, one line each. */
    List<String> errors() { return errors; }
}
