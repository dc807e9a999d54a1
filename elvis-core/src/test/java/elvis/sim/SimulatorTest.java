package elvis.sim;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorTest {

    @Test
    void eventsRunInTimeOrderAndFifoWithinTheSameTime() {
        Simulator sim = Simulator.sequential(1);
        List<String> order = new ArrayList<>();
        sim.schedule(20, () -> order.add("b@20"));
        sim.schedule(10, () -> order.add("a@10"));
        sim.schedule(20, () -> order.add("c@20"));
        sim.schedule(0, () -> order.add("now1"));
        sim.schedule(0, () -> order.add("now2"));
        sim.run();
        assertThat(order).containsExactly("now1", "now2", "a@10", "b@20", "c@20");
        assertThat(sim.now()).isEqualTo(20);
        assertThat(sim.eventsDispatched()).isEqualTo(5);
    }

    @Test
    void anEventScheduledForNowRunsAfterEarlierScheduledEventsOfTheSameInstant() {
        Simulator sim = Simulator.sequential(1);
        List<String> order = new ArrayList<>();
        sim.schedule(5, () -> { order.add("x"); sim.schedule(0, () -> order.add("z (scheduled at 5 for now)")); });
        sim.schedule(5, () -> order.add("y (scheduled at 0 for 5)"));
        sim.run();
        assertThat(order).containsExactly("x", "y (scheduled at 0 for 5)", "z (scheduled at 5 for now)");
    }

    @Test
    void cancelledTimersDoNotFire() {
        Simulator sim = Simulator.sequential(1);
        List<Integer> fired = new ArrayList<>();
        Timer t1 = sim.timer(10, () -> fired.add(1));
        Timer t2 = sim.timer(20, () -> fired.add(2));
        assertThat(t1.pending()).isTrue();
        t1.cancel();
        sim.run();
        assertThat(fired).containsExactly(2);
        assertThat(t1.pending()).isFalse();
        assertThat(t2.pending()).isFalse();
        assertThat(t2.dueTime()).isEqualTo(20);
    }

    /** A cancelled timer is no event: the run ends at the last real event, and neither counts nor clock see it. */
    @Test
    void aCancelledTimerNeverMovesTheClock() {
        Simulator sim = Simulator.sequential(1);
        sim.schedule(1_000_000, () -> { });
        sim.timer(1_000_000_000, () -> { }).cancel();
        sim.run();
        assertThat(sim.now()).isEqualTo(1_000_000);
        assertThat(sim.lastEventTime()).isEqualTo(1_000_000);
        assertThat(sim.eventsDispatched()).isEqualTo(1);
        // The same with many events pending (the radix heap), and a stop right after the last real one.
        Simulator big = Simulator.sequential(1);
        for (int i = 0; i < 100; i++) big.timer(5_000 + i, () -> { }).cancel();
        big.schedule(3_000, big::stop);
        big.timer(4_000, () -> { }).cancel();
        big.run();
        assertThat(big.now()).isEqualTo(3_000);
        big.run();                                // the rest are all cancelled
        assertThat(big.now()).isEqualTo(3_000);
        assertThat(big.eventsDispatched()).isEqualTo(1);
    }

    /** The clock may lag the queue after lapsed events; events scheduled then still run in time order. */
    @Test
    void eventsScheduledAfterLapsedOnesKeepTheirOrder() {
        Simulator sim = Simulator.sequential(1);
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < 64; i++) sim.schedule(1_000 + i, () -> { });
        sim.timer(100_000, () -> { }).cancel();
        sim.schedule(200_000, () -> seen.add(sim.now()));
        sim.runUntil(150_000);                     // drops the cancelled timer, stops at 150 us
        assertThat(sim.lastEventTime()).isEqualTo(1_063);
        sim.schedule(10, () -> seen.add(sim.now()));
        sim.run();
        assertThat(seen).containsExactly(150_010L, 200_000L);
    }

    @Test
    void runUntilStopsAtTheGivenTimeAndResumes() {
        Simulator sim = Simulator.sequential(1);
        List<Long> seen = new ArrayList<>();
        for (long t = 10; t <= 50; t += 10) { long at = t; sim.schedule(t, () -> seen.add(at)); }
        sim.runUntil(30);
        assertThat(seen).containsExactly(10L, 20L, 30L);
        assertThat(sim.now()).isEqualTo(30);
        sim.runUntil(35);
        assertThat(sim.now()).isEqualTo(35);
        sim.run();
        assertThat(seen).containsExactly(10L, 20L, 30L, 40L, 50L);
    }

    @Test
    void stopEndsTheRunAfterTheCurrentEvent() {
        Simulator sim = Simulator.sequential(1);
        List<Integer> seen = new ArrayList<>();
        sim.schedule(1, () -> { seen.add(1); sim.stop(); });
        sim.schedule(2, () -> seen.add(2));
        sim.run();
        assertThat(seen).containsExactly(1);
        assertThat(sim.pendingEvents()).isEqualTo(1);
        sim.run();
        assertThat(seen).containsExactly(1, 2);
    }

    @Test
    void aStopRequestedBetweenRunsEndsTheNextRunAtOnce() throws Exception {
        Simulator sim = Simulator.sequential(1);
        List<Integer> seen = new ArrayList<>();
        sim.schedule(1, () -> seen.add(1));
        Thread other = new Thread(sim::stop);       // as an interrupt handler would
        other.start();
        other.join();
        sim.run();
        assertThat(seen).isEmpty();
        sim.run();
        assertThat(seen).containsExactly(1);
    }

    @Test
    void negativeDelaysAndPastTimesAreRejected() {
        Simulator sim = Simulator.sequential(1);
        assertThatThrownBy(() -> sim.schedule(-1, () -> { })).isInstanceOf(IllegalArgumentException.class);
        sim.schedule(10, () -> { });
        sim.run();
        assertThatThrownBy(() -> sim.at(5, () -> { })).hasMessageContaining("before now");
    }

    /** The heap+FIFO queue dispatches exactly in (time, insertion sequence) order, for any schedule. */
    @Property(tries = 300)
    void dispatchOrderEqualsSortByTimeThenSequence(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 50) Integer> delays,
                                                    @ForAll @IntRange(min = 0, max = 5) int nestedEvery) {
        Simulator sim = Simulator.sequential(7);
        record Ev(long time, long seq) { }
        List<Ev> expected = new ArrayList<>();
        List<Ev> actual = new ArrayList<>();
        long[] seq = {0};
        for (int d : delays) {
            Ev ev = new Ev(d, seq[0]++);
            expected.add(ev);
            sim.schedule(d, () -> {
                actual.add(ev);
                // Some events schedule more events, including for "now".
                if (nestedEvery > 0 && ev.seq % nestedEvery == 0) {
                    Ev child = new Ev(sim.now() + ev.seq % 3, seq[0]++);
                    expected.add(child);
                    sim.schedule(ev.seq % 3, () -> actual.add(child));
                }
            });
        }
        sim.run();
        expected.sort(Comparator.comparingLong(Ev::time).thenComparingLong(Ev::seq));
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void randomStreamsDependOnSeedAndNameOnlyNotOnCreationOrder() {
        RandomStream a1 = Simulator.sequential(42).random("net0>a/eth0");
        Simulator other = Simulator.sequential(42);
        other.random("something else").nextLong();
        RandomStream a2 = other.random("net0>a/eth0");
        for (int i = 0; i < 100; i++) assertThat(a1.nextLong()).isEqualTo(a2.nextLong());
        assertThat(Simulator.sequential(43).random("net0>a/eth0").nextLong())
                .isNotEqualTo(Simulator.sequential(42).random("net0>a/eth0").nextLong());
        assertThat(Simulator.sequential(42).random("x").nextLong()).isNotEqualTo(Simulator.sequential(42).random("y").nextLong());
    }

    @Test
    void boundedDrawsAreUniform() {
        RandomStream r = new RandomStream(5);
        int[] buckets = new int[10];
        int n = 100_000;
        for (int i = 0; i < n; i++) buckets[(int) r.nextLong(10)]++;
        for (int b : buckets) assertThat(b).isBetween(n / 10 - 500, n / 10 + 500);   // ~5 sigma
        double mean = 0;
        for (int i = 0; i < n; i++) mean += r.nextDouble();
        assertThat(mean / n).isBetween(0.49, 0.51);
        assertThat(r.chance(0)).isFalse();
        assertThat(r.chance(1)).isTrue();
    }

    @Test
    void afterEventRunsWhenTheDeferringEventReturnsBeforeTheNextOneAndCostsNoEvent() {
        Simulator sim = Simulator.sequential(1);
        List<String> order = new ArrayList<>();
        sim.at(5, () -> {
            order.add("a");
            sim.afterEvent(() -> {
                order.add("x@" + sim.now());
                sim.afterEvent(() -> order.add("z"));       // deferred while deferring: same drain
            });
            order.add("a-end");
        });
        sim.at(5, () -> order.add("b"));
        sim.afterEvent(() -> order.add("outside@" + sim.now()));   // not inside an event: an event now
        sim.run();
        assertThat(order).containsExactly("outside@0", "a", "a-end", "x@5", "z", "b");
        assertThat(sim.eventsDispatched()).isEqualTo(3);
    }
}
