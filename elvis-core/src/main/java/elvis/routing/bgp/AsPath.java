package elvis.routing.bgp;

import java.util.Arrays;

/**
 * An AS_PATH (RFC 4271 §4.3, §5.1.2) of 4-octet AS numbers (RFC 6793): segments of type
 * {@link #SET}, {@link #SEQUENCE} or, from confederations (RFC 5065), {@link #CONFED_SEQUENCE} and
 * {@link #CONFED_SET}. Immutable; kept as one {@code int[]} of segment headers
 * ({@code type << 8 | count}) each followed by its AS numbers (unsigned 32-bit in an int), so a path
 * of n ASes costs one array of n + segments ints.
 */
public final class AsPath {
    public static final int SET = 1, SEQUENCE = 2, CONFED_SEQUENCE = 3, CONFED_SET = 4;
    /** The most ASes one segment holds: its count is one octet. */
    public static final int MAX_SEGMENT = 255;
    public static final AsPath EMPTY = new AsPath(new int[0]);

    private final int[] words;
    private final int hash;

    private AsPath(int[] words) {
        this.words = words;
        this.hash = Arrays.hashCode(words);
    }

    /** A path of one SEQUENCE of {@code asns}, nearest first (split at 255 per segment). */
    public static AsPath sequence(long... asns) {
        AsPath p = EMPTY;
        for (int i = asns.length - 1; i >= 0; i--) p = p.prepend(asns[i]);
        return p;
    }

    /** Builds a path segment by segment; {@link #add} checks types and counts. */
    public static final class Builder {
        private int[] words = new int[8];
        private int size;

        public Builder add(int type, long... asns) {
            if (type < SET || type > CONFED_SET) throw new IllegalArgumentException("AS_PATH segment type " + type);
            if (asns.length == 0 || asns.length > MAX_SEGMENT) throw new IllegalArgumentException("AS_PATH segment of " + asns.length + " ASes");
            ensure(1 + asns.length);
            words[size++] = type << 8 | asns.length;
            for (long a : asns) words[size++] = asn(a);
            return this;
        }

        private void ensure(int more) {
            if (size + more > words.length) words = Arrays.copyOf(words, Math.max(words.length * 2, size + more));
        }

        public AsPath build() { return size == 0 ? EMPTY : new AsPath(Arrays.copyOf(words, size)); }
    }

    private static int asn(long a) {
        if (a < 0 || a > 0xFFFF_FFFFL) throw new IllegalArgumentException("AS number " + a);
        return (int) a;
    }

    public int segmentCount() {
        int n = 0;
        for (int i = 0; i < words.length; i += 1 + (words[i] & 0xFF)) n++;
        return n;
    }

    /** Whether the path has no segment at all (a route originated in our own AS). */
    public boolean isEmpty() { return words.length == 0; }

    /**
     * The length the decision process compares (RFC 4271 §9.1.2.2 a): a SET counts as 1 however
     * many ASes it holds, a SEQUENCE as its count, confederation segments as 0 (RFC 5065 §5.3).
     */
    public int pathLength() {
        int n = 0;
        for (int i = 0; i < words.length; i += 1 + (words[i] & 0xFF)) {
            int type = words[i] >>> 8;
            if (type == SEQUENCE) n += words[i] & 0xFF;
            else if (type == SET) n++;
        }
        return n;
    }

    /** Whether {@code asn} occurs anywhere in the path (loop detection, RFC 4271 §9.1.2). */
    public boolean contains(long asn) {
        int a = (int) asn;
        for (int i = 0; i < words.length; i += 1 + (words[i] & 0xFF))
            for (int k = 1, n = words[i] & 0xFF; k <= n; k++) if (words[i + k] == a) return true;
        return false;
    }

    /**
     * The neighbouring AS the path was learned from (the first AS of a leading SEQUENCE), used to
     * compare MEDs (§9.1.2.2 c); 0 when the path is empty or starts with a SET.
     */
    public long firstAs() {
        return words.length > 0 && words[0] >>> 8 == SEQUENCE ? words[1] & 0xFFFF_FFFFL : 0;
    }

