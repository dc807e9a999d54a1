package elvis.routing.bgp;

import java.util.Arrays;

/**
 * The path attributes of an UPDATE (RFC 4271 §4.3, §5): ORIGIN, AS_PATH, NEXT_HOP,
 * MULTI_EXIT_DISC, LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR, COMMUNITIES (RFC 1997),
 * ORIGINATOR_ID and CLUSTER_LIST (RFC 4456), and any unrecognised optional transitive attributes,
 * kept as their encoded bytes with the Partial bit set (§5) so they pass on unchanged.
 *
 * <p>Immutable, with value equality, so one record is shared by every route that carries the same
 * attributes: speakers {@link BgpAttributeCache#intern intern} them, since a tier-1 router holds
 * thousands of routes with a few hundred distinct attribute sets. Absent optional 32-bit values are
 * -1; absent lists are empty arrays. Change one through {@link #toBuilder()}.
 */
public final class PathAttributes {
    // Type codes (RFC 4271 §5, RFC 1997, RFC 4456, RFC 6793).
    public static final int ORIGIN = 1, AS_PATH = 2, NEXT_HOP = 3, MULTI_EXIT_DISC = 4, LOCAL_PREF = 5,
            ATOMIC_AGGREGATE = 6, AGGREGATOR = 7, COMMUNITIES = 8, ORIGINATOR_ID = 9, CLUSTER_LIST = 10;
    // Flag bits (§4.3).
    public static final int OPTIONAL = 0x80, TRANSITIVE = 0x40, PARTIAL = 0x20, EXTENDED_LENGTH = 0x10;
    // ORIGIN values (§5.1.1), in the decision's order of preference.
    public static final int IGP = 0, EGP = 1, INCOMPLETE = 2;

    private static final int[] NONE = new int[0];
    private static final byte[] NO_BYTES = new byte[0];

    private final int origin;
    private final AsPath asPath;
    private final int nextHop;
    private final long med, localPref, aggregatorAs, originatorId;
    private final int aggregatorAddress;
    private final boolean atomicAggregate;
    private final int[] communities, clusterList;
    private final byte[] unknown;
    private final int hash;

    private PathAttributes(Builder b) {
        origin = b.origin;
        asPath = b.asPath;
        nextHop = b.nextHop;
        med = b.med;
        localPref = b.localPref;
        atomicAggregate = b.atomicAggregate;
        aggregatorAs = b.aggregatorAs;
        aggregatorAddress = b.aggregatorAddress;
        communities = b.communities;
        originatorId = b.originatorId;
        clusterList = b.clusterList;
        unknown = b.unknown;
        int h = origin;
        h = 31 * h + asPath.hashCode();
        h = 31 * h + nextHop;
        h = 31 * h + Long.hashCode(med);
        h = 31 * h + Long.hashCode(localPref);
        h = 31 * h + (atomicAggregate ? 1 : 0);
        h = 31 * h + Long.hashCode(aggregatorAs) + aggregatorAddress;
        h = 31 * h + Arrays.hashCode(communities);
        h = 31 * h + Long.hashCode(originatorId);
        h = 31 * h + Arrays.hashCode(clusterList);
        hash = 31 * h + Arrays.hashCode(unknown);
    }

    public int origin() { return origin; }
    public AsPath asPath() { return asPath; }
    public int nextHop() { return nextHop; }
    /** MULTI_EXIT_DISC, or -1 when absent. */
    public long med() { return med; }
    /** LOCAL_PREF, or -1 when absent. */
    public long localPref() { return localPref; }
    public boolean atomicAggregate() { return atomicAggregate; }
    /** AGGREGATOR's AS, or -1 when absent. */
    public long aggregatorAs() { return aggregatorAs; }
    public int aggregatorAddress() { return aggregatorAddress; }
    /** COMMUNITIES values (RFC 1997), in received order; a copy. */
    public int[] communities() { return communities.clone(); }
    public boolean hasCommunity(int community) {
        for (int c : communities) if (c == community) return true;
        return false;
    }
    /** ORIGINATOR_ID, or -1 when absent. */
    public long originatorId() { return originatorId; }
    /** CLUSTER_LIST, nearest reflector first; a copy. */
    public int[] clusterList() { return clusterList.clone(); }
    public int clusterListLength() { return clusterList.length; }
    public boolean clusterListContains(int clusterId) {
        for (int c : clusterList) if (c == clusterId) return true;
        return false;
    }
    /** The unrecognised optional transitive attributes, encoded (flags with Partial set, type, length, value). */
    public byte[] unknownTransitive() { return unknown.clone(); }

