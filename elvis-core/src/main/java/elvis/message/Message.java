package elvis.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable packet: a rope of shared byte slices. Prepending a header, slicing and concatenating
 * share the underlying arrays and never copy payload. A slice whose array is {@code null} stands for
 * that many zero bytes (synthetic payload), so a gigabyte of traffic allocates no payload at all.
 *
 * <p>A slice of a message is a view: it shares its parent's table of slices and records only which
 * part it covers, so stripping a header on the receive path is one small allocation. A table made
 * by {@link #prepend} keeps free slots in front (headroom, as socket buffers have), so the next
 * layer's header goes into the same table: sending down a protocol stack allocates one table.
 *
 * <p>Arrays handed to {@link #wrap} belong to the message from then on and must not be modified.
 */
public final class Message {
    public static final Message EMPTY = new Message(new Table(0, 0), 0, 0, 0, 0, 0);

    /** Free slots a prepend leaves in front of a new table, for the headers of the layers below. */
    private static final int HEADROOM = 3;

    /**
     * Slices shared between messages. Slots at or after {@code low} are written once and never
     * change; slots before it are free, and a prepend may claim the one just before {@code low}.
     */
    private static final class Table {
        final byte[][] arrays;   // null entry = zeros
        final int[] offsets;
        final int[] lengths;
        int low;

        Table(int size, int low) {
            arrays = new byte[size][];
            offsets = new int[size];
            lengths = new int[size];
            this.low = low;
        }
    }

    private final Table table;
    // The part of the table this message covers: slices [first, first + count), the first one
    // starting skip bytes in, the last one holding lastLength bytes.
    private final int first, count, skip, lastLength;
    private final int length;
    private int sum = -1;            // cached ones'-complement sum of the whole message, -1 = unknown

    private Message(Table table, int first, int count, int skip, int lastLength, int length) {
        this.table = table;
        this.first = first;
        this.count = count;
        this.skip = skip;
        this.lastLength = lastLength;
        this.length = length;
    }

    /** A message covering the slots of {@code t} from {@code t.low} to its end. */
    private static Message of(Table t, int length) {
        int n = t.arrays.length - t.low;
        return new Message(t, t.low, n, 0, n == 0 ? 0 : t.lengths[t.arrays.length - 1], length);
    }

    private static Message single(byte[] array, int offset, int length) {
        Table t = new Table(1, 0);
        t.arrays[0] = array;
        t.offsets[0] = offset;
        t.lengths[0] = length;
        return of(t, length);
    }

    /** Shares {@code bytes} without copying; the caller must not modify them afterwards. */
    public static Message wrap(byte[] bytes) { return wrap(bytes, 0, bytes.length); }

    public static Message wrap(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) return EMPTY;
        return single(bytes, offset, length);
    }

    public static Message copyOf(byte[] bytes) { return wrap(bytes.clone()); }

    public static Message ofUtf8(String text) { return wrap(text.getBytes(StandardCharsets.UTF_8)); }

    /** {@code n} zero bytes backed by no array. */
    public static Message zeros(int n) {
        if (n < 0) throw new IllegalArgumentException("negative length: " + n);
        if (n == 0) return EMPTY;
        Message m = single(null, 0, n);
        m.sum = 0;
        return m;
    }

    public int length() { return length; }

    public boolean isEmpty() { return length == 0; }

    /** Number of slices (for tests and diagnostics). */
    public int sliceCount() { return count; }

    // The k-th slice this message covers (0 <= k < count).
    private byte[] array(int k) { return table.arrays[first + k]; }

    private int offset(int k) { return table.offsets[first + k] + (k == 0 ? skip : 0); }

    private int sliceLength(int k) { return k == count - 1 ? lastLength : table.lengths[first + k] - (k == 0 ? skip : 0); }

    /** This message preceded by {@code header} (shared, not copied). */
    public Message prepend(byte[] header) {
        if (header.length == 0) return this;
        Table t = table;
        if (first == t.low && first > 0 && skip == 0) {
            // The free slot just before us is ours to claim: no new table.
            int slot = --t.low;
            t.arrays[slot] = header;
            t.offsets[slot] = 0;
            t.lengths[slot] = header.length;
            return new Message(t, slot, count + 1, 0, count == 0 ? header.length : lastLength, length + header.length);
        }
        t = new Table(HEADROOM + count + 1, HEADROOM);
        t.arrays[HEADROOM] = header;
        t.lengths[HEADROOM] = header.length;
        fillTable(t, HEADROOM + 1);
        return of(t, length + header.length);
    }

    public Message prepend(Message header) { return header.concat(this); }

    /** This message followed by {@code tail}; both share their slices. */
    public Message concat(Message tail) {
        if (tail.length == 0) return this;
        if (length == 0) return tail;
        Table t = new Table(count + tail.count, 0);
        fillTable(t, 0);
        tail.fillTable(t, count);
        Message r = of(t, length + tail.length);
        if (sum >= 0 && tail.sum >= 0) r.sum = Checksum.combine(sum, tail.sum, length);
        return r;
    }

    /** Writes this message's slices into a new table from position {@code at}. */
    private void fillTable(Table t, int at) {
        for (int k = 0; k < count; k++) {
            t.arrays[at + k] = array(k);
            t.offsets[at + k] = offset(k);
            t.lengths[at + k] = sliceLength(k);
        }
    }

    /** The bytes [from, from + len), a view sharing this message's slices. */
    public Message slice(int from, int len) {
        Objects.checkFromIndexSize(from, len, length);
        if (len == length) return this;
        if (len == 0) return EMPTY;
        int k = 0, inner = from;
        while (inner >= sliceLength(k)) inner -= sliceLength(k++);
        int startK = k;
        int used = len + inner;              // bytes of slices startK.. up to the end of the view
        while (used > sliceLength(k)) used -= sliceLength(k++);
        int newSkip = (startK == 0 ? skip : 0) + inner;
        int newLast = k == startK ? len : used;
        return new Message(table, first + startK, k - startK + 1, newSkip, newLast, len);
    }

    /** Everything from {@code from} to the end. */
    public Message slice(int from) { return slice(from, length - from); }

    public int u8(int index) {
        Objects.checkIndex(index, length);
        int k = 0;
        while (index >= sliceLength(k)) index -= sliceLength(k++);
        byte[] a = array(k);
        return a == null ? 0 : a[offset(k) + index] & 0xFF;
    }

    /** Big-endian unsigned 16-bit field at {@code index}. */
    public int u16(int index) {
        if (count > 0 && index >= 0 && index + 2 <= sliceLength(0) && array(0) != null) {   // headers sit in the first slice
            byte[] a = array(0);
            int at = offset(0) + index;
            return ((a[at] & 0xFF) << 8) | (a[at + 1] & 0xFF);
        }
        return (u8(index) << 8) | u8(index + 1);
    }

    /** Big-endian unsigned 32-bit field at {@code index}, as a long. */
    public long u32(int index) {
        if (count > 0 && index >= 0 && index + 4 <= sliceLength(0) && array(0) != null) {
            byte[] a = array(0);
            int at = offset(0) + index;
            return ((long) (a[at] & 0xFF) << 24) | ((a[at + 1] & 0xFF) << 16) | ((a[at + 2] & 0xFF) << 8) | (a[at + 3] & 0xFF);
        }
        return ((long) u16(index) << 16) | u16(index + 2);
    }

    /** Big-endian 32-bit field as an int (for IPv4 addresses). */
    public int i32(int index) { return (int) u32(index); }

    /** Big-endian unsigned 48-bit field (MAC addresses). */
    public long u48(int index) { return ((long) u16(index) << 32) | u32(index + 2); }

    /** Receives the message's slices in order; {@code array == null} means {@code length} zero bytes. */
    @FunctionalInterface
    public interface SliceVisitor { void slice(byte[] array, int offset, int length); }

    public void forEachSlice(SliceVisitor visitor) {
        for (int k = 0; k < count; k++) visitor.slice(array(k), offset(k), sliceLength(k));
    }

    public void copyTo(byte[] dst, int dstOffset) { copyTo(0, dst, dstOffset, length); }

    /** Copies bytes [from, from + len) into {@code dst} without creating a slice (header parsing). */
    public void copyTo(int from, byte[] dst, int dstOffset, int len) {
        Objects.checkFromIndexSize(from, len, length);
        int k = 0, inner = from, at = dstOffset, left = len;
        while (left > 0 && inner >= sliceLength(k)) inner -= sliceLength(k++);
        while (left > 0) {
            int take = Math.min(left, sliceLength(k) - inner);
            if (array(k) == null) Arrays.fill(dst, at, at + take, (byte) 0);
            else System.arraycopy(array(k), offset(k) + inner, dst, at, take);
            at += take;
            left -= take;
            inner = 0;
            k++;
        }
    }

    /** Ones'-complement sum of bytes [from, from + len), folded, as if they started the message; not cached. */
    public int onesSum(int from, int len) {
        Objects.checkFromIndexSize(from, len, length);
        int k = 0, inner = from, at = 0, left = len;
        long acc = 0;
        while (left > 0 && inner >= sliceLength(k)) inner -= sliceLength(k++);
        while (left > 0) {
            int take = Math.min(left, sliceLength(k) - inner);
            if (array(k) != null) acc += Checksum.partial(array(k), offset(k) + inner, take, (at & 1) == 1);
            at += take;
            left -= take;
            inner = 0;
            k++;
        }
        return Checksum.fold(acc);
    }

    /** Ones'-complement sum of the whole message (RFC 1071), folded into 16 bits; cached. */
    public int onesSum() {
        int s = sum;
        if (s < 0) sum = s = onesSum(0, length);
        return s;
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

    /** Structural equality of the bytes (not of the slicing). */
    public boolean contentEquals(Message other) {
        if (other.length != length) return false;
        for (int i = 0; i < length; i++) if (u8(i) != other.u8(i)) return false;
        return true;
    }

    @Override
    public String toString() { return "Message[" + length + " bytes, " + count + " slices]"; }
}
