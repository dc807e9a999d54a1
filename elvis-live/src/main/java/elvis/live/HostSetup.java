package elvis.live;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The host side of an emulation, through iproute2: network namespaces, moving a TAP device into
 * one, addresses, routes, links up, and commands run inside a namespace. Everything it creates is
 * removed by {@link #close}, in reverse order, also when the JVM exits on Ctrl-C (a shutdown hook)
 * or after an error; what it did not create it never removes.
 *
 * <p>What lives inside a namespace this set-up created (addresses, routes, moved devices) goes with
 * the namespace, so only changes to namespaces it did not create get an undo step of their own.
 */
public final class HostSetup implements AutoCloseable {
    /** Linux's CAP_NET_ADMIN bit in the capability sets of /proc/self/status. */
    private static final int CAP_NET_ADMIN = 12;
    /** An iproute2 command that takes longer than this is stuck (a namespace operation takes milliseconds). */
    private static final long COMMAND_TIMEOUT_S = 30;

    /** Undo commands, newest first. */
    private final Deque<List<String>> undo = new ArrayDeque<>();
    private final Set<String> ownNamespaces = new HashSet<>();
    private Thread hook;
    private boolean closed;

    public HostSetup() { }

    /**
     * Why the host cannot be set up ("needs CAP_NET_ADMIN: run as root", "ip (iproute2) is not
     * installed"), or null when it can.
     */
    public static String unavailable() {
        if (!hasNetAdmin()) {
            return "setting up the host (namespaces, addresses, routes) needs CAP_NET_ADMIN: run as root";
        }
        if (onPath("ip") == null) {
            return "ip (iproute2) is not installed or not on PATH: install iproute2";
        }
        return null;
    }

    /** True when this process's effective capabilities include CAP_NET_ADMIN (root has it). */
    static boolean hasNetAdmin() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (caps & (1L << CAP_NET_ADMIN)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux or no procfs: no way to tell, and no TAP either
        }
        return false;
    }

    /** The executable {@code program} found on PATH, or null. */
    static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    /** Creates network namespace {@code name} (with its loopback up); removed on close. */
    public synchronized void namespace(String name) throws LiveException {
        checkName("namespace", name, 64);
        open();
        run(List.of("ip", "netns", "add", name));
        undo.push(List.of("ip", "netns", "del", name));
        ownNamespaces.add(name);
        run(List.of("ip", "-n", name, "link", "set", "lo", "up"));
    }

    /** Moves link {@code device} into namespace {@code ns} and brings it up there. */
    public synchronized void moveLink(String device, String ns) throws LiveException {
        checkName("device", device, 15);
        checkName("namespace", ns, 64);
        open();
        run(List.of("ip", "link", "set", device, "netns", ns));
        if (!ownNamespaces.contains(ns)) {
            // back to the namespace of process 1 (the host's), where it came from
            undo.push(List.of("ip", "-n", ns, "link", "set", device, "netns", "1"));
        }
        run(List.of("ip", "-n", ns, "link", "set", device, "up"));
    }

    /** Adds address {@code cidr} ("10.0.0.100/24") to {@code device} in {@code ns} (null: this namespace) and brings it up. */
    public synchronized void address(String ns, String device, String cidr) throws LiveException {
        if (ns != null) checkName("namespace", ns, 64);
        checkName("device", device, 15);
        checkName("address", cidr, 64);
        open();
        run(ip(ns, "addr", "add", cidr, "dev", device));
        if (!owned(ns)) undo.push(ip(ns, "addr", "del", cidr, "dev", device));
        run(ip(ns, "link", "set", device, "up"));
    }

    /** Adds a route to {@code prefix} ("default" or "10.1.0.0/16") via {@code gateway} in {@code ns} (null: this namespace). */
    public synchronized void route(String ns, String prefix, String gateway) throws LiveException {
        if (ns != null) checkName("namespace", ns, 64);
        checkName("prefix", prefix, 64);
        checkName("gateway", gateway, 64);
        open();
        run(ip(ns, "route", "add", prefix, "via", gateway));
        if (!owned(ns)) undo.push(ip(ns, "route", "del", prefix, "via", gateway));
    }

    /** Brings link {@code device} up in {@code ns} (null: this namespace); nothing to undo. */
    public synchronized void linkUp(String ns, String device) throws LiveException {
        if (ns != null) checkName("namespace", ns, 64);
        checkName("device", device, 15);
        open();
        run(ip(ns, "link", "set", device, "up"));
    }

    /** The command line that runs {@code command} inside {@code ns} ({@code ip netns exec NS ...}), for printing and for ProcessBuilder. */
    public static List<String> inNamespace(String ns, String... command) {
        List<String> line = new ArrayList<>(command.length + 4);
        if (ns != null) line.addAll(List.of("ip", "netns", "exec", ns));
        line.addAll(List.of(command));
        return line;
    }

    /** Undoes everything this set-up created, newest first; idempotent. */
    @Override
    public void close() {
        Thread registered;
        synchronized (this) {
            if (closed) return;
            closed = true;
            while (!undo.isEmpty()) {
                List<String> step = undo.pop();
                try {
                    run(step);
                } catch (LiveException e) {
                    // already gone (a device deleted with its namespace, a namespace removed by hand)
                }
            }
            registered = hook;
            hook = null;
        }
        if (registered != null && Thread.currentThread() != registered) {
            try {
                Runtime.getRuntime().removeShutdownHook(registered);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (and finds nothing left to do)
            }
        }
    }

    /**
     * Runs {@code command} (no shell) and returns its standard output; a non-zero exit becomes a
     * LiveException naming the command and quoting its standard error.
     */
    public static String run(List<String> command) throws LiveException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new LiveException("cannot run '" + String.join(" ", command) + "': " + e.getMessage());
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        String out = drain(process.getInputStream());
        try {
            if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LiveException("'" + String.join(" ", command) + "' did not finish within " + COMMAND_TIMEOUT_S + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LiveException("interrupted while running '" + String.join(" ", command) + "'");
        }
        if (process.exitValue() != 0) {
            String message = err.join().strip();
            throw new LiveException("'" + String.join(" ", command) + "' failed (exit " + process.exitValue() + ")"
                    + (message.isEmpty() ? "" : ": " + message));
        }
        return out;
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private boolean owned(String ns) { return ns != null && ownNamespaces.contains(ns); }

    private static List<String> ip(String ns, String... args) {
        List<String> line = new ArrayList<>(args.length + 3);
        line.add("ip");
        if (ns != null) {
            line.add("-n");
            line.add(ns);
        }
        line.addAll(List.of(args));
        return line;
    }

    /** Registers the shutdown hook with the first change, so Ctrl-C leaves nothing behind. */
    private void open() throws LiveException {
        if (closed) throw new LiveException("this host set-up was already closed");
        if (hook == null) {
            hook = new Thread(this::close, "elvis-host-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    private static void checkName(String what, String value, int max) throws LiveException {
        if (value == null || value.isEmpty() || value.length() > max || value.startsWith("-")
                || value.chars().anyMatch(c -> c <= ' ' || c == '/' && !what.equals("prefix") && !what.equals("address"))) {
            throw new LiveException("invalid " + what + " '" + value + "': 1 to " + max
                    + " characters, no spaces" + (what.equals("prefix") || what.equals("address") ? "" : " or '/'")
                    + ", not starting with '-'");
        }
    }
}
