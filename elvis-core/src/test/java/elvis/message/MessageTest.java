package elvis.message;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Message against a plain byte[] model, and the Internet checksum against RFC 1071 and RFC 1624. */
class MessageTest {

    /** A message built from random pieces (real bytes and synthetic zeros) by prepend, concat (on either side) and slice. */
    record Built(Message message, byte[] model) { }

    @Provide
    Arbitrary<Built> messages() {
        Arbitrary<Built> piece = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(b -> new Built(Message.wrap(b.clone()), b)),
                Arbitraries.integers().between(0, 40).map(n -> new Built(Message.zeros(n), new byte[n])));
        return piece.list().ofMinSize(1).ofMaxSize(12).flatMap(parts -> {
            Built acc = new Built(Message.EMPTY, new byte[0]);
            for (int i = 0; i < parts.size(); i++) {
                Built p = parts.get(i);
                acc = switch (i % 3) {
                    case 0 -> new Built(acc.message.concat(p.message), cat(acc.model, p.model));
                    case 1 -> new Built(p.message.concat(acc.message), cat(p.model, acc.model));
                    default -> {                                           // a header cell, half of them with their sum
                        byte[] h = p.model.clone();
                        Message m = i % 2 == 0 ? acc.message.prepend(h) : acc.message.prepend(h, Checksum.sum(h, 0, h.length));
                        yield new Built(m, cat(p.model, acc.model));
                    }
                };
            }
            Built whole = acc;
            int n = whole.model.length;
            return Combinators.combine(Arbitraries.integers().between(0, n), Arbitraries.integers().between(0, n))
                    .as((a, b) -> {
                        int from = Math.min(a, b), to = Math.max(a, b);
                        return new Built(whole.message.slice(from, to - from), Arrays.copyOfRange(whole.model, from, to));
                    });
        });
    }

    static byte[] cat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Property(tries = 500)
    void bytesLengthAndFieldsMatchTheModel(@ForAll("messages") Built b) {
        Message m = b.message;
        byte[] x = b.model;
        assertThat(m.length()).isEqualTo(x.length);
        assertThat(m.toByteArray()).isEqualTo(x);
        for (int i = 0; i < x.length; i++) assertThat(m.u8(i)).isEqualTo(x[i] & 0xFF);
        for (int i = 0; i + 2 <= x.length; i++) assertThat(m.u16(i)).isEqualTo(((x[i] & 0xFF) << 8) | (x[i + 1] & 0xFF));
        for (int i = 0; i + 4 <= x.length; i++) {
            long v = ((long) (x[i] & 0xFF) << 24) | ((x[i + 1] & 0xFF) << 16) | ((x[i + 2] & 0xFF) << 8) | (x[i + 3] & 0xFF);
            assertThat(m.u32(i)).isEqualTo(v);
        }
    }

    @Property(tries = 500)
    void slicesOfSlicesMatchTheModel(@ForAll("messages") Built b, @ForAll @IntRange(max = 1000) int r1, @ForAll @IntRange(max = 1000) int r2) {
        int n = b.model.length;
        int from = n == 0 ? 0 : r1 % (n + 1);
        int len = (n - from) == 0 ? 0 : r2 % (n - from + 1);
        assertThat(b.message.slice(from, len).toByteArray()).isEqualTo(Arrays.copyOfRange(b.model, from, from + len));
        assertThat(b.message.slice(from).toByteArray()).isEqualTo(Arrays.copyOfRange(b.model, from, n));
    }

    @Property(tries = 500)
    void checksumOverSlicesAtOddOffsetsEqualsTheReference(@ForAll("messages") Built b) {
        assertThat(b.message.onesSum()).isEqualTo(referenceSum(b.model));
        // Prepending an odd-length header shifts every slice to an odd offset.
        Message shifted = b.message.prepend(new byte[] {0x12, 0x34, 0x56});
        assertThat(shifted.onesSum()).isEqualTo(referenceSum(cat(new byte[] {0x12, 0x34, 0x56}, b.model)));
    }

    @Property(tries = 300)
    void concatenationCombinesCachedSums(@ForAll("messages") Built a, @ForAll("messages") Built b) {
        a.message.onesSum();
        b.message.onesSum();   // both cached: concat derives its sum without reading bytes
        assertThat(a.message.concat(b.message).onesSum()).isEqualTo(referenceSum(cat(a.model, b.model)));
    }

    @Property(tries = 300)
    void concatenatingManyAtOnceEqualsTheirBytesInOrder(@ForAll("messages") Built a, @ForAll("messages") Built b,
                                                         @ForAll("messages") Built c) {
        Message[] parts = {a.message, Message.EMPTY, b.message, c.message, a.message};
        Message whole = Message.concat(parts, 4);                  // the last is not among the first 4
        byte[] model = cat(cat(a.model, b.model), c.model);
        assertThat(whole.toByteArray()).isEqualTo(model);
        assertThat(whole.onesSum()).isEqualTo(referenceSum(model));
        assertThat(whole.slice(model.length / 3).toByteArray()).isEqualTo(Arrays.copyOfRange(model, model.length / 3, model.length));
    }

    /**
     * Headers prepended to one base, to its views and to each other's results, in any order and in
     * chains long enough to be flattened: no message may see another's header.
     */
    @Property(tries = 500)
    void prependsToSharedMessagesNeverDisturbEachOther(@ForAll("messages") Built base,
                                                        @ForAll @Size(max = 24) List<@IntRange(min = 0, max = 1000) Integer> picks) {
        List<Built> all = new java.util.ArrayList<>(List.of(base));
        int n = 0;
        for (int pick : picks) {
            Built from = all.get(pick % all.size());
            Built next;
            if (pick % 3 == 0 && from.model.length > 0) {          // a view of an existing message
                int cut = pick % from.model.length;
                next = new Built(from.message.slice(cut), Arrays.copyOfRange(from.model, cut, from.model.length));
            } else {                                               // a fresh header in front of it
                byte[] header = new byte[1 + pick % 5];
                Arrays.fill(header, (byte) (++n));
                next = new Built(from.message.prepend(header), cat(header, from.model));
            }
            all.add(next);
        }
        for (Built b : all) {
            assertThat(b.message.toByteArray()).isEqualTo(b.model);
            assertThat(b.message.onesSum()).isEqualTo(referenceSum(b.model));
        }
    }

    @Property(tries = 300)
    void flippingABitChangesExactlyThatBit(@ForAll("messages") Built b, @ForAll @IntRange(max = 100_000) int r) {
        if (b.model.length == 0) return;
        long bit = r % (b.model.length * 8L);
        byte[] expected = b.model.clone();
        expected[(int) (bit / 8)] ^= (byte) (0x80 >>> (bit % 8));
        b.message.onesSum();                                      // cached: the flipped copy must not reuse it
        Message flipped = b.message.withBitFlipped(bit);
        assertThat(flipped.toByteArray()).isEqualTo(expected);
        assertThat(flipped.onesSum()).isEqualTo(referenceSum(expected));
        assertThat(b.message.toByteArray()).isEqualTo(b.model);   // the original is untouched
    }

    /** Plain RFC 1071 reference: sum 16-bit big-endian words, pad an odd byte with zero, fold. */
    static int referenceSum(byte[] x) {
        long s = 0;
        for (int i = 0; i < x.length; i += 2) s += ((x[i] & 0xFF) << 8) | (i + 1 < x.length ? x[i + 1] & 0xFF : 0);
        while ((s >> 16) != 0) s = (s & 0xFFFF) + (s >> 16);
        return (int) s;
    }

    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 §3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2 (folded); checksum is ~ddf2 = 220d.
        byte[] b = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertThat(Message.wrap(b).onesSum()).isEqualTo(0xddf2);
        assertThat(Checksum.of(b, 0, b.length)).isEqualTo(0x220d);
        // The same bytes split at an odd boundary give the same sum (byte-order independence, §2(B)).
        Message split = Message.wrap(b, 0, 3).concat(Message.wrap(b, 3, 5));
        assertThat(split.onesSum()).isEqualTo(0xddf2);
    }

    @Test
    void aHeaderSumThatDisagreesWithTheBytesIsRefused() {
        // Makers compute header sums from field values; a receiver trusts them, so a wrong one must not pass (tests run with -ea).
        byte[] h = {0x45, 0x00, 0x00, 0x14};
        assertThatThrownBy(() -> Message.EMPTY.prepend(h, Checksum.sum(h, 0, h.length) ^ 1)).isInstanceOf(AssertionError.class);
        assertThat(Message.EMPTY.prepend(h, Checksum.sum(h, 0, h.length)).onesSum()).isEqualTo(0x4514);
    }

    @Property
    void foldingEndsAsTheTextbookLoopDoes(@ForAll long sum) {
        long acc = sum;
        while ((acc >>> 16) != 0) acc = (acc & 0xFFFF) + (acc >>> 16);     // RFC 1071's end-around carry
        assertThat(Checksum.fold(sum)).isEqualTo((int) acc);
    }

    @Test
    void rfc1624IncrementalUpdateExample() {
        // RFC 1624 §4: HC = 0xDD2F, m = 0x5555 changes to m' = 0x3285; eqn. 3 gives HC' = 0x0000, not 0xFFFF.
        assertThat(Checksum.update(0xDD2F, 0x5555, 0x3285)).isEqualTo(0x0000);
    }

    @Property(tries = 500)
    void incrementalUpdateEqualsRecomputation(@ForAll byte[] data, @ForAll @IntRange(max = 1000) int at, @ForAll short newWord) {
        if (data.length < 2) return;
        byte[] x = data.length % 2 == 0 ? data : Arrays.copyOf(data, data.length + 1);
        int i = (at % (x.length / 2)) * 2;
        int before = Checksum.of(x, 0, x.length);
        int oldWord = ((x[i] & 0xFF) << 8) | (x[i + 1] & 0xFF);
        x[i] = (byte) (newWord >>> 8);
        x[i + 1] = (byte) newWord;
        int after = Checksum.of(x, 0, x.length);
        int updated = Checksum.update(before, oldWord, newWord & 0xFFFF);
        // Equal as ones'-complement numbers (0x0000 and 0xFFFF are both zero).
        assertThat(updated == after || (updated | after) == 0xFFFF && (updated & after) == 0).isTrue();
    }

    @Test
    void syntheticZerosAllocateNoPayload() {
        Message big = Message.zeros(1 << 30);
        assertThat(big.length()).isEqualTo(1 << 30);
        int[] arrays = {0};
        big.prepend(new byte[20]).forEachSlice((array, off, len) -> { if (array != null) arrays[0] += array.length; });
        assertThat(arrays[0]).isEqualTo(20);   // only the header is real
        assertThat(big.onesSum()).isZero();
        assertThat(big.u32(123_456_789)).isZero();
        assertThat(big.slice(1000, 10).toByteArray()).isEqualTo(new byte[10]);
    }

    @Test
    void prependSharesThePayloadWithoutCopying() {
        byte[] payload = "hello".getBytes();
        Message m = Message.wrap(payload).prepend(new byte[] {1, 2});
        byte[][] seen = new byte[2][];
        int[] k = {0};
        m.forEachSlice((array, off, len) -> seen[k[0]++] = array);
        assertThat(seen[1]).isSameAs(payload);
        assertThat(m.sliceCount()).isEqualTo(2);
        assertThat(m.slice(2).toUtf8()).isEqualTo("hello");
    }

    @Test
    void strippingAPrependedHeaderReturnsTheMessageBelow() {
        Message payload = Message.ofUtf8("data");
        Message tcp = payload.prepend(new byte[20]), ip = tcp.prepend(new byte[20]), frame = ip.prepend(new byte[14]);
        assertThat(frame.slice(14)).isSameAs(ip);
        assertThat(ip.slice(20)).isSameAs(tcp);
        assertThat(frame.slice(34).slice(20)).isSameAs(payload);
        assertThat(frame.slice(0, 36).length()).isEqualTo(36);
    }

    @Test
    void outOfRangeAccessIsRejected() {
        Message m = Message.ofUtf8("abc");
        assertThatThrownBy(() -> m.u8(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> m.u16(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> m.slice(2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Message.zeros(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(List.of(m.slice(3).length(), Message.EMPTY.length())).containsExactly(0, 0);
    }
}
