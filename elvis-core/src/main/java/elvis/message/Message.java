package elvis.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable packet: a rope of shared byte slices. Prepending a header, slicing and concatenating
 * share the underlying arrays and never copy payload. A slice whose array is {@code null} stands for
 * that many zero bytes (synthetic payload), so a gigabyte of traffic allocates no payload at all.
 *
 * <p>A message is either a view of a table of slices, or a header cell: one header array in front of
 * another message, which is what {@link #prepend} makes. Sending down a protocol stack thus costs one
 * small object per layer, and on the way up each layer's {@link #slice} past its own header returns
 * the message below it without allocating. A slice of a table message shares its parent's table and
 * records only which part it covers.
 *
 * <p>Arrays handed to {@link #wrap} or {@link #prepend} belong to the message from then on and must
 * not be modified.
 */
public final class Message {
    public static final Message EMPTY = new Message(new Table(0), 0, 0, 0, 0, 0);

    /** Header cells a chain may hold before a prepend flattens it into a table (bounds recursion). */
    private static final int MAX_CELLS = 8;

    /** Slices shared between messages; written once when made. */
    private static class Table {
        final byte[][] arrays;   // null entry = zeros
        final int[] offsets;
        final int[] lengths;

        Table(int size) {
            arrays = new byte[size][];
            offsets = new int[size];
            lengths = new int[size];
        }
    }

    /**
     * A table some of whose arrays carry precomputed sums ({@link #wrapSummed}). A subclass, so that
     * the tables of every other message stay as small as they were.
     */
    private static final class SummedTable extends Table {
        final ChecksumTable[] sums;   // per slice, null = sum the bytes

        SummedTable(int size) {
            super(size);
            sums = new ChecksumTable[size];
        }
    }

    private static Table newTable(int size, boolean summed) { return summed ? new SummedTable(size) : new Table(size); }

    /** Whether this message's slices include one with precomputed sums. */
    private boolean summed() {
        Message m = this;
        while (m.table == null) m = m.tail;
        return m.table instanceof SummedTable;
    }

    // A table view (table != null): slices [first, first + count) of table, the first starting skip
    // bytes in, the last holding lastLength bytes.
    // A header cell (table == null): all of head, then tail, then skip zero bytes of padding (a short
    // Ethernet frame's, kept virtual: only the outermost cell of a chain has any). It shares three fields
    // (which keeps a message at 48 bytes; one exists per layer per packet): count holds the number of
    // header cells in the chain, first the folded ones'-complement sum of head when its maker knew it,
    // else -1, skip the padding.
    private final Table table;
    private final int first, count, skip, lastLength;
    private final byte[] head;
    private final Message tail;
    private final int length;
    private int sum = -1;            // cached ones'-complement sum of the whole message, -1 = unknown

    private Message(Table table, int first, int count, int skip, int lastLength, int length) {
        this.table = table;
        this.first = first;
        this.count = count;
        this.skip = skip;
        this.lastLength = lastLength;
        this.length = length;
        this.head = null;
        this.tail = null;
    }

    private Message(byte[] head, int headSum, Message tail, int padding) {
        this.table = null;
        this.first = headSum;
        this.skip = padding;
        this.lastLength = 0;
        this.count = tail.cells() + 1;
        this.head = head;
        this.tail = tail;
        this.length = head.length + tail.length + padding;
    }

    /** A message covering all of {@code t}. */
    private static Message of(Table t, int length) {
        int n = t.arrays.length;
        return new Message(t, 0, n, 0, n == 0 ? 0 : t.lengths[n - 1], length);
    }

    private static Message single(byte[] array, int offset, int length) {
        Table t = new Table(1);
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

    /**
     * As {@link #wrap(byte[])}, for bytes that will be sent many times (a file a server serves): a
     * table of precomputed ones'-complement sums (under 10% of their size) makes the sum of any
     * slice of them O(1), so the TCP segments cut from them, wherever the cuts fall, get their payload
     * checksum without reading the payload (Rusty's precomputed checksums). Slices and concatenations
     * keep the table.
     */
    public static Message wrapSummed(byte[] bytes) {
        if (bytes.length == 0) return EMPTY;
        SummedTable t = new SummedTable(1);
        t.arrays[0] = bytes;
        t.lengths[0] = bytes.length;
        t.sums[0] = new ChecksumTable(bytes);
        return of(t, bytes.length);
    }

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

    private int cells() { return table == null ? count : 0; }

    /**
     * The bytes of the header cell this message starts with (a header prepended by its sender), else
     * null: the message's first {@code headerCell().length} bytes, shared, to be read and never written.
     * Lets a parser read its fields in place instead of copying them out first.
     */
    public byte[] headerCell() { return table == null ? head : null; }

    /** Trailing zero bytes this message holds virtually (a short frame's padding), without a slice of their own. */
    public int padding() { return table == null ? skip : 0; }

    // Padding is rare (short frames only): the paths for it live apart, so the hot methods stay small
    // enough for the JIT to inline them.
    private Message unpadded() { return new Message(head, first, tail, 0); }

    private Message flatSlice(int from, int len) {
        Table t = newTable(sliceCount(), summed());
        fillTable(t, 0);
        return of(t, length).slice(from, len);
    }

    private void copyPaddedTo(int from, byte[] dst, int dstOffset, int len) {
        int real = length - skip;
        int zeros = Math.min(len, Math.max(0, from + len - real));
        Arrays.fill(dst, dstOffset + len - zeros, dstOffset + len, (byte) 0);
        if (len > zeros) unpadded().copyTo(from, dst, dstOffset, len - zeros);
    }

    /** Number of slices (for tests and diagnostics); virtual padding counts as one. */
    public int sliceCount() { return table == null ? 1 + tail.sliceCount() + (skip > 0 ? 1 : 0) : count; }

    // The k-th slice a table view covers (0 <= k < count).
    private byte[] array(int k) { return table.arrays[first + k]; }

    private int offset(int k) { return table.offsets[first + k] + (k == 0 ? skip : 0); }

    private int sliceLength(int k) { return k == count - 1 ? lastLength : table.lengths[first + k] - (k == 0 ? skip : 0); }

    /** This message preceded by {@code header} (shared, not copied). */
    public Message prepend(byte[] header) { return prepend(header, -1); }

    /**
     * As {@link #prepend(byte[])}, for a header whose folded ones'-complement sum ({@link Checksum#sum})
     * the caller computed while filling in its checksum: a receiver then verifies the checksum without
     * reading the header again.
     */
    public Message prepend(byte[] header, int headerSum) {
        if (header.length == 0) return this;
        assert headerSum < 0 || headerSum == Checksum.sum(header, 0, header.length) : "wrong header sum";
        if (cells() < MAX_CELLS && padding() == 0) return new Message(header, headerSum, this, 0);
        return wrap(header).concat(this);
    }

    /**
     * This message preceded by {@code header} and followed by zeros up to {@code minLength} bytes:
     * a short Ethernet frame. The zeros are virtual (counted in the length, read, copied and summed as
     * zeros), so the chain of header cells stays a chain: nothing is flattened or copied.
     */
    public Message prependPadded(byte[] header, int minLength) {
        int pad = minLength - header.length - length;
        if (pad <= 0) return prepend(header);
        if (header.length > 0 && cells() < MAX_CELLS && padding() == 0) return new Message(header, -1, this, pad);
        return prepend(header).concat(zeros(pad));
    }

    private int headSum() { return first >= 0 ? first : Checksum.sum(head, 0, head.length); }

    /** This message followed by {@code tail}; both share their slices. */
    public Message concat(Message tail) {
        if (tail.length == 0) return this;
        if (length == 0) return tail;
        int n = sliceCount();
        Table t = newTable(n + tail.sliceCount(), summed() || tail.summed());
        fillTable(t, 0);
        tail.fillTable(t, n);
        Message r = of(t, length + tail.length);
        if (sum >= 0 && tail.sum >= 0) r.sum = Checksum.combine(sum, tail.sum, length);
        return r;
    }

    /**
     * {@code parts[0]} to {@code parts[count - 1]} one after another, sharing their slices: what
     * chained {@link #concat(Message)} calls make, in one table instead of one per step.
     */
    public static Message concat(Message[] parts, int count) {
        Objects.checkFromIndexSize(0, count, parts.length);
        int slices = 0, length = 0;
        boolean summed = false;
        for (int k = 0; k < count; k++) {
            slices += parts[k].length == 0 ? 0 : parts[k].sliceCount();
            length = Math.addExact(length, parts[k].length);
            summed |= parts[k].length > 0 && parts[k].summed();
        }
        if (length == 0) return EMPTY;
        Table t = newTable(slices, summed);
        for (int k = 0, at = 0; k < count; k++) {
            if (parts[k].length == 0) continue;
            parts[k].fillTable(t, at);
            at += parts[k].sliceCount();
        }
        return of(t, length);
    }

    /** Writes this message's slices into a table from position {@code at}. */
    private void fillTable(Table t, int at) {
        int pad = padding();
        Message m = this;
        for (; m.table == null; m = m.tail, at++) {
            t.arrays[at] = m.head;
            t.lengths[at] = m.head.length;
        }
        for (int k = 0; k < m.count; k++) {
            t.arrays[at + k] = m.array(k);
            t.offsets[at + k] = m.offset(k);
            t.lengths[at + k] = m.sliceLength(k);
        }
        if (m.table instanceof SummedTable from && t instanceof SummedTable to) System.arraycopy(from.sums, m.first, to.sums, at, m.count);
        if (pad > 0) t.lengths[at + m.count] = pad;    // null array: zeros
    }

    /** The bytes [from, from + len), a view sharing this message's slices. */
    public Message slice(int from, int len) {
        Objects.checkFromIndexSize(from, len, length);
        if (padding() > 0 && from + len > length - skip && len > 0 && len < length) return flatSlice(from, len);  // into the padding
        Message m = this;
        while (m.table == null && from >= m.head.length) {          // past whole headers: no allocation
            from -= m.head.length;
            m = m.tail;
        }
        return m.sliceWithin(from, len);
    }

    // slice() once no whole leading header is skipped; from and len are valid.
    private Message sliceWithin(int from, int len) {
        if (len == length) return this;
        if (len == 0) return EMPTY;
        if (table == null) {
            int h = head.length;
            if (from == 0 && len >= h) return new Message(head, first, tail.slice(0, len - h), 0);
            Table t = newTable(sliceCount(), summed());              // cuts into the header: flatten
            fillTable(t, 0);
            return of(t, length).slice(from, len);
        }
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
        if (index >= length - padding()) return 0;
        Message m = this;
        while (m.table == null) {
            if (index < m.head.length) return m.head[index] & 0xFF;
            index -= m.head.length;
            m = m.tail;
        }
        int k = 0;
        while (index >= m.sliceLength(k)) index -= m.sliceLength(k++);
        byte[] a = m.array(k);
        return a == null ? 0 : a[m.offset(k) + index] & 0xFF;
    }

    /** Big-endian unsigned 16-bit field at {@code index}. */
    public int u16(int index) {
        if (table == null && index >= 0 && index + 2 <= head.length) {   // headers sit in the first cell
            return NetworkOrder.u16(head, index);
        }
        if (table != null && count > 0 && index >= 0 && index + 2 <= sliceLength(0) && array(0) != null) {
            return NetworkOrder.u16(array(0), offset(0) + index);
        }
        return (u8(index) << 8) | u8(index + 1);
    }

    /** Big-endian unsigned 32-bit field at {@code index}, as a long. */
    public long u32(int index) {
        byte[] a;
        int at;
        if (table == null && index >= 0 && index + 4 <= head.length) {
            a = head;
            at = index;
        } else if (table != null && count > 0 && index >= 0 && index + 4 <= sliceLength(0) && array(0) != null) {
            a = array(0);
            at = offset(0) + index;
        } else {
            return ((long) u16(index) << 16) | u16(index + 2);
        }
        return NetworkOrder.i32(a, at) & 0xFFFF_FFFFL;
    }

    /** Big-endian 32-bit field as an int (for IPv4 addresses). */
    public int i32(int index) { return (int) u32(index); }

    /** Big-endian unsigned 48-bit field (MAC addresses). */
    public long u48(int index) { return ((long) u16(index) << 32) | u32(index + 2); }

    /** Receives the message's slices in order; {@code array == null} means {@code length} zero bytes. */
    @FunctionalInterface
    public interface SliceVisitor { void slice(byte[] array, int offset, int length); }

    public void forEachSlice(SliceVisitor visitor) {
        int pad = padding();
        Message m = this;
        for (; m.table == null; m = m.tail) visitor.slice(m.head, 0, m.head.length);
        for (int k = 0; k < m.count; k++) visitor.slice(m.array(k), m.offset(k), m.sliceLength(k));
        if (pad > 0) visitor.slice(null, 0, pad);
    }

    public void copyTo(byte[] dst, int dstOffset) { copyTo(0, dst, dstOffset, length); }

    /** Copies bytes [from, from + len) into {@code dst} without creating a slice (header parsing). */
    public void copyTo(int from, byte[] dst, int dstOffset, int len) {
        if (table == null && from >= 0 && len >= 0 && from <= head.length - len) {   // within the first header
            System.arraycopy(head, from, dst, dstOffset, len);
            return;
        }
        Objects.checkFromIndexSize(from, len, length);
        if (padding() > 0) {
            copyPaddedTo(from, dst, dstOffset, len);
            return;
        }
        Message m = this;
        for (; m.table == null && len > 0; m = m.tail) {
            int h = m.head.length;
            if (from < h) {
                int take = Math.min(len, h - from);
                System.arraycopy(m.head, from, dst, dstOffset, take);
                dstOffset += take;
                len -= take;
                from = 0;
            } else {
                from -= h;
            }
        }
        int k = 0, inner = from, at = dstOffset, left = len;
        while (left > 0 && inner >= m.sliceLength(k)) inner -= m.sliceLength(k++);
        while (left > 0) {
            int take = Math.min(left, m.sliceLength(k) - inner);
            if (m.array(k) == null) Arrays.fill(dst, at, at + take, (byte) 0);
            else System.arraycopy(m.array(k), m.offset(k) + inner, dst, at, take);
            at += take;
            left -= take;
            inner = 0;
            k++;
        }
    }

    /** Ones'-complement sum of bytes [from, from + len), folded, as if they started the message; not cached. */
    public int onesSum(int from, int len) {
        if (table == null && from == 0 && len == head.length) return headSum();    // a header's own check
        Objects.checkFromIndexSize(from, len, length);
        if (padding() > 0) return from >= length - skip ? 0 : unpadded().onesSum(from, Math.min(len, length - skip - from));  // zeros add nothing
        return sumOf(from, len);
    }

    // onesSum's walk, apart so that onesSum stays small enough to inline into its callers.
    private int sumOf(int from, int len) {
        Message m = this;
        long acc = 0;
        int at = 0;                          // bytes summed so far: their parity sets the next byte's weight
        for (; m.table == null && len > 0; m = m.tail) {
            int h = m.head.length;
            if (from < h) {
                int take = Math.min(len, h - from);
                boolean odd = (at & 1) == 1;
                acc += take == h && !odd ? m.headSum() : Checksum.partial(m.head, from, take, odd);
                at += take;
                len -= take;
                from = 0;
            } else {
                from -= h;
            }
        }
        if (len == 0) return Checksum.fold(acc);
        int k = 0, inner = from, left = len;
        while (inner >= m.sliceLength(k)) inner -= m.sliceLength(k++);
        while (left > 0) {
            int take = Math.min(left, m.sliceLength(k) - inner);
            byte[] a = m.array(k);
            if (a != null) acc += m.table instanceof SummedTable st && st.sums[m.first + k] != null
                    ? precomputedSum(st.sums[m.first + k], m.offset(k) + inner, take, (at & 1) == 1)
                    : Checksum.partial(a, m.offset(k) + inner, take, (at & 1) == 1);
            at += take;
            left -= take;
            inner = 0;
            k++;
        }
        return Checksum.fold(acc);
    }

    // Zero slices never get here, so synthetic payload pays nothing for precomputed sums.
    private static int precomputedSum(ChecksumTable table, int from, int len, boolean oddStart) {
        int s = table.sum(from, len);
        return oddStart ? Checksum.swap(s) : s;
    }

    /** Ones'-complement sum of the whole message (RFC 1071), folded into 16 bits; cached. */
    public int onesSum() {
        int s = sum;
        if (s < 0) {
            s = table == null
                    ? Checksum.combine(headSum(), tail.onesSum(), head.length)
                    : onesSum(0, length);
            sum = s;
        }
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
    public String toString() { return "Message[" + length + " bytes, " + sliceCount() + " slices]"; }
}
