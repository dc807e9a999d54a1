package elvis.routing.rip;

import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;

import java.util.ArrayList;
import java.util.List;

/**
 * A RIP message (RFC 2453 §4): a 4-byte header (command, version, two unused bytes sent as zero)
 * and 0 to {@link #MAX_ENTRIES} entries of 20 bytes (address family, route tag, IP address, subnet
 * mask, next hop, metric). The codec checks only the structure; what the entries mean (metric
 * range, address class, next hop on link) is the daemon's §3.9.2 check. {@link #parse} answers null
 * for anything malformed and never throws.
 */
public record RipMessage(int command, int version, List<Entry> entries) {
    public static final int PORT = 520;
    /** 224.0.0.9, where RIP-2 routers send their updates (§4.5). */
    public static final int GROUP = 0xE000_0009;
    public static final int REQUEST = 1, RESPONSE = 2;
    public static final int VERSION = 2;
    public static final int HEADER = 4, ENTRY = 20, MAX_ENTRIES = 25;
    /** The largest message: header and 25 entries. */
    public static final int MAX_LENGTH = HEADER + MAX_ENTRIES * ENTRY;
    public static final int INFINITY = 16;
    /** Address family of IPv4 entries; 0 in a whole-table request; 0xFFFF marks authentication (§4.1). */
    public static final int AFI_INET = 2, AFI_UNSPECIFIED = 0, AFI_AUTH = 0xFFFF;

    /**
     * One route entry. {@code metric} is the unsigned 32-bit field as read: a value above 2^31 is
     * negative here, which the daemon's range check rejects with the other out-of-range metrics.
     */
    public record Entry(int afi, int tag, int address, int mask, int nextHop, int metric) {
        public Entry {
            if ((afi | tag) >>> 16 != 0) throw new IllegalArgumentException("RIP entry: address family and route tag are 16-bit");
        }

        /** An IPv4 route to {@code address}/{@code mask} through {@code nextHop} (0: the sender) with no tag. */
        public static Entry route(int address, int mask, int nextHop, int metric) {
            return new Entry(AFI_INET, 0, address, mask, nextHop, metric);
        }

        @Override
        public String toString() {
            return "afi " + afi + " tag " + tag + " " + Ipv4Address.format(address) + "/" + Ipv4Address.format(mask)
                    + " via " + Ipv4Address.format(nextHop) + " metric " + Integer.toUnsignedString(metric);
        }
    }

    public RipMessage {
        if (command >>> 8 != 0 || version >>> 8 != 0) throw new IllegalArgumentException("RIP command and version are one byte each");
        if (entries.size() > MAX_ENTRIES) throw new IllegalArgumentException("a RIP message carries at most " + MAX_ENTRIES + " entries, not " + entries.size());
        entries = List.copyOf(entries);
    }

    public static RipMessage response(List<Entry> entries) { return new RipMessage(RESPONSE, VERSION, entries); }

    /** A request for the whole table: one entry of address family 0 and metric 16 (§3.9.1). */
    public static RipMessage wholeTableRequest() {
        return new RipMessage(REQUEST, VERSION, List.of(new Entry(AFI_UNSPECIFIED, 0, 0, 0, 0, INFINITY)));
    }

    public boolean isWholeTableRequest() {
        if (command != REQUEST || entries.size() != 1) return false;
        Entry e = entries.getFirst();
        return e.afi == AFI_UNSPECIFIED && e.metric == INFINITY;
    }

    /** Whether the first entry is an authentication entry (§4.1), which a router without keys discards. */
    public boolean authenticated() { return !entries.isEmpty() && entries.getFirst().afi == AFI_AUTH; }

    public int length() { return HEADER + ENTRY * entries.size(); }

    public byte[] encode() {
        byte[] b = new byte[length()];
        b[0] = (byte) command;
        b[1] = (byte) version;
        int at = HEADER;
        for (Entry e : entries) {
            b[at] = (byte) (e.afi >>> 8);
            b[at + 1] = (byte) e.afi;
            b[at + 2] = (byte) (e.tag >>> 8);
            b[at + 3] = (byte) e.tag;
            putInt(b, at + 4, e.address);
            putInt(b, at + 8, e.mask);
            putInt(b, at + 12, e.nextHop);
            putInt(b, at + 16, e.metric);
            at += ENTRY;
        }
        return b;
    }

    public Message toMessage() { return Message.wrap(encode()); }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /**
     * Decodes {@code m}; null when it is not a RIP message: shorter than the header, a length that is
     * not the header plus whole entries, more than 25 entries, a command other than request or
     * response, or version 0, which no RIP uses. The unused header bytes are ignored.
     */
    public static RipMessage parse(Message m) {
        int len = m.length();
        if (len < HEADER || len > MAX_LENGTH || (len - HEADER) % ENTRY != 0) return null;
        int command = m.u8(0), version = m.u8(1);
        if ((command != REQUEST && command != RESPONSE) || version == 0) return null;
        int n = (len - HEADER) / ENTRY;
        List<Entry> entries = new ArrayList<>(n);
        for (int at = HEADER; at < len; at += ENTRY)
            entries.add(new Entry(m.u16(at), m.u16(at + 2), m.i32(at + 4), m.i32(at + 8), m.i32(at + 12), m.i32(at + 16)));
        return new RipMessage(command, version, entries);
    }

    @Override
    public String toString() {
        return (command == REQUEST ? "RIP request" : command == RESPONSE ? "RIP response" : "RIP command " + command)
                + " v" + version + " " + entries;
    }
}
