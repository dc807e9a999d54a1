package elvis.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.Simulation;
import elvis.app.ApplicationRegistry;
import elvis.app.Units;
import elvis.machine.Machine;
import elvis.ndl.Diagnostics;
import elvis.ndl.Ndl;
import elvis.ndl.NdlResult;
import elvis.ndl.SimulationBuilder;
import elvis.ndl.model.MachineGroup;
import elvis.ndl.model.NdlSimulation;
import elvis.trace.Captures;
import elvis.trace.PcapWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code elvis run FILE}: builds the simulation a description gives, runs it, reports the results. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the simulation an NDL file describes.")
public final class RunCommand implements Callable<Integer> {
    /** Heap an idle machine needs, with margin (measured: about 500 bytes); used to refuse runs that cannot fit. */
    static final long HEAP_PER_MACHINE_ESTIMATE = 1024;
    /** How long an interrupted run may take to finish its current event and report before the JVM exits anyway. */
    static final long REPORT_GRACE_SECONDS = 30;
    static final int DEFAULT_SNAPLEN = PcapWriter.DEFAULT_SNAPLEN;

    @Parameters(index = "0", paramLabel = "FILE", description = "the NDL file")
    Path file;

    @Option(names = "--seed", description = "random seed (overrides the file's [Simulation seed])")
    Long seed;

    @Option(names = "--until", paramLabel = "DURATION", description = "stop at this simulated time, e.g. 10s, 250ms (overrides the file's)")
    String until;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON (see docs/results.md)")
    Path json;

    @Option(names = "--quiet", description = "no progress bar and no summary; only errors, the exit code and --json")
    boolean quiet;

    @Option(names = "--pcap", paramLabel = "DIR", description = "capture every network into DIR/<network>.pcap")
    Path pcapDir;

    @Option(names = "--snaplen", defaultValue = "" + DEFAULT_SNAPLEN, description = "bytes kept of each captured frame (default ${DEFAULT-VALUE})")
    int snaplen;

    @Override
    public Integer call() throws IOException {
        NdlResult parsed = Ndl.read(file, ApplicationRegistry.load());
        System.err.print(parsed.render());
        if (!parsed.ok()) return Main.EXIT_INVALID;
        NdlSimulation model = parsed.simulation().orElseThrow();
        if (seed != null) model = model.withSeed(seed);
        if (until != null) {
            try {
                model = model.withEndNanos(Units.duration(until, "--until", 8760L * 3600 * Units.NANOS_PER_SECOND, "8760h"));
            } catch (Units.BadValue e) {
                System.err.println("elvis run: " + e.getMessage());
                return Main.EXIT_INVALID;
            }
        }
        if (snaplen < 14 || snaplen > PcapWriter.DEFAULT_SNAPLEN) {
            System.err.println("elvis run: --snaplen must be between 14 and " + PcapWriter.DEFAULT_SNAPLEN);
            return Main.EXIT_INVALID;
        }
        long needed = model.machineCount() * HEAP_PER_MACHINE_ESTIMATE;
        long available = Runtime.getRuntime().maxMemory();
        if (needed > available * 0.9) {
            System.err.printf("elvis run: %,d machines need about %.1f GB of heap, but this JVM may use %.1f GB;%n"
                    + "  give it more with ELVIS_JAVA_OPTS=-Xmx<size> (the machine has to have that much memory).%n",
                    model.machineCount(), needed / 1e9, available / 1e9);
            return Main.EXIT_INVALID;
        }

        long start = System.nanoTime();
        SimulationBuilder.Built built;
        try {
            built = SimulationBuilder.build(model, ApplicationRegistry.load());
        } catch (SimulationBuilder.BuildException e) {
            System.err.print(Diagnostics.render(e.diagnostics(), parsed.source()));
            return Main.EXIT_INVALID;
        }
        Simulation sim = built.simulation();
        // Ctrl-C or a kill: the JVM runs this hook, which stops the simulation after its current event
        // and holds the exit until the results so far are reported (and written with --json).
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch reported = new CountDownLatch(1);
        Thread onSignal = new Thread(() -> {
            interrupted.set(true);
            sim.kernel().stop();
            try {
                reported.await(REPORT_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "elvis-interrupt");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            Captures captures = new Captures(sim.kernel(), snaplen);
            try (captures) {                              // closed before the report, which lists write errors
                attachCaptures(built, captures);
                Progress progress = quiet ? null : Progress.onTerminal(sim.kernel(), start);
                sim.runUntil(model.endNanos().orElse(Long.MAX_VALUE));
                sim.shutdown();                           // blocked processes end; captures see their sockets close
                if (progress != null) progress.finish();
            }
            List<String> pcapFiles = new ArrayList<>();
            for (PcapWriter w : captures.writers()) {
                pcapFiles.add(w.path().toString());
                if (w.error() != null) System.err.println("elvis run: capture " + w.error());
            }
            RunReport report = new RunReport(file.toString(), built, (System.nanoTime() - start) / 1e9, pcapFiles,
                    interrupted.get());
            if (!quiet) report.print(System.out);
            if (json != null) new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report.json());
            return report.goalsMet() ? 0 : Main.EXIT_GOAL_NOT_MET;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the report is out
            }
        }
    }

    /** --pcap captures every network; otherwise pcap='true' on a network or machine captures it into ./pcap/. */
    private void attachCaptures(SimulationBuilder.Built built, Captures captures) throws IOException {
        Path dir = pcapDir != null ? pcapDir : Path.of("pcap");
        boolean any = pcapDir != null || built.model().networks().stream().anyMatch(n -> n.link().pcap())
                || built.model().machines().stream().anyMatch(MachineGroup::pcap);
        if (!any) return;
        Files.createDirectories(dir);
        for (int n = 0; n < built.networks().size(); n++) {
            if (pcapDir != null || built.model().networks().get(n).link().pcap())
                captures.network(built.networks().get(n), dir.resolve(fileName(built.networks().get(n).name()) + ".pcap"));
        }
        for (int g = 0; g < built.model().machines().size(); g++) {
            if (!built.model().machines().get(g).pcap()) continue;
            for (Machine m : built.machines(g)) captures.machine(m, dir.resolve(fileName(m.name()) + ".pcap"));
        }
    }

    private static String fileName(String name) { return name.replaceAll("[^A-Za-z0-9._-]", "_"); }
}
