package elvis.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code run} and {@code check} with plain arguments, parsed without picocli, because they are most of a
 * student's runs and picocli costs about 0.1 s of every start: its jar is Java 5 bytecode, which the JDK's
 * AOT cache cannot keep once linked, so its classes load and verify anew each time. Anything this parser
 * is not certain of (help, an unknown or repeated option, a value that looks like an option, an
 * {@code @file}, {@code --opt=value}, a number that does not parse) returns {@code null} and goes to
 * picocli, which parses it or explains the error as before. {@code FastPathTest} checks that both
 * parsers agree and that this one knows every option picocli declares.
 */
final class FastPath {
    /** RunCommand's options that take a value, and its flags. */
    static final List<String> RUN_VALUE_OPTIONS = List.of("--seed", "--until", "--json", "--pcap", "--snaplen",
            "--trace", "--trace-out", "--trace-format", "--trace-plot", "--plots", "--max-lateness", "--spin", "--threads");
    static final List<String> RUN_FLAGS = List.of("--quiet", "--realtime", "--mpi");
    /** CheckCommand's options (each takes a value). */
    static final List<String> CHECK_VALUE_OPTIONS = List.of("--partitions");

    private FastPath() { }

    /** The command these arguments ask for, set up as picocli would, or null to let picocli parse them. */
    static Callable<Integer> parse(String... args) {
        if (args.length < 2) return null;
        for (String a : args) if (a.isEmpty() || a.startsWith("@")) return null;
        return switch (args[0]) {
            case "check" -> check(args);
            case "run" -> run(args);
            default -> null;
        };
    }

    private static CheckCommand check(String[] args) {
        CheckCommand c = new CheckCommand();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                if (c.file != null) return null;
                c.file = Path.of(a);
                continue;
            }
            if (!CHECK_VALUE_OPTIONS.contains(a) || c.partitions != null || i + 1 == args.length || args[i + 1].startsWith("-")) return null;
            try {
                c.partitions = Integer.parseInt(args[++i]);
            } catch (NumberFormatException notPlain) {        // picocli says what is wrong
                return null;
            }
        }
        return c.file == null ? null : c;
    }

    private static RunCommand run(String[] args) {
        RunCommand r = new RunCommand();
        r.snaplen = RunCommand.DEFAULT_SNAPLEN;
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                if (r.file != null) return null;
                r.file = Path.of(a);
                continue;
            }
            if (!seen.add(a)) return null;
            if (RUN_FLAGS.contains(a)) {
                switch (a) {
                    case "--quiet" -> r.quiet = true;
                    case "--realtime" -> r.realtime = true;
                    default -> r.mpi = true;
                }
                continue;
            }
            if (!RUN_VALUE_OPTIONS.contains(a) || i + 1 == args.length || args[i + 1].startsWith("-")) return null;
            String v = args[++i];
            try {
                switch (a) {
                    case "--seed" -> r.seed = v;                 // checked by the command, as NDL checks seeds
                    case "--until" -> r.until = v;
                    case "--json" -> r.json = Path.of(v);
                    case "--pcap" -> r.pcapDir = Path.of(v);
                    case "--snaplen" -> r.snaplen = Integer.parseInt(v);
                    case "--trace" -> {                      // several patterns, by commas or repeats: picocli's
                        if (v.contains(",")) return null;
                        r.traceSpecs = new ArrayList<>(List.of(v));
                    }
                    case "--trace-out" -> r.traceOut = Path.of(v);
                    case "--trace-format" -> r.traceFormat = v;
                    case "--trace-plot" -> r.tracePlot = Path.of(v);
                    case "--plots" -> r.plots = Path.of(v);
                    case "--max-lateness" -> r.maxLateness = v;
                    case "--spin" -> r.spin = v;
                    case "--threads" -> r.threads = Integer.parseInt(v);
                    default -> throw new AssertionError(a);
                }
            } catch (RuntimeException notPlain) {             // a bad number or path: picocli says what is wrong
                return null;
            }
        }
        return r.file == null ? null : r;
    }
}
