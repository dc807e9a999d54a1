package elvis.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ./elvis} launcher as a student meets it: the first run trains the start-up cache (JDK AOT
 * cache) and runs, later runs use the cache silently, a rebuilt jar makes it train again, and a broken
 * cache or a failed training never breaks a run. It runs the real script on a copy of the project
 * made of this build's classes, with the build step already done, so that it never starts Maven from
 * inside Maven. Nothing here depends on timing.
 */
@EnabledOnOs(OS.LINUX)
class LauncherTest {
    static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    static final String TRAINING = "elvis: training the start-up cache";

    @TempDir
    Path tmp;

    Path home;
    Path work;
    Path tmpdir;

    record Outcome(int exit, String out, String err) { }

    @BeforeEach
    void copyOfTheProject() throws IOException {
        home = Files.createDirectories(tmp.resolve("elvis"));
        work = Files.createDirectories(tmp.resolve("work"));
        tmpdir = Files.createDirectories(tmp.resolve("tmpdir"));
        copy(PROJECT.resolve("elvis"), home.resolve("elvis"));
        Files.setPosixFilePermissions(home.resolve("elvis"), PosixFilePermissions.fromString("rwxr-xr-x"));
        copy(PROJECT.resolve("scripts/env.sh"), home.resolve("scripts/env.sh"));
        try (Stream<Path> examples = Files.list(PROJECT.resolve("examples"))) {
            for (Path e : examples.toList()) copy(e, home.resolve("examples").resolve(e.getFileName()));
        }
        jar(PROJECT.resolve("elvis-core/target/classes"), home.resolve("elvis-core/target/elvis-core.jar"));
        jar(PROJECT.resolve("elvis-web/target/classes"), home.resolve("elvis-web/target/elvis-web.jar"));
        jar(PROJECT.resolve("elvis-live/target/classes"), home.resolve("elvis-live/target/elvis-live.jar"));
        jar(PROJECT.resolve("elvis-mpi/target/classes"), home.resolve("elvis-mpi/target/elvis-mpi.jar"));
        jar(PROJECT.resolve("elvis-cli/target/classes"), home.resolve("elvis-cli/target/elvis-cli.jar"));
        jar(null, home.resolve("elvis-bench/target/elvis-bench.jar"));
        copy(PROJECT.resolve("elvis-cli/target/classpath.txt"), home.resolve("elvis-cli/target/classpath.txt"));
        // The build is done: no sources here, and a stamp newer than the jars.
        Files.createDirectories(home.resolve("target"));
        Files.writeString(home.resolve("target/.build-stamp"), "");
    }

    @Test
    void firstRunTrainsTheCacheLaterRunsUseItQuietlyAndARebuiltJarRetrains() throws Exception {
        Outcome first = elvis("run", "../elvis/examples/hello.ndl");
        assertThat(first.exit).as(first.err).isZero();
        assertThat(first.out).contains("capture on capturer: received 1 of 1");
        assertThat(first.err).contains(TRAINING).doesNotContain("building", "could not");
        assertThat(first.err.lines()).hasSize(1);
        assertThat(home.resolve("target/elvis.aot")).isNotEmptyFile();
        assertThat(listing(work)).as("training writes nothing where the user runs").isEmpty();
        assertThat(listing(tmpdir)).as("training cleans up after itself").isEmpty();

        Outcome second = elvis("run", "../elvis/examples/hello.ndl");
        assertThat(second.exit).isZero();
        assertThat(summary(second.out)).isEqualTo(summary(first.out));
        assertThat(second.err).isEmpty();

        // A rebuilt jar (newer than the cache) makes the next run train again.
        jar(PROJECT.resolve("elvis-cli/target/classes"), home.resolve("elvis-cli/target/elvis-cli.jar"));
        Outcome rebuilt = elvis("check", "../elvis/examples/hello.ndl");
        assertThat(rebuilt.exit).as(rebuilt.err).isZero();
        assertThat(rebuilt.err).contains(TRAINING);
        assertThat(rebuilt.out).contains("hello.ndl: ok");
        assertThat(elvis("check", "../elvis/examples/hello.ndl").err).isEmpty();

        // A cache the JVM cannot use costs speed, never the run, and the JVM's complaints stay quiet.
        Files.write(home.resolve("target/elvis.aot"), new byte[4096]);
        Outcome broken = elvis("run", "../elvis/examples/hello.ndl");
        assertThat(broken.exit).isZero();
        assertThat(summary(broken.out)).isEqualTo(summary(first.out));
        assertThat(broken.err).isEmpty();
        assertThat(listing(work)).isEmpty();
    }

    @Test
    void aFailedTrainingRunsWithoutTheCacheAndIsNotRetriedOnEveryRun() throws Exception {
        Path hello = Files.copy(home.resolve("examples/hello.ndl"), work.resolve("hello.ndl"));
        try (Stream<Path> examples = Files.list(home.resolve("examples"))) {
            for (Path e : examples.toList()) Files.delete(e);      // the training run's input is gone
        }
        Outcome first = elvis("run", "hello.ndl");
        assertThat(first.exit).as(first.err).isZero();
        assertThat(first.out).contains("capture on capturer: received 1 of 1");
        assertThat(first.err).contains(TRAINING, "could not make the start-up cache; running without it");
        assertThat(home.resolve("target/elvis.aot")).doesNotExist();

        Outcome second = elvis("run", "hello.ndl");
        assertThat(second.exit).isZero();
        assertThat(summary(second.out)).isEqualTo(summary(first.out));
        assertThat(second.err).isEmpty();
        assertThat(listing(work)).containsExactly(hello);
    }

    Outcome elvis(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("elvis").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("TMPDIR", tmpdir.toString());
        env.remove("ELVIS_JAVA_OPTS");
        env.remove("ELVIS_AOT");
        Path out = tmp.resolve("out.txt"), err = tmp.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("./elvis finished").isTrue();
        return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The run's summary without its first line, which gives the wall time. */
    static List<String> summary(String out) {
        return out.lines().skip(1).toList();
    }

    static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Writes a jar of every file under {@code classes} (none when null). */
    static void jar(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Path partial = jar.resolveSibling(jar.getFileName() + ".partial");
        try (OutputStream os = Files.newOutputStream(partial); JarOutputStream j = new JarOutputStream(os)) {
            if (classes != null) {
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        j.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                        Files.copy(f, j);
                        j.closeEntry();
                    }
                }
            }
        }
        Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
