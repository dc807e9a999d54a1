package elvis.live;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.ThreadLocalRandom;

/** What the live tests share: skipping with the reason, and names unique to a test. */
final class Live {
    private Live() { }

    /** Skips the calling test, saying why, unless namespaces can be set up here. */
    static void assumeHost() {
        String why = HostSetup.unavailable();
        assumeTrue(why == null, () -> "skipped: " + why);
    }

    /** Skips the calling test, saying why, unless TAP devices and namespaces both work here. */
    static void assumeTap() {
        assumeHost();
        String why = Tap.unavailable();
        assumeTrue(why == null, () -> "skipped: " + why);
    }

    /**
     * Whether the machine is idle enough for wall-clock figures to hold to a millisecond: the load
     * average of the last minute below the number of processors.
     */
    static boolean quietMachine() {
        try {
            double load = Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]);
            return load < Runtime.getRuntime().availableProcessors();
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** A python3 for raw packet sockets (the standard library is enough), skipping the calling test without one. */
    static String python() {
        java.nio.file.Path system = java.nio.file.Path.of("/usr/bin/python3");
        java.nio.file.Path found = java.nio.file.Files.isExecutable(system) ? system : HostSetup.onPath("python3");
        assumeTrue(found != null, "skipped: python3 is not installed");
        return found.toString();
    }

    /** A name for a device or namespace that no other test (or run) uses: "elt" + 8 hex digits + tag. */
    static String name(String tag) {
        return "elt" + String.format("%08x", ThreadLocalRandom.current().nextInt()) + tag;
    }
}
