package elvis.routing.ospf;

import elvis.message.NetworkOrder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An OSPFv2 link-state advertisement (RFC 2328 §12, A.4): the 20-byte header (age, options, type,
 * link-state id, advertising router, sequence number, Fletcher checksum, length) and its body. Router
 * LSAs (type 1, A.4.2), network LSAs (type 2, A.4.3) and AS-external LSAs (type 5, A.4.5: its TOS 0
 * metric, E bit, forwarding address and route tag) are decoded; other types keep their body bytes. Immutable: the database ages an LSA
 * by the time it has held it, and {@link #withAge} makes the copy sent with a new age (the checksum
 * does not cover the age, §12.1.7). A header-only LSA (in DD and LSAck packets) has a null body.
 */
public final class Lsa {
    public static final int HEADER = 20;
    public static final int ROUTER = 1, NETWORK = 2, AS_EXTERNAL = 5;
    /** An AS-external metric of this is unreachable (Appendix B LSInfinity). */
    public static final int LS_INFINITY = 0xFF_FFFF;
    /** Router-LSA link types (A.4.2). */
    public static final int POINT_TO_POINT = 1, TRANSIT = 2, STUB = 3, VIRTUAL = 4;
    /** Router-LSA flags: virtual-link endpoint, AS boundary, area border. */
    public static final int FLAG_V = 4, FLAG_E = 2, FLAG_B = 1;
    /** Architectural constants (Appendix B), in seconds. */
    public static final int MAX_AGE = 3600, MAX_AGE_DIFF = 900, LS_REFRESH_TIME = 1800;
    public static final int INITIAL_SEQUENCE = 0x80000001, MAX_SEQUENCE = 0x7FFFFFFF;

    /** One link of a router LSA (TOS 0 only; the TOS entries of a received one are kept for re-encoding). */
    public record Link(int id, int data, int type, int metric, int[] tos) {
        public Link(int id, int data, int type, int metric) { this(id, data, type, metric, NO_TOS); }

        @Override
        public boolean equals(Object o) {
            return o instanceof Link l && l.id == id && l.data == data && l.type == type && l.metric == metric && Arrays.equals(l.tos, tos);
        }

        @Override
        public int hashCode() { return ((id * 31 + data) * 31 + type) * 31 + metric; }
    }

    private static final int[] NO_TOS = new int[0];

    public final int age, options, type, id, advRouter, seq, checksum, length;
    /** The body's bytes (after the header); null for a header only. */
    private final byte[] body;
    /** Router LSA: flags and links; network LSA: mask and attached routers; AS-external LSA: mask and the fields below. */
    public final int flags, mask;
    public final List<Link> links;
    public final int[] attached;
    /** AS-external LSA, TOS 0: the metric, whether it is a type 2 metric (E bit), the forwarding address and the route tag. */
    public final int metric, forwarding, tag;
    public final boolean type2;

    private Lsa(int age, int options, int type, int id, int advRouter, int seq, int checksum, int length, byte[] body,
                int flags, List<Link> links, int mask, int[] attached) {
        this(age, options, type, id, advRouter, seq, checksum, length, body, flags, links, mask, attached, 0, false, 0, 0);
    }

    private Lsa(int age, int options, int type, int id, int advRouter, int seq, int checksum, int length, byte[] body,
                int flags, List<Link> links, int mask, int[] attached, int metric, boolean type2, int forwarding, int tag) {
        this.age = age;
        this.options = options;
        this.type = type;
        this.id = id;
        this.advRouter = advRouter;
        this.seq = seq;
        this.checksum = checksum;
        this.length = length;
        this.body = body;
        this.flags = flags;
        this.links = links;
        this.mask = mask;
        this.attached = attached;
        this.metric = metric;
        this.type2 = type2;
        this.forwarding = forwarding;
        this.tag = tag;
    }

    /** A new router LSA of {@code routerId}, its checksum computed. */
    public static Lsa router(int options, int routerId, int seq, int flags, List<Link> links) {
        int n = 4;
        for (Link l : links) n += 12 + 4 * l.tos().length;
        byte[] b = new byte[n];
        b[0] = (byte) flags;
        NetworkOrder.put16(b, 2, links.size());
        int at = 4;
        for (Link l : links) {
            NetworkOrder.put32(b, at, l.id());
            NetworkOrder.put32(b, at + 4, l.data());
            b[at + 8] = (byte) l.type();
            b[at + 9] = (byte) l.tos().length;
            NetworkOrder.put16(b, at + 10, l.metric());
            at += 12;
            for (int t : l.tos()) { NetworkOrder.put32(b, at, t); at += 4; }
        }
        return originate(options, ROUTER, routerId, routerId, seq, b, flags, List.copyOf(links), 0, null);
    }