    /** The AS that originated the route (the last AS of a trailing SEQUENCE); 0 when there is none. */
    public long originAs() {
        int last = -1;
        for (int i = 0; i < words.length; i += 1 + (words[i] & 0xFF)) last = i;
        if (last < 0 || words[last] >>> 8 != SEQUENCE) return 0;
        return words[last + (words[last] & 0xFF)] & 0xFFFF_FFFFL;
    }

    /** This path with {@code asn} prepended (§5.1.2): into a leading SEQUENCE with room, else as a new one. */
    public AsPath prepend(long asn) {
        int a = asn(asn);
        if (words.length > 0 && words[0] >>> 8 == SEQUENCE && (words[0] & 0xFF) < MAX_SEGMENT) {
            int[] w = new int[words.length + 1];
            w[0] = words[0] + 1;
            w[1] = a;
            System.arraycopy(words, 1, w, 2, words.length - 1);
            return new AsPath(w);
        }
        int[] w = new int[words.length + 2];
        w[0] = SEQUENCE << 8 | 1;
        w[1] = a;
        System.arraycopy(words, 0, w, 2, words.length);
        return new AsPath(w);
    }

    /** The encoded size in an AS_PATH attribute value, with 4- or 2-octet AS numbers. */
    int encodedLength(boolean fourByteAs) {
        int segments = segmentCount();
        return 2 * segments + (fourByteAs ? 4 : 2) * (words.length - segments);
    }

    /**
     * Writes the attribute value at {@code at}; with 2-octet AS numbers an AS above 65535 is written
     * as AS_TRANS (RFC 6793 §4.2.2). Returns the next offset.
     */
    int encode(byte[] b, int at, boolean fourByteAs) {
        for (int i = 0; i < words.length; ) {
            int n = words[i] & 0xFF;
            b[at++] = (byte) (words[i] >>> 8);
            b[at++] = (byte) n;
            for (int k = 1; k <= n; k++) {
                int a = words[i + k];
                if (fourByteAs) {
                    BgpMessage.putInt(b, at, a);
                    at += 4;
                } else {
                    int two = Integer.compareUnsigned(a, 0xFFFF) > 0 ? BgpMessage.AS_TRANS : a;
                    b[at++] = (byte) (two >>> 8);
                    b[at++] = (byte) two;
                }
            }
            i += 1 + n;
        }
        return at;
    }

    /** Decodes an AS_PATH value; null when a segment has a bad type, a zero count or overruns the value. */
    static AsPath decode(byte[] b, int at, int len, boolean fourByteAs) {
        int end = at + len, width = fourByteAs ? 4 : 2;
        Builder builder = new Builder();
        while (at < end) {
            if (at + 2 > end) return null;
            int type = b[at] & 0xFF, n = b[at + 1] & 0xFF;
            at += 2;
            if (type < SET || type > CONFED_SET || n == 0 || at + n * width > end) return null;
            long[] asns = new long[n];
            for (int k = 0; k < n; k++, at += width)
                asns[k] = fourByteAs ? BgpMessage.getInt(b, at) & 0xFFFF_FFFFL : (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
            builder.add(type, asns);
        }
        return builder.build();
    }

    @Override
    public boolean equals(Object o) { return o == this || o instanceof AsPath p && p.hash == hash && Arrays.equals(p.words, words); }

    @Override
    public int hashCode() { return hash; }

    /** As routers print it: "65001 65002 {7 8}", with confederation segments in parentheses. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words.length; i += 1 + (words[i] & 0xFF)) {
            int type = words[i] >>> 8, n = words[i] & 0xFF;
            if (!s.isEmpty()) s.append(' ');
            String open = switch (type) { case SET -> "{"; case CONFED_SEQUENCE -> "("; case CONFED_SET -> "[" ; default -> ""; };
            String close = switch (type) { case SET -> "}"; case CONFED_SEQUENCE -> ")"; case CONFED_SET -> "]"; default -> ""; };
            s.append(open);
            for (int k = 1; k <= n; k++) {
                if (k > 1) s.append(' ');
                s.append(Integer.toUnsignedString(words[i + k]));
            }
            s.append(close);
        }
        return s.toString();
    }
}
