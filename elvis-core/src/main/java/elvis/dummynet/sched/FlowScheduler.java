package elvis.dummynet.sched;

import elvis.message.Message;

/**
 * A multi-queue scheduler (dummynet's {@code DN_MULTIQUEUE} algorithms): flows are made by the
 * scheduler, packets enter a named flow and leave in the scheduler's order. Queue limits belong to
 * the caller (check the flow's length or bytes before {@link #enqueue}).
 */
public interface FlowScheduler {
    /** A new, empty flow of {@code weight} (at least 1). */
    SchedFlow newFlow(int weight);

    /** Forgets an empty flow (idle expiry); its weight stops counting. */
    void removeFlow(SchedFlow flow);

    /** Appends {@code packet} to {@code flow}, which must be one of this scheduler's. */
    void enqueue(SchedFlow flow, Message packet);

    /** The next packet to send, or null when every flow is empty. */
    Message dequeue();

    /** Packets waiting in all flows. */
    int length();

    /** Bytes waiting in all flows. */
    long bytes();
}
