package elvis.dummynet;

import elvis.message.Message;

/**
 * One scheduler instance (dummynet's {@code sch_*} model): it serves the flow queues of one
 * scheduler+link instance in the order its algorithm chooses, and the core charges each packet it
 * returns to the instance's serializer. Instances are made by a {@link Type}, one per masked value
 * of the scheduler's mask, on the first packet.
 * <p>
 * Contract: the core calls {@link #enqueue} for each packet a rule hands to a queue of this
 * instance, and {@link #dequeue} each time the instance's line frees while packets wait. The
 * scheduler stores packets only through {@link FlowQueue#append} and removes them only through
 * {@link FlowQueue#poll}, which apply the queue's limit and AQM and keep its counters; it must not
 * keep a packet of its own. Calls come from one kernel thread; per-packet work should be O(1) or
 * O(log n) and allocation-free (per-queue state belongs in {@link FlowQueue#schedState}, made in
 * {@link #queueCreated}).
 */
public interface Scheduler {
    /**
     * A packet for {@code queue} at virtual time {@code now}: append it ({@link FlowQueue#append})
     * and update the scheduler's state. False when it was dropped (the queue or the scheduler was
     * full, or AQM dropped it); the core counts the drop.
     */
    boolean enqueue(FlowQueue queue, Message packet, long now);

    /**
     * The line is free at {@code now}: removes the next packet to transmit with {@link
     * FlowQueue#poll} and returns it, or null when every queue is empty.
     */
    Message dequeue(long now);

    /** A flow queue of this instance was created (before its first packet): set up its per-queue state. */
    default void queueCreated(FlowQueue queue) {}

    /** A flow queue, empty and idle, is removed (expired): forget it. */
    default void queueRemoved(FlowQueue queue) {}

    /** Makes the instances of one scheduler kind; immutable and shared. */
    interface Type {
        /** As in {@code sched N config type NAME}: "fifo", "prio", "wf2q+", "rr", "qfq", "fq_codel", "fq_pie". */
        String name();

        /** A new instance serving the queues of one masked value. */
        Scheduler newInstance(SchedConfig config);

        /**
         * True when the scheduler serves packets in arrival order whatever their flows (FIFO): the
         * core then makes one queue per flowset per instance and ignores flowset masks.
         */
        default boolean singleQueue() { return false; }

        /**
         * The flow mask the scheduler's queues get when their flowset has none, or null for none:
         * FQ-CoDel and FQ-PIE separate flows by their 5-tuple without a {@code mask} line.
         */
        default FlowMask impliedMask() { return null; }
    }
}
