package elvis.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Precomputed sums (R-RU-4) equal the direct sum of RFC 1071 for every range: random data with bytes
 * of 0x80 and above (Rusty summed through a signed char), odd and even starts and ends, ranges within
 * one block and across many, and data of zeros and 0xFF bytes, whose ranges sum to the two zeros of
 * ones'-complement arithmetic.
 */
class ChecksumTableTest {
    @Provide
    Arbitrary<byte[]> data() {
        Arbitrary<Byte> any = Arbitraries.bytes();
        Arbitrary<Byte> edgy = Arbitraries.of((byte) 0, (byte) 0xFF, (byte) 0x80, (byte) 0x7F);
        return Arbitraries.oneOf(any, edgy, Arbitraries.just((byte) 0)).list().ofMinSize(0).ofMaxSize(1200)
                .map(l -> {
                    byte[] b = new byte[l.size()];
                    for (int i = 0; i < b.length; i++) b[i] = l.get(i);
                    return b;
                });
    }

    @Property(tries = 2000)
    void anyRangeEqualsTheDirectSum(@ForAll("data") byte[] bytes, @ForAll @IntRange(min = 0, max = 1 << 20) int a,
                                    @ForAll @IntRange(min = 0, max = 1 << 20) int b) {
        ChecksumTable table = new ChecksumTable(bytes);
        int from = a % (bytes.length + 1), len = b % (bytes.length - from + 1);
        assertThat(table.sum(from, len)).isEqualTo(Checksum.sum(bytes, from, len));
    }

    @Test
    void everyPairOfEndsOfRandomHighBytes() {
        SplittableRandom r = new SplittableRandom(17);
        for (int pattern = 0; pattern < 3; pattern++) {
            byte[] bytes = new byte[333];
            for (int i = 0; i < bytes.length; i++) {
                int v = r.nextInt(256);
                bytes[i] = (byte) switch (pattern) {
                    case 0 -> v;
                    case 1 -> 0x80 | v;                      // every byte >= 0x80
                    default -> v < 128 ? 0 : 0xFF;           // only the two zeros' bytes
                };
            }
            ChecksumTable table = new ChecksumTable(bytes);
            for (int from = 0; from <= bytes.length; from++)
                for (int to = from; to <= bytes.length; to++)
                    assertThat(table.sum(from, to - from)).as("[%d, %d) pattern %d", from, to, pattern).isEqualTo(Checksum.sum(bytes, from, to - from));
        }
    }

    @Test
    void theZerosOfOnesComplementAreTold() {
        byte[] bytes = new byte[4 * ChecksumTable.BLOCK];
        ChecksumTable zeros = new ChecksumTable(bytes);
        assertThat(zeros.sum(1, bytes.length - 2)).isZero();
        Arrays.fill(bytes, (byte) 0xFF);
        ChecksumTable ones = new ChecksumTable(bytes);
        assertThat(ones.sum(0, bytes.length)).isEqualTo(0xFFFF);
        assertThat(ones.sum(ChecksumTable.BLOCK, 2 * ChecksumTable.BLOCK)).isEqualTo(0xFFFF);
    }

    @Property(tries = 1000)
    void summedMessagesSumAsPlainOnesWhereverTheyAreCut(@ForAll("data") byte[] bytes, @ForAll @IntRange(min = 0, max = 3) int before,
                                                        @ForAll @IntRange(min = 0, max = 1 << 20) int a, @ForAll @IntRange(min = 0, max = 1 << 20) int b) {
        Message summed = Message.wrap(new byte[] {1, 2, 3}, 0, before == 0 ? 0 : before).concat(Message.wrapSummed(bytes));
        Message plain = Message.wrap(new byte[] {1, 2, 3}, 0, before == 0 ? 0 : before).concat(Message.wrap(bytes.clone()));
        int from = a % (summed.length() + 1), len = b % (summed.length() - from + 1);
        Message s = summed.slice(from, len), p = plain.slice(from, len);
        assertThat(s.onesSum()).isEqualTo(p.onesSum());
        // as a segment's payload behind an odd-length header, and after a further concat
        Message odd = Message.wrap(new byte[] {9}).concat(s).concat(Message.wrap(new byte[] {(byte) 0xAB, 7}));
        Message oddPlain = Message.wrap(new byte[] {9}).concat(p).concat(Message.wrap(new byte[] {(byte) 0xAB, 7}));
        assertThat(odd.onesSum()).isEqualTo(oddPlain.onesSum());
        assertThat(s.prepend(new byte[] {5, 6, 7}).onesSum()).isEqualTo(p.prepend(new byte[] {5, 6, 7}).onesSum());
        assertThat(s.contentEquals(p)).isTrue();
    }

    @Test
    void summedMessagesKeepTheirTableThroughSlicesAndConcatenation() {
        byte[] bytes = new byte[10_000];
        new SplittableRandom(3).nextBytes(bytes);
        Message m = Message.ofUtf8("HTTP/1.1 200 OK\r\n\r\n").concat(Message.wrapSummed(bytes));
        // The table is used: its answer differs from the bytes' once they change under it (which
        // callers must never do; here it proves no byte was read).
        Message segment = m.slice(1000, 1460);
        int before = segment.onesSum();
        Message again = m.slice(1000, 1460);
        bytes[1500] ^= 0x5A;
        bytes[1501] ^= 0x33;
        assertThat(again.onesSum()).isEqualTo(before);
        assertThat(Message.wrap(again.toByteArray()).onesSum()).isNotEqualTo(before);
    }
}
