package elvis.bench;

import elvis.Simulation;
import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.web.server.WebServerApp;
import elvis.web.user.WebStats;
import elvis.web.user.WebUser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 17's second benchmark: browsing users (web_user, on blocking sockets) spread over web
 * servers (web_server, Yahoo site) on one switched LAN, as examples/web-yahoo.ndl but larger: users
 * arrive within the first minute, read with the default dwell, think exp(60 s) between sessions.
 */
public final class WebUsersScenario {
    private WebUsersScenario() {}

    /**
     * @param pages       pages all users loaded
     * @param bytes       bytes all users received (pages and images)
     * @param p50LoadMs   median page load time over all pages
     * @param events      kernel events
     * @param wallNs      wall time of building and running
     * @param liveHeap    heap in use after a full collection at the end of the run, the simulation still
     *                    held, less the same before it was built: what the users, servers and network keep
     */
    public record Result(int users, int servers, long simulatedNs, long pages, long bytes, long errors, double p50LoadMs, long events, long wallNs,
                         long liveHeap) { }

    private static long heapAfterGc() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public static Result run(int users, int servers, long durationNs, long seed) {
        long before = heapAfterGc();
        long wallStart = System.nanoTime();
        Simulation sim = new Simulation(seed);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(1_000_000_000L).withDelay(5_000_000));
        ApplicationFactory.Context context = ApplicationFactory.Context.of(Ipv4Address::parse, Path.of(""));
        int base = 10 << 24;                                           // 10.0.0.0/8: servers from .1, users after them
        WebServerApp.Factory serverFactory = new WebServerApp.Factory();
        for (int s = 0; s < servers; s++) {
            Machine m = sim.machine("server-" + (s + 1));
            sim.connect(m, lan, base + 1 + s, 8);
            m.addApplication(serverFactory.create(Arguments.of("seed", String.valueOf(13 + s)), context));
        }
        WebUser.Factory userFactory = new WebUser.Factory();
        String duration = (durationNs / 1_000_000) + "ms";
        List<WebUser> all = new ArrayList<>(users);
        for (int u = 0; u < users; u++) {
            Machine m = sim.machine("user-" + (u + 1));
            sim.connect(m, lan, base + 1 + servers + u, 8);
            WebUser user = (WebUser) userFactory.create(Arguments.of("server", Ipv4Address.format(base + 1 + u % servers),
                    "start", "uniform(0s, 60s)", "sessions", "1000", "think", "exp(60s)", "duration", duration), context);
            m.addApplication(user);
            all.add(user);
        }
        sim.runUntil(durationNs + 60_000_000_000L);                    // the last arrivals' sessions end by then
        long wall = System.nanoTime() - wallStart;
        long live = heapAfterGc() - before;
        sim.shutdown();
        long pages = 0, bytes = 0, errors = 0, n = 0;
        for (WebUser u : all) {
            pages += u.record().pages();
            bytes += u.record().totalBytes();
            errors += u.record().errors();
        }
        long[] loads = new long[(int) pages];
        for (WebUser u : all) for (long t : u.record().loadTimes()) loads[(int) n++] = t;
        double p50 = loads.length == 0 ? 0 : WebStats.percentile(loads, 50) / 1e6;
        return new Result(users, servers, durationNs, pages, bytes, errors, p50, sim.kernel().eventsDispatched(), wall, live);
    }
}
