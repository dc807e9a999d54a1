package elvis.cli;

import elvis.ndl.Ndl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** Huge and pathological input (issue 12 §6): refused or handled in bounded memory and output, never a trace. */
class HugeInputTest {
    @TempDir
    Path tmp;

    /** {@code n} distinct [Machine] sections: the shape that cannot be written short with count='N'. */
    static void writeMachines(Path f, int n) throws Exception {
        try (Writer w = Files.newBufferedWriter(f)) {
            w.write("[Networks]\n  [Network id='n']\n    [IP subnet='10.0.0.0/8']\n[Machines]\n");
            w.write("  [Machine name='k']\n    [Networks]\n      [Network id='n']\n    [Applications]\n"
                    + "      [Application name='capture' ip='10.255.255.254' port='5000' message_count='" + n + "']\n");
            for (int i = 0; i < n; i++) {
                w.write("  [Machine name='sender" + i + "']\n    [Networks]\n      [Network id='n']\n    [Applications]\n"
                        + "      [Application name='send_message' size='100' to='k' port='5000']\n");
            }
        }
    }

    @Test
    void aFileOverTheLimitIsRefusedWithOneLine() throws Exception {
        Path f = tmp.resolve("huge.ndl");
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(Ndl.MAX_FILE_BYTES + 1);            // sparse: costs no disk
        }
        for (String command : new String[] {"check", "run"}) {
            CommandLineTest.Outcome o = elvis(command, f.toString());
            assertThat(o.exit()).isEqualTo(2);
            assertThat(o.err()).startsWith(f + ":1:1: error: file is 64 MB; descriptions over 64 MB are refused")
                    .doesNotContain("Exception", "\tat ").hasLineCount(1);
        }
    }

    /**
     * A file of 50,000 machine sections (8 MB) is checked in a JVM of 10 times its size plus 48 MB for
     * the JVM itself; before, checking took over 25 times a file's size, and this ran out of memory.
     */
    @Test
    void aLargeFileIsCheckedInMemoryProportionalToIt() throws Exception {
        Path f = tmp.resolve("large.ndl");
        writeMachines(f, 50_000);
        long size = Files.size(f);
        assertThat(size).isBetween(7_000_000L, 9_000_000L);
        CommandLineTest.Outcome o = checkIn(10 * size + (48 << 20), f);
        assertThat(o.exit()).as(o.out()).isZero();
        assertThat(o.out()).contains("ok (1 networks, 50,001 machines)");
        // Far too small a heap: one plain line and exit 3, not a stack trace and exit 1.
        CommandLineTest.Outcome starved = checkIn(24 << 20, f);
        assertThat(starved.exit()).isEqualTo(3);
        assertThat(starved.out()).startsWith("elvis: out of memory").doesNotContain("\tat ", "Exception in thread");
    }

    /** {@code elvis check f} in a child JVM with {@code heap} bytes of heap; stdout and stderr together in out. */
    CommandLineTest.Outcome checkIn(long heap, Path f) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Process p = new ProcessBuilder(java, "-Xmx" + heap, "-XX:+UseSerialGC", "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "elvis.cli.Main", "check", f.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new CommandLineTest.Outcome(p.exitValue(), Files.readString(out), "");
    }

    @Test
    void anEightMegabyteErrorLineIsShownCut() throws Exception {
        Path f = tmp.resolve("long-line.ndl");
        Files.writeString(f, "[Networks]\n  [Network id='" + "a".repeat(8 << 20) + "\n");
        CommandLineTest.Outcome o = elvis("check", f.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("unterminated quoted value", "…").doesNotContain("Exception");
        assertThat(o.err().length()).isLessThan(4000);
        String[] lines = o.err().split("\n");
        int source = 4, caret = 5;                          // after the missing [Machines]; the caret still points at the quote
        assertThat(lines[caret].indexOf('^')).isEqualTo(lines[source].indexOf('\''));
    }

    @Test
    void aMillionErrorsShowTheFirstThousandAndACount() throws Exception {
        Path f = tmp.resolve("errors.ndl");
        Files.writeString(f, "[Simulation" + " k=v".repeat(5000) + "]\n");
        CommandLineTest.Outcome o = elvis("check", f.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines().filter(l -> l.contains(": error: "))).hasSize(1000);
        assertThat(o.err()).contains("... and 4,002 more errors and 0 more warnings not shown");
    }

    @Test
    void identicalSummaryLinesBecomeOneWithACount() throws Exception {
        Path f = tmp.resolve("many-apps.ndl");
        String hello = Files.readString(CommandLineTest.EXAMPLES.resolve("hello.ndl"));
        String app = "      [Application name='send_message' message='Hello!'\n        to='capturer' port='0xbeef']\n";
        Files.writeString(f, hello.replace(app, app.repeat(2000)).replace("message_count='1'", "message_count='2000'"));
        CommandLineTest.Outcome o = elvis("run", f.toString());
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("send_message on sender: sent 1 of 1  (2,000 times)\n").hasLineCount(4);
    }
}
