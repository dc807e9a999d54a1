package elvis.message;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** copyTo and onesSum over a byte range agree with the same operations on a flat array. */
class MessageRangeTest {
    @Property(tries = 300)
    void rangeReadsMatchAFlatCopy(@ForAll @Size(min = 1, max = 80) byte[] bytes, @ForAll @IntRange(min = 0, max = 79) int cut,
                                  @ForAll @IntRange(min = 0, max = 30) int zeros, @ForAll @IntRange(min = 0, max = 200) int a,
                                  @ForAll @IntRange(min = 0, max = 200) int b) {
        int c = Math.min(cut, bytes.length);
        Message m = Message.wrap(Arrays.copyOf(bytes, c)).concat(Message.zeros(zeros)).concat(Message.wrap(Arrays.copyOfRange(bytes, c, bytes.length)));
        byte[] flat = m.toByteArray();
        int from = a % (flat.length + 1), len = b % (flat.length - from + 1);
        byte[] out = new byte[len + 2];
        m.copyTo(from, out, 1, len);
        assertThat(Arrays.copyOfRange(out, 1, len + 1)).isEqualTo(Arrays.copyOfRange(flat, from, from + len));
        assertThat(m.onesSum(from, len)).isEqualTo(Checksum.sum(flat, from, len));
    }
}
