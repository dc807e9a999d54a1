package elvis.cli;

import elvis.bench.ScaleWorker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The training run for the launcher's JDK AOT cache (JEP 483): {@code ./elvis} runs this once per build
 * with {@code -XX:AOTCacheOutput}, so that later runs find the classes it used already parsed and verified.
 * It exercises what a student's runs do, in one JVM and in about a second: check and run the examples (UDP, TCP,
 * blocking sockets, forwarding), a file with errors, the JSON and pcap writers, a small TCP transfer and a small
 * scale run. Everything it writes goes under the working directory, which the launcher makes a temporary one,
 * and its output is discarded. Usage: {@code AotTraining EXAMPLES_DIR}.
 */
public final class AotTraining {
    private AotTraining() { }

    public static void main(String[] args) throws Exception {
        Path examples = Path.of(args[0]);
        if (!Files.isRegularFile(examples.resolve("hello.ndl"))) {
            System.err.println("elvis: AOT training: no examples in " + examples);
            System.exit(1);
        }
        Path work = Files.createTempDirectory(Path.of("").toAbsolutePath(), "training");
        PrintStream out = System.out, err = System.err;
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true);
        System.setOut(discard);
        System.setErr(discard);
        List<String> failures = new ArrayList<>();
        try {
            Path hello = examples.resolve("hello.ndl");
            expect(failures, 0, "check", hello.toString());
            expect(failures, 0, "run", hello.toString());
            expect(failures, 0, "run", hello.toString(), "--pcap", work.resolve("pcap").toString(),
                    "--json", work.resolve("hello.json").toString());
            for (String example : new String[] {"pingpong", "forward", "lossy-link", "tcp-transfer", "sockets"}) {
                expect(failures, 0, "run", examples.resolve(example + ".ndl").toString(), "--quiet",
                        "--json", work.resolve(example + ".json").toString());
            }
            Path broken = work.resolve("broken.ndl");
            Files.writeString(broken, "[Networks]\n  [Network id='1' bandwidth='fast']\n[Machines]\n  [Machine name='a']\n"
                    + "    [Applications]\n      [Application name='no_such_app']\n");
            expect(failures, Main.EXIT_INVALID, "check", broken.toString());
            expect(failures, 0, "bench", "tcp-bulk", "--bytes", "1000000");
            ScaleWorker.main(new String[] {"low", "200", "1", "1"});
        } finally {
            System.setOut(out);
            System.setErr(err);
            deleteTree(work);
        }
        if (!failures.isEmpty()) System.err.println("elvis: AOT training: these ended with an unexpected exit code: " + failures);
        System.exit(failures.isEmpty() ? 0 : 1);          // as Main does, so that the exit path is in the cache too
    }

    private static void expect(List<String> failures, int exit, String... args) {
        int actual = Main.execute(args);
        if (actual != exit) failures.add(String.join(" ", args) + " (exit " + actual + ")");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
