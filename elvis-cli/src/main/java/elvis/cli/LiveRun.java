package elvis.cli;

import elvis.live.HostSetup;
import elvis.live.LiveException;
import elvis.live.Tap;
import elvis.live.TapBridge;
import elvis.live.TapStats;
import elvis.ndl.SimulationBuilder.Built;
import elvis.ndl.SimulationBuilder.Tapped;
import elvis.ndl.model.Attachment;
import elvis.ndl.model.MachineGroup;
import elvis.ndl.model.TapSpec;
import elvis.sim.Lateness;
import elvis.sim.RealtimeSimulator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The live side of a run on the wall clock (docs/live.md): a bridge per tapped network and, for
 * {@code elvis emulate}, the host's side the file asks for (namespaces, devices moved into them,
 * addresses, default routes). {@link #close} removes all of it, newest first; the command calls it
 * when the run ends, on a signal and on an error.
 */
final class LiveRun implements AutoCloseable {
    /** Most simulated machines listed per tapped network when the run starts. */
    static final int LISTED = 8;

    /**
     * Why {@code elvis emulate} cannot set up the host here, or null when it can. Tests replace it to
     * see the answer of a machine without privileges (CI runs as root).
     */
    static volatile Supplier<String> hostUnavailable = () -> {
        String why = HostSetup.unavailable();
        return why != null ? why : Tap.unavailable();
    };

    /** Why TAP devices cannot be opened here, or null (elvis run --realtime on a file with tap=); replaceable as above. */
    static volatile Supplier<String> tapUnavailable = Tap::unavailable;

    private final List<TapBridge> bridges = new ArrayList<>();
    private final HostSetup host;
    private List<TapStats> finalStats;

    private LiveRun(HostSetup host) { this.host = host; }

    /**
     * Opens a bridge per tapped network and, with {@code setUpHost}, does what each asks of the host. On
     * failure what was made is removed again before the exception leaves.
     */
    static LiveRun start(Built built, boolean setUpHost) throws LiveException {
        LiveRun live = new LiveRun(setUpHost ? new HostSetup() : null);
        try {
            Set<String> namespaces = new HashSet<>();
            for (Tapped t : built.tapped()) {
                live.bridges.add(TapBridge.attach(built.simulation(), t.network(), t.tap().device()));
                if (live.host == null) continue;
                TapSpec tap = t.tap();
                if (tap.netns() != null) {
                    if (namespaces.add(tap.netns())) {
                        live.host.namespace(tap.netns());
                        // We speak IPv4 only: without this, Linux's router solicitations and MLD reports reach the simulated network.
                        HostSetup.run(HostSetup.inNamespace(tap.netns(), "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                                "net.ipv6.conf.default.disable_ipv6=1"));
                    }
                    live.host.moveLink(tap.device(), tap.netns());
                }
                if (tap.address() != null) live.host.address(tap.netns(), tap.device(), tap.address().toString());
                else if (tap.netns() == null) live.host.linkUp(null, tap.device());      // up, for the user's own address
                if (tap.gateway() != null) live.host.route(tap.netns(), "default", tap.gateway().toString());
            }
            return live;
        } catch (LiveException | RuntimeException e) {
            live.close();
            throw e;
        }
    }

    /** What the user can do now: each device, where it is, the simulated machines behind it, a command to try. */
    static void printUsage(PrintStream out, Built built, boolean hostSetUp, long endNs) {
        out.println((endNs == Long.MAX_VALUE ? "live until Ctrl-C" : "live for simulated " + RunReport.seconds(endNs) + " (Ctrl-C stops it sooner)")
                + (hostSetUp ? "; everything set up here is removed when the run ends" : ""));
        for (Tapped t : built.tapped()) {
            TapSpec tap = t.tap();
            StringBuilder b = new StringBuilder("  network " + t.network().name() + " <-> TAP device " + tap.device());
            if (hostSetUp && tap.netns() != null) b.append(" in namespace ").append(tap.netns());
            if (hostSetUp && tap.address() != null) b.append(", address ").append(tap.address());
            if (hostSetUp && tap.gateway() != null) b.append(", default route via ").append(tap.gateway());
            out.println(b);
            List<String> machines = simulatedOn(built, built.networks().indexOf(t.network()));
            if (!machines.isEmpty()) out.println("    simulated: " + String.join(", ", machines));
            String first = machines.isEmpty() ? null : machines.getFirst().substring(machines.getFirst().lastIndexOf(' ') + 1);
            if (hostSetUp && tap.address() != null) {
                if (first != null) out.println("    try: " + String.join(" ", HostSetup.inNamespace(tap.netns(), "ping", "-c", "3", first)));
            } else {                                      // the device is the user's to configure (it is up after a set-up)
                List<String> add = HostSetup.inNamespace(hostSetUp ? tap.netns() : null, "ip", "addr", "add",
                        tap.address() != null ? tap.address().toString() : "ADDRESS/PREFIX", "dev", tap.device());
                out.println("    set it up: " + String.join(" ", add) + (hostSetUp ? "" : " && ip link set " + tap.device() + " up"));
            }
        }
    }

    /** "name address" of the machines the plan gives an address on network {@code n}, at most {@link #LISTED}. */
    private static List<String> simulatedOn(Built built, int n) {
        List<String> out = new ArrayList<>();
        for (int g = 0; g < built.model().machines().size(); g++) {
            MachineGroup group = built.model().machines().get(g);
            for (int k = 0; k < group.networks().size(); k++) {
                Attachment a = group.networks().get(k);
                if (a.dhcp() || a.network() != n || group.bridge()) continue;
                for (long i = 1; i <= group.count(); i++) {
                    if (out.size() == LISTED) {
                        out.add("...");
                        return out;
                    }
                    out.add(group.instanceName(i) + " " + built.model().address(g, i, k));
                }
            }
        }
        return out;
    }

    /** The bridges' counters now, read once the run stopped (before {@link #close}). */
    List<TapStats> stats() {
        if (finalStats == null) finalStats = bridges.stream().map(TapBridge::stats).toList();
        return finalStats;
    }

    /** The results' {@code realtime} block (docs/results.md): the wall clock's share of a live run. */
    static Map<String, Object> json(RealtimeSimulator kernel, long maxLatenessNs, List<TapStats> taps) {
        Lateness l = kernel.lateness();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", l.count());
        Map<String, Object> lateness = new LinkedHashMap<>();
        lateness.put("mean_ns", Math.round(l.meanNs()));
        lateness.put("p50_ns", l.quantileNs(0.5));
        lateness.put("p99_ns", l.quantileNs(0.99));
        lateness.put("max_ns", l.maxNs());
        m.put("lateness", lateness);
        m.put("max_lateness_ns", maxLatenessNs == Long.MAX_VALUE ? null : maxLatenessNs);
        m.put("spin_ns", kernel.spinNs());
        m.put("lateness_exceeded_ns", kernel.latenessExceeded() < 0 ? null : kernel.latenessExceeded());
        List<Map<String, Object>> list = new ArrayList<>();
        for (TapStats s : taps) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("device", s.device());
            t.put("frames_in", s.framesIn());
            t.put("bytes_in", s.bytesIn());
            t.put("frames_out", s.framesOut());
            t.put("bytes_out", s.bytesOut());
            Map<String, Object> dropped = new LinkedHashMap<>();
            dropped.put("malformed", s.malformed());
            dropped.put("oversized", s.oversized());
            dropped.put("flood", s.flood());
            dropped.put("write_failed", s.writeFailed());
            dropped.put("corrupted", s.corrupted());
            t.put("dropped", dropped);
            t.put("gone", s.gone());
            list.add(t);
        }
        m.put("taps", list);
        return m;
    }

    /** The text report's lines for the same. */
    static List<String> lines(RealtimeSimulator kernel, List<TapStats> taps) {
        Lateness l = kernel.lateness();
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "real time: %,d events, lateness mean %s, p50 %s, p99 %s, max %s", l.count(),
                lateness(Math.round(l.meanNs())), lateness(l.quantileNs(0.5)), lateness(l.quantileNs(0.99)), lateness(l.maxNs())));
        for (TapStats s : taps) {
            long dropped = s.malformed() + s.oversized() + s.flood() + s.writeFailed() + s.corrupted();
            out.add(String.format(Locale.ROOT, "tap %s: %,d frames in (%,d bytes), %,d out (%,d bytes), %,d dropped%s", s.device(), s.framesIn(),
                    s.bytesIn(), s.framesOut(), s.bytesOut(), dropped, s.gone() ? "; the device vanished during the run" : ""));
        }
        return out;
    }

    /** A lateness for people: microseconds below a millisecond, else milliseconds. */
    static String lateness(long ns) { return ns < 1_000_000 ? String.format(Locale.ROOT, "%.1f us", ns / 1e3) : String.format(Locale.ROOT, "%.2f ms", ns / 1e6); }

    /** Closes the bridges (their devices disappear), then undoes the host's set-up; idempotent. */
    @Override
    public void close() {
        stats();
        for (TapBridge b : bridges.reversed()) b.close();
        bridges.clear();
        if (host != null) host.close();
    }
}
