package elvis.protocol.tcp;

import elvis.message.Checksum;
import elvis.message.Message;
import elvis.message.NetworkOrder;

/**
 * A TCP segment header (RFC 9293 §3.1) with the options this stack speaks: MSS (RFC 9293 §3.7.1),
 * window scale and timestamps (RFC 7323), SACK-permitted and SACK blocks (RFC 2018). Parsing reads
 * the header once into plain fields; unknown options are skipped by their length, a malformed
 * option list makes the whole segment malformed.
 */
public final class TcpSegment {
    public static final int PROTOCOL = 6;
    public static final int HEADER = 20;
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;
    static final int OPT_EOL = 0, OPT_NOP = 1, OPT_MSS = 2, OPT_WSCALE = 3, OPT_SACK_PERMITTED = 4, OPT_SACK = 5,
            OPT_TIMESTAMP = 8;
    /** NOP, NOP, then the timestamp option's kind and length: the layout RFC 7323 Appendix A suggests. */
    private static final int TIMESTAMP_ALONE = OPT_NOP << 24 | OPT_NOP << 16 | OPT_TIMESTAMP << 8 | 10;
    /** Most SACK blocks that fit beside a timestamp option in 40 bytes of options (RFC 2018 §3). */
    public static final int MAX_SACK_BLOCKS = 4;

    public int srcPort, dstPort, seq, ack, flags, window, urgent;
    /** The IP header said Congestion Experienced (RFC 3168); set by the receiving side, not parsed. */
    public boolean ce;
    /** Bytes of options in the header as received (data offset minus the fixed 20). */
    public int optionBytes;
    /** Option values; -1 when absent. */
    public int mss = -1, windowScale = -1;
    public boolean sackPermitted, hasTimestamp;
    public int tsVal, tsEcr;
    /** SACK blocks as (left, right) sequence pairs; {@link #sackCount} are valid (null when none: most segments). */
    public int[] sack;
    public int sackCount;
    /** The segment's data (a slice of the received message, never copied). */
    public Message payload = Message.EMPTY;

    public boolean has(int flag) { return (flags & flag) != 0; }

    /** Sequence space the segment occupies: data plus one for SYN and one for FIN. */
    public int seqLength() { return payload.length() + (flags & SYN) / SYN + (flags & FIN); }

    /**
     * Parses {@code m} (the IP payload, checksum already verified); null when malformed.
     * Fields are read from an array: the header cell its sender wrote when it holds the whole header
     * (nearly every segment), else {@code scratch} (60 bytes), where the header is copied once.
     */
    public static TcpSegment parse(Message m, byte[] scratch) {
        int len = m.length();
        if (len < HEADER) return null;
        byte[] b = m.headerCell();
        int offset;
        if (b != null && b.length >= HEADER && (offset = (b[12] & 0xF0) >>> 2) <= b.length) {
            if (offset < HEADER) return null;             // within the cell, so within the message
        } else {
            b = scratch;
            m.copyTo(0, b, 0, HEADER);
            offset = (b[12] & 0xF0) >>> 2;
            if (offset < HEADER || offset > len) return null;
            if (offset > HEADER) m.copyTo(HEADER, b, HEADER, offset - HEADER);
        }
        TcpSegment s = new TcpSegment();
        s.srcPort = u16(b, 0);
        s.dstPort = u16(b, 2);
        s.seq = i32(b, 4);
        s.ack = i32(b, 8);
        s.flags = b[13] & 0xFF;
        s.window = u16(b, 14);
        s.urgent = u16(b, 18);
        s.optionBytes = offset - HEADER;
        if (!s.parseOptions(b, offset)) return null;
        s.payload = m.slice(offset);
        return s;
    }

