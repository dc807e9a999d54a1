package elvis.dummynet.sched;

import elvis.dummynet.Ecn;
import elvis.message.Message;
import elvis.sim.RandomStream;

/**
 * A flow whose packets wait in a ring of its own, with no limit: the schedulers as plain data
 * structures, outside a simulation (tests, benchmarks). For ECN its packets are IPv4 packets (the
 * header at offset 0). The ring doubles when full and never
 * shrinks, so a flow in steady state allocates nothing per packet.
 */
public final class RingFlow extends SchedFlow {
    private Message[] packets = new Message[4];
    private long[] arrivals = new long[4];
    private int head, count;
    private long bytes;
    private long dropped, marked;
    private final RandomStream random;

    public RingFlow(int weight) { this(weight, weight); }

    /** {@code seed} seeds the flow's random stream (PIE's draws). */
    public RingFlow(int weight, long seed) {
        super(weight);
        random = new RandomStream(seed);
    }

    @Override public int length() { return count; }
    @Override public long bytes() { return bytes; }
    /** Packets the scheduler dropped from this flow or refused. */
    public long dropped() { return dropped; }
    /** Packets that left or entered with CE set by the scheduler's AQM. */
    public long marked() { return marked; }
    @Override int headLength() { return packets[head].length(); }
    @Override Message head() { return packets[head]; }
    @Override long headArrival() { return arrivals[head]; }
    @Override RandomStream random() { return random; }

    @Override
    boolean append(Message packet, long now) {
        if (count == packets.length) grow();
        int tail = (head + count) & (packets.length - 1);
        packets[tail] = packet;
        arrivals[tail] = now;
        count++;
        bytes += packet.length();
        return true;
    }

    @Override
    Message poll(long now) {
        if (count == 0) return null;
        Message packet = packets[head];
        packets[head] = null;
        head = (head + 1) & (packets.length - 1);
        count--;
        bytes -= packet.length();
        return packet;
    }

    @Override
    Message pollMarked(long now) {
        Message packet = poll(now), ce = Ecn.markCe(packet, 0);
        if (ce == null) dropped++;
        else marked++;
        return ce;
    }

    @Override
    boolean appendMarked(Message packet, long now) {
        Message ce = Ecn.markCe(packet, 0);
        if (ce == null) {
            dropped++;
            return false;
        }
        marked++;
        return append(ce, now);
    }

    @Override
    void dropHead(boolean byAqm) {
        poll(0);
        dropped++;
    }

    @Override void refused() { dropped++; }

    private void grow() {
        int n = count * 2, mask = packets.length - 1;
        Message[] p = new Message[n];
        long[] a = new long[n];
        for (int i = 0; i < count; i++) {
            p[i] = packets[(head + i) & mask];
            a[i] = arrivals[(head + i) & mask];
        }
        packets = p;
        arrivals = a;
        head = 0;
    }
}
