package elvis.interop;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.live.HostSetup;
import elvis.live.LiveException;
import elvis.live.Tap;
import elvis.live.TapBridge;
import elvis.sim.RealtimeSimulator;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A live emulation for an interop test: a simulation on a {@link RealtimeSimulator} whose switched
 * networks are bridged to TAP devices, each moved into a fresh network namespace of its own with an
 * address and routes ({@link HostSetup}), the kernel running on a thread of its own, and real
 * programs run inside the namespaces. Everything it made (daemons, bridges, devices, namespaces, the
 * kernel thread) goes in {@link #close}, also after a failure.
 *
 * <p>Use: {@code requireLive()} and {@code requireTool(...)} first (they skip the test with the
 * reason), then {@code new LiveFixture(seed, tempDir)} in try-with-resources; build the model on
 * {@link #sim()}, add {@link #host}s, {@link #start()} the kernel; from then on touch the model only
 * through {@link #call}/{@link #inject}, which run in the kernel's thread.
 */
public final class LiveFixture implements AutoCloseable {
    /** What one command in a namespace did. */
    public record Result(int exit, String out, String err, long wallNs) {
        public boolean ok() { return exit == 0; }

        @Override
        public String toString() { return "exit " + exit + (out.isBlank() ? "" : "\nstdout: " + out.strip()) + (err.isBlank() ? "" : "\nstderr: " + err.strip()); }
    }

    /** A real host: namespace {@code ns} whose device {@code device} (address {@code ip}) is bridged to a simulated network. */
    public record Host(String ns, String device, String ip, TapBridge bridge) { }

    private final RealtimeSimulator kernel;
    private final Simulation sim;
    private final Path dir;
    private final String id = "elt" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
    private final HostSetup setup;
    private final List<TapBridge> bridges = new ArrayList<>();
    private final List<Daemon> daemons = new ArrayList<>();
    private int hosts, commands;
    private Thread thread;
    private volatile Throwable kernelFailure;

    /** Skips the test unless namespaces and TAP devices can be made here (root, /dev/net/tun, iproute2). */
    public static void requireLive() {
        Assumptions.assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"), "live emulation needs Linux");
        Assumptions.assumeTrue(isRoot(), "live emulation needs root (CAP_NET_ADMIN) for namespaces and TAP devices");
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun does not exist");
        requireTool("ip");
        String why = HostSetup.unavailable();
        Assumptions.assumeTrue(why == null, () -> "host set-up unavailable: " + why);
        String tap = Tap.unavailable();
        Assumptions.assumeTrue(tap == null, () -> "TAP devices unavailable: " + tap);
    }

    /** Skips the test unless program {@code name} is installed (on PATH or in /usr/sbin, /sbin). */
    public static void requireTool(String name) {
        Assumptions.assumeTrue(tool(name) != null, () -> name + " is not installed (apt-get install it, as .ci/run does)");
    }

    /** The path of program {@code name}, or null. */
    public static String tool(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        Collections.addAll(dirs, "/usr/sbin", "/sbin", "/usr/bin", "/bin");
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return p.toString();
        }
        return null;
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0");   // effective uid
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** A fixture whose files (daemon configuration, logs, downloads) go under {@code dir} (a JUnit @TempDir). */
    public LiveFixture(long seed, Path dir) {
        requireLive();
        this.kernel = new RealtimeSimulator(seed);
        this.sim = new Simulation(kernel);
        this.dir = dir;
        this.setup = new HostSetup();
    }

    public Simulation sim() { return sim; }

    public RealtimeSimulator kernel() { return kernel; }

    /** Where the fixture's files go. */
    public Path dir() { return dir; }

    /** A name unique to this fixture ("elt" + 4 random characters + {@code suffix}), short enough for an interface. */
    public String name(String suffix) {
        String n = id + suffix;
        if (n.length() > 15) throw new IllegalArgumentException("interface names have at most 15 characters: " + n);
        return n;
    }

    /** A switched network with ARP (the Linux hosts are not in the pre-resolved directory). */
    public Network network(String name, LinkConfig config) {
        return sim.network(name, config, Simulation.Resolution.ARP);
    }

    /** {@link #host(Network, String, boolean, String...)} with IPv6 disabled in the namespace. */
    public Host host(Network network, String cidr, String... routes) throws LiveException {
        return host(network, cidr, false, routes);
    }

    /**
     * A real host on {@code network}: a fresh namespace whose TAP device, bridged to {@code network},
     * gets address {@code cidr} ("10.0.0.100/24") and routes {@code routes} ("prefix via gateway",
     * e.g. "default via 10.0.0.1"). Unless {@code ipv6}, IPv6 is off in the namespace, so that Linux
     * sends no router solicitations and MLD reports. Call before {@link #start}.
     */
    public Host host(Network network, String cidr, boolean ipv6, String... routes) throws LiveException {
        if (thread != null) throw new IllegalStateException("add hosts before start()");
        int n = hosts++;
        String ns = name("n" + n), device = name("t" + n);
        setup.namespace(ns);
        if (!ipv6) {
            Result r = run(ns, Duration.ofSeconds(5), "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            if (!r.ok()) throw new LiveException("could not disable IPv6 in " + ns + ": " + r);
        }
        TapBridge bridge = TapBridge.attach(sim, network, device);
        bridges.add(bridge);
        setup.moveLink(device, ns);
        setup.address(ns, device, cidr);
        for (String route : routes) {
            String[] w = route.trim().split("\\s+");
            if (w.length != 3 || !w[1].equals("via")) throw new IllegalArgumentException("a route is 'PREFIX via GATEWAY': " + route);
            setup.route(ns, w[0], w[2]);
        }
        return new Host(ns, device, cidr.substring(0, cidr.indexOf('/')), bridge);
    }

    /** Starts the kernel (and the simulated applications) on a thread of its own, in real time. */
    public void start() {
        if (thread != null) throw new IllegalStateException("already started");
        thread = new Thread(() -> {
            try {
                sim.runUntil(Long.MAX_VALUE);
            } catch (Throwable t) {
                kernelFailure = t;
            }
        }, name("kernel"));
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code action} in the kernel's thread, soon (at the virtual time now). */
    public void inject(Runnable action) {
        kernel.inject(action);
    }

    /** Runs {@code action} in the kernel's thread and returns its result (waiting at most 10 s). */
    public <T> T call(Callable<T> action) {
        checkKernel();
        CompletableFuture<T> f = new CompletableFuture<>();
        kernel.inject(() -> {
            try {
                f.complete(action.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            checkKernel();
            throw new AssertionError("the kernel thread did not run the action: " + e, e);
        }
    }

    /** Fails when the kernel's thread died of an exception. */
    public void checkKernel() {
        Throwable t = kernelFailure;
        if (t != null) throw new AssertionError("the simulation failed: " + t, t);
    }

    /** Stops the kernel and waits for its thread; the simulation is shut down. Idempotent. */
    public void stop() {
        if (thread == null) return;
        kernel.stop();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) throw new AssertionError("the kernel thread did not stop");
        thread = null;
        sim.shutdown();
    }

    /** Runs {@code command} inside namespace {@code ns}, at most {@code timeout}, capturing its output. */
    public Result run(String ns, Duration timeout, String... command) {
        int n = commands++;
        Path out = dir.resolve("cmd" + n + ".out"), err = dir.resolve("cmd" + n + ".err");
        long t0 = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(HostSetup.inNamespace(ns, command)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + "\nstdout: " + read(out) + "\nstderr: " + read(err));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return new Result(p.exitValue(), read(out), read(err), System.nanoTime() - t0);
    }

    /** A program started in a namespace, killed by {@link #close} (of the fixture or its own). */
    public final class Daemon implements AutoCloseable {
        private final Process process;
        private final Path out, err;
        private final String what;

        private Daemon(Process process, Path out, Path err, String what) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.what = what;
        }

        public boolean alive() { return process.isAlive(); }

        /** Waits for it to exit by itself (at most {@code timeout}): its exit code; fails with its output when it does not. */
        public int await(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) throw new AssertionError(what + " still running after " + timeout + "\n" + output());
            return process.exitValue();
        }

        /** What it wrote to its standard output so far. */
        public String stdout() { return read(out); }

        /** What it printed so far. */
        public String output() { return "stdout: " + read(out) + "\nstderr: " + read(err); }

        /**
         * Waits until something in namespace {@code ns} listens on TCP port {@code port} (at most
         * 5 s); fails with the daemon's output when it died or never listened.
         */
        public void awaitTcpListen(String ns, int port) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) throw new AssertionError(what + " exited with " + process.exitValue() + "\n" + output());
                Result r = run(ns, Duration.ofSeconds(5), "ss", "-Hltn", "sport = :" + port);
                if (r.ok() && !r.out().isBlank()) return;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            throw new AssertionError(what + " does not listen on port " + port + " after 5 s\n" + output());
        }

        @Override
        public void close() {
            if (!process.isAlive()) return;
            process.destroy();
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts {@code command} inside namespace {@code ns} in the background (it must stay in the foreground itself). */
    public Daemon daemon(String ns, String... command) {
        int n = commands++;
        Path out = dir.resolve("daemon" + n + ".out"), err = dir.resolve("daemon" + n + ".err");
        try {
            Process p = new ProcessBuilder(HostSetup.inNamespace(ns, command)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            Daemon d = new Daemon(p, out, err, String.join(" ", command));
            daemons.add(d);
            return d;
        } catch (IOException e) {
            throw new AssertionError("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /** {@code iperf3 -s} on {@code port} in {@code ns}, listening when this returns. */
    public Daemon iperf3Server(String ns, int port) {
        Daemon d = daemon(ns, "iperf3", "-s", "-p", Integer.toString(port));
        d.awaitTcpListen(ns, port);
        return d;
    }

    /**
     * nginx in {@code ns} on {@code port}, in the foreground with configuration, logs and temporary
     * files under this fixture's folder, serving directory {@code root}; listening when this returns.
     */
    public Daemon nginx(String ns, int port, Path root) throws IOException {
        Path prefix = Files.createDirectories(dir.resolve("nginx-" + ns));
        Files.createDirectories(prefix.resolve("logs"));
        String conf = """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log;
                events { worker_connections 256; }
                http {
                    access_log %1$s/logs/access.log;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    default_type application/octet-stream;
                    sendfile on;
                    keepalive_requests 100000;
                    server {
                        listen %2$d;
                        root %3$s;
                    }
                }
                """.formatted(prefix, port, root.toAbsolutePath());
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, conf);
        Daemon d = daemon(ns, "nginx", "-c", file.toString(), "-p", prefix.toString());
        d.awaitTcpListen(ns, port);
        return d;
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Kills the daemons, stops the kernel, closes the bridges (their devices go) and removes the
     * namespaces; every step runs even when one before failed; the first failure is thrown at the end.
     */
    @Override
    public void close() {
        AssertionError failure = null;
        for (Daemon d : daemons) {
            try {
                d.close();
            } catch (RuntimeException e) {
                failure = note(failure, e);
            }
        }
        try {
            stop();
        } catch (RuntimeException | AssertionError e) {
            failure = note(failure, e);
        }
        for (TapBridge b : bridges) {
            try {
                b.close();
            } catch (RuntimeException e) {
                failure = note(failure, e);
            }
        }
        try {
            setup.close();
        } catch (RuntimeException e) {
            failure = note(failure, e);
        }
        if (kernelFailure != null) failure = note(failure, kernelFailure);
        if (failure != null) throw failure;
    }

    private static AssertionError note(AssertionError first, Throwable t) {
        if (first == null) return t instanceof AssertionError a ? a : new AssertionError("clean-up: " + t, t);
        first.addSuppressed(t);
        return first;
    }
}
