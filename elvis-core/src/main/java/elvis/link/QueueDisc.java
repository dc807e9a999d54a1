package elvis.link;

import elvis.message.Message;

/**
 * The frames one pipe holds before its serializer, and the order they leave in: ns-3's
 * {@code QueueDisc}, dummynet's scheduler instance. One per pipe, made by its {@link Discipline}
 * when a frame first has to wait. A pipe whose discipline decides at enqueue never makes one: it
 * keeps only start times (see {@link Pipe}).
 */
public interface QueueDisc {
    /**
     * Adds a frame that the classifier put in {@code band}, at virtual time {@code now} (what AQM
     * measures sojourn times from); false when the discipline drops it instead (a full band). The
     * frame in transmission is not in the queue.
     */
    boolean enqueue(Message frame, int band, long now);

    /** Removes the frame to transmit next, at virtual time {@code now}, or returns null when none waits. */
    Message dequeue(long now);

    /** Frames waiting. */
    int length();

    /** Bytes waiting. */
    long bytes();
}
