package elvis.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real-time kernel: events no earlier than their time, injection from another thread, lateness and its bound. */
class RealtimeSimulatorTest {
    static final long MS = 1_000_000;

    @Test
    void eventsRunNoEarlierThanTheirTimeAndTheRunLastsUntilItsEnd() {
        RealtimeSimulator sim = new RealtimeSimulator(1);
        List<long[]> ran = new ArrayList<>();                  // {virtual time, wall's virtual time at dispatch}
        for (long t : new long[] {5 * MS, 10 * MS, 10 * MS, 20 * MS}) sim.at(t, () -> ran.add(new long[] {sim.now(), sim.wallVirtualNs()}));
        long start = System.nanoTime();
        sim.runUntil(30 * MS);
        long took = System.nanoTime() - start;
        assertThat(ran).extracting(r -> r[0]).containsExactly(5 * MS, 10 * MS, 10 * MS, 20 * MS);
        for (long[] r : ran) assertThat(r[1]).as("dispatched at wall %d for time %d", r[1], r[0]).isGreaterThanOrEqualTo(r[0]);
        assertThat(took).isGreaterThanOrEqualTo(30 * MS);
        assertThat(sim.now()).isEqualTo(30 * MS);
        assertThat(sim.lateness().count()).isEqualTo(4);
        assertThat(sim.lateness().maxNs()).isGreaterThanOrEqualTo(0);
        assertThat(sim.latenessExceeded()).isEqualTo(-1);
    }

    @Test
    void injectedWorkRunsInTheKernelThreadAtTheVirtualTimeItCameIn() throws Exception {
        RealtimeSimulator sim = new RealtimeSimulator(1);
        long[] at = new long[2];
        Thread[] thread = new Thread[1];
        CountDownLatch started = new CountDownLatch(1);
        sim.at(0, started::countDown);
        Thread outside = new Thread(() -> {
            try {
                started.await();
                Thread.sleep(15);
            } catch (InterruptedException e) {
                return;
            }
            long handedIn = sim.wallVirtualNs();
            sim.inject(() -> {
                at[0] = sim.now();
                at[1] = handedIn;
                thread[0] = Thread.currentThread();
            });
        });
        outside.start();
        sim.runUntil(40 * MS);
        outside.join();
        assertThat(thread[0]).isSameAs(Thread.currentThread());
        assertThat(at[0]).isGreaterThanOrEqualTo(at[1]).isGreaterThanOrEqualTo(15 * MS).isLessThan(40 * MS);
    }

    @Test
    void anEmptyQueueDoesNotEndARunThatWaitsForTheOutside() throws Exception {
        RealtimeSimulator sim = new RealtimeSimulator(1);
        Thread outside = new Thread(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            sim.inject(sim::stop);
        });
        outside.start();
        long start = System.nanoTime();
        sim.run();                                             // nothing pending: only the injected stop ends it
        outside.join();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(20 * MS);
        assertThat(sim.eventsDispatched()).isEqualTo(1);
    }

    @Test
    void aBoundOnLatenessStopsTheRunAtTheFirstLateEvent() {
        RealtimeSimulator sim = new RealtimeSimulator(1);
        sim.maxLatenessNs(2 * MS);
        List<Long> ran = new ArrayList<>();
        sim.at(MS, () -> {
            ran.add(sim.now());
            long until = System.nanoTime() + 10 * MS;           // an event that hogs the thread
            while (System.nanoTime() < until) Thread.onSpinWait();
        });
        sim.at(MS, () -> ran.add(sim.now()));                  // due at the same instant: 10 ms late
        sim.at(50 * MS, () -> ran.add(sim.now()));
        sim.runUntil(100 * MS);
        assertThat(ran).containsExactly(MS, MS);
        assertThat(sim.latenessExceeded()).isGreaterThan(8 * MS);
        assertThat(sim.now()).isLessThan(50 * MS);
    }

    @Test
    void aFakeWallClockMakesPacingExact() {
        long[] wall = {1_000};
        RealtimeSimulator sim = new RealtimeSimulator(1, () -> wall[0] += 250_000);   // each reading 0.25 ms later
        List<Long> late = new ArrayList<>();
        sim.at(MS, () -> late.add(sim.wallVirtualNs() - sim.now()));
        sim.runUntil(2 * MS);
        assertThat(late).hasSize(1);
        assertThat(sim.lateness().count()).isEqualTo(1);
        assertThat(sim.lateness().maxNs()).isBetween(0L, MS);
    }

    @Test
    void modelCodeSeesTheRealtimeKernelInItsExtensions() {
        RealtimeSimulator sim = new RealtimeSimulator(1);
        Simulator[] made = new Simulator[1];
        sim.extension(StringBuilder.class, k -> { made[0] = k; return new StringBuilder(); });
        assertThat(made[0]).isSameAs(sim);
    }

    @Test
    void latenessQuantilesAreWithinOneThirtySecond() {
        Lateness l = new Lateness();
        for (long v = 1; v <= 100_000; v++) l.record(v * 1_000);   // 1 µs .. 100 ms
        assertThat(l.count()).isEqualTo(100_000);
        assertThat(l.meanNs()).isCloseTo(50_000_500.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(l.maxNs()).isEqualTo(100_000_000L);
        long p99 = l.quantileNs(0.99), p50 = l.quantileNs(0.5);
        assertThat(p99).isBetween(99_000_000L, 99_000_000L + 99_000_000L / 32);
        assertThat(p50).isBetween(50_000_000L, 50_000_000L + 50_000_000L / 32);
        assertThat(l.quantileNs(1.0)).isEqualTo(100_000_000L);
        Lateness small = new Lateness();
        small.record(-5);
        small.record(7);
        assertThat(small.quantileNs(0.5)).isZero();
        assertThat(small.quantileNs(1)).isEqualTo(7);
        assertThat(new Lateness().quantileNs(0.99)).isZero();
    }
}
