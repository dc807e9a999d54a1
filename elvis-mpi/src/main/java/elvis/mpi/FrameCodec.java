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
 *   count times:  long time, long key, long seq, long fcs, int length, length bytes of the frame
 * </pre>
 * The frame's partition is not sent: it is the receiver's.
 */
final class FrameCodec implements Message.SliceVisitor {
    static final int HEADER = 12;
    static final int PER_FRAME = 36;

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private MemorySegment out;      // the buffer being written, while a frame's slices are copied into it
    private long at;

    /** Bytes {@code frames} take encoded. */
    static long size(List<CutFrame> frames) {
        long size = HEADER;
        for (CutFrame f : frames) size += PER_FRAME + f.frame().length();
        return size;
    }

    /** Writes {@code frames} at the start of {@code dst}, which has room for {@link #size} bytes. */
    void encode(List<CutFrame> frames, MemorySegment dst) {
        dst.set(LONG, 0, size(frames));
        dst.set(INT, 8, frames.size());
        out = dst;
        at = HEADER;
        for (CutFrame f : frames) {
            dst.set(LONG, at, f.time());
            dst.set(LONG, at + 8, f.key());
            dst.set(LONG, at + 16, f.seq());
            dst.set(LONG, at + 24, f.fcs());
            dst.set(INT, at + 32, f.frame().length());
            at += PER_FRAME;
            f.frame().forEachSlice(this);
        }
        out = null;
    }

    @Override
    public void slice(byte[] array, int offset, int length) {
        if (array == null) out.asSlice(at, length).fill((byte) 0);
        else MemorySegment.copy(array, offset, out, ValueLayout.JAVA_BYTE, at, length);
        at += length;
    }

    /** The total size a buffer says it has (its first eight bytes, which must have arrived). */
    static long total(MemorySegment buffer) { return buffer.get(LONG, 0); }

    /**
     * Adds the frames of {@code buffer} (a whole one) to {@code into}, as frames for partition
     * {@code partition}; each frame gets its own array. A buffer whose sizes do not add up is refused:
     * the run cannot go on from corrupt data.
     */
    static void decode(MemorySegment buffer, int partition, List<CutFrame> into) {
        long total = total(buffer);
        if (total < HEADER || total > buffer.byteSize()) throw new IllegalStateException("a frame buffer of " + total + " bytes in " + buffer.byteSize());
        int count = buffer.get(INT, 8);
        long at = HEADER;
        for (int i = 0; i < count; i++) {
            if (at + PER_FRAME > total) throw new IllegalStateException("a frame buffer ends inside frame " + i + " of " + count);
            long time = buffer.get(LONG, at), key = buffer.get(LONG, at + 8), seq = buffer.get(LONG, at + 16), fcs = buffer.get(LONG, at + 24);
            int length = buffer.get(INT, at + 32);
            at += PER_FRAME;
            if (length < 0 || at + length > total) throw new IllegalStateException("frame " + i + " of " + count + " overruns its buffer");
            byte[] bytes = new byte[length];
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, at, bytes, 0, length);
            at += length;
            into.add(new CutFrame(partition, time, key, seq, Message.wrap(bytes), fcs));
        }
        if (at != total) throw new IllegalStateException("a frame buffer of " + total + " bytes holds " + at);
    }
}
