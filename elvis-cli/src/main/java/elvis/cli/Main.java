package elvis.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * The {@code elvis} command line. Exit codes: 0 every goal met, 1 a goal not met (or a run on the wall
 * clock that fell behind its --max-lateness), 2 invalid input (or an output that cannot be written, a
 * run too large for the heap, a missing privilege or tool for live emulation), 3 internal error
 * (including running out of memory anyway).
 */
@Command(name = "elvis", mixinStandardHelpOptions = true, version = "Elvis 0.1",
        description = "A deterministic, highly scalable virtual Internet simulator.",
        subcommands = {RunCommand.class, EmulateCommand.class, CheckCommand.class, elvis.bench.BenchCommand.class,
                elvis.cli.generate.GenerateCommand.class})
public final class Main implements Runnable {
    static final int EXIT_GOAL_NOT_MET = 1;
    static final int EXIT_INVALID = 2;
    static final int EXIT_INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(System.out); }

    public static int execute(String... args) {
        try {
            Callable<Integer> plain = FastPath.parse(args);   // run and check without loading picocli
            if (plain != null) {
                try {
                    return plain.call();
                } catch (Exception e) {
                    System.err.println(internalError(e));
                    return EXIT_INTERNAL;
                }
            }
            CommandLine cli = new CommandLine(new Main());
            cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
                cmd.getErr().println(internalError(e));
                return EXIT_INTERNAL;
            });
            cli.setParameterExceptionHandler((e, a) -> {
                e.getCommandLine().getErr().println("elvis: " + e.getMessage());
                e.getCommandLine().usage(e.getCommandLine().getErr());
                return EXIT_INVALID;
            });
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // The size limit and the heap guard should prevent this; never answer with a stack trace.
            System.err.printf("elvis: out of memory (%s); this JVM may use %.1f GB of heap: give it more with "
                    + "ELVIS_JAVA_OPTS=-Xmx<size>, or make the description smaller%n", e.getMessage(), Runtime.getRuntime().maxMemory() / 1e9);
            return EXIT_INTERNAL;
        }
    }

    /** A bug of ours, not the user's input: say so briefly, without a stack trace. */
    static String internalError(Exception e) {
        return "elvis: internal error: " + e + "\n  (please report this with the file that caused it)";
    }

    public static void main(String[] args) { System.exit(execute(args)); }
}
