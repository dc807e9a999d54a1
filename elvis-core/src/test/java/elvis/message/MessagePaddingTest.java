package elvis.message;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Virtual padding ({@link Message#prependPadded}) reads, slices, copies and sums exactly as real zeros would. */
class MessagePaddingTest {
    private static byte[] viaSlices(Message m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.forEachSlice((array, off, len) -> {
            if (array == null) out.write(new byte[len], 0, len);
            else out.write(array, off, len);
        });
        return out.toByteArray();
    }

    @Property(tries = 300)
    void aPaddedChainMatchesTheSameBytesFlat(@ForAll @Size(min = 1, max = 14) byte[] header, @ForAll @Size(max = 40) byte[] body,
                                             @ForAll @Size(max = 20) byte[] inner, @ForAll @IntRange(min = 0, max = 80) int min,
                                             @ForAll @IntRange(min = 0, max = 200) int a, @ForAll @IntRange(min = 0, max = 200) int b,
                                             @ForAll @IntRange(min = 0, max = 1000) int bit) {
        Message payload = Message.wrap(body.clone()).prepend(inner.clone());
        Message m = payload.prependPadded(header.clone(), min);
        byte[] flat = new byte[Math.max(min, header.length + inner.length + body.length)];
        System.arraycopy(header, 0, flat, 0, header.length);
        System.arraycopy(inner, 0, flat, header.length, inner.length);
        System.arraycopy(body, 0, flat, header.length + inner.length, body.length);

        assertThat(m.length()).isEqualTo(flat.length);
        assertThat(m.toByteArray()).isEqualTo(flat);
        assertThat(viaSlices(m)).isEqualTo(flat);
        assertThat(m.onesSum()).isEqualTo(Checksum.sum(flat, 0, flat.length));
        for (int i = 0; i < flat.length; i++) assertThat(m.u8(i)).as("byte %d", i).isEqualTo(flat[i] & 0xFF);
        int from = a % (flat.length + 1), len = b % (flat.length - from + 1);
        assertThat(m.slice(from, len).toByteArray()).isEqualTo(Arrays.copyOfRange(flat, from, from + len));
        assertThat(m.onesSum(from, len)).isEqualTo(Checksum.sum(flat, from, len));
        byte[] out = new byte[len + 2];
        m.copyTo(from, out, 1, len);
        assertThat(Arrays.copyOfRange(out, 1, len + 1)).isEqualTo(Arrays.copyOfRange(flat, from, from + len));
        assertThat(m.concat(Message.wrap(new byte[] {7})).toByteArray()).endsWith(7).startsWith(flat);
        assertThat(m.prepend(new byte[] {9}).toByteArray()).startsWith(9).endsWith(flat);
        long b8 = bit % (flat.length * 8L);
        byte[] flipped = flat.clone();
        flipped[(int) (b8 >>> 3)] ^= (byte) (0x80 >>> (b8 & 7));
        assertThat(m.withBitFlipped(b8).toByteArray()).isEqualTo(flipped);
        assertThat(m.slice(header.length, m.length() - header.length - m.padding()).toByteArray())
                .isEqualTo(Arrays.copyOfRange(flat, header.length, header.length + inner.length + body.length));
    }

    @Test
    void aShortFrameStaysAChainOfCells() {
        Message payload = Message.EMPTY.prepend(new byte[20]).prepend(new byte[20]);     // a pure ACK: IPv4 + TCP headers
        Message frame = payload.prependPadded(new byte[14], 60);
        assertThat(frame.length()).isEqualTo(60);
        assertThat(frame.padding()).isEqualTo(6);
        assertThat(frame.sliceCount()).as("three header cells and the padding").isEqualTo(4);
        assertThat(frame.slice(14, 40)).as("the receiver's payload is the sender's, not a copy").isSameAs(payload);
        assertThat(Message.wrap(new byte[60]).prependPadded(new byte[14], 60).padding()).isZero();
    }
}