    private boolean parseOptions(byte[] b, int end) {
        if (end == HEADER + 12 && i32(b, HEADER) == TIMESTAMP_ALONE) {   // what nearly every segment carries
            hasTimestamp = true;
            tsVal = i32(b, HEADER + 4);
            tsEcr = i32(b, HEADER + 8);
            return true;
        }
        int i = HEADER;
        while (i < end) {
            int kind = b[i] & 0xFF;
            if (kind == OPT_EOL) return true;
            if (kind == OPT_NOP) { i++; continue; }
            if (i + 1 >= end) return false;
            int olen = b[i + 1] & 0xFF;
            if (olen < 2 || i + olen > end) return false;
            switch (kind) {
                case OPT_MSS -> { if (olen != 4) return false; mss = u16(b, i + 2); }
                case OPT_WSCALE -> { if (olen != 3) return false; windowScale = Math.min(b[i + 2] & 0xFF, 14); } // RFC 7323 §2.3
                case OPT_SACK_PERMITTED -> { if (olen != 2) return false; sackPermitted = true; }
                case OPT_TIMESTAMP -> {
                    if (olen != 10) return false;
                    hasTimestamp = true;
                    tsVal = i32(b, i + 2);
                    tsEcr = i32(b, i + 6);
                }
                case OPT_SACK -> {
                    if ((olen - 2) % 8 != 0) return false;
                    sackCount = Math.min((olen - 2) / 8, MAX_SACK_BLOCKS);
                    if (sack == null) sack = new int[2 * MAX_SACK_BLOCKS];
                    for (int k = 0; k < sackCount; k++) {
                        sack[2 * k] = i32(b, i + 2 + 8 * k);
                        sack[2 * k + 1] = i32(b, i + 6 + 8 * k);
                    }
                }
                default -> { }    // unknown options are skipped (RFC 9293 §3.1)
            }
            i += olen;
        }
        return true;
    }

    /** The options a sender puts into one header; reused by its owner, never shared across segments in flight. */
    public static final class Options {
        public int mss = -1, windowScale = -1;
        public boolean sackPermitted, timestamp;
        public int tsVal, tsEcr;
        public final int[] sack = new int[2 * MAX_SACK_BLOCKS];
        public int sackCount;

        public Options clear() {
            mss = windowScale = -1;
            sackPermitted = timestamp = false;
            sackCount = 0;
            return this;
        }

        /** Encoded length, a multiple of 4 (NOP padding as RFC 7323 Appendix A lays out). */
        int length() {
            int n = 0;
            if (mss >= 0) n += 4;
            if (timestamp || sackPermitted) n += timestamp ? 12 : 4;   // SACK-permitted rides in the timestamp's padding
            if (windowScale >= 0) n += 4;
            if (sackCount > 0) n += 4 + 8 * sackCount;
            return n;
        }
    }

    /**
     * The segment: a fresh header (never reused: messages share arrays) with every field and option
     * set and the checksum computed over the pseudo-header, header and {@code payload}'s cached sum,
     * in front of {@code payload}. The header's sum rides along, so the receiver's check reads no bytes.
     */
    public static Message segment(int src, int dst, int srcPort, int dstPort, int seq, int ack, int flags, int window,
                                  Options o, Message payload) {
        int optLen = o == null ? 0 : o.length();
        int hlen = HEADER + optLen;
        if (hlen > 60) throw new IllegalArgumentException("TCP options longer than 40 bytes");
        byte[] h = new byte[hlen];
        put16(h, 0, srcPort);
        put16(h, 2, dstPort);
        put32(h, 4, seq);
        put32(h, 8, ack);
        h[12] = (byte) (hlen << 2);
        h[13] = (byte) flags;
        put16(h, 14, window);
        // The header's 16-bit words, summed from the values written instead of read back.
        long words = (srcPort & 0xFFFF) + (dstPort & 0xFFFF) + Checksum.addInt(Checksum.addInt(0, seq), ack)
                + ((hlen << 10) | (flags & 0xFF)) + (window & 0xFFFF);
        if (optLen == 12 && o.timestamp && !o.sackPermitted) {     // the timestamp alone: nearly every segment
            put32(h, HEADER, TIMESTAMP_ALONE);
            put32(h, HEADER + 4, o.tsVal);
            put32(h, HEADER + 8, o.tsEcr);
            words += (TIMESTAMP_ALONE >>> 16) + (TIMESTAMP_ALONE & 0xFFFF) + Checksum.addInt(Checksum.addInt(0, o.tsVal), o.tsEcr);
        } else if (optLen > 0) words += writeOptions(h, HEADER, o);
        int headerSum = Checksum.fold(words);
        int ck = Checksum.finish(pseudoHeaderSum(src, dst, hlen + payload.length()) + headerSum + payload.onesSum());
        put16(h, 16, ck);
        return payload.prepend(h, Checksum.fold((long) headerSum + ck));
    }

