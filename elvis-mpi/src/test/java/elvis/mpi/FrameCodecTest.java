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
        MemorySegment buffer = arena.allocate(FrameCodec.size(frames) + 100);
        buffer.fill((byte) 0x55);       // a reused buffer holds old bytes: zeros must be written, not assumed
        new FrameCodec().encode(frames, buffer);
        return buffer;
    }

    @Test
    void everyFieldAndByteComesBackForTheReceivingPartition() {
        List<CutFrame> sent = frames();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = encode(sent, arena);
            assertThat(FrameCodec.total(buffer)).isEqualTo(FrameCodec.size(sent))
                    .isEqualTo(FrameCodec.HEADER + 5L * FrameCodec.PER_FRAME + 12 + 24 + 1014 + 60 + 0);
            List<CutFrame> got = new ArrayList<>();
            FrameCodec.decode(buffer, 1, got);
            assertThat(got).hasSize(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                CutFrame s = sent.get(i), g = got.get(i);
                assertThat(g.partition()).isEqualTo(1);
                assertThat(new long[] {g.time(), g.key(), g.seq(), g.fcs()}).containsExactly(s.time(), s.key(), s.seq(), s.fcs());
                assertThat(g.frame().toByteArray()).as("frame " + i).isEqualTo(s.frame().toByteArray());
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
            long lengthOfFirst = FrameCodec.HEADER + 32;
            buffer.set(ValueLayout.JAVA_INT_UNALIGNED, lengthOfFirst, 1 << 20);
            assertThatThrownBy(() -> FrameCodec.decode(buffer, 1, new ArrayList<>())).hasMessage("frame 0 of 5 overruns its buffer");

            MemorySegment truncated = encode(frames(), arena);
            truncated.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, FrameCodec.size(frames()) + 1000);
            assertThatThrownBy(() -> FrameCodec.decode(truncated.asSlice(0, FrameCodec.size(frames())), 1, new ArrayList<>()))
                    .hasMessageContaining("a frame buffer of");
        }
    }
}
