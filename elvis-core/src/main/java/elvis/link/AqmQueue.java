package elvis.link;

import elvis.dummynet.aqm.AqmController;
import elvis.dummynet.aqm.Ecn;
import elvis.message.Message;

/**
 * A FIFO band whose {@link AqmController} decides at each arrival and departure: drops go to the
 * {@link QueueDisc.Owner}, CE marks rewrite the frame's IPv4 header (ECN-capable frames only). The
 * link's queue limit still tail-drops. Each frame keeps its arrival time, for CoDel's sojourn.
 */
final class AqmQueue implements QueueDisc {
    private static final int IP = LinkConfig.ETHERNET_HEADER;
    private final int limitPackets;
    private final long limitBytes;
    private final AqmController aqm;
    private final Owner owner;
    private Message[] frames = new Message[16];
    private long[] arrivals = new long[16];
    private int head, count;
    private long bytes;

    AqmQueue(int limitPackets, long limitBytes, AqmController aqm, Owner owner) {
        this.limitPackets = limitPackets;
        this.limitBytes = limitBytes;
        this.aqm = aqm;
        this.owner = owner;
    }

    @Override
    public boolean enqueue(Message frame, int band, long now) {
        int size = frame.length();
        int verdict = aqm.enqueue(now, count, bytes, size, Ecn.frameCapable(frame));
        if (verdict == AqmController.DROP) {
            owner.droppedByAqm(frame, false, now);
            return true;
        }
        if ((limitPackets > 0 && count + 1 > limitPackets) || (limitBytes > 0 && bytes + size > limitBytes)) return false;
        if (verdict == AqmController.MARK) {
            frame = Ecn.markCe(frame, IP);
            owner.markedCe();
        }
        if (count == frames.length) grow();
        int tail = (head + count) & (frames.length - 1);
        frames[tail] = frame;
        arrivals[tail] = now;
        count++;
        bytes += size;
        return true;
    }

    @Override
    public Message dequeue(long now) {
        while (count > 0) {
            Message frame = frames[head];
            long arrival = arrivals[head];
            frames[head] = null;
            head = (head + 1) & (frames.length - 1);
            count--;
            int size = frame.length();
            bytes -= size;
            boolean ect = Ecn.frameCapable(frame);
            int verdict = aqm.dequeue(now, now - arrival, count, bytes, size, ect);
            if (verdict == AqmController.PASS) return frame;
            if (verdict == AqmController.MARK) {
                owner.markedCe();
                return Ecn.markCe(frame, IP);
            }
            owner.droppedByAqm(frame, true, now);
        }
        aqm.empty(now);
        return null;
    }

    private void grow() {
        int n = count * 2, mask = frames.length - 1;
        Message[] f = new Message[n];
        long[] a = new long[n];
        for (int i = 0; i < count; i++) {
            f[i] = frames[(head + i) & mask];
            a[i] = arrivals[(head + i) & mask];
        }
        frames = f;
        arrivals = a;
        head = 0;
    }

    @Override public int length() { return count; }
    @Override public long bytes() { return bytes; }
}
