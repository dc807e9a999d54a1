package elvis.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.Simulation;
import elvis.app.ApplicationRegistry;
import elvis.config.Units;
import elvis.ndl.Diagnostics;
import elvis.ndl.Ndl;
import elvis.ndl.NdlResult;
import elvis.ndl.SimulationBuilder;
import elvis.ndl.model.MachineGroup;
import elvis.ndl.model.NdlSimulation;
import elvis.ndl.model.PartitionPin;
import elvis.partition.Partitioner;
import elvis.live.LiveException;
import elvis.machine.Machine;
import elvis.mpi.MpiExchange;
import elvis.live.TapStats;
import elvis.sim.RealtimeSimulator;
import elvis.sim.trace.Glob;
import elvis.trace.Captures;
import elvis.trace.DropLog;
import elvis.trace.PcapWriter;
import elvis.trace.TraceRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code elvis run FILE}: builds the simulation a description gives, runs it, reports the results. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the simulation an NDL file describes.")
public final class RunCommand implements Callable<Integer> {
    /**
     * How long a signal waits for the run to finish its current event and report before the JVM exits
     * anyway: enough to write the report of millions of machines, short enough that a JVM too short of
     * heap to report still ends promptly.
     */
    static final long REPORT_GRACE_SECONDS = 10;
    /** Most simulated time a run may be given, as in the file's [Simulation until]. */
    static final long MAX_UNTIL = 8760L * 3600 * Units.NANOS_PER_SECOND;
    static final int DEFAULT_SNAPLEN = PcapWriter.DEFAULT_SNAPLEN;

    @Parameters(index = "0", paramLabel = "FILE", description = "the NDL file")
    Path file;

    @Option(names = "--seed", paramLabel = "N", description = "random seed, decimal or 0x hexadecimal (overrides the file's [Simulation seed])")
    String seed;

    @Option(names = "--until", paramLabel = "DURATION", description = "stop at this simulated time, e.g. 10s, 250ms (overrides the file's)")
    String until;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON (see docs/results.md); - for standard output")
    Path json;

    @Option(names = "--quiet", description = "no progress bar and no summary; only errors, the exit code and --json")
    boolean quiet;

    @Option(names = "--pcap", paramLabel = "DIR", description = "capture every network into DIR/<network>.pcap, its drops into DIR/<network>.drops.jsonl")
    Path pcapDir;

    @Option(names = "--snaplen", defaultValue = "" + DEFAULT_SNAPLEN, description = "bytes kept of each captured frame (default ${DEFAULT-VALUE})")
    int snaplen;

    @Option(names = "--trace", paramLabel = "SPEC", split = ",",
            description = "record the trace sources whose path matches SPEC: * any characters (/ included), ? one; e.g. '*/cwnd', 'server/*', '*/queue'; repeatable, or comma-separated (see docs/results.md)")
    List<String> traceSpecs;

    @Option(names = "--trace-out", paramLabel = "FILE", description = "where --trace writes, in virtual-time order: FILE.csv or FILE.jsonl")
    Path traceOut;

    @Option(names = "--trace-format", paramLabel = "FORMAT", description = "csv or jsonl (default: from the --trace-out file's extension)")
    String traceFormat;

    @Option(names = "--trace-plot", paramLabel = "DIR", description = "also plot the trace: one PNG per kind of source (cwnd.png, queue.png, drop.png, ...) in DIR")
    Path tracePlot;

    @Option(names = "--plots", paramLabel = "DIR", description = "draw the web workload's charts into DIR: page load and dwell time CDFs, server load over time, http_load latency percentiles, video players' bitrate over time (PNG; see docs/results.md)")
    Path plots;

    @Option(names = "--realtime", description = "run paced to the wall clock, bridging the file's tap= networks to their TAP devices; "
            + "not deterministic (see docs/live.md); elvis emulate also sets up the host's side")
    boolean realtime;

    @Option(names = "--max-lateness", paramLabel = "DURATION", description = "with --realtime: stop the run (exit 1) when an event runs more "
            + "than this after its time on the wall clock, e.g. 5ms")
    String maxLateness;