    public Builder toBuilder() { return new Builder(this); }

    public static Builder builder() { return new Builder(); }

    /** A mutable copy to change attributes in, e.g. by an import or export policy. */
    public static final class Builder {
        private int origin = IGP;
        private AsPath asPath = AsPath.EMPTY;
        private int nextHop;
        private long med = -1, localPref = -1, aggregatorAs = -1, originatorId = -1;
        private int aggregatorAddress;
        private boolean atomicAggregate;
        private int[] communities = NONE, clusterList = NONE;
        private byte[] unknown = NO_BYTES;

        private Builder() { }

        private Builder(PathAttributes a) {
            origin = a.origin;
            asPath = a.asPath;
            nextHop = a.nextHop;
            med = a.med;
            localPref = a.localPref;
            atomicAggregate = a.atomicAggregate;
            aggregatorAs = a.aggregatorAs;
            aggregatorAddress = a.aggregatorAddress;
            communities = a.communities;
            originatorId = a.originatorId;
            clusterList = a.clusterList;
            unknown = a.unknown;
        }

        public Builder origin(int v) {
            if (v < IGP || v > INCOMPLETE) throw new IllegalArgumentException("ORIGIN " + v);
            origin = v;
            return this;
        }
        public Builder asPath(AsPath v) { asPath = v; return this; }
        public Builder nextHop(int v) { nextHop = v; return this; }
        public Builder med(long v) { med = u32OrAbsent(v, "MED"); return this; }
        public Builder localPref(long v) { localPref = u32OrAbsent(v, "LOCAL_PREF"); return this; }
        public Builder atomicAggregate(boolean v) { atomicAggregate = v; return this; }
        /** AGGREGATOR (AS, address); an AS of -1 removes it. */
        public Builder aggregator(long as, int address) {
            aggregatorAs = u32OrAbsent(as, "AGGREGATOR AS");
            aggregatorAddress = as < 0 ? 0 : address;
            return this;
        }
        public Builder communities(int... v) { communities = v.length == 0 ? NONE : v.clone(); return this; }
        /** Adds a community unless present (RFC 1997 semantics: a set kept in order of arrival). */
        public Builder addCommunity(int c) {
            for (int x : communities) if (x == c) return this;
            communities = Arrays.copyOf(communities, communities.length + 1);
            communities[communities.length - 1] = c;
            return this;
        }
        public Builder originatorId(long v) { originatorId = u32OrAbsent(v, "ORIGINATOR_ID"); return this; }
        public Builder clusterList(int... v) { clusterList = v.length == 0 ? NONE : v.clone(); return this; }
        /** Prepends a cluster id, as a reflector does on reflecting (RFC 4456 §8). */
        public Builder prependCluster(int id) {
            int[] c = new int[clusterList.length + 1];
            c[0] = id;
            System.arraycopy(clusterList, 0, c, 1, clusterList.length);
            clusterList = c;
            return this;
        }
        /** Sets the encoded unknown transitive attributes (each must have Optional, Transitive and Partial set). */
        public Builder unknownTransitive(byte[] v) { unknown = v.length == 0 ? NO_BYTES : v.clone(); return this; }

        public PathAttributes build() { return new PathAttributes(this); }

        private static long u32OrAbsent(long v, String what) {
            if (v < -1 || v > 0xFFFF_FFFFL) throw new IllegalArgumentException(what + " " + v);
            return v;
        }
    }

    // ---- wire ----

