package elvis.link;

import elvis.message.Message;

/**
 * A FIFO band with tail drop: at most {@code limitPackets} frames and {@code limitBytes} bytes
 * (0 = no limit), not counting the frame in transmission. The frames themselves wait here, for
 * disciplines that choose at dequeue; the FIFO fast path of {@link Pipe} needs none of this.
 */
final class FifoQueue implements QueueDisc {
    private final int limitPackets;
    private final long limitBytes;
    private Message[] frames = new Message[16];
    private int head, count;
    private long bytes;

    FifoQueue(int limitPackets, long limitBytes) {
        this.limitPackets = limitPackets;
        this.limitBytes = limitBytes;
    }

    @Override
    public boolean enqueue(Message frame, int band, long now) {
        int size = frame.length();
        if ((limitPackets > 0 && count + 1 > limitPackets) || (limitBytes > 0 && bytes + size > limitBytes)) return false;
        if (count == frames.length) {
            Message[] more = new Message[count * 2];
            for (int i = 0; i < count; i++) more[i] = frames[(head + i) & (frames.length - 1)];
            frames = more;
            head = 0;
        }
        frames[(head + count) & (frames.length - 1)] = frame;
        count++;
        bytes += size;
        return true;
    }

    @Override
    public Message dequeue(long now) {
        if (count == 0) return null;
        Message frame = frames[head];
        frames[head] = null;
        head = (head + 1) & (frames.length - 1);
        count--;
        bytes -= frame.length();
        return frame;
    }

    @Override public int length() { return count; }
    @Override public long bytes() { return bytes; }
}
