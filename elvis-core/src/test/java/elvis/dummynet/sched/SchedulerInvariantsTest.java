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
 * offered leaves exactly once or is counted dropped (FQ's limit and AQM only), each flow's packets
 * leave in the order they came, and a dequeue finds a packet whenever one waits (work conservation).
 */
class SchedulerInvariantsTest {
    interface Make { FlowScheduler make(); }

    @Property(tries = 150)
    void wf2qPlus(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int steps) { check(Wf2qPlus::new, seed, steps); }

    @Property(tries = 150)
    void qfq(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int steps) { check(Qfq::new, seed, steps); }

    @Property(tries = 150)
    void drr(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int steps) { check(Drr::new, seed, steps); }

    @Property(tries = 100)
    void fqCodel(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int steps) {
        check(() -> new FlowQueueing(300, 40, 1024, elvis.dummynet.aqm.CoDel.DEFAULT), seed, steps);
    }

    /** With ECN on, packets that cannot carry CE (these are not IPv4) are dropped where CoDel would mark. */
    @Property(tries = 50)
    void fqCodelEcn(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int steps) {
        check(() -> new FlowQueueing(300, 40, 1024, new elvis.dummynet.aqm.CoDel(5_000_000, 100_000_000, true)), seed, steps);
    }

    @Property(tries = 100)
    void fqPie(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int steps) {
        check(() -> new FlowQueueing(1514, 40, 1024, elvis.dummynet.aqm.Pie.DEFAULT), seed, steps);
    }

    /**
     * One step is a millisecond, so that CoDel and PIE act. A packet the scheduler drops (its limit,
     * its AQM) is skipped: the dequeued packet must still be the oldest of its flow once the drops
     * counted by the flows are taken out.
     */
    static void check(Make make, long seed, int steps) {
        SplittableRandom random = new SplittableRandom(seed);
        FlowScheduler s = make.make();
        List<RingFlow> flows = new ArrayList<>();
        Map<SchedFlow, ArrayDeque<Message>> model = new IdentityHashMap<>();
        Map<Message, SchedFlow> owner = new IdentityHashMap<>();
        // weights either small or spread up to the largest, so QFQ's groups all get used
        int maxWeight = random.nextBoolean() ? 8 : 65536;
        long refused = 0, skipped = 0, retiredDrops = 0;
        for (int step = 0; step < steps; step++) {
            long now = step * 1_000_000L;
            int op = random.nextInt(100);
            if (flows.isEmpty() || op < 5) {
                RingFlow f = new RingFlow(1 + random.nextInt(maxWeight), random.nextLong());
                s.attach(f);
                flows.add(f);
                model.put(f, new ArrayDeque<>());
            } else if (op < 55) {
                SchedFlow f = flows.get(random.nextInt(flows.size()));
                Message m = Message.zeros(random.nextInt(4) == 0 ? 1500 : 40 + random.nextInt(1461));
                if (s.enqueue(f, m, now)) {
                    owner.put(m, f);
                    model.get(f).add(m);
                } else {
                    refused++;
                }
            } else if (op < 95) {
                Message m = s.dequeue(now);
                int waiting = 0;
                for (RingFlow f : flows) waiting += f.length();
                if (m == null) {
                    assertThat(waiting).as("step %d: a dequeue found nothing, so nothing waits", step).isZero();
                } else {
                    SchedFlow f = owner.remove(m);
                    assertThat(f).as("a packet offered once, sent once").isNotNull();
                    ArrayDeque<Message> fifo = model.get(f);
                    while (fifo.peek() != m) {
                        assertThat(owner.remove(fifo.poll())).as("only packets of its own flow are skipped").isSameAs(f);
                        skipped++;
                    }
                    fifo.poll();
                }
            } else {
                RingFlow f = flows.get(random.nextInt(flows.size()));
                if (f.isEmpty()) {
                    s.detach(f);
                    flows.remove(f);
                    for (Message m : model.remove(f)) {   // its dropped packets
                        owner.remove(m);
                        skipped++;
                    }
                    retiredDrops += f.dropped();
                }
            }
        }
        long now = steps * 1_000_000L;
        for (Message m; (m = s.dequeue(now)) != null; ) {
            ArrayDeque<Message> fifo = model.get(owner.remove(m));
            while (fifo.peek() != m) {
                owner.remove(fifo.poll());
                skipped++;
            }
            fifo.poll();
        }
        for (RingFlow f : flows) {
            assertThat(f.length()).as("every flow emptied").isZero();
            skipped += model.get(f).size();
            for (Message m : model.get(f)) owner.remove(m);
            retiredDrops += f.dropped();
        }
        assertThat(owner).as("every packet left or was dropped").isEmpty();
        assertThat(skipped + refused).as("the packets that did not leave are the drops the flows counted").isEqualTo(retiredDrops);
        if (!(s instanceof FlowQueueing)) assertThat(retiredDrops).as("only FQ drops").isZero();
    }
}
