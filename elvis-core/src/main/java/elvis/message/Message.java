package elvis.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An immutable packet: a rope of shared byte slices. Prepending a header, slicing and concatenating
 * share the underlying arrays and never copy payload. A slice whose array is {@code null} stands for
 * that many zero bytes (synthetic payload), so a gigabyte of traffic allocates no payload at all.
 *
 * <p>Arrays handed to {@link #wrap} belong to the message from then on and must not be modified.
 */
public final class Message {
    public static final Message EMPTY = new Message(new byte[0][], new int[0], new int[0], 0);

    private final byte[][] arrays;   // null entry = zeros
    private final int[] offsets;
    private final int[] lengths;
    private final int length;
    private int sum = -1;           // cached ones'-complement sum of the whole message, -1 = unknown

    private Message(byte[][] arrays, int[] offsets, int[] lengths, int length) {
        this.arrays = arrays;
        this.offsets = offsets;
        this.lengths = lengths;
        this.length = length;
    }

    /** Shares {@code bytes} without copying; the caller must not modify them afterwards. */
    public static Message wrap(byte[] bytes) { return wrap(bytes, 0, bytes.length); }

    public static Message wrap(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) return EMPTY;
        return new Message(new byte[][] {bytes}, new int[] {offset}, new int[] {length}, length);
    }

    public static Message copyOf(byte[] bytes) { return wrap(bytes.clone()); }

    public static Message ofUtf8(String text) { return wrap(text.getBytes(StandardCharsets.UTF_8)); }

    /** {@code n} zero bytes backed by no array. */
    public static Message zeros(int n) {
        if (n < 0) throw new IllegalArgumentException("negative length: " + n);
        if (n == 0) return EMPTY;
        Message m = new Message(new byte[][] {null}, new int[] {0}, new int[] {n}, n);
        m.sum = 0;
        return m;
    }

    public int length() { return length; }

    public boolean isEmpty() { return length == 0; }

    /** Number of slices (for tests and diagnostics). */
    public int sliceCount() { return arrays.length; }

    /** This message preceded by {@code header} (shared, not copied). */
    public Message prepend(byte[] header) {
        if (header.length == 0) return this;
        int n = arrays.length;
        byte[][] a = new byte[n + 1][];
        int[] o = new int[n + 1];
        int[] l = new int[n + 1];
        a[0] = header;
        l[0] = header.length;
        System.arraycopy(arrays, 0, a, 1, n);
        System.arraycopy(offsets, 0, o, 1, n);
        System.arraycopy(lengths, 0, l, 1, n);
        return new Message(a, o, l, length + header.length);
    }

    public Message prepend(Message header) { return header.concat(this); }

    /** This message followed by {@code tail}; both share their slices. */
    public Message concat(Message tail) {
        if (tail.length == 0) return this;
        if (length == 0) return tail;
        int n = arrays.length, m = tail.arrays.length;
        // Explicit arrays: Arrays.copyOf on byte[][] goes through reflective array creation, costly per packet.
        byte[][] a = new byte[n + m][];
        int[] o = new int[n + m];
        int[] l = new int[n + m];
        System.arraycopy(arrays, 0, a, 0, n);
        System.arraycopy(offsets, 0, o, 0, n);
        System.arraycopy(lengths, 0, l, 0, n);
        System.arraycopy(tail.arrays, 0, a, n, m);
        System.arraycopy(tail.offsets, 0, o, n, m);
        System.arraycopy(tail.lengths, 0, l, n, m);
        Message r = new Message(a, o, l, length + tail.length);
        if (sum >= 0 && tail.sum >= 0) r.sum = Checksum.combine(sum, tail.sum, length);
        return r;
    }

    /** The bytes [from, from + len) sharing this message's arrays. */
    public Message slice(int from, int len) {
        java.util.Objects.checkFromIndexSize(from, len, length);
        if (len == length) return this;
        if (len == 0) return EMPTY;
        int first = 0, skip = from;
        while (skip >= lengths[first]) skip -= lengths[first++];
        int last = first, remaining = len + skip;
        while (remaining > lengths[last]) remaining -= lengths[last++];
        int n = last - first + 1;
        byte[][] a = new byte[n][];
        int[] o = new int[n];
        int[] l = new int[n];
        System.arraycopy(arrays, first, a, 0, n);
        System.arraycopy(offsets, first, o, 0, n);
        System.arraycopy(lengths, first, l, 0, n);
        o[0] += skip;
        l[0] -= skip;
        l[n - 1] = (n == 1) ? len : remaining;
        return new Message(a, o, l, len);
    }

    /** Everything from {@code from} to the end. */
    public Message slice(int from) { return slice(from, length - from); }

    public int u8(int index) {
        java.util.Objects.checkIndex(index, length);
        int i = 0;
        while (index >= lengths[i]) index -= lengths[i++];
        byte[] a = arrays[i];
        return a == null ? 0 : a[offsets[i] + index] & 0xFF;
    }

    /** Big-endian unsigned 16-bit field at {@code index}. */
    public int u16(int index) { return (u8(index) << 8) | u8(index + 1); }

    /** Big-endian unsigned 32-bit field at {@code index}, as a long. */
    public long u32(int index) { return ((long) u16(index) << 16) | u16(index + 2); }

    /** Big-endian 32-bit field as an int (for IPv4 addresses). */
    public int i32(int index) { return (int) u32(index); }

    /** Big-endian unsigned 48-bit field (MAC addresses). */
    public long u48(int index) { return ((long) u16(index) << 32) | u32(index + 2); }

    /** Receives the message's slices in order; {@code array == null} means {@code length} zero bytes. */
    @FunctionalInterface
    public interface SliceVisitor { void slice(byte[] array, int offset, int length); }

    public void forEachSlice(SliceVisitor visitor) {
        for (int i = 0; i < arrays.length; i++) visitor.slice(arrays[i], offsets[i], lengths[i]);
    }

    public void copyTo(byte[] dst, int dstOffset) {
        int at = dstOffset;
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i] == null) Arrays.fill(dst, at, at + lengths[i], (byte) 0);
            else System.arraycopy(arrays[i], offsets[i], dst, at, lengths[i]);
            at += lengths[i];
        }
    }

    /** Copies bytes [from, from + len) into {@code dst} without creating a slice (header parsing). */
    public void copyTo(int from, byte[] dst, int dstOffset, int len) {
        java.util.Objects.checkFromIndexSize(from, len, length);
        if (len == 0) return;
        int i = 0, skip = from, at = dstOffset, left = len;
        while (skip >= lengths[i]) skip -= lengths[i++];
        while (left > 0) {
            int take = Math.min(left, lengths[i] - skip);
            if (arrays[i] == null) Arrays.fill(dst, at, at + take, (byte) 0);
            else System.arraycopy(arrays[i], offsets[i] + skip, dst, at, take);
            at += take;
            left -= take;
            skip = 0;
            i++;
        }
    }

    /** Ones'-complement sum of bytes [from, from + len), folded, as if they started the message; not cached. */
    public int onesSum(int from, int len) {
        java.util.Objects.checkFromIndexSize(from, len, length);
        if (len == 0) return 0;
        int i = 0, skip = from, at = 0, left = len;
        long acc = 0;
        while (skip >= lengths[i]) skip -= lengths[i++];
        while (left > 0) {
            int take = Math.min(left, lengths[i] - skip);
            if (arrays[i] != null) acc += Checksum.partial(arrays[i], offsets[i] + skip, take, (at & 1) == 1);
            at += take;
            left -= take;
            skip = 0;
            i++;
        }
        return Checksum.fold(acc);
    }

    public byte[] toByteArray() {
        byte[] out = new byte[length];
        copyTo(out, 0);
        return out;
    }

    public String toUtf8() { return new String(toByteArray(), StandardCharsets.UTF_8); }

    /** A copy with bit {@code bit} (0 = most significant bit of byte 0) inverted; only one byte is new. */
    public Message withBitFlipped(long bit) {
        int index = (int) (bit >>> 3);
        byte flipped = (byte) (u8(index) ^ (0x80 >>> (bit & 7)));
        return slice(0, index).concat(wrap(new byte[] {flipped})).concat(slice(index + 1));
    }

    /** Ones'-complement sum of the whole message (RFC 1071), unfolded into 16 bits; cached. */
    public int onesSum() {
        int s = sum;
        if (s < 0) {
            long acc = 0;
            int at = 0;
            for (int i = 0; i < arrays.length; i++) {
                if (arrays[i] != null) acc += Checksum.partial(arrays[i], offsets[i], lengths[i], (at & 1) == 1);
                at += lengths[i];
            }
            sum = s = Checksum.fold(acc);
        }
        return s;
    }

    /** Structural equality of the bytes (not of the slicing). */
    public boolean contentEquals(Message other) {
        if (other.length != length) return false;
        for (int i = 0; i < length; i++) if (u8(i) != other.u8(i)) return false;
        return true;
    }

    @Override
    public String toString() { return "Message[" + length + " bytes, " + arrays.length + " slices]"; }
}
