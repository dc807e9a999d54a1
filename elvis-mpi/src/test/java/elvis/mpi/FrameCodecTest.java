package elvis.mpi;

import elvis.link.CutFrame;
import elvis.link.FrameReceiver;
import elvis.message.Message;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A window's buffer for one neighbour: every field and every byte of every frame come back, and a damaged buffer is refused. */
class FrameCodecTest {
    private static final byte[] HEADER = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};

    /** Frames of every shape a Message takes: flat, header cells over a payload, synthetic zeros, Ethernet padding, empty. */
    private static List<CutFrame> frames() {
        Message flat = Message.ofUtf8("a flat frame");
        Message layered = Message.ofUtf8("payload").prepend(new byte[] {9, 8, 7}).prepend(HEADER);
        Message zeros = Message.zeros(1000).prepend(HEADER);
        Message padded = Message.ofUtf8("short").prependPadded(HEADER, 60);
        return List.of(
                new CutFrame(1, 5_000_000, 0x1234_5678_9abcL, 0, flat, FrameReceiver.FCS_INTACT),
                new CutFrame(1, 5_000_000, 0x1234_5678_9abcL, 1, layered, 0xdead_beefL),
                new CutFrame(1, Long.MAX_VALUE - 1, -7, Long.MAX_VALUE, zeros, FrameReceiver.FCS_INTACT),
                new CutFrame(1, 7, 3, 2, padded, 0),
                new CutFrame(1, 8, 3, 3, Message.EMPTY, FrameReceiver.FCS_INTACT));
    }

    private static MemorySegment encode(List<CutFrame> frames, Arena arena) {
        FrameCodec codec = new FrameCodec();
        long size = codec.size(frames);
        MemorySegment buffer = arena.allocate(size + 100);
        buffer.fill((byte) 0x55);       // a reused buffer holds old bytes: what is sent must be written, not assumed
        codec.encode(frames, buffer, size);
        return buffer;
    }

    @Test
    void everyFieldAndByteComesBackForTheReceivingPartition() {
        List<CutFrame> sent = frames();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = encode(sent, arena);
            // Runs: the flat frame's 12 bytes; the layered one's 24 in one run; the zeros' 14 real bytes and 1000 zeros; the
            // padded one's 19 and 41 zeros of padding; the empty one none. Zeros take a run header and no bytes.
            int run = FrameCodec.PER_RUN;
            assertThat(FrameCodec.total(buffer)).isEqualTo(new FrameCodec().size(sent))
                    .isEqualTo(FrameCodec.HEADER + 5L * FrameCodec.PER_FRAME + (run + 12) + (run + 24) + (2 * run + 14) + (2 * run + 19));
            List<CutFrame> got = new ArrayList<>();
            FrameCodec.decode(buffer, 1, got);
            assertThat(got).hasSize(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                CutFrame s = sent.get(i), g = got.get(i);
                assertThat(g.partition()).isEqualTo(1);
                assertThat(new long[] {g.time(), g.key(), g.seq(), g.fcs()}).containsExactly(s.time(), s.key(), s.seq(), s.fcs());
                assertThat(g.frame().toByteArray()).as("frame " + i).isEqualTo(s.frame().toByteArray());
                assertThat(virtualZeros(g.frame())).as("frame " + i + ": zeros stay virtual").isEqualTo(virtualZeros(s.frame()));
            }
        }
    }

    @Test
    void anEmptyWindowIsAHeaderAlone() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = encode(List.of(), arena);
            assertThat(FrameCodec.total(buffer)).isEqualTo(FrameCodec.HEADER);
            List<CutFrame> got = new ArrayList<>();
            FrameCodec.decode(buffer, 0, got);
            assertThat(got).isEmpty();
        }
    }

    @Test
    void aDamagedBufferIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = encode(frames(), arena);
            long firstRun = FrameCodec.HEADER + FrameCodec.PER_FRAME;
            buffer.set(ValueLayout.JAVA_INT_UNALIGNED, firstRun, 1 << 20);
            assertThatThrownBy(() -> FrameCodec.decode(buffer, 1, new ArrayList<>())).hasMessage("frame 0 of 5 overruns its buffer");

            MemorySegment truncated = encode(frames(), arena);
            long size = new FrameCodec().size(frames());
            truncated.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, size + 1000);
            assertThatThrownBy(() -> FrameCodec.decode(truncated.asSlice(0, size), 1, new ArrayList<>()))
                    .hasMessageContaining("a frame buffer of");

            MemorySegment lying = encode(frames(), arena);       // the zeros frame says 1014 bytes; its runs hold 1014 - 1
            long zerosRun = FrameCodec.HEADER + 3L * FrameCodec.PER_FRAME + (4 + 12) + (4 + 24) + FrameCodec.PER_RUN + 14;
            assertThat(lying.get(ValueLayout.JAVA_INT_UNALIGNED, zerosRun)).isEqualTo(-1000);
            lying.set(ValueLayout.JAVA_INT_UNALIGNED, zerosRun, -999);
            assertThatThrownBy(() -> FrameCodec.decode(lying, 1, new ArrayList<>())).hasMessage("frame 2 of 5 holds 1013 bytes, not 1014");
        }
    }

    /**
     * Damaged buffers of every kind (seeded random bytes overwritten, lengths and counts among them):
     * each decodes or is refused with IllegalStateException, never another exception, a hang or a
     * huge allocation (a zero run is virtual, a real one must fit in the buffer).
     */
    @Test
    void randomDamageDecodesOrIsRefused() {
        java.util.Random random = new java.util.Random(21);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment clean = encode(frames(), arena);
            long size = new FrameCodec().size(frames());
            MemorySegment damaged = arena.allocate(clean.byteSize());
            for (int trial = 0; trial < 20_000; trial++) {
                damaged.copyFrom(clean);
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    long at = 8 + random.nextLong(size - 8);      // not the total: a buffer's size is MPI's to check
                    if (random.nextBoolean()) damaged.set(ValueLayout.JAVA_BYTE, at, (byte) random.nextInt());
                    else if (at + 4 <= size) damaged.set(ValueLayout.JAVA_INT_UNALIGNED, at, random.nextBoolean() ? -random.nextInt() : random.nextInt());
                }
                List<CutFrame> got = new ArrayList<>();
                try {
                    FrameCodec.decode(damaged, 1, got);
                    for (CutFrame f : got) assertThat(f.frame().length()).isNotNegative();
                } catch (IllegalStateException refused) {
                    assertThat(refused.getMessage()).isNotBlank();
                }
            }
        }
    }

    /** How many zero bytes {@code m} holds without an array. */
    private static long virtualZeros(Message m) {
        long[] zeros = {0};
        m.forEachSlice((array, offset, length) -> { if (array == null) zeros[0] += length; });
        return zeros[0];
    }
}