    /** The header bytes of {@link #segment} alone (for tests that hand-craft segments). */
    public static byte[] header(int src, int dst, int srcPort, int dstPort, int seq, int ack, int flags, int window,
                                Options o, Message payload) {
        Message m = segment(src, dst, srcPort, dstPort, seq, ack, flags, window, o, payload);
        return m.slice(0, m.length() - payload.length()).toByteArray();
    }

    /** Writes the options at {@code i}; returns the sum of the 16-bit words written (all start at even offsets). */
    private static long writeOptions(byte[] h, int i, Options o) {
        long sum = 0;
        if (o.mss >= 0) {
            h[i] = OPT_MSS; h[i + 1] = 4; put16(h, i + 2, o.mss);
            sum += (OPT_MSS << 8 | 4) + (o.mss & 0xFFFF);
            i += 4;
        }
        if (o.timestamp) {
            int first = o.sackPermitted ? OPT_SACK_PERMITTED << 8 | 2 : OPT_NOP << 8 | OPT_NOP;
            put16(h, i, first);
            h[i + 2] = OPT_TIMESTAMP; h[i + 3] = 10;
            put32(h, i + 4, o.tsVal);
            put32(h, i + 8, o.tsEcr);
            sum += first + (OPT_TIMESTAMP << 8 | 10) + Checksum.addInt(Checksum.addInt(0, o.tsVal), o.tsEcr);
            i += 12;
        } else if (o.sackPermitted) {
            h[i] = OPT_NOP; h[i + 1] = OPT_NOP; h[i + 2] = OPT_SACK_PERMITTED; h[i + 3] = 2;
            sum += (OPT_NOP << 8 | OPT_NOP) + (OPT_SACK_PERMITTED << 8 | 2);
            i += 4;
        }
        if (o.windowScale >= 0) {
            h[i] = OPT_NOP; h[i + 1] = OPT_WSCALE; h[i + 2] = 3; h[i + 3] = (byte) o.windowScale;
            sum += (OPT_NOP << 8 | OPT_WSCALE) + (3 << 8 | (o.windowScale & 0xFF));
            i += 4;
        }
        if (o.sackCount > 0) {
            int kindLength = OPT_SACK << 8 | (2 + 8 * o.sackCount);
            h[i] = OPT_NOP; h[i + 1] = OPT_NOP; put16(h, i + 2, kindLength);
            sum += (OPT_NOP << 8 | OPT_NOP) + kindLength;
            for (int k = 0; k < 2 * o.sackCount; k++) {
                put32(h, i + 4 + 4 * k, o.sack[k]);
                sum = Checksum.addInt(sum, o.sack[k]);
            }
        }
        return sum;
    }

    /** The TCP pseudo-header's contribution to the checksum (RFC 9293 §3.1). */
    public static long pseudoHeaderSum(int src, int dst, int tcpLength) {
        return Checksum.addInt(Checksum.addInt(0, src), dst) + PROTOCOL + tcpLength;
    }

    static int u16(byte[] b, int i) { return NetworkOrder.u16(b, i); }

    static int i32(byte[] b, int i) { return NetworkOrder.i32(b, i); }

    static void put16(byte[] b, int i, int v) { NetworkOrder.put16(b, i, v); }

    static void put32(byte[] b, int i, int v) { NetworkOrder.put32(b, i, v); }

    @Override
    public String toString() {
        StringBuilder f = new StringBuilder();
        if (has(SYN)) f.append('S');
        if (has(FIN)) f.append('F');
        if (has(RST)) f.append('R');
        if (has(PSH)) f.append('P');
        if (has(ACK)) f.append('.');
        if (has(ECE)) f.append('E');
        if (has(CWR)) f.append('W');
        return srcPort + ">" + dstPort + " [" + f + "] seq " + Integer.toUnsignedString(seq) + " ack "
                + Integer.toUnsignedString(ack) + " win " + window + " len " + payload.length();
    }
}