    /** The attributes' encoded length (the UPDATE's Total Path Attribute Length). */
    int encodedLength(boolean fourByteAs) {
        int n = 3 + 1;                                             // ORIGIN
        int path = asPath.encodedLength(fourByteAs);
        n += (path > 255 ? 4 : 3) + path;                          // AS_PATH
        n += 3 + 4;                                                // NEXT_HOP
        if (med >= 0) n += 3 + 4;
        if (localPref >= 0) n += 3 + 4;
        if (atomicAggregate) n += 3;
        if (aggregatorAs >= 0) n += 3 + (fourByteAs ? 8 : 6);
        if (communities.length > 0) n += header(4 * communities.length) + 4 * communities.length;
        if (originatorId >= 0) n += 3 + 4;
        if (clusterList.length > 0) n += header(4 * clusterList.length) + 4 * clusterList.length;
        return n + unknown.length;
    }

    private static int header(int valueLength) { return valueLength > 255 ? 4 : 3; }

    /** Writes the attributes in type order at {@code at}; returns the next offset. */
    int encode(byte[] b, int at, boolean fourByteAs) {
        at = put(b, at, TRANSITIVE, ORIGIN, 1);
        b[at++] = (byte) origin;
        at = put(b, at, TRANSITIVE, AS_PATH, asPath.encodedLength(fourByteAs));
        at = asPath.encode(b, at, fourByteAs);
        at = putU32(b, at, TRANSITIVE, NEXT_HOP, nextHop);
        if (med >= 0) at = putU32(b, at, OPTIONAL, MULTI_EXIT_DISC, (int) med);
        if (localPref >= 0) at = putU32(b, at, TRANSITIVE, LOCAL_PREF, (int) localPref);
        if (atomicAggregate) at = put(b, at, TRANSITIVE, ATOMIC_AGGREGATE, 0);
        if (aggregatorAs >= 0) {
            at = put(b, at, OPTIONAL | TRANSITIVE, AGGREGATOR, fourByteAs ? 8 : 6);
            if (fourByteAs) {
                BgpMessage.putInt(b, at, (int) aggregatorAs);
                at += 4;
            } else {
                int two = aggregatorAs > 0xFFFF ? BgpMessage.AS_TRANS : (int) aggregatorAs;
                b[at++] = (byte) (two >>> 8);
                b[at++] = (byte) two;
            }
            BgpMessage.putInt(b, at, aggregatorAddress);
            at += 4;
        }
        if (communities.length > 0) at = putInts(b, at, OPTIONAL | TRANSITIVE, COMMUNITIES, communities);
        if (originatorId >= 0) at = putU32(b, at, OPTIONAL, ORIGINATOR_ID, (int) originatorId);
        if (clusterList.length > 0) at = putInts(b, at, OPTIONAL, CLUSTER_LIST, clusterList);
        System.arraycopy(unknown, 0, b, at, unknown.length);
        return at + unknown.length;
    }

    private static int put(byte[] b, int at, int flags, int type, int len) {
        if (len > 255) {
            b[at] = (byte) (flags | EXTENDED_LENGTH);
            b[at + 1] = (byte) type;
            b[at + 2] = (byte) (len >>> 8);
            b[at + 3] = (byte) len;
            return at + 4;
        }
        b[at] = (byte) flags;
        b[at + 1] = (byte) type;
        b[at + 2] = (byte) len;
        return at + 3;
    }

    private static int putU32(byte[] b, int at, int flags, int type, int v) {
        at = put(b, at, flags, type, 4);
        BgpMessage.putInt(b, at, v);
        return at + 4;
    }

    private static int putInts(byte[] b, int at, int flags, int type, int[] vs) {
        at = put(b, at, flags, type, 4 * vs.length);
        for (int v : vs) {
            BgpMessage.putInt(b, at, v);
            at += 4;
        }
        return at;
    }

