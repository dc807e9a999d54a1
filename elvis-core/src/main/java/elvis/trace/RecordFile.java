package elvis.trace;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the records of one output file (a pcap, a drop log, a trace) go, in the file's order: by
 * time, then lane, then the order they were reported in ({@link TimeOrder}). A sequential run writes
 * the file itself. A partition of a parallel run writes a spool beside it instead, each record
 * prefixed by its time, lane and length, so that {@link PartitionOutput#merge} can interleave every
 * partition's records into the file in the same order.
 */
final class RecordFile {
    private final Path path;
    private final byte[] header;
    private final Path spool;               // null: the records go to path itself
    private final OutputStream out;
    private final byte[] prefix = new byte[20];
    private byte[] text = new byte[256];

    private RecordFile(Path path, byte[] header, Path spool) throws IOException {
        this.path = path;
        this.header = header;
        this.spool = spool;
        this.out = new BufferedOutputStream(Files.newOutputStream(spool == null ? path : spool), 1 << 16);
        if (spool == null) out.write(header);
    }

    /** The file {@code path}, which starts with {@code header}. */
    static RecordFile direct(Path path, byte[] header) throws IOException { return new RecordFile(path, header, null); }

    /** A spool of records for {@code path}, beside it (removed when {@link #takeSpool} reads it). */
    static RecordFile spooled(Path path, byte[] header) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        return new RecordFile(path, header, Files.createTempFile(dir, "." + path.getFileName() + ".", ".part"));
    }

    Path path() { return path; }

    byte[] header() { return header; }

    /** Starts a record of {@code length} bytes for {@code time} in {@code lane}: write them next to {@link #out}. */
    OutputStream begin(long time, long lane, int length) throws IOException {
        if (spool != null) {
            putLong(prefix, 0, time);
            putLong(prefix, 8, lane);
            prefix[16] = (byte) (length >>> 24);
            prefix[17] = (byte) (length >>> 16);
            prefix[18] = (byte) (length >>> 8);
            prefix[19] = (byte) length;
            out.write(prefix, 0, 20);
        }
        return out;
    }

    /** One record of text, {@code line} in UTF-8. */
    void text(long time, long lane, CharSequence line) throws IOException {
        int n = 0, len = line.length();
        if (text.length < len * 3) text = new byte[len * 3];
        byte[] b = text;
        for (int i = 0; i < len; i++) {
            int c = line.charAt(i);
            if (c < 0x80) {
                b[n++] = (byte) c;
                continue;
            }
            if (Character.isHighSurrogate((char) c) && i + 1 < len && Character.isLowSurrogate(line.charAt(i + 1))) {
                c = Character.toCodePoint((char) c, line.charAt(++i));
            } else if (Character.isSurrogate((char) c)) {
                c = '?';                        // a lone surrogate has no UTF-8 form
            }
            if (c < 0x80) {
                b[n++] = (byte) c;
            } else if (c < 0x800) {
                b[n++] = (byte) (0xC0 | c >> 6);
                b[n++] = (byte) (0x80 | c & 0x3F);
            } else if (c < 0x10000) {
                b[n++] = (byte) (0xE0 | c >> 12);
                b[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[n++] = (byte) (0x80 | c & 0x3F);
            } else {
                b[n++] = (byte) (0xF0 | c >> 18);
                b[n++] = (byte) (0x80 | c >> 12 & 0x3F);
                b[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[n++] = (byte) (0x80 | c & 0x3F);
            }
        }
        begin(time, lane, n).write(b, 0, n);
    }

    void close() throws IOException { out.close(); }

    /** The spooled records (each: time, lane, length, bytes), after {@link #close}; removes the spool. */
    byte[] takeSpool() throws IOException {
        try {
            return Files.readAllBytes(spool);
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /** Removes the spool without reading it (a run that ends in failure). */
    void discard() throws IOException {
        if (spool != null) Files.deleteIfExists(spool);
    }

    boolean isSpooled() { return spool != null; }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }
}
