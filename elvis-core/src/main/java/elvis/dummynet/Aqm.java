package elvis.dummynet;

/**
 * Active queue management of one queue: a controller consulted when a packet arrives and when one
 * leaves, with the queue's length and the packet's sojourn time. Drop-tail ({@link #DROP_TAIL}, the
 * default) never acts: the queue's limit alone drops. The aqm part supplies RED/GRED, CoDel and
 * PIE; schedulers with internal queues (FQ-CoDel, FQ-PIE) make controllers of their own.
 */
public interface Aqm {
    /** Verdicts. MARK sets CE on an ECN-capable IPv4 packet; a packet that is not ECN-capable is dropped instead. */
    int PASS = 0, DROP = 1, MARK = 2;

    /** The default: never drops (the queue limit does). */
    Aqm DROP_TAIL = new Aqm() {
        @Override public String name() { return "droptail"; }
        @Override public Controller newController(QueueConfig queue) { return Controller.PASS_ALL; }
        @Override public String toString() { return "droptail"; }
    };

    /** As in configuration: "droptail", "red", "gred", "codel", "pie". */
    String name();

    /** The state of one queue instance (seeded random streams come from the queue). */
    Controller newController(QueueConfig queue);

    /** The per-queue state machine. Must not allocate per packet. */
    interface Controller {
        Controller PASS_ALL = new Controller() {};

        /**
         * A packet of {@code bytes} arrives at {@code now}, the queue holding {@code length} packets
         * and {@code queueBytes} bytes before it (it has passed the limit check): PASS, DROP or MARK.
         */
        default int onEnqueue(FlowQueue queue, int bytes, long now) { return PASS; }

        /**
         * The head packet leaves at {@code now} after {@code sojournNs} in the queue (the queue's
         * length and bytes already exclude it): PASS, DROP or MARK. On DROP the core drops it and
         * asks again for the next head, so CoDel's dropping loop is this method returning DROP
         * as long as it wants.
         */
        default int onDequeue(FlowQueue queue, long sojournNs, long now) { return PASS; }
    }
}