    /**
     * Decodes {@code len} bytes of path attributes at {@code at} (RFC 4271 §6.3). Returns null when
     * there are none at all; {@code nlri} says whether the UPDATE carries NLRI, which makes ORIGIN,
     * AS_PATH and NEXT_HOP mandatory.
     *
     * @throws BgpError an UPDATE Message Error with the RFC's subcode and data
     */
    static PathAttributes decode(byte[] b, int at, int len, boolean nlri, boolean fourByteAs) throws BgpError {
        if (len == 0 && !nlri) return null;
        Builder a = new Builder();
        int end = at + len;
        long seen = 0;                                  // bit per type code < 64, to find duplicates
        java.io.ByteArrayOutputStream unknownOut = null;
        while (at < end) {
            if (at + 3 > end) throw update(BgpError.MALFORMED_ATTRIBUTE_LIST);
            int flags = b[at] & 0xFF, type = b[at + 1] & 0xFF;
            int head = (flags & EXTENDED_LENGTH) != 0 ? 4 : 3;
            if (at + head > end) throw update(BgpError.MALFORMED_ATTRIBUTE_LIST);
            int vlen = head == 4 ? (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF) : b[at + 2] & 0xFF;
            int v = at + head;
            if (v + vlen > end) throw update(BgpError.MALFORMED_ATTRIBUTE_LIST);
            byte[] whole = Arrays.copyOfRange(b, at, v + vlen);
            if (type < 64) {
                if ((seen & 1L << type) != 0) throw update(BgpError.MALFORMED_ATTRIBUTE_LIST);
                seen |= 1L << type;
            }
            switch (type) {
                case ORIGIN -> {
                    wellKnown(flags, whole);
                    length(vlen == 1, whole);
                    int o = b[v] & 0xFF;
                    if (o > INCOMPLETE) throw new BgpError(BgpError.UPDATE, BgpError.INVALID_ORIGIN, whole);
                    a.origin = o;
                }
                case AS_PATH -> {
                    wellKnown(flags, whole);
                    AsPath p = AsPath.decode(b, v, vlen, fourByteAs);
                    if (p == null) throw update(BgpError.MALFORMED_AS_PATH);
                    a.asPath = p;
                }
                case NEXT_HOP -> {
                    wellKnown(flags, whole);
                    length(vlen == 4, whole);
                    int nh = BgpMessage.getInt(b, v);
                    // Syntactic check (§6.3): neither 0.0.0.0 nor class D/E; the session checks the rest.
                    if (nh == 0 || (nh >>> 28) >= 0xE) throw new BgpError(BgpError.UPDATE, BgpError.INVALID_NEXT_HOP, whole);
                    a.nextHop = nh;
                }
                case MULTI_EXIT_DISC -> {
                    optional(flags, false, whole);
                    length(vlen == 4, whole);
                    a.med = BgpMessage.getInt(b, v) & 0xFFFF_FFFFL;
                }
                case LOCAL_PREF -> {
                    wellKnown(flags, whole);
                    length(vlen == 4, whole);
                    a.localPref = BgpMessage.getInt(b, v) & 0xFFFF_FFFFL;
                }
                case ATOMIC_AGGREGATE -> {
                    wellKnown(flags, whole);
                    length(vlen == 0, whole);
                    a.atomicAggregate = true;
                }
                case AGGREGATOR -> {
                    optional(flags, true, whole);
                    length(vlen == (fourByteAs ? 8 : 6), whole);
                    a.aggregatorAs = fourByteAs ? BgpMessage.getInt(b, v) & 0xFFFF_FFFFL : (b[v] & 0xFF) << 8 | (b[v + 1] & 0xFF);
                    a.aggregatorAddress = BgpMessage.getInt(b, v + (fourByteAs ? 4 : 2));
                }
                case COMMUNITIES -> {
                    optional(flags, true, whole);
                    length(vlen > 0 && vlen % 4 == 0, whole);
                    a.communities = ints(b, v, vlen);
                }
                case ORIGINATOR_ID -> {
                    optional(flags, false, whole);
                    length(vlen == 4, whole);
                    a.originatorId = BgpMessage.getInt(b, v) & 0xFFFF_FFFFL;
                }
                case CLUSTER_LIST -> {
                    optional(flags, false, whole);
                    length(vlen > 0 && vlen % 4 == 0, whole);
                    a.clusterList = ints(b, v, vlen);
                }
                default -> {
                    if ((flags & OPTIONAL) == 0) throw new BgpError(BgpError.UPDATE, BgpError.UNRECOGNIZED_WELL_KNOWN, whole);
                    if ((flags & TRANSITIVE) != 0) {                 // kept and passed on, marked Partial (§5)
                        whole[0] |= PARTIAL;
                        if (unknownOut == null) unknownOut = new java.io.ByteArrayOutputStream();
                        unknownOut.writeBytes(whole);
                    }                                                // optional non-transitive: quietly ignored
                }
            }
            at = v + vlen;
        }
        if (nlri) {
            for (int t : new int[] {ORIGIN, AS_PATH, NEXT_HOP})
                if ((seen & 1L << t) == 0) throw new BgpError(BgpError.UPDATE, BgpError.MISSING_WELL_KNOWN, new byte[] {(byte) t});
        }
        if (unknownOut != null) a.unknown = unknownOut.toByteArray();
        return a.build();
    }

