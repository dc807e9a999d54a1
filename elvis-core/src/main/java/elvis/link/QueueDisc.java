package elvis.link;

import elvis.message.Message;
import elvis.sim.RandomStream;

/**
 * The frames one pipe holds before its serializer, and the order they leave in: ns-3's
 * {@code QueueDisc}, dummynet's scheduler instance. One per pipe, made by its {@link Discipline}
 * when a frame first has to wait. A pipe whose discipline decides at enqueue never makes one: it
 * keeps only start times (see {@link Pipe}).
 */
public interface QueueDisc {
    /**
     * Adds a frame that the classifier put in {@code band}, at virtual time {@code now} (what AQM
     * measures sojourn times from); false when the discipline drops it instead (a full band). A
     * frame its AQM drops is reported to the {@link Owner} and counts as taken (true). The frame in
     * transmission is not in the queue.
     */
    boolean enqueue(Message frame, int band, long now);

    /**
     * Removes the frame to transmit next, at virtual time {@code now}, or returns null when none waits
     * (an AQM may drop the frames at the head first, reporting each to the {@link Owner}).
     */
    Message dequeue(long now);

    /** Frames waiting. */
    int length();

    /** Bytes waiting. */
    long bytes();

    /** The pipe a queue belongs to, as an AQM queue needs it: its random stream, and where its drops and marks go. */
    interface Owner {
        /** The pipe's seeded stream. */
        RandomStream randomStream();

        /** The AQM dropped {@code frame} at {@code now}: when offered, or after it was reported queued ({@code wasQueued}). */
        void droppedByAqm(Message frame, boolean wasQueued, long now);

        /** The AQM marked a frame CE instead of dropping it. */
        void markedCe();
    }
}
