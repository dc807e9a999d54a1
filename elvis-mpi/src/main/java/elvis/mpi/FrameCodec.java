package elvis.mpi;

import elvis.link.CutFrame;
import elvis.message.Message;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;

/**
 * One window's frames for one neighbour as one buffer: what {@link MpiExchange} sends. Little-endian
 * whatever the host, so hosts of a job may differ.
 *
 * <pre>
 *   long total    bytes of the whole buffer, this header included
 *   int  count    frames
 *   count times:  long time, long key, long seq, long fcs, int length, int runs,
 *                 runs times: int n, then n bytes when n &gt; 0; -n zero bytes when n &lt; 0
 * </pre>
 * A frame travels as runs of real bytes and runs of zeros. The zeros a message holds without an array
 * (a bulk sender's synthetic payload, Ethernet padding) stay virtual on the wire and in the frame the
 * receiver rebuilds: a full-sized TCP segment crosses as its 54 bytes of headers, not 1,514.
 * The frame's partition is not sent: it is the receiver's.
 */
final class FrameCodec implements Message.SliceVisitor {
    static final int HEADER = 12;
    static final int PER_FRAME = 40;
    static final int PER_RUN = 4;

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    // The frame being visited: measured (out == null) or written into out at `at`.
    private MemorySegment out;
    private long at;
    private long realRun = -1;      // where the open run of real bytes has its length; -1 when none is open
    private int realBytes, zeros;   // the open run's bytes, or the zeros not yet written as a run
    private int runs;
    private long size;

    /** Bytes {@code frames} take encoded. */
    long size(List<CutFrame> frames) {
        size = HEADER;
        out = null;
        for (CutFrame f : frames) {
            size += PER_FRAME;
            visit(f.frame());
        }
        return size;
    }

    /** Writes {@code frames} at the start of {@code dst}, which has room for their {@code total}, their {@link #size}. */
    void encode(List<CutFrame> frames, MemorySegment dst, long total) {
        dst.set(LONG, 0, total);
        dst.set(INT, 8, frames.size());
        out = dst;
        at = HEADER;
        for (CutFrame f : frames) {
            long frame = at;
            dst.set(LONG, at, f.time());
            dst.set(LONG, at + 8, f.key());
            dst.set(LONG, at + 16, f.seq());
            dst.set(LONG, at + 24, f.fcs());
            dst.set(INT, at + 32, f.frame().length());
            at += PER_FRAME;
            visit(f.frame());
            dst.set(INT, frame + 36, runs);
        }
        out = null;
        if (at != total) throw new IllegalStateException("encoded " + at + " bytes of " + total);
    }

    /** Goes over one frame's slices as runs: measures them, or writes them when {@code out} is set. */
    private void visit(Message frame) {
        runs = 0;
        realRun = -1;
        zeros = 0;
        frame.forEachSlice(this);
        endRun();
    }

    @Override
    public void slice(byte[] array, int offset, int length) {
        if (length == 0) return;
        if (array == null) {
            if (realRun >= 0) endRun();
            zeros += length;
            return;
        }
        if (zeros > 0) endRun();
        if (realRun < 0) {
            runs++;
            realRun = at;
            realBytes = 0;
            at += PER_RUN;
            size += PER_RUN;
        }
        if (out != null) MemorySegment.copy(array, offset, out, ValueLayout.JAVA_BYTE, at, length);
        at += length;
        size += length;
        realBytes += length;
    }

    /** Closes the open run: a real one gets its length, zeros get theirs as a run of their own. */
    private void endRun() {
        if (realRun >= 0) {
            if (out != null) out.set(INT, realRun, realBytes);
            realRun = -1;
        } else if (zeros > 0) {
            runs++;
            if (out != null) out.set(INT, at, -zeros);
            at += PER_RUN;
            size += PER_RUN;
            zeros = 0;
        }
    }

    /** The total size a buffer says it has (its first eight bytes, which must have arrived). */
    static long total(MemorySegment buffer) { return buffer.get(LONG, 0); }

    /**
     * Adds the frames of {@code buffer} (a whole one) to {@code into}, as frames for partition
     * {@code partition}: real runs each get their own array, zero runs stay virtual. A buffer whose
     * sizes do not add up is refused: the run cannot go on from corrupt data.
     */
    static void decode(MemorySegment buffer, int partition, List<CutFrame> into) {
        long total = total(buffer);
        if (total < HEADER || total > buffer.byteSize()) throw new IllegalStateException("a frame buffer of " + total + " bytes in " + buffer.byteSize());
        int count = buffer.get(INT, 8);
        if (count < 0) throw new IllegalStateException("a frame buffer of " + count + " frames");
        long at = HEADER;
        Message[] parts = new Message[4];
        for (int i = 0; i < count; i++) {
            if (at + PER_FRAME > total) throw new IllegalStateException("a frame buffer ends inside frame " + i + " of " + count);
            long time = buffer.get(LONG, at), key = buffer.get(LONG, at + 8), seq = buffer.get(LONG, at + 16), fcs = buffer.get(LONG, at + 24);
            int length = buffer.get(INT, at + 32), runs = buffer.get(INT, at + 36);
            at += PER_FRAME;
            if (length < 0 || runs < 0 || runs > (total - at) / PER_RUN) throw new IllegalStateException("frame " + i + " of " + count + " overruns its buffer");
            if (runs > parts.length) parts = new Message[runs];
            long sum = 0;
            for (int r = 0; r < runs; r++) {
                int n = buffer.get(INT, at);
                at += PER_RUN;
                if (n == 0 || n > 0 && at + n > total) throw new IllegalStateException("frame " + i + " of " + count + " overruns its buffer");
                if (n < 0) {
                    if (n == Integer.MIN_VALUE) throw new IllegalStateException("frame " + i + " of " + count + " overruns its buffer");
                    parts[r] = Message.zeros(-n);
                    sum += -n;
                } else {
                    byte[] bytes = new byte[n];
                    MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, at, bytes, 0, n);
                    at += n;
                    parts[r] = Message.wrap(bytes);
                    sum += n;
                }
                if (sum > length) throw new IllegalStateException("frame " + i + " of " + count + " holds more than its " + length + " bytes");
            }
            if (sum != length) throw new IllegalStateException("frame " + i + " of " + count + " holds " + sum + " bytes, not " + length);
            Message frame = runs == 0 ? Message.EMPTY : runs == 1 ? parts[0] : Message.concat(parts, runs);
            into.add(new CutFrame(partition, time, key, seq, frame, fcs));
        }
        if (at != total) throw new IllegalStateException("a frame buffer of " + total + " bytes holds " + at);
    }
}
