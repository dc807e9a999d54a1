package elvis.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code elvis emulate FILE}: {@code elvis run --realtime} that also sets up the host's side of each TAP
 * device the file names (namespace, address, default route) and removes it when the run ends, on
 * Ctrl-C and on an error (docs/live.md). Needs CAP_NET_ADMIN: without it, a plain message and exit 2.
 */
@Command(name = "emulate", mixinStandardHelpOptions = true,
        description = "Run an NDL file on the wall clock with its TAP devices and their namespaces set up, so real programs talk to it (needs root).")
public final class EmulateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the NDL file")
    Path file;

    @Option(names = "--keep-going", description = "run past the file's end time (until), until Ctrl-C")
    boolean keepGoing;

    @Option(names = "--max-lateness", paramLabel = "DURATION", description = "stop the run (exit 1) when an event runs more than this after its time, e.g. 5ms")
    String maxLateness;

    @Option(names = "--spin", paramLabel = "DURATION", description = "busy-wait this long before each event instead of sleeping "
            + "(default 100us); 1ms brings lateness to microseconds at the cost of CPU")
    String spin;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (overrides the file's [Simulation seed])")
    String seed;

    @Option(names = "--until", paramLabel = "DURATION", description = "stop at this simulated time, e.g. 60s (overrides the file's)")
    String until;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON, with the realtime block (docs/results.md); - for standard output")
    Path json;

    @Option(names = "--quiet", description = "no instructions and no summary; only errors, the exit code and --json")
    boolean quiet;

    @Option(names = "--pcap", paramLabel = "DIR", description = "capture every network into DIR/<network>.pcap")
    Path pcapDir;

    @Override
    public Integer call() throws Exception {
        RunCommand run = new RunCommand();
        run.file = file;
        run.emulate = true;
        run.keepGoing = keepGoing;
        run.maxLateness = maxLateness;
        run.spin = spin;
        run.seed = seed;
        run.until = until;
        run.json = json;
        run.quiet = quiet;
        run.pcapDir = pcapDir;
        run.snaplen = RunCommand.DEFAULT_SNAPLEN;
        return run.call();
    }
}
