package elvis.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code elvis} command line. */
@Command(name = "elvis", mixinStandardHelpOptions = true, version = "Elvis 0.1",
        description = "A deterministic, highly scalable virtual Internet simulator.",
        subcommands = {elvis.bench.BenchCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(System.out); }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