    /** A new network LSA for the DR's interface {@code drAddress}, listing the routers fully adjacent to it and itself. */
    public static Lsa network(int options, int drAddress, int drRouterId, int seq, int mask, int[] attached) {
        byte[] b = new byte[4 + 4 * attached.length];
        NetworkOrder.put32(b, 0, mask);
        for (int i = 0; i < attached.length; i++) NetworkOrder.put32(b, 4 + 4 * i, attached[i]);
        return originate(options, NETWORK, drAddress, drRouterId, seq, b, 0, null, mask, attached.clone());
    }

    /**
     * A new AS-external LSA of ASBR {@code advRouter} for the network {@code id}/{@code mask} (§12.4.4):
     * TOS 0 only, the given metric, E bit set for a type 2 metric, forwarding address and route tag.
     */
    public static Lsa external(int options, int id, int advRouter, int seq, int mask, int metric, boolean type2, int forwarding, int tag) {
        byte[] b = new byte[16];
        NetworkOrder.put32(b, 0, mask);
        NetworkOrder.put32(b, 4, (type2 ? 0x8000_0000 : 0) | metric & LS_INFINITY);
        NetworkOrder.put32(b, 8, forwarding);
        NetworkOrder.put32(b, 12, tag);
        return originate(options, AS_EXTERNAL, id, advRouter, seq, b, 0, null, mask, null, metric & LS_INFINITY, type2, forwarding, tag);
    }

    private static Lsa originate(int options, int type, int id, int adv, int seq, byte[] body, int flags, List<Link> links, int mask, int[] attached) {
        return originate(options, type, id, adv, seq, body, flags, links, mask, attached, 0, false, 0, 0);
    }

    private static Lsa originate(int options, int type, int id, int adv, int seq, byte[] body, int flags, List<Link> links, int mask, int[] attached,
                                 int metric, boolean type2, int forwarding, int tag) {
        int length = HEADER + body.length;
        Lsa unsummed = new Lsa(0, options, type, id, adv, seq, 0, length, body, flags, links, mask, attached, metric, type2, forwarding, tag);
        byte[] all = unsummed.encode();
        int sum = fletcher(all, 2, length - 2, 14);
        return new Lsa(0, options, type, id, adv, seq, sum, length, body, flags, links, mask, attached, metric, type2, forwarding, tag);
    }

    /** The same LSA with another age; the checksum stays valid. */
    public Lsa withAge(int newAge) {
        return new Lsa(newAge, options, type, id, advRouter, seq, checksum, length, body, flags, links, mask, attached, metric, type2, forwarding, tag);
    }

    /** Just the header, as DD and LSAck packets carry it. */
    public Lsa header() {
        return body == null ? this : new Lsa(age, options, type, id, advRouter, seq, checksum, length, null, flags, null, mask, null);
    }

    public boolean isHeaderOnly() { return body == null; }

    public LsaKey key() { return new LsaKey(type, id, advRouter); }

    /** Writes the header (and the body unless header-only) at {@code at}; returns the end. */
    public int writeTo(byte[] b, int at) {
        NetworkOrder.put16(b, at, age);
        b[at + 2] = (byte) options;
        b[at + 3] = (byte) type;
        NetworkOrder.put32(b, at + 4, id);
        NetworkOrder.put32(b, at + 8, advRouter);
        NetworkOrder.put32(b, at + 12, seq);
        NetworkOrder.put16(b, at + 16, checksum);
        NetworkOrder.put16(b, at + 18, length);
        if (body == null) return at + HEADER;
        System.arraycopy(body, 0, b, at + HEADER, body.length);
        return at + length;
    }

    /** Bytes this LSA takes in a packet: its length, or the header alone. */
    public int encodedLength() { return body == null ? HEADER : length; }

    public byte[] encode() {
        byte[] b = new byte[encodedLength()];
        writeTo(b, 0);
        return b;
    }

    /** A header at {@code at} of {@code b}; null when its length field is below 20 or its type is 0. */
    static Lsa parseHeader(byte[] b, int at) {
        int length = NetworkOrder.u16(b, at + 18), type = b[at + 3] & 0xFF;
        if (length < HEADER || type == 0) return null;
        return new Lsa(NetworkOrder.u16(b, at), b[at + 2] & 0xFF, type, NetworkOrder.i32(b, at + 4), NetworkOrder.i32(b, at + 8),
                NetworkOrder.i32(b, at + 12), NetworkOrder.u16(b, at + 16), length, null, 0, null, 0, null);
    }

