package elvis.cpu;

import elvis.Simulation;
import elvis.machine.Machine;
import elvis.sim.Simulator;
import elvis.socket.ProgramApplication;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The disk model's completion times, computed by hand from its figures (REQUIREMENTS.md §9.2). */
class DiskTest {
    private final Simulator sim = Simulator.sequential(1);

    /** Completion time of each operation, in issue order of their callbacks. */
    private final List<Long> done = new ArrayList<>();

    private Runnable record() { return () -> done.add(sim.now()); }

    @Test
    void aSmallOperationAloneIsIopsBoundPlusLatency() {
        Disk d = new Disk(sim, Disk.Config.SSD);
        d.read(4096, record());     // 1e9 / 100,000 = 10,000 ns > 4096 B at 4.4 Gbit/s = 7,448 ns; + 100 µs
        sim.run();
        assertThat(done).containsExactly(110_000L);

        d.write(4096, record());    // ⌈1e9 / 90,000⌉ = 11,112 ns + 100 µs, from 110,000
        sim.run();
        assertThat(done).containsExactly(110_000L, 221_112L);
    }

    @Test
    void aLargeOperationIsBandwidthBound() {
        Disk d = new Disk(sim, Disk.Config.SSD);
        d.read(1 << 20, record());  // ⌈2^20 · 8 / 4.4e9 s⌉ = 1,906,502 ns > 10,000; + 100 µs
        sim.run();
        assertThat(done).containsExactly(2_006_502L);
    }

    @Test
    void fullQueueDepthReachesTheRatedIopsAndTheNextOperationWaitsForTheEngine() {
        Disk d = new Disk(sim, Disk.Config.SSD);
        for (int i = 0; i < 33; i++) d.read(4096, record());
        assertThat(d.outstanding()).isEqualTo(33);
        sim.run();
        // op i starts on the engine at 10 µs · i and completes 110 µs later; the 33rd is admitted when
        // the first completes (110 µs) but the engine is busy until 320 µs
        for (int i = 0; i < 32; i++) assertThat(done.get(i)).isEqualTo(110_000L + 10_000L * i);
        assertThat(done.get(32)).isEqualTo(430_000L);
        // 32 reads completed in 320 µs of engine time: 100 K IOPS
        assertThat(d.reads()).isEqualTo(33);
        assertThat(d.busyNs()).isEqualTo(330_000L);
    }

    @Test
    void aShallowQueueBoundsThroughputByQueueDepthOverLatency() {
        Disk d = new Disk(sim, new Disk.Config(100_000, 100_000, 4_400_000_000L, 2, 100_000));
        for (int i = 0; i < 4; i++) d.read(4096, record());
        sim.run();
        // two slots: ops 2 and 3 are admitted when ops 0 and 1 complete; 2 ops per 110 µs
        assertThat(done).containsExactly(110_000L, 120_000L, 220_000L, 230_000L);
    }

    @Test
    void outstandingAndExpectedDelayFollowTheQueue() {
        Disk d = new Disk(sim, new Disk.Config(100_000, 100_000, 4_400_000_000L, 2, 100_000));
        assertThat(d.expectedDelayNs(false, 4096)).isEqualTo(110_000L);
        assertThat(d.expectedThroughput(false, 4096)).isEqualTo(4096 * 1e9 / 110_000);
        for (int i = 0; i < 3; i++) d.read(4096, record());
        assertThat(d.outstanding()).isEqualTo(3);
        // a fourth would be admitted at 120 µs (the second completes) and finish at 230 µs
        assertThat(d.expectedDelayNs(false, 4096)).isEqualTo(230_000L);
        sim.runUntil(115_000);
        assertThat(d.outstanding()).isEqualTo(2);
        assertThat(d.expectedDelayNs(false, 4096)).isEqualTo(230_000L - 115_000L);
        sim.run();
        assertThat(d.outstanding()).isZero();
    }

    @Test
    void aProcessBlocksUntilItsOperationCompletes() {
        Simulation s = new Simulation(3);
        Machine m = s.machine("m");
        Disk d = Disk.install(m, Disk.Config.SSD);
        assertThat(Disk.install(m, new Disk.Config(1, 1, 1, 1, 0))).isSameAs(d);
        List<Long> times = new ArrayList<>();
        m.addApplication(new ProgramApplication("disk", p -> {
            p.await(k -> d.write(4096, k));
            times.add(p.now());
            p.await(k -> d.read(1 << 20, k));
            times.add(p.now());
        }));
        s.run();
        assertThat(m.failures()).isEmpty();
        assertThat(times).containsExactly(111_112L, 111_112L + 2_006_502L);
        assertThat(d.results()).containsEntry("writes", 1L).containsEntry("reads", 1L)
                .containsEntry("bytes_written", 4096L).containsEntry("bytes_read", 1L << 20);
    }

    @Test
    void aMachineWithoutADiskHoldsNone() {
        Simulation s = new Simulation(3);
        assertThat(Disk.of(s.machine("m"))).isNull();
    }

    @Test
    void badFiguresAndSizesAreRefused() {
        assertThatThrownBy(() -> new Disk.Config(0, 1, 1, 1, 0)).hasMessageContaining("IOPS");
        assertThatThrownBy(() -> new Disk.Config(1, 1, 1, 0, 0)).hasMessageContaining("queue depth");
        Disk d = new Disk(sim, Disk.Config.SSD);
        assertThatThrownBy(() -> d.read(-1, () -> {})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.write(Disk.MAX_OPERATION + 1, () -> {})).isInstanceOf(IllegalArgumentException.class);
    }
}
