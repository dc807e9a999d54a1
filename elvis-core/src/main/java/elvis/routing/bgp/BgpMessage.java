package elvis.routing.bgp;

import elvis.routing.Prefix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A BGP-4 message (RFC 4271 §4) with 4-octet AS numbers (RFC 6793): the 19-byte header (16-byte
 * all-ones marker, length 19..4096, type) and an OPEN, UPDATE, NOTIFICATION or KEEPALIVE body.
 * {@link #parse} checks the header and body as §6.1–§6.3 say and throws a {@link BgpError} whose
 * NOTIFICATION the session sends; it throws nothing else, whatever the bytes.
 */
public sealed interface BgpMessage {
    int PORT = 179;
    int HEADER_LENGTH = 19, MAX_LENGTH = 4096, VERSION = 4;
    int OPEN = 1, UPDATE = 2, NOTIFICATION = 3, KEEPALIVE = 4;
    /** The 2-octet stand-in for a 4-octet AS number (RFC 6793 §9). */
    int AS_TRANS = 23456;
    /** Capability codes (RFC 5492 registry): multiprotocol, route refresh, 4-octet AS. */
    int CAP_MULTIPROTOCOL = 1, CAP_ROUTE_REFRESH = 2, CAP_FOUR_OCTET_AS = 65;

    int type();

    /** The message's bytes, header included; AS numbers take 4 octets when {@code fourByteAs}. */
    byte[] encode(boolean fourByteAs);

    /** A capability advertised in an OPEN (RFC 5492): code and value. */
    record Capability(int code, byte[] value) {
        public Capability {
            if (code < 0 || code > 255 || value.length > 255) throw new IllegalArgumentException("capability " + code);
            value = value.clone();
        }

        public static Capability fourOctetAs(long asn) {
            byte[] v = new byte[4];
            putInt(v, 0, (int) asn);
            return new Capability(CAP_FOUR_OCTET_AS, v);
        }

        @Override
        public boolean equals(Object o) { return o instanceof Capability c && c.code == code && Arrays.equals(c.value, value); }

        @Override
        public int hashCode() { return 31 * code + Arrays.hashCode(value); }
    }

    /**
     * OPEN (§4.2): version 4, My Autonomous System (AS_TRANS when the AS needs 4 octets), Hold
     * Time, BGP Identifier, and capabilities in Optional Parameters of type 2 (RFC 5492).
     */
    record Open(int version, int myAs, int holdTime, int bgpIdentifier, List<Capability> capabilities) implements BgpMessage {
        public Open {
            capabilities = List.copyOf(capabilities);
        }

        /** Our OPEN: the 4-octet AS capability carries {@code asn}, and route refresh is offered. */
        public static Open of(long asn, int holdTime, int bgpIdentifier) {
            int two = asn > 0xFFFF ? AS_TRANS : (int) asn;
            return new Open(VERSION, two, holdTime, bgpIdentifier,
                    List.of(new Capability(CAP_ROUTE_REFRESH, new byte[0]), Capability.fourOctetAs(asn)));
        }

        @Override
        public int type() { return OPEN; }

        /** Whether the peer supports 4-octet AS numbers (RFC 6793 §3). */
        public boolean fourByteAs() { return capability(CAP_FOUR_OCTET_AS) != null; }

        /** The speaker's AS: from the 4-octet capability when present, else My Autonomous System. */
        public long asn() {
            Capability c = capability(CAP_FOUR_OCTET_AS);
            return c != null ? getInt(c.value, 0) & 0xFFFF_FFFFL : myAs;
        }

        public Capability capability(int code) {
            for (Capability c : capabilities) if (c.code == code) return c;
            return null;
        }

        @Override
        public byte[] encode(boolean fourByteAs) {
            int caps = 0;
            for (Capability c : capabilities) caps += 2 + c.value.length;
            int params = caps == 0 ? 0 : 2 + caps;
            if (caps > 253) throw new IllegalArgumentException("capabilities too long: " + caps);
            byte[] b = header(OPEN, HEADER_LENGTH + 10 + params);
            int at = HEADER_LENGTH;
            b[at++] = (byte) version;
            b[at++] = (byte) (myAs >>> 8);
            b[at++] = (byte) myAs;
            b[at++] = (byte) (holdTime >>> 8);
            b[at++] = (byte) holdTime;
            putInt(b, at, bgpIdentifier);
            at += 4;
            b[at++] = (byte) params;
            if (caps > 0) {
                b[at++] = 2;                        // Optional Parameter type: Capabilities
                b[at++] = (byte) caps;
                for (Capability c : capabilities) {
                    b[at++] = (byte) c.code;
                    b[at++] = (byte) c.value.length;
                    System.arraycopy(c.value, 0, b, at, c.value.length);
                    at += c.value.length;
                }
            }
            return b;
        }
    }

    /**
     * UPDATE (§4.3): withdrawn prefixes, path attributes (null when the UPDATE has none, i.e. it only
     * withdraws) and the NLRI they apply to.
     */
    record Update(List<Prefix> withdrawn, PathAttributes attributes, List<Prefix> nlri) implements BgpMessage {
        public Update {
            withdrawn = List.copyOf(withdrawn);
            nlri = List.copyOf(nlri);
            if (!nlri.isEmpty() && attributes == null) throw new IllegalArgumentException("NLRI without path attributes");
        }

        public static Update withdraw(List<Prefix> prefixes) { return new Update(prefixes, null, List.of()); }

        public static Update announce(PathAttributes attributes, List<Prefix> nlri) { return new Update(List.of(), attributes, nlri); }

        @Override
        public int type() { return UPDATE; }

        /** The encoded size of the UPDATE, to keep one within {@link #MAX_LENGTH}. */
        public int encodedLength(boolean fourByteAs) {
            return HEADER_LENGTH + 4 + prefixesLength(withdrawn)
                    + (attributes == null ? 0 : attributes.encodedLength(fourByteAs)) + prefixesLength(nlri);
        }

        @Override
        public byte[] encode(boolean fourByteAs) {
            int w = prefixesLength(withdrawn), a = attributes == null ? 0 : attributes.encodedLength(fourByteAs);
            int len = HEADER_LENGTH + 4 + w + a + prefixesLength(nlri);
            if (len > MAX_LENGTH) throw new IllegalArgumentException("UPDATE of " + len + " bytes exceeds " + MAX_LENGTH);
            byte[] b = header(UPDATE, len);
            int at = HEADER_LENGTH;
            b[at++] = (byte) (w >>> 8);
            b[at++] = (byte) w;
            at = putPrefixes(b, at, withdrawn);
            b[at++] = (byte) (a >>> 8);
            b[at++] = (byte) a;
            if (attributes != null) at = attributes.encode(b, at, fourByteAs);
            putPrefixes(b, at, nlri);
            return b;
        }
    }

    /** NOTIFICATION (§4.5): error code, subcode and data; the connection closes after it. */
    record Notification(int code, int subcode, byte[] data) implements BgpMessage {
        public Notification {
            data = data.clone();
        }

        @Override
        public int type() { return NOTIFICATION; }

        @Override
        public byte[] encode(boolean fourByteAs) {
            int len = Math.min(MAX_LENGTH, HEADER_LENGTH + 2 + data.length);
            byte[] b = header(NOTIFICATION, len);
            b[HEADER_LENGTH] = (byte) code;
            b[HEADER_LENGTH + 1] = (byte) subcode;
            System.arraycopy(data, 0, b, HEADER_LENGTH + 2, len - HEADER_LENGTH - 2);
            return b;
        }

        @Override
        public boolean equals(Object o) { return o instanceof Notification n && n.code == code && n.subcode == subcode && Arrays.equals(n.data, data); }

        @Override
        public int hashCode() { return 31 * (31 * code + subcode) + Arrays.hashCode(data); }

        @Override
        public String toString() { return "Notification[" + BgpError.name(code) + ", subcode " + subcode + ", " + data.length + " data bytes]"; }
    }

    /** KEEPALIVE (§4.4): the header alone. */
    record Keepalive() implements BgpMessage {
        public static final Keepalive INSTANCE = new Keepalive();

        @Override
        public int type() { return KEEPALIVE; }

        @Override
        public byte[] encode(boolean fourByteAs) { return header(KEEPALIVE, HEADER_LENGTH); }
    }

    // ---- decoding ----

    /**
     * The length the header at {@code at} announces, after checking the marker and the length's
     * range (§6.1); the framer waits for that many bytes.
     */
    static int frameLength(byte[] b, int at) throws BgpError {
        for (int i = 0; i < 16; i++)
            if (b[at + i] != (byte) 0xFF) throw new BgpError(BgpError.HEADER, BgpError.CONNECTION_NOT_SYNCHRONIZED, new byte[0]);
        int len = (b[at + 16] & 0xFF) << 8 | (b[at + 17] & 0xFF);
        if (len < HEADER_LENGTH || len > MAX_LENGTH)
            throw new BgpError(BgpError.HEADER, BgpError.BAD_MESSAGE_LENGTH, new byte[] {b[at + 16], b[at + 17]});
        return len;
    }

    /** Decodes one whole message (its header's length equals {@code b.length}). */
    public static BgpMessage parse(byte[] b, boolean fourByteAs) throws BgpError {
        if (b.length < HEADER_LENGTH) throw new BgpError(BgpError.HEADER, BgpError.BAD_MESSAGE_LENGTH, new byte[0]);
        int len = frameLength(b, 0);
        byte[] lenField = {b[16], b[17]};
        if (len != b.length) throw new BgpError(BgpError.HEADER, BgpError.BAD_MESSAGE_LENGTH, lenField);
        int type = b[18] & 0xFF;
        int min = switch (type) {
            case OPEN -> 29;
            case UPDATE -> 23;
            case NOTIFICATION -> 21;
            case KEEPALIVE -> HEADER_LENGTH;
            default -> throw new BgpError(BgpError.HEADER, BgpError.BAD_MESSAGE_TYPE, new byte[] {(byte) type});
        };
        if (len < min || (type == KEEPALIVE && len != HEADER_LENGTH))
            throw new BgpError(BgpError.HEADER, BgpError.BAD_MESSAGE_LENGTH, lenField);
        return switch (type) {
            case OPEN -> parseOpen(b);
            case UPDATE -> parseUpdate(b, fourByteAs);
            case NOTIFICATION -> new Notification(b[19] & 0xFF, b[20] & 0xFF, Arrays.copyOfRange(b, 21, len));
            default -> Keepalive.INSTANCE;
        };
    }

    /** §6.2: version, hold time and optional parameters; the session checks AS and identifier. */
    private static Open parseOpen(byte[] b) throws BgpError {
        int at = HEADER_LENGTH;
        int version = b[at] & 0xFF;
        if (version != VERSION) throw new BgpError(BgpError.OPEN, BgpError.UNSUPPORTED_VERSION, new byte[] {0, VERSION});
        int myAs = (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
        int hold = (b[at + 3] & 0xFF) << 8 | (b[at + 4] & 0xFF);
        if (hold == 1 || hold == 2) throw new BgpError(BgpError.OPEN, BgpError.UNACCEPTABLE_HOLD_TIME, new byte[0]);
        int id = getInt(b, at + 5);
        int plen = b[at + 9] & 0xFF;
        at += 10;
        if (at + plen != b.length) throw new BgpError(BgpError.HEADER, BgpError.BAD_MESSAGE_LENGTH, new byte[] {b[16], b[17]});
        List<Capability> caps = new ArrayList<>();
        for (int end = at + plen; at < end; ) {
            if (at + 2 > end) throw new BgpError(BgpError.OPEN, 0, new byte[0]);
            int ptype = b[at] & 0xFF, pl = b[at + 1] & 0xFF;
            int v = at + 2;
            if (v + pl > end) throw new BgpError(BgpError.OPEN, 0, new byte[0]);
            if (ptype != 2) throw new BgpError(BgpError.OPEN, BgpError.UNSUPPORTED_OPTIONAL_PARAMETER, new byte[0]);
            for (int c = v; c < v + pl; ) {
                if (c + 2 > v + pl) throw new BgpError(BgpError.OPEN, 0, new byte[0]);
                int code = b[c] & 0xFF, cl = b[c + 1] & 0xFF;
                if (c + 2 + cl > v + pl) throw new BgpError(BgpError.OPEN, 0, new byte[0]);
                if (code == CAP_FOUR_OCTET_AS && cl != 4) throw new BgpError(BgpError.OPEN, 0, new byte[0]);
                caps.add(new Capability(code, Arrays.copyOfRange(b, c + 2, c + 2 + cl)));
                c += 2 + cl;
            }
            at = v + pl;
        }
        return new Open(version, myAs, hold, id, caps);
    }

    /** §6.3: the two length fields, prefixes and attributes. */
    private static Update parseUpdate(byte[] b, boolean fourByteAs) throws BgpError {
        int at = HEADER_LENGTH, len = b.length;
        int w = (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
        at += 2;
        if (at + w + 2 > len) throw new BgpError(BgpError.UPDATE, BgpError.MALFORMED_ATTRIBUTE_LIST, new byte[0]);
        List<Prefix> withdrawn = parsePrefixes(b, at, w);
        at += w;
        int a = (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
        at += 2;
        if (at + a > len) throw new BgpError(BgpError.UPDATE, BgpError.MALFORMED_ATTRIBUTE_LIST, new byte[0]);
        List<Prefix> nlri = parsePrefixes(b, at + a, len - at - a);
        PathAttributes attrs = PathAttributes.decode(b, at, a, !nlri.isEmpty(), fourByteAs);
        return new Update(withdrawn, attrs, nlri);
    }

    /** Prefixes as (length, the significant octets); trailing bits are masked off (§4.3). */
    private static List<Prefix> parsePrefixes(byte[] b, int at, int len) throws BgpError {
        if (len == 0) return List.of();
        List<Prefix> r = new ArrayList<>();
        for (int end = at + len; at < end; ) {
            int bits = b[at] & 0xFF, octets = (bits + 7) / 8;
            if (bits > 32 || at + 1 + octets > end) throw new BgpError(BgpError.UPDATE, BgpError.INVALID_NETWORK_FIELD, new byte[0]);
            int addr = 0;
            for (int i = 0; i < octets; i++) addr |= (b[at + 1 + i] & 0xFF) << (24 - 8 * i);
            r.add(new Prefix(bits == 0 ? 0 : addr & -1 << (32 - bits), bits));
            at += 1 + octets;
        }
        return r;
    }

    // ---- encoding helpers ----

    /** The octets a prefix takes in withdrawn routes or NLRI. */
    static int prefixLength(Prefix p) { return 1 + (p.length() + 7) / 8; }

    static int prefixesLength(List<Prefix> ps) {
        int n = 0;
        for (Prefix p : ps) n += prefixLength(p);
        return n;
    }

    private static int putPrefixes(byte[] b, int at, List<Prefix> ps) {
        for (Prefix p : ps) {
            b[at++] = (byte) p.length();
            for (int i = 0, n = (p.length() + 7) / 8; i < n; i++) b[at++] = (byte) (p.address() >>> (24 - 8 * i));
        }
        return at;
    }

    private static byte[] header(int type, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, 0, 16, (byte) 0xFF);
        b[16] = (byte) (length >>> 8);
        b[17] = (byte) length;
        b[18] = (byte) type;
        return b;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
