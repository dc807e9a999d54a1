package elvis.routing.ospf;

import elvis.message.Checksum;
import elvis.message.Message;
import elvis.message.NetworkOrder;

import java.util.ArrayList;
import java.util.List;

/**
 * An OSPFv2 packet (RFC 2328 A.3), decoded from and encoded to the real bytes: the 24-byte header
 * (version 2, type, length, router id, area id, checksum, AuType, authentication) and one of the five
 * bodies: Hello (A.3.2), Database Description (A.3.3), Link State Request (A.3.4), Link State Update
 * (A.3.5) and Link State Acknowledgment (A.3.6). The checksum is the Internet checksum of the whole
 * packet but the 8 authentication bytes (A.3.1). {@link #parse} answers null for anything malformed
 * (the daemon counts an {@link OspfDrop#OSPF_MALFORMED}); it never throws.
 *
 * <p>Fields are public and mutable: a packet is built, sent and forgotten within one event; the
 * fields of the types it is not are left at their defaults.
 */
public final class OspfPacket {
    public static final int HEADER = 24, VERSION = 2, PROTOCOL = 89;
    public static final int HELLO = 1, DB_DESCRIPTION = 2, LS_REQUEST = 3, LS_UPDATE = 4, LS_ACK = 5;
    /** DD flags (A.3.3): Init, More, Master. */
    public static final int FLAG_I = 4, FLAG_M = 2, FLAG_MS = 1;
    /** The E-bit of the options field (A.2): this area takes external routes. */
    public static final int OPTION_E = 2;
    /** AllSPFRouters and AllDRouters (A.1). */
    public static final int ALL_SPF_ROUTERS = 0xE0000005, ALL_D_ROUTERS = 0xE0000006;

    public int type, routerId, areaId, auType;
    public long authentication;

    // Hello
    public int networkMask, helloInterval, options, priority, deadInterval, designatedRouter, backupDesignatedRouter;
    public int[] neighbors = new int[0];
    // Database Description
    public int mtu, ddFlags, ddSequence;
    /** DD and LSAck: LSA headers; LSU: whole LSAs. */
    public List<Lsa> lsas = List.of();
    // Link State Request
    public List<LsaKey> requests = List.of();

    public OspfPacket() { }

    public OspfPacket(int type, int routerId, int areaId) {
        this.type = type;
        this.routerId = routerId;
        this.areaId = areaId;
    }

    public int encodedLength() {
        return HEADER + switch (type) {
            case HELLO -> 20 + 4 * neighbors.length;
            case DB_DESCRIPTION -> 8 + lsaBytes();
            case LS_REQUEST -> 12 * requests.size();
            case LS_UPDATE -> 4 + lsaBytes();
            default -> lsaBytes();
        };
    }

    private int lsaBytes() {
        int n = 0;
        for (Lsa l : lsas) n += type == LS_UPDATE ? l.length : Lsa.HEADER;
        return n;
    }

    /** The packet's bytes with its length and checksum filled in. */
    public byte[] encode() {
        int len = encodedLength();
        byte[] b = new byte[len];
        b[0] = VERSION;
        b[1] = (byte) type;
        NetworkOrder.put16(b, 2, len);
        NetworkOrder.put32(b, 4, routerId);
        NetworkOrder.put32(b, 8, areaId);
        NetworkOrder.put16(b, 14, auType);
        int at = HEADER;
        switch (type) {
            case HELLO -> {
                NetworkOrder.put32(b, at, networkMask);
                NetworkOrder.put16(b, at + 4, helloInterval);
                b[at + 6] = (byte) options;
                b[at + 7] = (byte) priority;
                NetworkOrder.put32(b, at + 8, deadInterval);
                NetworkOrder.put32(b, at + 12, designatedRouter);
                NetworkOrder.put32(b, at + 16, backupDesignatedRouter);
                at += 20;
                for (int n : neighbors) { NetworkOrder.put32(b, at, n); at += 4; }
            }
            case DB_DESCRIPTION -> {
                NetworkOrder.put16(b, at, mtu);
                b[at + 2] = (byte) options;
                b[at + 3] = (byte) ddFlags;
                NetworkOrder.put32(b, at + 4, ddSequence);
                at += 8;
                for (Lsa l : lsas) at = l.header().writeTo(b, at);
            }
            case LS_REQUEST -> {
                for (LsaKey k : requests) {
                    NetworkOrder.put32(b, at, k.type());
                    NetworkOrder.put32(b, at + 4, k.id());
                    NetworkOrder.put32(b, at + 8, k.advRouter());
                    at += 12;
                }
            }
            case LS_UPDATE -> {
                NetworkOrder.put32(b, at, lsas.size());
                at += 4;
                for (Lsa l : lsas) {
                    if (l.isHeaderOnly()) throw new IllegalStateException("an LS update carries whole LSAs: " + l);
                    at = l.writeTo(b, at);
                }
            }
            case LS_ACK -> { for (Lsa l : lsas) at = l.header().writeTo(b, at); }
            default -> throw new IllegalStateException("OSPF packet type " + type);
        }
        NetworkOrder.put16(b, 12, checksum(b, len));
        // The authentication field is written after the checksum, which does not cover it (A.3.1).
        NetworkOrder.put32(b, 16, (int) (authentication >>> 32));
        NetworkOrder.put32(b, 20, (int) authentication);
        return b;
    }

