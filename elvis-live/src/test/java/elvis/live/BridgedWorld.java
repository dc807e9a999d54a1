package elvis.live;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.sim.RealtimeSimulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A namespace whose TAP device is bridged to simulated LAN 10.0.0.0/24 (ARP, no delay), where router
 * 10.0.0.1 leads over point-to-point link {@code wan} to server 10.1.0.2. The namespace has
 * 10.0.0.100/24 and a route to 10.1.0.0/16 via the router. The kernel runs in a thread of its own
 * from {@link #start}; {@link #close} stops it and removes the namespace and the device.
 */
final class BridgedWorld implements AutoCloseable {
    static final long MS = 1_000_000;

    final String ns = Live.name("n");
    final String dev = Live.name("t");
    final RealtimeSimulator kernel = new RealtimeSimulator(1);
    final Simulation sim = new Simulation(kernel);
    final Network lan = sim.network("lan", LinkConfig.UNLIMITED, Simulation.Resolution.ARP);
    final Network wan;
    final Machine router = sim.machine("router");
    final Machine server = sim.machine("server");
    final HostSetup host = new HostSetup();
    TapBridge bridge;
    // a second namespace on LAN 10.0.2.0/24 of the same router, when asked for (second())
    final String ns2 = Live.name("m");
    final String dev2 = Live.name("u");
    Network lan2;
    TapBridge bridge2;
    private Thread running;

    BridgedWorld(LinkConfig wanConfig) {
        wan = sim.link("wan", wanConfig, Simulation.Resolution.STATIC);
        sim.connect(router, lan, "10.0.0.1/24");
        sim.connect(router, wan, "10.1.0.1/24");
        sim.connect(server, wan, "10.1.0.2/24");
        sim.router(router);
        sim.route(server, "default", "10.1.0.1");
    }

    /** Bridges the LAN to the device, moves it into the namespace and configures it there. */
    BridgedWorld bridge() throws LiveException {
        try {
            host.namespace(ns);
            quiet(ns);
            bridge = TapBridge.attach(sim, lan, dev);
            host.moveLink(dev, ns);
            host.address(ns, dev, "10.0.0.100/24");
            host.route(ns, "10.1.0.0/16", "10.0.0.1");
        } catch (LiveException | RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** Adds LAN 10.0.2.0/24 on the router, bridged to a second namespace with 10.0.2.100; before start(). */
    BridgedWorld second() throws LiveException {
        lan2 = sim.network("lan2", LinkConfig.UNLIMITED, Simulation.Resolution.ARP);
        sim.connect(router, lan2, "10.0.2.1/24");
        try {
            host.namespace(ns2);
            quiet(ns2);
            bridge2 = TapBridge.attach(sim, lan2, dev2);
            host.moveLink(dev2, ns2);
            host.address(ns2, dev2, "10.0.2.100/24");
            host.route(ns2, "10.1.0.0/16", "10.0.2.1");
        } catch (LiveException | RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** No IPv6 in {@code namespace} (devices moved in take the default): no router solicitations or MLD reports at random moments. */
    private static void quiet(String namespace) throws LiveException {
        HostSetup.run(HostSetup.inNamespace(namespace, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1"));
    }

    /** Runs the kernel paced to the wall clock until {@link #close}. */
    BridgedWorld start() {
        running = new Thread(() -> kernel.runUntil(Long.MAX_VALUE), "kernel");
        running.setDaemon(true);
        running.start();
        return this;
    }

    /** Runs {@code command} in the namespace and returns what it printed (standard output and error). */
    String exec(long timeoutS, String... command) throws IOException, InterruptedException {
        return execIn(ns, timeoutS, command);
    }

    /** As {@link #exec}, in namespace {@code namespace}. */
    static String execIn(String namespace, long timeoutS, String... command) throws IOException, InterruptedException {
        java.nio.file.Path out = java.nio.file.Files.createTempFile("elvis-live", ".out");
        try {
            Process p = new ProcessBuilder(HostSetup.inNamespace(namespace, command)).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutS + " s:\n"
                        + java.nio.file.Files.readString(out));
            }
            return java.nio.file.Files.readString(out);
        } finally {
            java.nio.file.Files.deleteIfExists(out);
        }
    }

    @Override
    public void close() {
        if (running != null) {
            kernel.stop();
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (bridge != null) bridge.close();
        if (bridge2 != null) bridge2.close();
        host.close();
    }

    /** The "time=…" of each reply in ping's output, in milliseconds. */
    static List<Double> rtts(String pingOutput) {
        List<Double> rtts = new ArrayList<>();
        Matcher m = Pattern.compile("time=([0-9.]+) ms").matcher(pingOutput);
        while (m.find()) rtts.add(Double.parseDouble(m.group(1)));
        return rtts;
    }

    /** {transmitted, received} from ping's summary. */
    static int[] counts(String pingOutput) {
        Matcher m = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(pingOutput);
        if (!m.find()) throw new AssertionError("no ping summary in:\n" + pingOutput);
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /** {min, avg, max, mdev} from ping's summary line. */
    static double[] summary(String pingOutput) {
        Matcher m = Pattern.compile("= ([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+) ms").matcher(pingOutput);
        if (!m.find()) throw new AssertionError("no rtt summary in:\n" + pingOutput);
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))};
    }
}
