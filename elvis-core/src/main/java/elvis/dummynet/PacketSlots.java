package elvis.dummynet;

import elvis.message.Message;

/**
 * Where every packet inside one engine waits: a pool of slots shared by all flow queues and delay
 * lines, each slot holding a packet, its continuation, its queue, two times and a link to the next
 * slot of the same list. A flow queue or a delay line is only a head, a tail and a count, so a
 * million idle instances cost no packet storage, and a packet moves from its queue to its delay
 * line by relinking its slot, not by copying it. Freed slots are reused last-in first-out, so the
 * slots in use stay few and warm in the cache however many instances exist; the arrays grow by
 * doubling, so nothing is allocated per packet once the pool is as large as the packets in flight.
 * <p>
 * Layout: three arrays with the fields of a slot side by side (one cache line per array per
 * slot), rather than one array per field.
 */
final class PacketSlots {
    static final int NONE = -1;
    private static final int REFS = 3, LONGS = 2, INTS = 2;

    /** packet, continuation, flow queue. */
    private Object[] refs = new Object[16 * REFS];
    /** time (arrival while queued, release in the delay line), meta. */
    private long[] longs = new long[16 * LONGS];
    /** next slot, IPv4 offset. */
    private int[] ints = new int[16 * INTS];
    private int free = NONE, used;

    /** A slot holding the arguments; its next is NONE. */
    int take(Message packet, Reinject back, FlowQueue queue, long time, long meta, int offset) {
        int s = free;
        if (s != NONE) free = ints[s * INTS];
        else {
            if (used * REFS == refs.length) grow();
            s = used++;
        }
        int r = s * REFS, l = s * LONGS, i = s * INTS;
        refs[r] = packet;
        refs[r + 1] = back;
        refs[r + 2] = queue;
        longs[l] = time;
        longs[l + 1] = meta;
        ints[i] = NONE;
        ints[i + 1] = offset;
        return s;
    }

    void release(int s) {
        int r = s * REFS;
        refs[r] = null;
        refs[r + 1] = null;
        refs[r + 2] = null;
        ints[s * INTS] = free;
        free = s;
    }

    Message packet(int s) { return (Message) refs[s * REFS]; }
    void packet(int s, Message p) { refs[s * REFS] = p; }
    Reinject back(int s) { return (Reinject) refs[s * REFS + 1]; }
    FlowQueue queue(int s) { return (FlowQueue) refs[s * REFS + 2]; }
    long time(int s) { return longs[s * LONGS]; }
    void time(int s, long t) { longs[s * LONGS] = t; }
    long meta(int s) { return longs[s * LONGS + 1]; }
    int next(int s) { return ints[s * INTS]; }
    void next(int s, int n) { ints[s * INTS] = n; }
    int offset(int s) { return ints[s * INTS + 1]; }

    /** Slots ever made (the most packets held at once). */
    int capacity() { return used; }

    private void grow() {
        refs = java.util.Arrays.copyOf(refs, refs.length * 2);
        longs = java.util.Arrays.copyOf(longs, longs.length * 2);
        ints = java.util.Arrays.copyOf(ints, ints.length * 2);
    }
}
