package elvis.dummynet.sched;

import elvis.message.Message;

/**
 * A multi-queue scheduler (dummynet's {@code DN_MULTIQUEUE} algorithms) over {@link SchedFlow}s:
 * flows are attached, packets enter a named flow and leave in the scheduler's order. In a
 * simulation {@link SchedulerTypes} runs it behind dummynet's {@link elvis.dummynet.Scheduler}.
 */
public interface FlowScheduler {
    /** Takes {@code flow} (new and empty) into the scheduler; throws IllegalArgumentException for a weight it cannot serve. */
    void attach(SchedFlow flow);

    /** Forgets an empty flow (idle expiry); its weight stops counting. */
    void detach(SchedFlow flow);

    /** Appends {@code packet}, arriving at {@code now}, to an attached flow; false when it was dropped. */
    boolean enqueue(SchedFlow flow, Message packet, long now);

    /** The next packet to send at {@code now}, or null when every flow is empty. */
    Message dequeue(long now);
}
