package elvis.dummynet.sched;

import elvis.dummynet.FlowMask;
import elvis.dummynet.FlowQueue;
import elvis.dummynet.SchedConfig;
import elvis.dummynet.Scheduler;
import elvis.dummynet.Schedulers;
import elvis.dummynet.aqm.CoDel;
import elvis.dummynet.aqm.Pie;
import elvis.message.Message;

import java.util.function.Supplier;

/**
 * The schedulers of this package as dummynet scheduler types ({@code sched N config type NAME}):
 * rr, wf2q+, qfq with dummynet's defaults, fq_codel and fq_pie with RFC 8290's. {@link Schedulers}
 * loads this class by name, which registers them. A configuration that sets parameters makes its
 * own type with {@link #fqCodel}, {@link #fqPie} or {@link #of}.
 */
public final class SchedulerTypes {
    /** What fq_codel and fq_pie tell flows apart by when a queue has no mask: the 5-tuple, as dummynet's hash
     * (declared first: the types below capture it). */
    public static final FlowMask FIVE_TUPLE = new FlowMask(0xffffffff, 0xffffffff, 0xffff, 0xffff, 0xff);
    public static final Scheduler.Type RR = of("rr", Drr::new);
    public static final Scheduler.Type WF2Q_PLUS = of("wf2q+", Wf2qPlus::new);
    public static final Scheduler.Type QFQ = of("qfq", Qfq::new);
    public static final Scheduler.Type FQ_CODEL = fq("fq_codel", FlowQueueing::fqCodel);
    public static final Scheduler.Type FQ_PIE = fq("fq_pie", FlowQueueing::fqPie);

    static {
        for (Scheduler.Type t : new Scheduler.Type[] {RR, WF2Q_PLUS, QFQ, FQ_CODEL, FQ_PIE}) Schedulers.register(t);
    }

    private SchedulerTypes() {}

    /**
     * A type called {@code name} whose instances run the scheduler {@code make} returns (a new one
     * per instance), e.g. {@code of("fq_codel", () -> new FlowQueueing(1514, 10240, 1024, new CoDel(...)))}.
     */
    public static Scheduler.Type of(String name, Supplier<FlowScheduler> make) { return type(name, make, null); }

    /** A flow-queueing type: its queues are per 5-tuple unless their flowset has a mask. */
    private static Scheduler.Type fq(String name, Supplier<FlowScheduler> make) { return type(name, make, FIVE_TUPLE); }

    private static Scheduler.Type type(String name, Supplier<FlowScheduler> make, FlowMask implied) {
        make.get();     // parameters are checked now, where the configuration is read, not on the first packet
        return new Scheduler.Type() {
            @Override public String name() { return name; }
            @Override public Scheduler newInstance(SchedConfig config) { return new Instance(make.get()); }
            @Override public FlowMask impliedMask() { return implied; }
            @Override public String toString() { return name; }
        };
    }

    /** {@code type fq_codel target T interval I quantum Q limit L flows F [ecn]}, as ipfw reads it. */
    public static Scheduler.Type fqCodel(long targetNs, long intervalNs, int quantum, int limit, int flows, boolean ecn) {
        CoDel codel = new CoDel(targetNs, intervalNs, ecn);
        return fq("fq_codel", () -> new FlowQueueing(quantum, limit, flows, codel));
    }

    /** {@code type fq_pie} with PIE's parameters and {@code quantum}, {@code limit}, {@code flows}. */
    public static Scheduler.Type fqPie(Pie pie, int quantum, int limit, int flows) {
        return fq("fq_pie", () -> new FlowQueueing(quantum, limit, flows, pie));
    }

    /** A {@link FlowScheduler} behind dummynet's interface: each flow queue carries its {@link QueueFlow}. */
    private static final class Instance implements Scheduler {
        private final FlowScheduler scheduler;

        Instance(FlowScheduler scheduler) { this.scheduler = scheduler; }

        @Override
        public void queueCreated(FlowQueue queue) {
            QueueFlow flow = new QueueFlow(queue);
            scheduler.attach(flow);
            queue.schedState = flow;
        }

        @Override
        public void queueRemoved(FlowQueue queue) { scheduler.detach((SchedFlow) queue.schedState); }

        @Override
        public boolean enqueue(FlowQueue queue, Message packet, long now) {
            return scheduler.enqueue((SchedFlow) queue.schedState, packet, now);
        }

        @Override
        public Message dequeue(long now) { return scheduler.dequeue(now); }
    }
}
