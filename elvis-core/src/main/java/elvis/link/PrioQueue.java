package elvis.link;

import elvis.message.Message;

/** Strict priority: one {@link FifoQueue} per band, each with its own limit; band 0 is served first. */
final class PrioQueue implements QueueDisc {
    private final FifoQueue[] bands;
    private int count;
    private long bytes;

    PrioQueue(int bands, int limitPackets, long limitBytes) {
        this.bands = new FifoQueue[bands];
        for (int b = 0; b < bands; b++) this.bands[b] = new FifoQueue(limitPackets, limitBytes);
    }

    @Override
    public boolean enqueue(Message frame, int band, long now) {
        if (!bands[band].enqueue(frame, 0, now)) return false;
        count++;
        bytes += frame.length();
        return true;
    }

    @Override
    public Message dequeue(long now) {
        if (count == 0) return null;
        for (FifoQueue band : bands) {
            Message frame = band.dequeue(now);
            if (frame != null) {
                count--;
                bytes -= frame.length();
                return frame;
            }
        }
        throw new AssertionError("count says a frame waits");
    }

    @Override public int length() { return count; }
    @Override public long bytes() { return bytes; }

    /** Frames waiting in band {@code band}. */
    int length(int band) { return bands[band].length(); }
}
