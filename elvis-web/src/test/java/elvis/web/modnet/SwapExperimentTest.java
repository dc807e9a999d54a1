package elvis.web.modnet;

import elvis.Simulation;
import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.cpu.Disk;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.modnet.ModNet;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConfig;
import elvis.web.load.HttpLoad;
import elvis.web.load.LoadConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ModNet §5.5 (Fig. 8), R-MN-8: slow and fast clients repeatedly fetch an 800 KB dynamic page from a
 * prefork server whose workers block until their response is in the socket. Without the module the
 * slow clients capture every worker and the fast ones wait in the backlog; with the swap module the
 * workers are free at once and the fast clients fill the link. CI runs a twentieth of the paper's
 * setup with the ratios kept (60 + 60 clients, 26 workers, 500 Mbit/s, a disk with a twentieth of the
 * SSD's IOPS and bandwidth) for 8 s; {@code -Dmodnet.full=true} runs the paper's size (1,200 + 1,200
 * clients, 512 workers, 10 Gbit/s, the SSD) for 20 s.
 */
class SwapExperimentTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final boolean FULL = Boolean.getBoolean("modnet.full");

    record Scale(int slow, int fast, int workers, long linkBps, Disk.Config disk, long durationNs) {
        static final Scale CI = new Scale(60, 60, 26, 500_000_000L, new Disk.Config(5_000, 4_500, 220_000_000L, 32, 100_000), 8 * S);
        static final Scale PAPER = new Scale(1200, 1200, 512, 10_000_000_000L, Disk.Config.SSD, 20 * S);
    }

    /** What one run gave: the clients' goodput together, per class, and the module's counters (null without it). */
    record Run(double bps, double slowBps, double fastBps, Map<String, Object> server, Map<String, Object> swap, long wallMs) { }

    static Run run(Scale s, long slowBps, boolean module) {
        long wall = System.nanoTime();
        Simulation sim = new Simulation(18);
        Network uplink = sim.link("uplink", LinkConfig.UNLIMITED.withBandwidth(s.linkBps()).withDelay(50_000).withQueuePackets(2000),
                Simulation.Resolution.STATIC);
        Network access = sim.network("access", LinkConfig.UNLIMITED.withDelay(5 * MS));
        Machine server = sim.machine("server"), router = sim.machine("router");
        sim.connect(server, uplink, "10.0.0.1/30");
        sim.connect(router, uplink, "10.0.0.2/30");
        sim.connect(router, access, "10.1.0.1/16");
        sim.router(router);
        sim.route(server, "10.1.0.0/16", "10.0.0.2");
        Tcp.of(server).config(TcpConfig.DEFAULT.withSendBuffer(64 * 1024));
        Disk.install(server, s.disk());
        SwapModule swap = null;
        if (module) {
            swap = new SwapModule(64 * 1024, 64 * 1024, 2, 100 * MS, true);
            ModNet.of(sim.kernel()).register("sw", swap);
            ModNet.of(sim.kernel()).apply(server, "sw");
        }
        PreforkServer prefork = new PreforkServer(80, s.workers(), 8192, 800 * 1024, false, S);
        server.addApplication(prefork);
        ApplicationFactory.Context context = ApplicationFactory.Context.of(Ipv4Address::parse, Path.of(""));
        String duration = s.durationNs() / MS + "ms";
        List<HttpLoad> slow = new ArrayList<>(), fast = new ArrayList<>();
        for (int i = 0; i < s.slow() + s.fast(); i++) {
            boolean isSlow = i % 2 == 0;                  // interleaved, so neither class connects first
            Machine c = sim.machine("client" + i);
            Ipv4Interface nic = sim.connect(c, access, "10.1." + (1 + i / 250) + "." + (1 + i % 250) + "/16");
            if (isSlow) access.configurePort(nic.device().port(), LinkConfig.UNLIMITED.withBandwidth(slowBps).withDelay(5 * MS).withQueuePackets(100));
            sim.route(c, "10.0.0.0/30", "10.1.0.1");
            HttpLoad load = new HttpLoad(LoadConfig.of(Arguments.of("to", "10.0.0.1", "connections", "1", "keepalive", "false",
                    "duration", duration, "timeout", "3600s", "path", "/page.php"), context));
            c.addApplication(load);
            (isSlow ? slow : fast).add(load);
        }
        // Goodput in the steady state: from a quarter of the run (the workers' first capture is over) to its end.
        long warmNs = s.durationNs() / 4;
        long[] atWarm = new long[2];
        sim.kernel().at(warmNs, () -> { atWarm[0] = bytes(slow); atWarm[1] = bytes(fast); });
        sim.runUntil(s.durationNs() + MS);
        double window = (s.durationNs() - warmNs) / 1e9;
        double slowGoodput = (bytes(slow) - atWarm[0]) * 8 / window, fastGoodput = (bytes(fast) - atWarm[1]) * 8 / window;
        Map<String, Object> serverResults = prefork.results();
        sim.shutdown();
        return new Run(slowGoodput + fastGoodput, slowGoodput, fastGoodput, serverResults, swap == null ? null : swap.results(), (System.nanoTime() - wall) / 1_000_000);
    }

    /** Bytes the clients received so far (the load generator stops counting at its end). */
    private static long bytes(List<HttpLoad> loads) {
        long sum = 0;
        for (HttpLoad l : loads) sum += ((Number) l.results().get("bytes")).longValue();
        return sum;
    }

    static final Scale SCALE = FULL ? Scale.PAPER : Scale.CI;

    /** Runs without and with the module at one slow-client rate; prints both (the numbers docs/tutorials/modnet.md quotes). */
    static double gain(long slowBps) {
        Run without = run(SCALE, slowBps, false), with = run(SCALE, slowBps, true);
        double gain = with.bps() / without.bps();
        System.out.printf("swap, slow clients at %d kbit/s: without %.1f Mbit/s (slow %.1f, fast %.1f; %d ms wall), with %.1f Mbit/s "
                        + "(slow %.1f, fast %.1f; %d ms wall): %.1fx; module %s; workers busy without %.1f, with %.1f%n",
                slowBps / 1000, without.bps() / 1e6, without.slowBps() / 1e6, without.fastBps() / 1e6, without.wallMs(),
                with.bps() / 1e6, with.slowBps() / 1e6, with.fastBps() / 1e6, with.wallMs(), gain, with.swap(),
                (double) without.server().get("busy_workers_mean"), (double) with.server().get("busy_workers_mean"));
        assertThat((long) with.swap().get("bytes_swapped_out")).isPositive();
        assertThat((long) without.server().get("errors")).isZero();
        return gain;
    }

    @Test
    void withManySlowClientsTheModuleGivesAtLeastNineTimesTheThroughput() {
        assertThat(gain(175_000)).isGreaterThanOrEqualTo(9);
    }

    @Test
    void theGainShrinksAsTheSlowClientsApproachFourMegabits() {
        // 4 Mbit/s: the workers free themselves 23 times sooner without the module, and the swapped
        // bytes (written and read back) load the disk with about twice the slow clients' aggregate.
        double gain = gain(4_000_000);
        assertThat(gain).isGreaterThan(1).isLessThan(9);
    }
}
