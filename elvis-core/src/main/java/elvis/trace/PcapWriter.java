package elvis.trace;

import elvis.message.Message;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes frames to a pcap file (the libpcap format with nanosecond timestamps, magic 0xa1b23c4d,
 * link type 1 = Ethernet) that Wireshark and tshark read. Timestamps are virtual time. Output is
 * buffered; a write error stops this capture and is reported by {@link #error()}, never thrown into
 * the simulation.
 */
public final class PcapWriter implements AutoCloseable {
    public static final int MAGIC_NANOSECONDS = 0xa1b23c4d;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int DEFAULT_SNAPLEN = 262_144;

    private final Path path;
    private final int snaplen;
    private final OutputStream out;
    private final byte[] record = new byte[16];
    private long frames;
    private String error;

    public PcapWriter(Path path, int snaplen) throws IOException {
        if (snaplen < 14 || snaplen > DEFAULT_SNAPLEN) throw new IllegalArgumentException("snap length must be 14.." + DEFAULT_SNAPLEN + ": " + snaplen);
        this.path = path;
        this.snaplen = snaplen;
        this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        byte[] h = new byte[24];
        putLe(h, 0, MAGIC_NANOSECONDS);
        h[4] = 2;                  // version 2.4
        h[6] = 4;
        putLe(h, 16, snaplen);
        putLe(h, 20, LINKTYPE_ETHERNET);
        out.write(h);
    }

    public Path path() { return path; }

    public long frames() { return frames; }

    /** Null, or why this capture stopped early. */
    public String error() { return error; }

    /** Appends a frame seen at virtual time {@code timeNs}, truncated to the snap length. */
    public void write(long timeNs, Message frame) {
        if (error != null) return;
        int captured = Math.min(frame.length(), snaplen);
        putLe(record, 0, (int) (timeNs / 1_000_000_000L));
        putLe(record, 4, (int) (timeNs % 1_000_000_000L));
        putLe(record, 8, captured);
        putLe(record, 12, frame.length());
        try {
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
            error = "writing " + path + " failed: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            if (error == null) error = "closing " + path + " failed: " + e.getMessage();
        }
    }

    private static void putLe(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