    public Message toMessage() { return Message.wrap(encode()); }

    /** The Internet checksum of the first 16 bytes and of everything after the authentication field. */
    private static int checksum(byte[] b, int len) {
        return Checksum.finish((long) Checksum.sum(b, 0, 16) + Checksum.sum(b, HEADER, len - HEADER));
    }

    /**
     * Decodes {@code m}; null when it is not a well-formed OSPFv2 packet: shorter than its header or
     * than its length field (bytes past that length are ignored, as IP padding), a version other than
     * 2, an unknown type, a bad checksum, an AuType other than null (0) or simple password (1), or a
     * body that does not fit its length (a Hello shorter than 20 bytes, a list not a whole number of
     * entries, an LSU whose LSAs do not add up or have bad checksums).
     */
    public static OspfPacket parse(Message m) {
        int avail = m.length();
        if (avail < HEADER) return null;
        byte[] b = m.toByteArray();
        int len = NetworkOrder.u16(b, 2);
        if (b[0] != VERSION || len < HEADER || len > avail) return null;
        OspfPacket p = new OspfPacket(b[1] & 0xFF, NetworkOrder.i32(b, 4), NetworkOrder.i32(b, 8));
        p.auType = NetworkOrder.u16(b, 14);
        if (p.auType > 1) return null;
        int sum = NetworkOrder.u16(b, 12);
        b[12] = 0;
        b[13] = 0;
        if (checksum(b, len) != sum) return null;
        p.authentication = (long) NetworkOrder.i32(b, 16) << 32 | (NetworkOrder.i32(b, 20) & 0xFFFF_FFFFL);
        int at = HEADER, n = len - HEADER;
        switch (p.type) {
            case HELLO -> {
                if (n < 20 || n % 4 != 0) return null;
                p.networkMask = NetworkOrder.i32(b, at);
                p.helloInterval = NetworkOrder.u16(b, at + 4);
                p.options = b[at + 6] & 0xFF;
                p.priority = b[at + 7] & 0xFF;
                p.deadInterval = NetworkOrder.i32(b, at + 8);
                p.designatedRouter = NetworkOrder.i32(b, at + 12);
                p.backupDesignatedRouter = NetworkOrder.i32(b, at + 16);
                p.neighbors = new int[(n - 20) / 4];
                for (int i = 0; i < p.neighbors.length; i++) p.neighbors[i] = NetworkOrder.i32(b, at + 20 + 4 * i);
            }
            case DB_DESCRIPTION -> {
                if (n < 8 || (n - 8) % Lsa.HEADER != 0) return null;
                p.mtu = NetworkOrder.u16(b, at);
                p.options = b[at + 2] & 0xFF;
                p.ddFlags = b[at + 3] & 0xFF;
                p.ddSequence = NetworkOrder.i32(b, at + 4);
                p.lsas = headers(b, at + 8, len);
                if (p.lsas == null) return null;
            }
            case LS_REQUEST -> {
                if (n % 12 != 0) return null;
                List<LsaKey> r = new ArrayList<>(n / 12);
                for (int i = at; i < len; i += 12) r.add(new LsaKey(NetworkOrder.i32(b, i), NetworkOrder.i32(b, i + 4), NetworkOrder.i32(b, i + 8)));
                p.requests = r;
            }
            case LS_UPDATE -> {
                if (n < 4) return null;
                long count = NetworkOrder.i32(b, at) & 0xFFFF_FFFFL;
                if (count > n / Lsa.HEADER) return null;
                List<Lsa> l = new ArrayList<>((int) count);
                int i = at + 4;
                for (long k = 0; k < count; k++) {
                    Lsa lsa = Lsa.parse(b, i, len);
                    if (lsa == null) return null;
                    l.add(lsa);
                    i += lsa.length;
                }
                if (i != len) return null;
                p.lsas = l;
            }
            case LS_ACK -> {
                if (n % Lsa.HEADER != 0) return null;
                p.lsas = headers(b, at, len);
                if (p.lsas == null) return null;
            }
            default -> { return null; }
        }
        return p;
    }

    private static List<Lsa> headers(byte[] b, int from, int end) {
        List<Lsa> l = new ArrayList<>((end - from) / Lsa.HEADER);
        for (int i = from; i < end; i += Lsa.HEADER) {
            Lsa h = Lsa.parseHeader(b, i);
            if (h == null) return null;
            l.add(h);
        }
        return l;
    }

    public static String typeName(int type) {
        return switch (type) {
            case HELLO -> "Hello";
            case DB_DESCRIPTION -> "DD";
            case LS_REQUEST -> "LSR";
            case LS_UPDATE -> "LSU";
            case LS_ACK -> "LSAck";
            default -> "type " + type;
        };
    }

    @Override
    public String toString() { return "OSPF " + typeName(type) + " from " + elvis.protocol.ipv4.Ipv4Address.format(routerId); }
}