    /**
     * A whole LSA at {@code at} of {@code b}, no further than {@code end}; null when malformed: less
     * than a header before the end, a length below 20 or past the end, a bad Fletcher checksum, an age above MaxAge, the reserved
     * sequence number 0x80000000, or a router, network or AS-external body that does not add up to its
     * length (an AS-external one: a mask and 12-byte TOS entries, the first for TOS 0).
     */
    static Lsa parse(byte[] b, int at, int end) {
        if (at + HEADER > end) return null;
        Lsa h = parseHeader(b, at);
        if (h == null || at + h.length > end || h.age > MAX_AGE || h.seq == Integer.MIN_VALUE) return null;
        if (fletcher(b, at + 2, h.length - 2, -1) != 0) return null;
        byte[] body = Arrays.copyOfRange(b, at + HEADER, at + h.length);
        int n = body.length;
        switch (h.type) {
            case ROUTER -> {
                if (n < 4) return null;
                int count = NetworkOrder.u16(body, 2), p = 4;
                List<Link> links = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    if (p + 12 > n) return null;
                    int tosCount = body[p + 9] & 0xFF;
                    if (p + 12 + 4 * tosCount > n) return null;
                    int[] tos = tosCount == 0 ? NO_TOS : new int[tosCount];
                    for (int k = 0; k < tosCount; k++) tos[k] = NetworkOrder.i32(body, p + 12 + 4 * k);
                    int linkType = body[p + 8] & 0xFF;
                    if (linkType < POINT_TO_POINT || linkType > VIRTUAL) return null;
                    links.add(new Link(NetworkOrder.i32(body, p), NetworkOrder.i32(body, p + 4), linkType, NetworkOrder.u16(body, p + 10), tos));
                    p += 12 + 4 * tosCount;
                }
                if (p != n || (body[1] != 0)) return null;
                return new Lsa(h.age, h.options, ROUTER, h.id, h.advRouter, h.seq, h.checksum, h.length, body, body[0] & 0xFF, List.copyOf(links), 0, null);
            }
            case NETWORK -> {
                if (n < 8 || n % 4 != 0) return null;
                int[] att = new int[n / 4 - 1];
                for (int i = 0; i < att.length; i++) att[i] = NetworkOrder.i32(body, 4 + 4 * i);
                return new Lsa(h.age, h.options, NETWORK, h.id, h.advRouter, h.seq, h.checksum, h.length, body, 0, null, NetworkOrder.i32(body, 0), att);
            }
            case AS_EXTERNAL -> {
                if (n < 16 || (n - 4) % 12 != 0 || (body[4] & 0x7F) != 0) return null;
                int word = NetworkOrder.i32(body, 4);
                return new Lsa(h.age, h.options, AS_EXTERNAL, h.id, h.advRouter, h.seq, h.checksum, h.length, body, 0, null, NetworkOrder.i32(body, 0), null,
                        word & LS_INFINITY, word < 0, NetworkOrder.i32(body, 8), NetworkOrder.i32(body, 12));
            }
            default -> {
                return new Lsa(h.age, h.options, h.type, h.id, h.advRouter, h.seq, h.checksum, h.length, body, 0, null, 0, null);
            }
        }
    }

    /**
     * The Fletcher checksum of ISO 8473 (RFC 2328 §12.1.7, RFC 905 Annex B) over {@code len} bytes
     * from {@code off}. With {@code checksumAt} ≥ 0 (relative to {@code off}) the two bytes there are
     * taken as zero and the answer is the value to store there; with -1 the answer is 0 iff the
     * bytes, checksum included, verify.
     */
    public static int fletcher(byte[] b, int off, int len, int checksumAt) {
        int c0 = 0, c1 = 0;
        for (int i = 0; i < len; i++) {
            int v = checksumAt >= 0 && (i == checksumAt || i == checksumAt + 1) ? 0 : b[off + i] & 0xFF;
            c0 += v;
            if (c0 >= 255) c0 -= 255;
            c1 += c0;
            if (c1 >= 255) c1 -= 255;
        }
        if (checksumAt < 0) return c0 == 0 && c1 == 0 ? 0 : 1;
        int x = (int) (((long) (len - checksumAt - 1) * c0 - c1) % 255);
        if (x <= 0) x += 255;
        int y = 510 - c0 - x;
        if (y > 255) y -= 255;
        return x << 8 | y;
    }

    /**
     * Which of two instances of one LSA is newer (§13.1): positive when this one is, 0 when they are
     * the same instance. Higher sequence number, then higher checksum, then MaxAge, then an age
     * younger by more than MaxAgeDiff.
     */
    public int compareInstance(Lsa o, int myAge, int otherAge) {
        if (seq != o.seq) return Integer.compare(seq, o.seq);
        if (checksum != o.checksum) return Integer.compare(checksum, o.checksum);
        boolean meMax = myAge >= MAX_AGE, otherMax = otherAge >= MAX_AGE;
        if (meMax != otherMax) return meMax ? 1 : -1;
        if (Math.abs(myAge - otherAge) > MAX_AGE_DIFF) return myAge < otherAge ? 1 : -1;
        return 0;
    }

    /** Same bytes apart from the age: what §13's "same instance" and the fuzz round trip compare. */
    public boolean sameContents(Lsa o) {
        return type == o.type && id == o.id && advRouter == o.advRouter && seq == o.seq && checksum == o.checksum
                && length == o.length && options == o.options && Arrays.equals(body, o.body);
    }

    @Override
    public String toString() {
        return "LSA[type " + type + " id " + elvis.protocol.ipv4.Ipv4Address.format(id) + " adv " + elvis.protocol.ipv4.Ipv4Address.format(advRouter)
                + " seq 0x" + Integer.toHexString(seq) + " age " + age + "]";
    }
}