    private static BgpError update(int subcode) { return new BgpError(BgpError.UPDATE, subcode, new byte[0]); }

    /** Well-known attributes: Optional clear, Transitive set, Partial clear (§6.3 Attribute Flags Error). */
    private static void wellKnown(int flags, byte[] whole) throws BgpError {
        if ((flags & (OPTIONAL | TRANSITIVE | PARTIAL)) != TRANSITIVE)
            throw new BgpError(BgpError.UPDATE, BgpError.ATTRIBUTE_FLAGS, whole);
    }

    /** Optional attributes: Optional set, Transitive as the type says; Partial only on transitive ones. */
    private static void optional(int flags, boolean transitive, byte[] whole) throws BgpError {
        int want = OPTIONAL | (transitive ? TRANSITIVE : 0);
        int mask = transitive ? OPTIONAL | TRANSITIVE : OPTIONAL | TRANSITIVE | PARTIAL;
        if ((flags & mask) != want) throw new BgpError(BgpError.UPDATE, BgpError.ATTRIBUTE_FLAGS, whole);
    }

    private static void length(boolean ok, byte[] whole) throws BgpError {
        if (!ok) throw new BgpError(BgpError.UPDATE, BgpError.ATTRIBUTE_LENGTH, whole);
    }

    private static int[] ints(byte[] b, int at, int len) {
        int[] r = new int[len / 4];
        for (int i = 0; i < r.length; i++) r[i] = BgpMessage.getInt(b, at + 4 * i);
        return r;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) return true;                                   // interned sets: the usual case
        return o instanceof PathAttributes p && p.hash == hash && p.origin == origin && p.nextHop == nextHop
                && p.med == med && p.localPref == localPref && p.atomicAggregate == atomicAggregate
                && p.aggregatorAs == aggregatorAs && p.aggregatorAddress == aggregatorAddress
                && p.originatorId == originatorId && p.asPath.equals(asPath)
                && Arrays.equals(p.communities, communities) && Arrays.equals(p.clusterList, clusterList)
                && Arrays.equals(p.unknown, unknown);
    }

    @Override
    public int hashCode() { return hash; }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[origin=").append(switch (origin) { case IGP -> "i"; case EGP -> "e"; default -> "?"; })
                .append(" path=").append(asPath)
                .append(" nh=").append(elvis.protocol.ipv4.Ipv4Address.format(nextHop));
        if (med >= 0) s.append(" med=").append(med);
        if (localPref >= 0) s.append(" lp=").append(localPref);
        if (atomicAggregate) s.append(" atomic");
        if (aggregatorAs >= 0) s.append(" aggregator=").append(aggregatorAs).append('/').append(elvis.protocol.ipv4.Ipv4Address.format(aggregatorAddress));
        if (communities.length > 0) {
            s.append(" communities=");
            for (int i = 0; i < communities.length; i++) s.append(i > 0 ? "," : "").append(communities[i] >>> 16).append(':').append(communities[i] & 0xFFFF);
        }
        if (originatorId >= 0) s.append(" originator=").append(elvis.protocol.ipv4.Ipv4Address.format((int) originatorId));
        if (clusterList.length > 0) s.append(" clusters=").append(clusterList.length);
        if (unknown.length > 0) s.append(" unknown=").append(unknown.length).append('B');
        return s.append(']').toString();
    }
}
