package elvis.dummynet.sched;

import elvis.message.Message;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under random flows, weights, sizes, enqueues, dequeues and removals of idle flows: every packet
 * offered leaves exactly once, each flow's packets leave in the order they came, a dequeue finds a
 * packet whenever one waits (work conservation), and the counts agree with a model.
 */
class SchedulerInvariantsTest {
    interface Make { FlowScheduler make(); }

    @Property(tries = 150)
    void wf2qPlus(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int steps) { check(Wf2qPlus::new, seed, steps); }

    @Property(tries = 150)
    void qfq(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int steps) { check(Qfq::new, seed, steps); }

    @Property(tries = 150)
    void drr(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int steps) { check(Drr::new, seed, steps); }

    static void check(Make make, long seed, int steps) {
        SplittableRandom random = new SplittableRandom(seed);
        FlowScheduler s = make.make();
        List<SchedFlow> flows = new ArrayList<>();
        Map<SchedFlow, ArrayDeque<Message>> model = new IdentityHashMap<>();
        Map<Message, SchedFlow> owner = new IdentityHashMap<>();
        // weights either small or spread up to the largest, so QFQ's groups all get used
        int maxWeight = random.nextBoolean() ? 8 : 65536;
        int waiting = 0;
        long bytes = 0;
        for (int step = 0; step < steps; step++) {
            int op = random.nextInt(100);
            if (flows.isEmpty() || op < 5) {
                SchedFlow f = s.newFlow(1 + random.nextInt(maxWeight));
                flows.add(f);
                model.put(f, new ArrayDeque<>());
            } else if (op < 55) {
                SchedFlow f = flows.get(random.nextInt(flows.size()));
                Message m = Message.zeros(random.nextInt(4) == 0 ? 1500 : 40 + random.nextInt(1461));
                owner.put(m, f);
                model.get(f).add(m);
                s.enqueue(f, m);
                waiting++;
                bytes += m.length();
            } else if (op < 95) {
                Message m = s.dequeue();
                if (waiting == 0) {
                    assertThat(m).as("nothing waits").isNull();
                } else {
                    assertThat(m).as("step %d: %d packets wait", step, waiting).isNotNull();
                    SchedFlow f = owner.remove(m);
                    assertThat(f).as("a packet offered once, sent once").isNotNull();
                    assertThat(model.get(f).poll()).as("the flow's oldest packet").isSameAs(m);
                    waiting--;
                    bytes -= m.length();
                }
            } else {
                SchedFlow f = flows.get(random.nextInt(flows.size()));
                if (f.isEmpty()) {
                    s.removeFlow(f);
                    flows.remove(f);
                    model.remove(f);
                }
            }
            assertThat(s.length()).isEqualTo(waiting);
            assertThat(s.bytes()).isEqualTo(bytes);
        }
        for (Message m; (m = s.dequeue()) != null; waiting--) assertThat(model.get(owner.remove(m)).poll()).isSameAs(m);
        assertThat(waiting).as("every packet came out").isZero();
        assertThat(owner).isEmpty();
    }
}
