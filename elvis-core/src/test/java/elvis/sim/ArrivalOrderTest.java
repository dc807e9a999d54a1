package elvis.sim;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The canonical order of one instant: keyed arrivals first, by (link, seq), then the rest in scheduling order. */
class ArrivalOrderTest {

    /** An arrival with a fixed key. */
    static Arrival keyed(long link, long seq, Runnable action) {
        return new Arrival() {
            @Override public long link() { return link; }
            @Override public long seq() { return seq; }
            @Override public void run() { action.run(); }
        };
    }

    @Test
    void arrivalsRunBeforeTheOtherEventsOfTheirInstantWhenEverTheyWereScheduled() {
        Simulator sim = Simulator.sequential(1);
        List<String> order = new ArrayList<>();
        sim.schedule(10, () -> order.add("timer@10"));
        sim.at(10, () -> order.add("at@10"));
        sim.arrival(10, keyed(7, 1, () -> order.add("link7#1@10")));
        sim.arrival(10, keyed(3, 9, () -> order.add("link3#9@10")));
        sim.arrival(10, keyed(7, 0, () -> order.add("link7#0@10")));
        sim.arrival(5, keyed(9, 0, () -> order.add("link9#0@5")));
        sim.schedule(4, () -> order.add("timer@4"));
        sim.run();
        assertThat(order).containsExactly("timer@4", "link9#0@5", "link3#9@10", "link7#0@10", "link7#1@10", "timer@10", "at@10");
        assertThat(sim.eventsDispatched()).isEqualTo(7);
        assertThat(sim.now()).isEqualTo(10);
    }

    /** An arrival scheduled for the current instant (a link without delay) still goes before the instant's other events. */
    @Test
    void anArrivalForNowOvertakesTheRestOfTheInstant() {
        Simulator sim = Simulator.sequential(1);
        List<String> order = new ArrayList<>();
        sim.schedule(5, () -> { order.add("a"); sim.arrival(5, keyed(1, 0, () -> order.add("arrival"))); });
        sim.schedule(5, () -> order.add("b"));
        sim.run();
        assertThat(order).containsExactly("a", "arrival", "b");
    }

    @Test
    void nextEventTimeAndPendingCountSeeBothQueues() {
        Simulator sim = Simulator.sequential(1);
        assertThat(sim.nextEventTime()).isEqualTo(Long.MAX_VALUE);
        sim.schedule(30, () -> { });
        sim.arrival(20, keyed(1, 0, () -> { }));
        assertThat(sim.nextEventTime()).isEqualTo(20);
        assertThat(sim.pendingEvents()).isEqualTo(2);
        sim.runUntil(25);
        assertThat(sim.nextEventTime()).isEqualTo(30);
        assertThat(sim.now()).isEqualTo(25);
        assertThatThrownBy(() -> sim.arrival(24, keyed(1, 1, () -> { }))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before now");
    }

    record Entry(long time, long link, long seq, boolean keyed, int order) { }

    /** Random mixes of arrivals and other events, scheduled from inside events too, come out in the canonical order. */
    @Property(tries = 300)
    void dispatchesInTimeThenArrivalsByKeyThenSchedulingOrder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int count) {
        RandomStream r = new RandomStream(seed);
        Simulator sim = Simulator.sequential(1);
        List<Entry> expected = new ArrayList<>(), got = new ArrayList<>();
        int[] scheduled = {0};
        class Spawn {
            void one(long base) {
                long time = base + r.nextLong(4);                    // few instants: many ties
                // seq: random, unique (its low bits are the entry's number)
                boolean keyed = r.chance(0.5);
                Entry e = new Entry(time, r.nextLong(3), r.nextLong(1 << 20) * 1024 + scheduled[0], keyed, scheduled[0]++);
                expected.add(e);
                Runnable run = () -> {
                    got.add(e);
                    if (scheduled[0] < count) one(sim.now());
                };
                if (keyed) sim.arrival(time, keyed(e.link, e.seq, run));
                else sim.at(time, run);
            }
        }
        Spawn spawn = new Spawn();
        for (int i = 0; i < 1 + count / 8 && scheduled[0] < count; i++) spawn.one(0);
        sim.run();
        // Replays the rule itself: always the least pending entry (an entry is pending once scheduled).
        List<Entry> pending = new ArrayList<>(), replay = new ArrayList<>();
        Comparator<Entry> canonical = Comparator.comparingLong(Entry::time).thenComparing(e -> !e.keyed)
                .thenComparingLong(e -> e.keyed ? e.link : 0).thenComparingLong(e -> e.keyed ? e.seq : 0).thenComparingInt(Entry::order);
        assertThat(got).hasSameSizeAs(expected).hasSize(count);
        // Entries were created in order: the initial batch, then one by each dispatched event while under count.
        int next = 0, firstBatch = Math.min(1 + count / 8, count);
        for (; next < firstBatch; next++) pending.add(expected.get(next));
        while (!pending.isEmpty()) {
            Entry e = pending.stream().min(canonical).orElseThrow();
            pending.remove(e);
            replay.add(e);
            if (next < expected.size()) pending.add(expected.get(next++));
        }
        assertThat(got).containsExactlyElementsOf(replay);
    }
}
