package elvis.protocol.dns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 1035 §4 wire format: decodes bytes into a {@link DnsMessage} and encodes one into bytes,
 * with name compression both ways, EDNS0's OPT record (RFC 6891) and truncation (TC) to a size
 * limit. Also the 2-byte length prefix DNS uses over TCP (§4.2.2).
 *
 * <p>Decoding is strict and total: every input either decodes or throws a
 * {@link DnsFormatException}; nothing else escapes and nothing loops (a compression pointer must
 * point before the previous jump's target, so a chain of jumps strictly moves backwards).
 */
public final class DnsCodec {
    public static final int HEADER = 12;
    /** The UDP payload limit without EDNS (RFC 1035 §4.2.1). */
    public static final int UDP_LIMIT = 512;
    /** The largest message: a TCP length prefix is 16 bits. */
    public static final int MAX_MESSAGE = 0xffff;

    private DnsCodec() { }

    // ---------------------------------------------------------------- decoding

    public static DnsMessage decode(byte[] bytes) throws DnsFormatException { return decode(bytes, 0, bytes.length); }

    /** Decodes a datagram's payload or a TCP message (copied once: DNS messages are small). */
    public static DnsMessage decode(elvis.message.Message m) throws DnsFormatException { return decode(m.toByteArray()); }

    /** Decodes the message in {@code bytes[offset, offset + length)}. */
    public static DnsMessage decode(byte[] bytes, int offset, int length) throws DnsFormatException {
        if (offset < 0 || length < 0 || offset + length > bytes.length || offset + length < 0)
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " of " + bytes.length);
        return new Reader(bytes, offset, length).message();
    }

    /**
     * The header's id if at least the header is there, else -1: what a server needs to answer
     * FORMERR to a message it cannot decode.
     */
    public static int peekId(byte[] bytes, int offset, int length) {
        return length < HEADER ? -1 : (bytes[offset] & 0xff) << 8 | bytes[offset + 1] & 0xff;
    }

    /** The header's second word (flags) if the header is there, else -1. */
    public static int peekFlags(byte[] bytes, int offset, int length) {
        return length < HEADER ? -1 : (bytes[offset + 2] & 0xff) << 8 | bytes[offset + 3] & 0xff;
    }

    private static final class Reader {
        private final byte[] b;
        private final int base, end;
        private final byte[] scratch = new byte[DnsName.MAX_WIRE];
        private int p;           // read position (absolute index into b)
        private int ednsSize = DnsMessage.NO_EDNS;

        Reader(byte[] b, int offset, int length) {
            this.b = b;
            this.base = offset;
            this.end = offset + length;
            this.p = offset;
        }

        DnsMessage message() throws DnsFormatException {
            if (end - base < HEADER) throw new DnsFormatException("message of " + (end - base) + " bytes is shorter than the 12-byte header");
            DnsMessage.Builder m = DnsMessage.builder().id(u16()).flags(u16());
            int qd = u16(), an = u16(), ns = u16(), ar = u16();
            for (int i = 0; i < qd; i++) {
                DnsName name = name(end);
                need(4, "question");
                m.question(new DnsQuestion(name, u16(), u16()));
            }
            for (int i = 0; i < an; i++) m.answer(record(false, "answer"));
            for (int i = 0; i < ns; i++) m.authority(record(false, "authority"));
            for (int i = 0; i < ar; i++) {
                DnsRecord r = record(true, "additional");
                if (r != null) m.additional(r);
            }
            if (p != end) throw new DnsFormatException((end - p) + " bytes after the last record (offset " + (p - base) + ")");
            return m.ednsPayloadSize(ednsSize).build();
        }

        /** One RR; an OPT (only allowed in the additional section) sets the EDNS size and gives null. */
        private DnsRecord record(boolean optAllowed, String section) throws DnsFormatException {
            DnsName name = name(end);
            need(10, section + " record header");
            int type = u16(), cls = u16();
            long ttl = u32();
            int rdlen = u16();
            need(rdlen, section + " record data of " + rdlen + " bytes");
            int rdEnd = p + rdlen;
            if (type == DnsType.OPT) {
                if (!optAllowed) throw new DnsFormatException("OPT record in the " + section + " section");
                if (ednsSize != DnsMessage.NO_EDNS) throw new DnsFormatException("more than one OPT record");
                if (!name.isRoot()) throw new DnsFormatException("OPT record owner is not the root");
                ednsSize = cls;
                // RFC 6891 options (cookie, padding...) are skipped, but must be well formed.
                while (p < rdEnd) {
                    if (rdEnd - p < 4) throw new DnsFormatException("EDNS option header past the OPT data");
                    p += 2;
                    int optLen = u16();
                    if (rdEnd - p < optLen) throw new DnsFormatException("EDNS option of " + optLen + " bytes past the OPT data");
                    p += optLen;
                }
                return null;
            }
            Rdata data = rdata(type, cls, rdEnd);
            if (p != rdEnd) throw new DnsFormatException(DnsType.name(type) + " data is " + (p - (rdEnd - rdlen)) + " bytes, RDLENGTH says " + rdlen);
            // RFC 2181 §8: a TTL with the top bit set is treated as zero.
            int ttl31 = ttl > DnsRecord.MAX_TTL ? 0 : (int) ttl;
            return new DnsRecord(name, cls, ttl31, data);
        }

        private Rdata rdata(int type, int cls, int rdEnd) throws DnsFormatException {
            int len = rdEnd - p;
            switch (type) {
                case DnsType.A -> {
                    if (cls != DnsType.CLASS_IN) break;
                    if (len != 4) throw new DnsFormatException("A data of " + len + " bytes, not 4");
                    return new Rdata.A((int) u32());
                }
                case DnsType.AAAA -> {
                    if (cls != DnsType.CLASS_IN) break;
                    if (len != 16) throw new DnsFormatException("AAAA data of " + len + " bytes, not 16");
                    long hi = u32() << 32 | u32();
                    long lo = u32() << 32 | u32();
                    return new Rdata.Aaaa(hi, lo);
                }
                case DnsType.NS -> { return new Rdata.Ns(name(rdEnd)); }
                case DnsType.CNAME -> { return new Rdata.Cname(name(rdEnd)); }
                case DnsType.PTR -> { return new Rdata.Ptr(name(rdEnd)); }
                case DnsType.MX -> {
                    if (len < 3) throw new DnsFormatException("MX data of " + len + " bytes is too short");
                    int pref = u16();
                    return new Rdata.Mx(pref, name(rdEnd));
                }
                case DnsType.SOA -> {
                    DnsName mname = name(rdEnd), rname = name(rdEnd);
                    if (rdEnd - p != 20) throw new DnsFormatException("SOA has " + (rdEnd - p) + " bytes after its names, not 20");
                    return new Rdata.Soa(mname, rname, u32(), u32(), u32(), u32(), u32());
                }
                case DnsType.TXT -> {
                    if (len == 0) throw new DnsFormatException("TXT data is empty");
                    List<String> strings = new ArrayList<>(1);
                    while (p < rdEnd) {
                        int n = b[p++] & 0xff;
                        if (rdEnd - p < n) throw new DnsFormatException("TXT string of " + n + " bytes past the record data");
                        strings.add(new String(b, p, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                        p += n;
                    }
                    return new Rdata.Txt(strings);
                }
                default -> { }
            }
            byte[] raw = Arrays.copyOfRange(b, p, rdEnd);
            p = rdEnd;
            return new Rdata.Unknown(type, raw);
        }

        /**
         * Reads a possibly compressed name at {@code p}; inline labels before the first jump must
         * end before {@code limit} (the record data's end for names inside RDATA).
         */
        private DnsName name(int limit) throws DnsFormatException {
            int q = p, len = 0, labels = 0;
            int after = -1;            // where reading resumes once the name ends (past the first pointer)
            int lowest = q;            // every pointer must aim below this: jumps strictly go backwards
            while (true) {
                if (q >= limit) throw new DnsFormatException("name runs past the end at offset " + (q - base));
                int c = b[q] & 0xff;
                if (c == 0) {
                    q++;
                    break;
                }
                switch (c & 0xc0) {
                    case 0xc0 -> {
                        if (q + 1 >= limit) throw new DnsFormatException("compression pointer cut off at offset " + (q - base));
                        int target = base + ((c & 0x3f) << 8 | b[q + 1] & 0xff);
                        if (target >= lowest) throw new DnsFormatException("compression pointer at offset " + (q - base) + " does not point backwards");
                        if (after < 0) after = q + 2;
                        lowest = target;
                        q = target;
                        limit = end;
                    }
                    case 0x00 -> {
                        if (q + 1 + c > limit) throw new DnsFormatException("label of " + c + " bytes past the end at offset " + (q - base));
                        if (len + 1 + c + 1 > DnsName.MAX_WIRE) throw new DnsFormatException("name longer than 255 bytes at offset " + (p - base));
                        System.arraycopy(b, q, scratch, len, c + 1);
                        len += c + 1;
                        labels++;
                        q += c + 1;
                    }
                    default -> throw new DnsFormatException("reserved label type 0x" + Integer.toHexString(c & 0xc0) + " at offset " + (q - base));
                }
            }
            p = after >= 0 ? after : q;
            if (labels == 0) return DnsName.ROOT;
            scratch[len++] = 0;
            return DnsName.ofCheckedWire(Arrays.copyOf(scratch, len), labels);
        }

        private void need(int n, String what) throws DnsFormatException {
            if (end - p < n) throw new DnsFormatException(what + " runs past the end at offset " + (p - base));
        }

        private int u16() {
            int v = (b[p] & 0xff) << 8 | b[p + 1] & 0xff;
            p += 2;
            return v;
        }

        private long u32() {
            long v = (long) (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff;
            p += 4;
            return v;
        }
    }

    // ---------------------------------------------------------------- encoding

    /** Encodes without a size limit short of 65535 bytes (TCP; past that the message is truncated). */
    public static byte[] encode(DnsMessage m) { return encode(m, MAX_MESSAGE); }

    /**
     * Encodes to at most {@code limit} bytes (at least 512 is used). A message that does not fit
     * loses its additional section first (RFC 2181 §9: no TC for that, except a referral whose glue
     * was dropped, RFC 9471); if it still does not fit it keeps the question, as many whole answer
     * RRsets as fit (never part of one) and the OPT record, and has TC set, so the client retries
     * over TCP.
     */
    public static byte[] encode(DnsMessage m, int limit) {
        limit = Math.min(MAX_MESSAGE, Math.max(UDP_LIMIT, limit));
        byte[] whole = encodeWithin(m, limit);
        if (whole != null) return whole;
        if (!m.additional().isEmpty()) {
            boolean referral = m.answers().isEmpty() && m.authority().stream().anyMatch(r -> r.type() == DnsType.NS);
            byte[] lean = encodeWithin(m.toBuilder().clearAdditional().tc(referral || m.tc()).build(), limit);
            if (lean != null) return lean;
        }
        // The most whole RRsets that fit: the size grows with the cut, so search the cuts by halves.
        List<Integer> cuts = rrsetCuts(m.answers());
        byte[] best = null;
        int lo = 0, hi = cuts.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            byte[] b = encodeWithin(m.toBuilder().clearSections().answers(m.answers().subList(0, cuts.get(mid))).tc(true).build(), limit);
            if (b != null) {
                best = b;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (best == null) throw new IllegalArgumentException("the question alone does not fit in " + limit + " bytes");
        return best;
    }

    private static byte[] encodeWithin(DnsMessage m, int limit) {
        Writer w = new Writer(Math.min(limit, 512));
        w.message(m);
        return w.pos <= limit ? w.bytes() : null;
    }

    /**
     * The answer counts that end on an RRset boundary: cutting the list there keeps no part of an
     * RRset (name, type, class) whose other records come later. Always starts with 0.
     */
    private static List<Integer> rrsetCuts(List<DnsRecord> answers) {
        java.util.Map<List<Object>, Integer> last = new java.util.HashMap<>();
        for (int i = 0; i < answers.size(); i++) last.put(rrsetKey(answers.get(i)), i);
        List<Integer> cuts = new ArrayList<>();
        cuts.add(0);
        int reach = -1;                   // the last index of any RRset begun so far
        for (int i = 0; i < answers.size(); i++) {
            reach = Math.max(reach, last.get(rrsetKey(answers.get(i))));
            if (reach == i) cuts.add(i + 1);
        }
        return cuts;
    }

    private static List<Object> rrsetKey(DnsRecord r) { return List.of(r.name(), r.type(), r.dnsClass()); }

    /** The UDP payload a response to {@code query} may take: 512, or the query's EDNS size if larger. */
    public static int udpLimit(DnsMessage query) {
        return query.hasEdns() ? Math.max(UDP_LIMIT, query.ednsPayloadSize()) : UDP_LIMIT;
    }

    /** The message with its 2-byte length prefix, as sent over TCP. */
    public static byte[] frameForTcp(byte[] message) {
        if (message.length > MAX_MESSAGE) throw new IllegalArgumentException("DNS message of " + message.length + " bytes exceeds 65535");
        byte[] out = new byte[message.length + 2];
        out[0] = (byte) (message.length >>> 8);
        out[1] = (byte) message.length;
        System.arraycopy(message, 0, out, 2, message.length);
        return out;
    }

    private static final class Writer {
        private byte[] buf;
        private int pos;
        // Compression table: names (suffixes) already written at offsets below 0x4000.
        private DnsName[] names = new DnsName[16];
        private int[] nameFrom = new int[16];     // the suffix's start inside the name's wire form
        private int[] offsets = new int[16];
        private int entries;

        Writer(int capacity) { buf = new byte[capacity]; }

        byte[] bytes() { return pos == buf.length ? buf : Arrays.copyOf(buf, pos); }

        void message(DnsMessage m) {
            u16(m.id());
            u16(m.flags());
            u16(m.questions().size());
            u16(m.answers().size());
            u16(m.authority().size());
            u16(m.additional().size() + (m.hasEdns() ? 1 : 0));
            for (DnsQuestion q : m.questions()) {
                name(q.name());
                u16(q.type());
                u16(q.dnsClass());
            }
            for (DnsRecord r : m.answers()) record(r);
            for (DnsRecord r : m.authority()) record(r);
            for (DnsRecord r : m.additional()) record(r);
            if (m.hasEdns()) {
                ensure(11);
                buf[pos++] = 0;                  // root owner
                u16(DnsType.OPT);
                u16(m.ednsPayloadSize());        // CLASS = requestor's UDP payload size
                u32(0);                          // extended RCODE 0, version 0, flags 0
                u16(0);                          // no options
            }
        }

        private void record(DnsRecord r) {
            if (r.type() == DnsType.OPT) throw new IllegalArgumentException("OPT is written from the message's EDNS size, not as a record");
            name(r.name());
            u16(r.type());
            u16(r.dnsClass());
            u32(r.ttl());
            int lengthAt = pos;
            u16(0);
            switch (r.data()) {
                case Rdata.A a -> u32(a.address());
                case Rdata.Aaaa a -> { u32((int) (a.high() >>> 32)); u32((int) a.high()); u32((int) (a.low() >>> 32)); u32((int) a.low()); }
                case Rdata.Ns ns -> name(ns.host());
                case Rdata.Cname c -> name(c.target());
                case Rdata.Ptr ptr -> name(ptr.target());
                case Rdata.Mx mx -> { u16(mx.preference()); name(mx.exchange()); }
                case Rdata.Soa s -> {
                    name(s.mname());
                    name(s.rname());
                    u32((int) s.serial()); u32((int) s.refresh()); u32((int) s.retry()); u32((int) s.expire()); u32((int) s.minimum());
                }
                case Rdata.Txt t -> {
                    for (String s : t.strings()) {
                        ensure(1 + s.length());
                        buf[pos++] = (byte) s.length();
                        for (int i = 0; i < s.length(); i++) buf[pos++] = (byte) s.charAt(i);
                    }
                }
                case Rdata.Unknown u -> { ensure(u.length()); u.copyTo(buf, pos); pos += u.length(); }
            }
            int rdlen = pos - lengthAt - 2;
            if (rdlen > 0xffff) throw new IllegalArgumentException("record data of " + rdlen + " bytes exceeds 65535");
            buf[lengthAt] = (byte) (rdlen >>> 8);
            buf[lengthAt + 1] = (byte) rdlen;
        }

        /** Writes {@code n}, pointing to an earlier copy of its longest already-written suffix. */
        private void name(DnsName n) {
            int from = 0;
            for (int label = 0; label < n.labelCount(); label++) {
                int at = find(n, from);
                if (at >= 0) {
                    u16(0xc000 | at);
                    return;
                }
                if (pos < 0x4000) remember(n, from, pos);
                int len = n.wireByte(from) & 0xff;
                ensure(len + 1);
                n.copyWire(from, buf, pos, len + 1);
                pos += len + 1;
                from += len + 1;
            }
            ensure(1);
            buf[pos++] = 0;
        }

        private int find(DnsName n, int from) {
            for (int i = 0; i < entries; i++) if (names[i].suffixEquals(nameFrom[i], n, from)) return offsets[i];
            return -1;
        }

        private void remember(DnsName n, int from, int offset) {
            if (entries == names.length) {
                names = Arrays.copyOf(names, entries * 2);
                nameFrom = Arrays.copyOf(nameFrom, entries * 2);
                offsets = Arrays.copyOf(offsets, entries * 2);
            }
            names[entries] = n;
            nameFrom[entries] = from;
            offsets[entries++] = offset;
        }

        private void ensure(int n) {
            if (pos + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }

        private void u16(int v) {
            ensure(2);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }

        private void u32(int v) {
            ensure(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }
    }
}