    @Option(names = "--spin", paramLabel = "DURATION", description = "with --realtime: busy-wait this long before each event instead of "
            + "sleeping (default 100us); 1ms brings lateness to microseconds at the cost of CPU (docs/live.md)")
    String spin;

    @Option(names = "--threads", paramLabel = "N", description = "run on N threads: the file is split into up to N partitions that run in "
            + "parallel, with exactly the sequential run's results (docs/parallel.md); default: one sequential kernel")
    Integer threads;

    @Option(names = "--mpi", description = "run as one process of an MPI job, started as mpirun -np K elvis run --mpi FILE: rank r builds "
            + "and runs partition r of K, rank 0 prints and writes the results (docs/parallel.md)")
    boolean mpi;

    /** Set by {@code elvis emulate}: on the wall clock, with the host's side set up. */
    boolean emulate;
    /** Set by {@code elvis emulate --keep-going}: past the file's end, until a signal. */
    boolean keepGoing;

    /** Set by a signal: the build stops before its next machine, the simulation after its current event. */
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private volatile Simulation simulation;
    private volatile ThreadedRunPath threaded;
    private volatile MpiRunPath distributed;

    @Override
    public Integer call() throws IOException {
        // Options first, and where results go: a mistake there must not cost a whole run.
        Long seedValue = null;
        if (seed != null) {
            try {
                seedValue = Units.seed(seed);
            } catch (Units.BadValue e) {
                return invalid("--seed: " + e.getMessage());
            }
        }
        Long endNanos = null;
        if (until != null) {
            try {
                endNanos = Units.duration(until, "--until", MAX_UNTIL, "8760h");
            } catch (Units.BadValue e) {
                return invalid(e.getMessage());
            }
            if (endNanos == 0) return invalid("--until must be greater than 0");
        }
        if (snaplen < 14 || snaplen > PcapWriter.DEFAULT_SNAPLEN) return invalid("--snaplen must be between 14 and " + PcapWriter.DEFAULT_SNAPLEN);
        boolean jsonToStdout = json != null && json.toString().equals("-");
        if (json != null && !jsonToStdout) {
            String why = Outputs.unwritable(json, false);
            if (why != null) return invalid("--json " + json + ": " + why);
        }
        List<Glob> traces = new ArrayList<>();
        TraceRecorder.Format format = null;
        if (traceSpecs != null || traceOut != null || traceFormat != null || tracePlot != null) {
            if (traceSpecs == null)
                return invalid((traceOut != null ? "--trace-out" : traceFormat != null ? "--trace-format" : "--trace-plot") + " needs at least one --trace SPEC");
            if (traceOut == null) return invalid("--trace needs --trace-out FILE");
            for (String spec : traceSpecs) {
                if (spec.isBlank()) return invalid("--trace: an empty SPEC");
                traces.add(new Glob(spec.strip()));
            }
            if (traceFormat != null) {
                try {
                    format = TraceRecorder.Format.valueOf(traceFormat.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    return invalid("--trace-format must be csv or jsonl, not '" + traceFormat + "'");
                }
            } else if ((format = TraceRecorder.Format.of(traceOut)) == null) {
                return invalid("--trace-out " + traceOut + ": name it .csv or .jsonl, or give --trace-format");
            }
            String why = Outputs.unwritable(traceOut, false);
            if (why != null) return invalid("--trace-out " + traceOut + ": " + why);
            why = tracePlot == null ? null : Outputs.unwritable(tracePlot, true);
            if (why != null) return invalid("--trace-plot " + tracePlot + ": " + why);
        }

        if (plots != null) {
            String why = Outputs.unwritable(plots, true);
            if (why != null) return invalid("--plots " + plots + ": " + why);
        }
        boolean live = realtime || emulate;
        long maxLatenessNs = Long.MAX_VALUE;
        if (maxLateness != null) {
            if (!live) return invalid("--max-lateness bounds a run on the wall clock: add --realtime");
            try {
                maxLatenessNs = Units.duration(maxLateness, "--max-lateness", MAX_UNTIL, "8760h");
            } catch (Units.BadValue e) {
                return invalid(e.getMessage());
            }
            if (maxLatenessNs == 0) return invalid("--max-lateness must be greater than 0");
        }
        long spinNs = RealtimeSimulator.DEFAULT_SPIN_NS;
        if (spin != null) {
            if (!live) return invalid("--spin paces a run on the wall clock: add --realtime");
            try {
                spinNs = Units.duration(spin, "--spin", 1_000_000_000L, "1s");
            } catch (Units.BadValue e) {
                return invalid(e.getMessage());
            }
        }
        if (threads != null) {
            if (threads < 1 || threads > PartitionPin.MAX_PARTITIONS) return invalid("--threads must be 1.." + PartitionPin.MAX_PARTITIONS + ", not " + threads);
            if (live) return invalid("--threads runs the deterministic kernel in parallel; a run on the wall clock ("
                    + (emulate ? "elvis emulate" : "--realtime") + ") runs on one thread: leave out --threads");
        }
        if (mpi) {
            if (live) return invalid("--mpi runs the deterministic kernel in parallel; a run on the wall clock runs in one process: leave out --mpi");
            if (threads != null) return invalid("--mpi runs one partition in each process of the MPI job: leave out --threads");
            String why = MpiRunPath.unavailable();
            if (why != null) return invalid("--mpi: " + why);
        }
        if (emulate) {                                    // before anything else: without privileges nothing can be done
            String why = LiveRun.hostUnavailable.get();
            if (why != null) return invalid(why);
        }

        // Ctrl-C or a kill: the JVM runs this hook, which stops the build or the simulation and holds the
        // exit until the results so far are reported (and written with --json), for a bounded time.
        CountDownLatch reported = new CountDownLatch(1);
        Thread onSignal = new Thread(() -> {
            interrupt();
            try {
                reported.await(REPORT_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "elvis-interrupt");
        Runtime.getRuntime().addShutdownHook(onSignal);
        long start = System.nanoTime();
        try {
            NdlResult parsed = Ndl.read(file, ApplicationRegistry.load());
            // An MPI job's ranks all read the file: rank 0 (mpirun's environment says which) prints its warnings.
            if (!parsed.ok() || !mpi || "0".equals(System.getenv("OMPI_COMM_WORLD_RANK"))) System.err.print(parsed.render());
            if (!parsed.ok()) return Main.EXIT_INVALID;
            NdlSimulation model = parsed.simulation().orElseThrow();
            if (seedValue != null) model = model.withSeed(seedValue);
            if (endNanos != null) model = model.withEndNanos(endNanos);
            Path captureDir = captureDir(model);
            if (captureDir != null) {
                String why = Outputs.unwritable(captureDir, true);
                if (why != null) return invalid((pcapDir != null ? "--pcap " : "capture folder ") + captureDir + ": " + why);
            }
            String tooBig = HeapEstimate.refusal(model, Runtime.getRuntime().maxMemory());
            if (tooBig != null) return invalid(tooBig);
            if (realtime && !emulate && model.networks().stream().anyMatch(n -> n.tap() != null)) {
                String why = LiveRun.tapUnavailable.get();
                if (why != null) return invalid(why);
            }

            PrintStream summary = jsonToStdout ? System.err : System.out;   // stdout carries the JSON alone then
            if (threads != null) return runThreaded(parsed, model, summary, jsonToStdout, start, captureDir, traces, format);
            if (mpi) return runMpi(parsed, model, summary, jsonToStdout, start, captureDir, traces, format, reported);
            SimulationBuilder.Built built;
            try {
                built = SimulationBuilder.build(model, ApplicationRegistry.load(), interrupted::get,
                        live ? SimulationBuilder.Clock.REALTIME : SimulationBuilder.Clock.VIRTUAL);
            } catch (SimulationBuilder.BuildException e) {
                System.err.print(Diagnostics.render(e.diagnostics(), parsed.source()));
                return Main.EXIT_INVALID;
            } catch (SimulationBuilder.Stopped e) {
                return report(RunReport.notBuilt(file.toString(), model.seed().orElse(SimulationBuilder.DEFAULT_SEED), seconds(start)),
                        summary, jsonToStdout);
            }
            Simulation sim = built.simulation();
            String unmatched = traces.isEmpty() ? null : unmatched(traces, TraceRecorder.families(sim.machines(), built.networks()));
            if (unmatched != null) return invalid(unmatched);
            simulation = sim;
            if (interrupted.get()) sim.kernel().stop();             // the signal came between the build and now
            Captures captures = new Captures(sim.kernel(), snaplen);
            TraceRecorder recorder = traces.isEmpty() ? null : new TraceRecorder(sim.kernel(), traceOut, format);
            RealtimeSimulator clock = live ? (RealtimeSimulator) sim.kernel() : null;
            List<TapStats> tapStats = List.of();
            try (captures; recorder) {                    // closed before the report, which lists write errors
                attachCaptures(built, captures, captureDir);
                if (recorder != null) recorder.record(traces, built.networks());
                long end = keepGoing ? Long.MAX_VALUE : model.endNanos().orElse(Long.MAX_VALUE);
                Progress progress = quiet || live ? null : Progress.onTerminal(start);
                if (progress != null) progress.follow(sim.kernel());   // a live run prints what to try instead
                if (live) {
                    if (maxLatenessNs != Long.MAX_VALUE) clock.maxLatenessNs(maxLatenessNs);
                    clock.spinNs(spinNs);
                    try (LiveRun bridged = LiveRun.start(built, emulate)) {    // removed again as soon as the run stops
                        if (!quiet) LiveRun.printUsage(summary, built, emulate, end);
                        sim.runUntil(end);
                        tapStats = bridged.stats();
                    } catch (LiveException e) {
                        return invalid(e.getMessage());
                    }
                } else {
                    sim.runUntil(end);
                }
                sim.shutdown();                           // blocked processes end; captures see their sockets close
                if (progress != null) progress.finish();
            }
            List<String> pcapFiles = new ArrayList<>();
            for (PcapWriter w : captures.writers()) {
                pcapFiles.add(w.path().toString());
                if (w.error() != null) System.err.println(command() + ": capture " + w.error());
            }
            for (DropLog d : captures.dropLogs()) if (d.error() != null) System.err.println(command() + ": drop log " + d.error());
            if (recorder != null && recorder.error() != null) System.err.println(command() + ": trace " + recorder.error());
            else if (recorder != null) plotTrace(format);
            RunReport report = RunReport.of(file.toString(), built, seconds(start), pcapFiles, interrupted.get());
            if (live) {
                report.realtime(LiveRun.json(clock, maxLatenessNs, tapStats), LiveRun.lines(clock, tapStats));
                if (clock.latenessExceeded() >= 0) {
                    System.err.printf("%s: the run fell %s behind the wall clock at simulated %s, more than --max-lateness %s: it stopped there "
                            + "(the machine is too busy for this run in real time)%n", command(), LiveRun.lateness(clock.latenessExceeded()),
                            RunReport.seconds(sim.kernel().now()), maxLateness);
                    report(report, summary, jsonToStdout);
                    return Main.EXIT_GOAL_NOT_MET;
                }
            }
            if (plots != null) plots(report);
            return report(report, summary, jsonToStdout);
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the report is out
            }
        }
    }

    /**
     * {@code --threads N}: the partitioner's plan for N partitions (it says why when the run stays
     * sequential), its partitions built and run on threads, their results merged into the sequential
     * run's report.
     */
    private int runThreaded(NdlResult parsed, NdlSimulation model, PrintStream summary, boolean jsonToStdout, long start,
                            Path captureDir, List<Glob> traces, TraceRecorder.Format format) throws IOException {
        Partitioner.Result planned = Partitioner.plan(model, threads);
        if (!planned.ok()) {
            System.err.print(Diagnostics.render(planned.errors(), parsed.source()));
            return Main.EXIT_INVALID;
        }
        if (!quiet) summary.println(planned.plan().describe());
        ThreadedRunPath path;
        try {
            path = ThreadedRunPath.build(model, planned.plan(), interrupted::get);
        } catch (SimulationBuilder.BuildException e) {
            System.err.print(Diagnostics.render(e.diagnostics(), parsed.source()));
            return Main.EXIT_INVALID;
        } catch (SimulationBuilder.Stopped e) {
            return report(RunReport.notBuilt(file.toString(), model.seed().orElse(SimulationBuilder.DEFAULT_SEED), seconds(start)), summary, jsonToStdout);
        }
        String unmatched = traces.isEmpty() ? null : unmatched(traces, PartitionCaptures.families(path.partitions()));
        if (unmatched != null) return invalid(unmatched);
        threaded = path;
        if (interrupted.get()) path.stop();               // the signal came between the build and now
        // Each partition spools its captures and trace; merged below into the sequential run's files.
        PartitionCaptures captures = PartitionCaptures.attach(path.partitions(), captureDir, pcapDir != null, snaplen, traces, traceOut, format);
        Progress progress = quiet ? null : Progress.onTerminal(start);
        boolean ran = false;
        try {
            path.run(model.endNanos().orElse(Long.MAX_VALUE), progress == null ? null : progress::window);
            ran = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return invalid("interrupted while waiting for the partitions");
        } finally {
            if (!ran) captures.discard();
        }
        if (progress != null) progress.finish();
        PartitionCaptures.merge(captures.close());
        for (String e : captures.errors()) System.err.println(command() + ": " + e);
        if (!traces.isEmpty() && captures.errors().stream().noneMatch(e -> e.startsWith("trace "))) plotTrace(format);
        RunReport report = path.report(file.toString(), seconds(start), CaptureSetup.files(model, captureDir, pcapDir != null), interrupted.get());
        if (plots != null) plots(report);
        return report(report, summary, jsonToStdout);
    }

    /** Null when every pattern of {@code traces} can match one of {@code families}, else the usage error that says which cannot. */
    private String unmatched(List<Glob> traces, List<String> families) {
        Glob unmatched = TraceRecorder.unmatched(traces, families);
        return unmatched == null ? null : "--trace '" + unmatched + "' matches no trace source of " + file
                + "; its sources are like " + String.join(", ", examples(families)) + " (docs/results.md lists them)";
    }

    /** --trace-plot, from the trace file the run wrote. */
    private void plotTrace(TraceRecorder.Format format) {
        if (tracePlot == null) return;
        try {
            TracePlot.write(traceOut, format, tracePlot);
        } catch (IOException | RuntimeException e) {
            System.err.println(command() + ": --trace-plot " + tracePlot + ": " + e.getMessage());
        }
    }

    /**
     * {@code --mpi}: this process is one rank of an MPI job. It builds and runs its partition of the
     * plan for as many partitions as the job has ranks; rank 0 prints the plan and the merged results
     * and writes --json, the other ranks print only errors. A failure after MPI started ends every
     * rank (MPI_Abort) with its reason, except those every rank sees alike, which each rank returns.
     */
    private int runMpi(NdlResult parsed, NdlSimulation model, PrintStream summary, boolean jsonToStdout, long start,
                       Path captureDir, List<Glob> traces, TraceRecorder.Format format, CountDownLatch reported) throws IOException {
        MpiExchange exchange = MpiExchange.start();
        boolean first = exchange.partition() == 0;
        try {
            Partitioner.Result planned = Partitioner.plan(model, exchange.partitions());
            if (!planned.ok()) {                          // the same on every rank: each returns, rank 0 says why
                if (first) System.err.print(Diagnostics.render(planned.errors(), parsed.source()));
                exchange.close();
                return Main.EXIT_INVALID;
            }
            if (first && !quiet) summary.println(planned.plan().describe());
            MpiRunPath path;
            try {
                path = MpiRunPath.build(exchange, model, planned.plan(), interrupted::get);
            } catch (SimulationBuilder.BuildException e) {
                System.err.print(Diagnostics.render(e.diagnostics(), parsed.source()));
                exchange.abort("building partition " + exchange.partition() + " failed: " + e.getMessage());
                return Main.EXIT_INVALID;
            } catch (SimulationBuilder.Stopped e) {
                exchange.abort("interrupted while building partition " + exchange.partition());
                return Main.EXIT_INVALID;
            }
            Glob unmatched = path.unmatched(traces);      // the same answer on every rank: each returns, rank 0 says why
            if (unmatched != null) {
                String usage = unmatched(List.of(unmatched), PartitionCaptures.families(path.partitions()));
                exchange.close();
                return first ? invalid(usage) : Main.EXIT_INVALID;
            }
            distributed = path;
            if (interrupted.get()) path.stop();          // the signal came between the build and now
            // This rank's partition spools its captures and trace; rank 0 merges every rank's into the sequential run's files.
            PartitionCaptures captures = PartitionCaptures.attach(path.partitions(), captureDir, pcapDir != null, snaplen, traces, traceOut, format);
            Progress progress = first && !quiet ? Progress.onTerminal(start) : null;
            boolean ran = false;
            try {
                path.run(model.endNanos().orElse(Long.MAX_VALUE), progress == null ? null : progress::window);
                ran = true;
            } finally {
                if (!ran) captures.discard();
            }
            if (progress != null) progress.finish();
            List<byte[]> mine = captures.close();
            for (String e : captures.errors()) System.err.println(command() + ": " + e);
            boolean traced = !traces.isEmpty() && captures.errors().stream().noneMatch(e -> e.startsWith("trace "));
            if (path.writeCaptures(mine) && traced) plotTrace(format);
            RunReport report = path.report(file.toString(), seconds(start), CaptureSetup.files(model, captureDir, pcapDir != null), interrupted.get());
            if (first && plots != null) plots(report);
            int exit = first ? report(report, summary, jsonToStdout) : 0;
            // Results out: a signalled rank may exit now. MPI_Finalize can block once mpirun is ending the job.
            reported.countDown();
            exchange.close();
            return exit;
        } catch (RuntimeException | Error e) {
            exchange.abort("partition " + exchange.partition() + " failed: " + e);
            throw e;
        }
    }

    /**
     * What a signal does: stop the build before its next machine, or the simulation after its current
     * event (a threaded or MPI run at its window's end, which every partition agrees on).
     */
    void interrupt() {
        interrupted.set(true);
        Simulation sim = simulation;
        if (sim != null) sim.kernel().stop();
        MpiRunPath d = distributed;
        if (d != null) d.stop();
        ThreadedRunPath t = threaded;
        if (t != null) t.stop();
    }

    private void plots(RunReport report) {
        try {
            if (WebPlots.write(report.webUsers(), report.json(), plots).isEmpty())
                System.err.println(command() + ": --plots: nothing to draw (no web_user page, no http_load latency, no video_client frame, no routing change)");
        } catch (IOException | RuntimeException e) {
            System.err.println(command() + ": --plots " + plots + ": " + e.getMessage());
        }
    }

    private int report(RunReport report, PrintStream summary, boolean jsonToStdout) {
        if (!quiet) report.print(summary);
        if (json != null) {
            try {
                ObjectMapper mapper = new ObjectMapper();
                if (jsonToStdout) {
                    System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report.json()));
                } else {
                    mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report.json());
                }
            } catch (IOException e) {                     // checked at the start, so this is the disk (full, or removed since)
                return invalid("cannot write --json " + json + ": " + e.getMessage());
            }
        }
        return report.goalsMet() ? 0 : Main.EXIT_GOAL_NOT_MET;
    }

