package elvis.dummynet.sched;

import elvis.dummynet.Ecn;
import elvis.dummynet.aqm.AqmConfig;
import elvis.dummynet.aqm.AqmController;
import elvis.message.Message;
import elvis.sim.RandomStream;

/**
 * A flow whose packets wait in a ring of its own, with no limit: the schedulers as plain data
 * structures, outside a simulation (tests, benchmarks). With an AQM it acts as a dummynet flow
 * queue does: every packet is offered as ECN-capable, a MARK sets CE on an IPv4 packet (header at
 * offset 0) and a packet that cannot carry CE is dropped instead. The ring doubles when full and
 * never shrinks, so a flow in steady state allocates nothing per packet.
 */
public final class RingFlow extends SchedFlow {
    private Message[] packets = new Message[4];
    private long[] arrivals = new long[4];
    private int head, count;
    private long bytes;
    private long dropped, marked;
    private final RandomStream random;
    private AqmController aqm;

    public RingFlow(int weight) { this(weight, weight); }

    /** {@code seed} seeds the flow's random stream (PIE's draws). */
    public RingFlow(int weight, long seed) {
        super(weight);
        random = new RandomStream(seed);
    }

    @Override public int length() { return count; }
    @Override public long bytes() { return bytes; }
    /** Packets the scheduler or the AQM dropped from this flow, or refused. */
    public long dropped() { return dropped; }
    /** Packets the AQM marked CE. */
    public long marked() { return marked; }
    @Override int headLength() { return packets[head].length(); }
    @Override long headArrival() { return arrivals[head]; }
    @Override void useAqm(AqmConfig config) { aqm = config.newController(random, 0); }

    @Override
    boolean append(Message packet, long now) {
        if (aqm != null) {
            int verdict = aqm.enqueue(now, count, bytes, packet.length(), true);
            if (verdict == AqmController.MARK) packet = mark(packet);
            if (verdict == AqmController.DROP || packet == null) {
                dropped++;
                return false;
            }
        }
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
        while (count > 0) {
            long sojourn = now - arrivals[head];
            Message packet = removeHead();
            if (aqm == null) return packet;
            int verdict = aqm.dequeue(now, sojourn, count, bytes, packet.length(), true);
            if (verdict == AqmController.MARK) packet = mark(packet);
            if (verdict != AqmController.DROP && packet != null) return packet;
            dropped++;
            if (count == 0) aqm.empty(now);
        }
        return null;
    }

    private Message mark(Message packet) {
        Message ce = Ecn.markCe(packet, 0);
        if (ce != null) marked++;
        return ce;
    }

    @Override
    void dropHead() {
        removeHead();
        dropped++;
    }

    private Message removeHead() {
        Message packet = packets[head];
        packets[head] = null;
        head = (head + 1) & (packets.length - 1);
        count--;
        bytes -= packet.length();
        return packet;
    }

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
