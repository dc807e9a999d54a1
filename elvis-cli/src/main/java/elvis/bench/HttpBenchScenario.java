package elvis.bench;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.web.load.Arrivals;
import elvis.web.load.HttpLoad;
import elvis.web.load.LoadConfig;
import elvis.web.load.LoadErrors;
import elvis.web.load.PageChoice;
import elvis.web.server.Documents;
import elvis.web.server.HttpServerApp;

/**
 * R-RU-2's workload (Rusty's benchmark, wrk -c 1000 -d 30s): one http_load with N connections in a
 * closed loop against one http_server with 500 pages of one size, over a point-to-point link.
 */
public final class HttpBenchScenario {
    private HttpBenchScenario() {}

    /**
     * @param connections generator connections (wrk's -c)
     * @param durationNs  simulated duration of the load
     * @param pageBytes   size of each of the 500 pages
     * @param bandwidthBps link rate
     * @param keepAlive   reuse connections, or one per request (Rusty's server closed after each response)
     */
    public record Workload(int connections, long durationNs, int pageBytes, long bandwidthBps, boolean keepAlive) {
        /** Rusty's: 1,000 connections, 30 s, 136 KB pages, 10 Gbit/s. */
        public static final Workload RUSTY = new Workload(1_000, 30_000_000_000L, 136_000, 10_000_000_000L, true);
    }

    /**
     * @param responses     responses received within the duration
     * @param bytes         response bytes read within it (heads and bodies)
     * @param simulatedNs   the load's duration
     * @param events        kernel events of the whole run (the end's closing included)
     * @param wallNs        wall time of building and running
     */
    public record Result(long responses, long bytes, long simulatedNs, long events, long wallNs, long errors,
                         double p50Ms, double p99Ms) {
        /** HTTP bits simulated per wall second. */
        public double goodputPerWallSecond() { return bytes * 8e9 / wallNs; }
        public double requestsPerWallSecond() { return responses * 1e9 / wallNs; }
        /** The simulated goodput, bits per simulated second. */
        public double simulatedGoodput() { return bytes * 8e9 / simulatedNs; }
    }

    public static Result run(Workload w, long seed) {
        long wallStart = System.nanoTime();
        Simulation sim = new Simulation(seed);
        // Rusty's testbed: a LAN; 10 µs each way, as the tcp-bulk benchmark's link.
        Network link = sim.link("lan", LinkConfig.UNLIMITED.withBandwidth(w.bandwidthBps()).withDelay(10_000), Simulation.Resolution.STATIC);
        Machine client = sim.machine("client"), server = sim.machine("server");
        sim.connect(client, link, "10.0.0.1/30");
        sim.connect(server, link, "10.0.0.2/30");
        server.addApplication(HttpServerApp.serving(80, w.keepAlive(), Documents.synthetic(Documents.RUSTY_PAGES, w::pageBytes), "bench"));
        HttpLoad load = new HttpLoad(new LoadConfig(Ipv4Address.parse("10.0.0.2"), "server", 80, w.connections(), w.durationNs(), 0, 0,
                Arrivals.Kind.POISSON, PageChoice.corpus(Documents.RUSTY_PAGES), w.keepAlive(), 2_000_000_000L, false));
        client.addApplication(load);
        sim.run();
        long wall = System.nanoTime() - wallStart;
        var report = load.report();
        long errors = 0;
        for (LoadErrors.Kind k : LoadErrors.Kind.values()) errors += report.errors().count(k);
        return new Result(report.requests(), report.bytes(), w.durationNs(), sim.kernel().eventsDispatched(), wall, errors,
                load.latency().percentileNs(50) / 1e6, load.latency().percentileNs(99) / 1e6);
    }
}
