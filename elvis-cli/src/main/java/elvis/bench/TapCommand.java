package elvis.bench;

import elvis.live.LiveException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code elvis bench tap}: live traffic. {@code lateness}: how late the real-time kernel dispatches a
 * 10 ms periodic timer in an otherwise idle simulation (goal: p99 ≤ 1 ms, dummynet's default tick).
 * {@code frames-64} and {@code frames-1500}: frames per second through a TAP bridge, outside →
 * simulated and simulated → outside (first goal: 100,000 per second), with the drops on each side.
 * The frame scenarios need root and /dev/net/tun; without them they are skipped with the reason.
 */
@Command(name = "tap", mixinStandardHelpOptions = true,
        description = "Real-time lateness of an idle simulation with a 10 ms timer, and frames per second through a TAP bridge"
                + " each way with 64-byte and 1500-byte frames (these need root and /dev/net/tun).")
public final class TapCommand implements Callable<Integer> {
    static final List<String> SCENARIOS = List.of("lateness", "frames-64", "frames-1500");
    static final long PERIOD_NS = 10_000_000;
    static final long LATENESS_GOAL_NS = 1_000_000, LATENESS_STRETCH_NS = 50_000, FRAMES_GOAL = 100_000;

    @Option(names = "--scenario", split = ",", paramLabel = "NAME", description = "only these: lateness, frames-64, frames-1500 (default: all)")
    List<String> only;

    @Option(names = "--seconds", defaultValue = "10", description = "how long the lateness scenario runs (default ${DEFAULT-VALUE})")
    long seconds;

    @Option(names = "--frames", defaultValue = "1000000", description = "frames each way per frame size, after a warm-up of a tenth as many (default ${DEFAULT-VALUE})")
    long frames;

    @Mixin
    BenchJson json;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || seconds > 86_400 || frames < 100 || frames > 1_000_000_000L) {
            System.err.println("elvis bench tap: --seconds 1..86400 and --frames 100..10^9 are required");
            return 2;
        }
        List<String> scenarios = only == null ? SCENARIOS : only;
        for (String s : scenarios) {
            if (!SCENARIOS.contains(s)) {
                System.err.println("elvis bench tap: no scenario '" + s + "'; there are " + String.join(", ", SCENARIOS));
                return 2;
            }
        }
        List<Object> runs = new ArrayList<>();
        int exit = 0;
        if (scenarios.contains("lateness")) runs.add(lateness());
        String why = scenarios.stream().anyMatch(s -> s.startsWith("frames")) ? TapScenario.framesUnavailable() : null;
        for (String s : scenarios) {
            if (!s.startsWith("frames")) continue;
            if (why != null) {
                System.err.println("elvis bench tap: " + s + " skipped: " + why);
                exit = 2;
                continue;
            }
            try {
                TapScenario.FramesResult r = TapScenario.frames(Integer.parseInt(s.substring(7)), frames, frames / 10);
                for (TapScenario.Direction d : List.of(r.in(), r.out())) {
                    runs.add(frames(s, r, d));
                    if (d.delivered() == 0) exit = Math.max(exit, 1);
                }
            } catch (LiveException e) {
                System.err.println("elvis bench tap: " + s + ": " + e.getMessage());
                exit = Math.max(exit, 1);
            }
        }
        json.write(runs);
        return exit;
    }

    private Map<String, Object> lateness() {
        TapScenario.LatenessResult r = TapScenario.lateness(seconds, PERIOD_NS);
        boolean goal = r.p99Ns() <= LATENESS_GOAL_NS, stretch = r.p99Ns() <= LATENESS_STRETCH_NS;
        System.out.printf("tap lateness: idle simulation, a timer every %.0f ms for %d s: %,d timers; lateness mean %.1f us, p50 %.1f us, p99 %.1f us, max %.1f us%n",
                r.periodNs() / 1e6, r.seconds(), r.timers(), r.meanNs() / 1e3, r.p50Ns() / 1e3, r.p99Ns() / 1e3, r.maxNs() / 1e3);
        System.out.printf("  goal p99 <= 1 ms: %s; p99 <= 50 us: %s%n", goal ? "met" : "NOT met", stretch ? "reached" : "not reached");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", "lateness");
        m.put("seconds", r.seconds());
        m.put("period_ns", r.periodNs());
        m.put("timers", r.timers());
        m.put("events", r.events());
        m.put("lateness_mean_ns", r.meanNs());
        m.put("lateness_p50_ns", r.p50Ns());
        m.put("lateness_p99_ns", r.p99Ns());
        m.put("lateness_max_ns", r.maxNs());
        m.put("goal_p99_ns", LATENESS_GOAL_NS);
        m.put("goal_met", goal);
        m.put("p99_within_50us", stretch);
        return m;
    }

    private static Map<String, Object> frames(String scenario, TapScenario.FramesResult r, TapScenario.Direction d) {
        boolean in = d.direction().equals("in");
        boolean goal = d.deliveredPerSecond() >= FRAMES_GOAL;
        System.out.printf("tap %s %s: frames of %d bytes (%d with FCS): %,d %s at %,.0f per s; %,d %s at %,.0f per s (goal %,d: %s)%n",
                scenario, in ? "outside -> simulated" : "simulated -> outside", r.wireBytes(), r.wireBytes() + 4,
                d.offered(), in ? "written into Linux" : "sent in the simulation", d.offeredPerSecond(),
                d.delivered(), in ? "reached the simulated port" : "written to the device", d.deliveredPerSecond(), FRAMES_GOAL, goal ? "met" : "NOT met");
        if (in) {
            System.out.printf("  drops: %,d in the bridge (malformed, oversized, flood), %,d in Linux (the bridged device's queue full: the reader fell behind)%n",
                    d.bridgeDrops(), d.linuxDrops());
            System.out.printf("  CPU per frame: reader %.0f ns, kernel %.0f ns%n", d.readerCpuNsPerFrame(), d.kernelCpuNsPerFrame());
        } else {
            System.out.printf("  drops: %,d in the bridge (write failed); after it, the outside reader got %,d and Linux dropped %,d (its queue full: the reader fell behind)%n",
                    d.bridgeDrops(), d.received(), d.linuxDrops());
            System.out.printf("  CPU per frame: kernel %.0f ns (writes included)%n", d.kernelCpuNsPerFrame());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario);
        m.put("direction", in ? "outside-to-simulated" : "simulated-to-outside");
        m.put("frame_bytes", r.wireBytes());
        m.put("frames_offered", d.offered());
        m.put("offered_per_second", d.offeredPerSecond());
        m.put("frames_delivered", d.delivered());
        m.put("wall_seconds", d.deliveredWallNs() / 1e9);
        m.put("frames_per_second", d.deliveredPerSecond());
        m.put("goal_frames_per_second", FRAMES_GOAL);
        m.put("goal_met", goal);
        m.put("bridge_drops", d.bridgeDrops());
        m.put("linux_drops", d.linuxDrops());
        if (!in) m.put("frames_received_outside", d.received());
        if (in) m.put("reader_cpu_ns_per_frame", d.readerCpuNsPerFrame());
        m.put("kernel_cpu_ns_per_frame", d.kernelCpuNsPerFrame());
        return m;
    }
}
