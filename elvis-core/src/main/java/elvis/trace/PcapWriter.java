package elvis.trace;

import elvis.message.Message;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Writes frames to a pcap file (or a partition's spool for one, see {@link RecordFile}) (the libpcap format with nanosecond timestamps, magic 0xa1b23c4d,
 * link type 1 = Ethernet) that Wireshark and tshark read. Timestamps are virtual time. Output is
 * buffered; a write error stops this capture and is reported by {@link #error()}, never thrown into
 * the simulation.
 */
public final class PcapWriter implements AutoCloseable {
    public static final int MAGIC_NANOSECONDS = 0xa1b23c4d;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int DEFAULT_SNAPLEN = 262_144;

    private final RecordFile file;
    private final int snaplen;
    private final byte[] record = new byte[16];
    private long frames;
    private String error;

    /** A capture into {@code file}, whose header this writes (or a partition's spool for it). */
    PcapWriter(Path path, int snaplen, boolean spooled) throws IOException {
        if (snaplen < 14 || snaplen > DEFAULT_SNAPLEN) throw new IllegalArgumentException("snap length must be 14.." + DEFAULT_SNAPLEN + ": " + snaplen);
        this.snaplen = snaplen;
        byte[] h = new byte[24];
        putLe(h, 0, MAGIC_NANOSECONDS);
        h[4] = 2;                  // version 2.4
        h[6] = 4;
        putLe(h, 16, snaplen);
        putLe(h, 20, LINKTYPE_ETHERNET);
        this.file = spooled ? RecordFile.spooled(path, h) : RecordFile.direct(path, h);
    }

    public Path path() { return file.path(); }

    RecordFile file() { return file; }

    public long frames() { return frames; }

    /** Null, or why this capture stopped early. */
    public String error() { return error; }

    /** Appends a frame seen at virtual time {@code timeNs} in {@code lane} (see {@link TimeOrder}), truncated to the snap length. */
    void write(long timeNs, long lane, Message frame) {
        if (error != null) return;
        int captured = Math.min(frame.length(), snaplen);
        putLe(record, 0, (int) (timeNs / 1_000_000_000L));
        putLe(record, 4, (int) (timeNs % 1_000_000_000L));
        putLe(record, 8, captured);
        putLe(record, 12, frame.length());
        try {
            OutputStream out = file.begin(timeNs, lane, record.length + captured);
            out.write(record);
            int[] left = {captured};
            IOException[] failure = {null};
            frame.forEachSlice((array, off, len) -> {
                int n = Math.min(len, left[0]);
                if (n <= 0 || failure[0] != null) return;
                try {
                    if (array != null) out.write(array, off, n);
                    else for (int i = 0; i < n; i++) out.write(0);
                } catch (IOException e) {
                    failure[0] = e;
                }
                left[0] -= n;
            });
            if (failure[0] != null) throw failure[0];
            frames++;
        } catch (IOException e) {
            error = "writing " + path() + " failed: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            if (error == null) error = "closing " + path() + " failed: " + e.getMessage();
        }
    }

    private static void putLe(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
