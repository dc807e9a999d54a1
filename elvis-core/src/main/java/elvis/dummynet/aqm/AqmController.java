package elvis.dummynet.aqm;

/**
 * The active queue management of one queue: a small state machine its queue consults as packets
 * arrive and leave (dummynet's per-queue AQM, ns-3's queue disc). It never holds packets; the queue
 * does, and acts on the verdict. One per queue (per flow queue under FQ-CoDel and FQ-PIE), made by
 * {@link AqmConfig#newController}. Allocation-free per packet.
 */
public interface AqmController {
    /** Keep the packet. */
    int PASS = 0;
    /** Drop the packet (counted as an AQM drop). */
    int DROP = 1;
    /** Keep the packet with its ECN field set to CE (only for ECN-capable packets, when ECN is on). */
    int MARK = 2;

    /**
     * A packet of {@code packetBytes} arrives at {@code now} at a queue that holds {@code packets}
     * packets and {@code bytes} bytes (not counting it); {@code ect} says whether it is ECN-capable.
     */
    int enqueue(long now, int packets, long bytes, int packetBytes, boolean ect);

    /**
     * The packet at the head was just removed at {@code now}, after waiting {@code sojournNs}; the
     * queue now holds {@code packets} and {@code bytes}. On {@link #DROP} the queue drops it and, if
     * another waits, removes it and asks again at the same {@code now}; if none waits it calls
     * {@link #empty}.
     */
    int dequeue(long now, long sojournNs, int packets, long bytes, int packetBytes, boolean ect);

    /** A dequeue at {@code now} found the queue empty (its last packets were dropped). */
    void empty(long now);
}
