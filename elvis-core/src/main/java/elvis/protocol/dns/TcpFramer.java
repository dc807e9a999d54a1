package elvis.protocol.dns;

import elvis.message.Message;

import java.util.Arrays;

/**
 * Cuts a TCP byte stream into DNS messages by their 2-byte length prefix (RFC 1035 §4.2.2).
 * Feed it what arrives with {@link #append}, then take whole messages with {@link #next} until it
 * returns null. Holds only the bytes of the message not yet complete.
 */
public final class TcpFramer {
    private byte[] buf = new byte[0];
    private int start, end;

    public void append(Message data) {
        int n = data.length();
        if (end + n > buf.length) {
            int live = end - start;
            byte[] bigger = live + n > buf.length ? new byte[Math.max(live + n, 2 * buf.length)] : buf;
            System.arraycopy(buf, start, bigger, 0, live);
            buf = bigger;
            end = live;
            start = 0;
        }
        data.copyTo(buf, end);
        end += n;
    }

    /** The next complete message (without its prefix), or null while it has not all arrived. */
    public byte[] next() {
        if (end - start < 2) return null;
        int len = (buf[start] & 0xff) << 8 | buf[start + 1] & 0xff;
        if (end - start - 2 < len) return null;
        byte[] m = Arrays.copyOfRange(buf, start + 2, start + 2 + len);
        start += 2 + len;
        if (start == end) start = end = 0;
        return m;
    }

    /** Bytes received that do not make a whole message yet. */
    public int pending() { return end - start; }
}