    private int invalid(String message) {
        System.err.println(command() + ": " + message);
        return Main.EXIT_INVALID;
    }

    private String command() { return emulate ? "elvis emulate" : "elvis run"; }

    private static double seconds(long since) { return (System.nanoTime() - since) / 1e9; }

    /** --pcap captures every network; otherwise pcap='true' on a network or machine captures it into ./pcap/; null: no capture. */
    private Path captureDir(NdlSimulation model) {
        if (pcapDir != null) return pcapDir;
        boolean any = model.networks().stream().anyMatch(n -> n.link().pcap()) || model.machines().stream().anyMatch(MachineGroup::pcap);
        return any ? Path.of("pcap") : null;
    }

    private void attachCaptures(SimulationBuilder.Built built, Captures captures, Path dir) throws IOException {
        if (dir == null) return;
        Files.createDirectories(dir);
        CaptureSetup.attach(built, captures, dir, pcapDir != null);
    }

    /** One source of each kind (the first whose last part is new), to show what a SPEC may name. */
    private static List<String> examples(List<String> families) {
        Map<String, String> byKind = new LinkedHashMap<>();
        for (String f : families) byKind.putIfAbsent(f.substring(f.lastIndexOf('/') + 1), f);
        return List.copyOf(byKind.values());
    }
}
