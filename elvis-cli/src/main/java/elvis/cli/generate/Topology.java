package elvis.cli.generate;

import elvis.app.ApplicationRegistry;
import elvis.config.Units;
import elvis.ndl.Ndl;
import elvis.ndl.NdlResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * One {@code elvis generate} subcommand: checks its options, writes the NDL text with an {@link NdlWriter},
 * has the NDL checker validate it, then writes it to {@code -o} or standard output. The same options
 * always give the same file, byte for byte. Exit codes as {@code elvis}'s: 2 for a bad option or an
 * unwritable output, 3 when the generated text does not pass the checker (a bug of ours).
 */
public abstract class Topology implements Callable<Integer> {
    static final int EXIT_INVALID = 2, EXIT_INTERNAL = 3;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the NDL here (default: standard output)")
    Path output;

    /** An option the user got wrong; the message names it and is shown as is. */
    static final class BadOption extends Exception {
        BadOption(String message) { super(message, null, false, false); }
    }

    /** Writes the description; {@link BadOption} for a combination of options that cannot be built. */
    abstract void write(NdlWriter ndl) throws BadOption;

    /** The subcommand's name, for messages. */
    final String name() { return getClass().getAnnotation(Command.class).name(); }

    @Override
    public final Integer call() {
        String text;
        try {
            text = generate();
        } catch (BadOption e) {
            System.err.println("elvis generate " + name() + ": " + e.getMessage());
            return EXIT_INVALID;
        }
        NdlResult checked = Ndl.parse("generated " + name(), text, ApplicationRegistry.load());
        if (!checked.ok()) {
            System.err.print(checked.render());
            System.err.println("elvis: internal error: the generated " + name() + " does not pass the NDL checker"
                    + "\n  (please report this with the command line that caused it)");
            return EXIT_INTERNAL;
        }
        if (output == null) {
            System.out.print(text);
            System.out.flush();
            return 0;
        }
        try {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            System.err.println("elvis generate " + name() + ": cannot write " + output + ": " + e.getMessage());
            return EXIT_INVALID;
        }
        var sim = checked.simulation().orElseThrow();
        System.err.printf("%s: %s (%d networks, %,d machines)%n", output, name(), sim.networks().size(), sim.machineCount());
        return 0;
    }

    /** The NDL text these options describe. */
    public final String generate() throws BadOption {
        NdlWriter ndl = new NdlWriter();
        write(ndl);
        return ndl.toString();
    }

    // Checks of option values, with NDL's own parsers so that whatever passes here passes the checker too.

    static String bandwidth(String option, String text) throws BadOption {
        try {
            Units.bandwidth(text, option);
            return text;
        } catch (Units.BadValue e) {
            throw new BadOption(e.getMessage());
        }
    }

    static String duration(String option, String text) throws BadOption {
        try {
            Units.duration(text, option, 3600 * Units.NANOS_PER_SECOND, "1h");
            return text;
        } catch (Units.BadValue e) {
            throw new BadOption(e.getMessage());
        }
    }

    static String size(String option, String text) throws BadOption {
        try {
            Units.size(text, option, 1L << 40, "1TB");
            return text;
        } catch (Units.BadValue e) {
            throw new BadOption(e.getMessage());
        }
    }

    static int range(String option, int value, int min, int max) throws BadOption {
        if (value < min || value > max) {
            throw new BadOption(String.format("%s must be between %,d and %,d, not %,d", option, min, max, value));
        }
        return value;
    }
}
