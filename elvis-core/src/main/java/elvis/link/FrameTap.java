package elvis.link;

import elvis.message.Message;

/**
 * Observes a network's frames (packet capture, tracing). Taps never alter frames or timing. A frame
 * may be reported before the time it describes (a queued frame's transmission is known when it is
 * offered); the times given are the simulated times of the events.
 */
public interface FrameTap {
    /** Port {@code fromPort} handed {@code frame} to the network now; it may yet wait in a queue or be dropped. */
    default void sent(Network network, int fromPort, Message frame) { }

    /**
     * The first bit of {@code frame}, sent by port {@code fromPort}, leaves on the wire at
     * {@code startNs} (now, or later when it waits in a queue). Reported once per frame when it is
     * sent: for a frame copied to several ports (broadcast, multicast), at the earliest start of its
     * copies; not at all when every copy was dropped before transmission. A frame lost on the wire
     * was transmitted, so it is reported here, and as dropped. A FIFO frame reported here ahead of
     * its start that then waits while the link goes down is reported as dropped ({@link LinkDrop#LINK_DOWN})
     * too, and never starts. With a discipline that chooses at dequeue, each copy is reported when
     * it starts.
     */
    default void transmitting(Network network, int fromPort, Message frame, long startNs) { }

    /**
     * A copy of {@code frame} from port {@code fromPort} towards port {@code toPort} (-1 when no
     * port owns its destination) was dropped for {@code cause}, at {@code timeNs}: when it was sent
     * for {@link LinkDrop#MTU}, {@link LinkDrop#QUEUE} and {@link LinkDrop#UNKNOWN_DESTINATION}, when
     * its transmission started for {@link LinkDrop#LOSS}, for {@link LinkDrop#LINK_DOWN} when it was
     * sent while down or when the link went down while it waited (with jitter, when it would have arrived).
     */
    default void dropped(Network network, int fromPort, int toPort, Message frame, LinkDrop cause, long timeNs) { }

    /**
     * A copy of {@code frame} towards port {@code toPort} waits in that port's queue from now until
     * {@code startNs}, when its transmission starts (the frame being sent does not wait). With a
     * discipline that chooses at dequeue the start is not known yet: {@code startNs} is -1, and
     * {@link #unqueued} reports when the frame leaves.
     */
    default void queued(Network network, int toPort, Message frame, long startNs) { }

    /**
     * A copy reported {@link #queued} leaves the queue now: reported for one queued with start -1
     * (it starts transmission, or is dropped because the link went down), and for a FIFO frame the
     * link went down on before its {@code plannedStartNs} (it is also reported as dropped, and never
     * starts); {@code plannedStartNs} is the start reported by {@link #queued}.
     */
    default void unqueued(Network network, int toPort, Message frame, long plannedStartNs) { }

    /** {@code frame} reached port {@code port} now, as received (possibly corrupted). */
    default void arrived(Network network, int port, Message frame) { }
}
