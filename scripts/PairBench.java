import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares builds of tcp-bulk on a shared machine: each build's jars in a class loader of their own,
 * one JVM, one transfer of each build per round (the order rotating), timed by the thread's CPU time.
 * Alternating within seconds and counting CPU time rather than wall time keeps other jobs' load out
 * of the ratios far better than alternating fresh JVMs (see docs/performance.md, issue 13).
 *
 * <pre>
 *   java -XX:+UseParallelGC scripts/PairBench.java ROUNDS BYTES TREE...
 * </pre>
 * Each TREE is a built checkout (`mvn -q -B -o package -DskipTests`); the first is the reference.
 * Prints, per tree, the best transfer, its ratio to the reference's best, and the median (and
 * quartiles) of the per-round ratios, leaving out the first four rounds (JIT warm-up).
 */
public class PairBench {
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java scripts/PairBench.java ROUNDS BYTES TREE...");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[0]);
        long bytes = Long.parseLong(args[1]);
        int n = args.length - 2;
        Method[] run = new Method[n];
        for (int v = 0; v < n; v++) {
            Path tree = Path.of(args[v + 2]);
            List<URL> urls = new ArrayList<>();
            urls.add(tree.resolve("elvis-cli/target/elvis-cli.jar").toUri().toURL());
            urls.add(tree.resolve("elvis-core/target/elvis-core.jar").toUri().toURL());
            Path web = tree.resolve("elvis-web/target/elvis-web.jar");   // the module between core and cli, where a tree has it
            if (Files.exists(web)) urls.add(web.toUri().toURL());
            for (String dep : Files.readString(tree.resolve("elvis-cli/target/classpath.txt")).trim().split(":"))
                if (!dep.isEmpty()) urls.add(Path.of(dep).toUri().toURL());
            ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            run[v] = loader.loadClass("elvis.bench.TcpBulkScenario").getMethod("run", long.class, long.class);
        }
        ThreadMXBean thread = ManagementFactory.getThreadMXBean();
        double[][] cpu = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int v = (r + k) % n;
                long start = thread.getCurrentThreadCpuTime();
                run[v].invoke(null, bytes, 1L);
                cpu[v][r] = (thread.getCurrentThreadCpuTime() - start) / 1e9;
            }
        }
        int skip = Math.min(4, rounds / 3);
        double referenceBest = Arrays.stream(cpu[0], skip, rounds).min().orElseThrow();
        for (int v = 0; v < n; v++) {
            double[] ratio = new double[rounds - skip];
            for (int r = skip; r < rounds; r++) ratio[r - skip] = cpu[v][r] / cpu[0][r];
            Arrays.sort(ratio);
            double best = Arrays.stream(cpu[v], skip, rounds).min().orElseThrow();
            System.out.printf("%-40s best %.4f s  best/best %.3f  per-round ratio: median %.3f (quartiles %.3f, %.3f)%n",
                    args[v + 2], best, best / referenceBest, ratio[ratio.length / 2], ratio[ratio.length / 4], ratio[3 * ratio.length / 4]);
        }
    }
}
