package elvis.sim;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The radix heap against a java.util.PriorityQueue ordered by (time, insertion sequence). */
class EventQueueTest {
    record Ev(long time, long seq) implements Runnable {
        @Override public void run() { }
    }

    private static final Comparator<Ev> ORDER = Comparator.comparingLong(Ev::time).thenComparingLong(Ev::seq);

    /**
     * Random interleavings of adds and polls, as a simulator makes them: times never before the
     * clock; many equal times, near and far futures; the clock sometimes advances without a poll
     * (runUntil stopping before the next event), after which earlier events than the peeked one arrive.
     */
    @Property(tries = 400)
    void pollsInTimeThenInsertionOrder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int steps) {
        Random rnd = new Random(seed);
        EventQueue queue = new EventQueue();
        PriorityQueue<Ev> model = new PriorityQueue<>(ORDER);
        long clock = rnd.nextBoolean() ? 0 : rnd.nextLong(1L << 50);
        long seq = 0;
        for (int step = 0; step < steps; step++) {
            int op = rnd.nextInt(10);
            if (op < 5) {
                Ev ev = new Ev(clock + delay(rnd), seq++);
                queue.add(ev.time, ev, clock);
                model.add(ev);
            } else if (op < 9) {
                if (model.isEmpty()) continue;
                assertThat(queue.peekTime()).isEqualTo(model.peek().time);
                Ev expected = model.poll();
                clock = expected.time;
                assertThat(queue.poll()).isSameAs(expected);
            } else {
                long next = queue.peekTime();
                assertThat(next).isEqualTo(model.isEmpty() ? Long.MAX_VALUE : model.peek().time);
                if (next != Long.MAX_VALUE && next > clock) clock += rnd.nextLong(next - clock);
            }
            assertThat(queue.size()).isEqualTo(model.size());
        }
        while (!model.isEmpty()) {
            assertThat(queue.peekTime()).isEqualTo(model.peek().time);
            assertThat(queue.poll()).isSameAs(model.poll());
        }
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.peekTime()).isEqualTo(Long.MAX_VALUE);
    }

    private static long delay(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> 0;                                          // due now
            case 1, 2 -> rnd.nextInt(4);                          // many equal times
            case 3 -> rnd.nextInt(2048);
            case 4 -> rnd.nextLong(1L << 30);                     // timers: up to a second
            default -> rnd.nextLong(1L << 50);                    // far future (days; 3000 steps stay below 2^63)
        };
    }

    /** Events that schedule more events while being dispatched, through the Simulator, in chunks of runUntil. */
    @Property(tries = 200)
    void simulatorDispatchesInTimeThenSequenceOrderAcrossRunUntilChunks(@ForAll long seed) {
        Random rnd = new Random(seed);
        Simulator sim = Simulator.sequential(1);
        List<Ev> expected = new ArrayList<>();
        List<Ev> actual = new ArrayList<>();
        long[] seq = {0};
        class Spawner implements Runnable {
            final Ev ev;
            Spawner(Ev ev) { this.ev = ev; }
            @Override public void run() {
                actual.add(ev);
                assertThat(sim.now()).isEqualTo(ev.time);
                int children = rnd.nextInt(3);
                for (int i = 0; i < children && seq[0] < 5000; i++) schedule(sim, rnd.nextInt(3) == 0 ? 0 : delay(rnd) % 5000);
            }
            void schedule(Simulator sim, long delay) {
                Ev child = new Ev(sim.now() + delay, seq[0]++);
                expected.add(child);
                sim.schedule(delay, new Spawner(child));
            }
        }
        for (int i = 0; i < 100; i++) {
            long delay = rnd.nextInt(100);
            Ev ev = new Ev(delay, seq[0]++);
            expected.add(ev);
            sim.schedule(delay, new Spawner(ev));
        }
        while (sim.pendingEvents() > 0) {
            sim.runUntil(sim.now() + rnd.nextInt(3000));
            if (rnd.nextBoolean()) new Spawner(null).schedule(sim, rnd.nextInt(10));   // from outside, between chunks
        }
        expected.sort(ORDER);
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void theSortedRingHandsOverToTheHeapAndBackInOrder() {
        EventQueue queue = new EventQueue();
        for (int round = 0; round < 3; round++) {       // each round: past the ring's size, then empty again
            long clock = round * 1_000L;
            List<Ev> all = new ArrayList<>();
            for (int i = 0; i < 3 * EventQueue.NEAR; i++) {
                Ev ev = new Ev(clock + 10 + (i * 7L) % 5, i);   // five distinct times, each many times over
                queue.add(ev.time, ev, clock);
                all.add(ev);
            }
            all.sort(ORDER);
            for (Ev ev : all) {
                assertThat(queue.peekTime()).isEqualTo(ev.time);
                assertThat(queue.poll()).isSameAs(ev);
            }
            assertThat(queue.isEmpty()).isTrue();
        }
    }

    @Test
    void equalTimesStayFifoThroughManySplits() {
        EventQueue queue = new EventQueue();
        List<Ev> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Ev ev = new Ev((i * 7919L) % 1000 + 1, i);
            all.add(ev);
            queue.add(ev.time, ev, 0);
        }
        all.sort(ORDER);
        for (Ev ev : all) assertThat(queue.poll()).isSameAs(ev);
        assertThat(queue.isEmpty()).isTrue();
    }

    /** A bucket far above the retained capacity, split (its arrays dropped), then filled again. */
    @Test
    void bigBucketsAreReusedAfterASplit() {
        Random rnd = new Random(3);
        EventQueue queue = new EventQueue();
        PriorityQueue<Ev> model = new PriorityQueue<>(ORDER);
        long seq = 0;
        for (long start = 0; start < 8 << 16; start += 1 << 16) {    // the same bucket, for 8 different `last`s
            for (int i = 0; i < 10_000; i++) {
                Ev ev = new Ev(i == 0 ? start : start + 256 + rnd.nextInt(256), seq++);
                queue.add(ev.time, ev, start);
                model.add(ev);
            }
            while (!model.isEmpty()) {
                assertThat(queue.peekTime()).isEqualTo(model.peek().time);
                assertThat(queue.poll()).isSameAs(model.poll());
            }
            assertThat(queue.isEmpty()).isTrue();
        }
    }
}
