package elvis.protocol.dns;

import java.util.Arrays;

/**
 * A domain name (RFC 1035 §3.1): labels of 1-63 bytes, at most 255 bytes in wire form counting
 * the length bytes and the final root label. Immutable; holds its uncompressed wire form, so
 * encoding copies one array. Equality and hashing ignore ASCII case (RFC 4343) but the name keeps
 * the case it was written with. Names are always absolute; {@link #ROOT} is ".".
 */
public final class DnsName {
    public static final int MAX_LABEL = 63;
    public static final int MAX_WIRE = 255;
    public static final DnsName ROOT = new DnsName(new byte[] {0}, 0);

    private final byte[] wire;       // length-prefixed labels ending in the zero byte
    private final int labels;
    private final int hash;

    private DnsName(byte[] wire, int labels) {
        this.wire = wire;
        this.labels = labels;
        int h = 1;
        for (byte b : wire) h = 31 * h + lower(b);
        this.hash = h;
    }

    /** Wraps a wire form the caller has checked and no longer changes (the decoder). */
    static DnsName ofCheckedWire(byte[] wire, int labels) { return new DnsName(wire, labels); }

    /**
     * Parses presentation form: "www.example.com", with or without the final dot, "." or "" for
     * the root; "\." escapes a dot inside a label and "\DDD" a byte in decimal.
     * @throws IllegalArgumentException naming what is wrong
     */
    public static DnsName of(String text) {
        try {
            return parse(text, null);
        } catch (DnsFormatException e) {
            throw new IllegalArgumentException(e.reason());
        }
    }

    /**
     * Parses {@code text} relative to {@code origin} as a zone file does: a name ending in a dot
     * is absolute, "@" is the origin itself, anything else has the origin appended. With a null
     * origin every name is absolute.
     */
    public static DnsName parse(String text, DnsName origin) throws DnsFormatException {
        if (origin != null && text.equals("@")) return origin;
        if (text.equals(".")) return ROOT;
        if (text.isEmpty()) {
            if (origin != null) throw new DnsFormatException("empty name");
            return ROOT;
        }
        byte[] out = new byte[MAX_WIRE + 1];
        int pos = 0, labelStart = 0, labels = 0;
        boolean absolute = false;
        out[pos++] = 0; // length of the first label, filled in when it ends
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                int len = pos - labelStart - 1;
                if (len == 0) throw new DnsFormatException("empty label in '" + text + "'");
                out[labelStart] = (byte) len;
                labels++;
                if (i == text.length() - 1) { absolute = true; break; }
                labelStart = pos;
                if (pos >= MAX_WIRE) throw new DnsFormatException("name longer than 255 bytes: '" + text + "'");
                out[pos++] = 0;
                continue;
            }
            int b;
            if (c == '\\') {
                if (i + 1 >= text.length()) throw new DnsFormatException("name ends in a backslash: '" + text + "'");
                char d = text.charAt(i + 1);
                if (d >= '0' && d <= '9') {
                    if (i + 3 >= text.length())
                        throw new DnsFormatException("\\DDD needs three digits in '" + text + "'");
                    int v = 0;
                    for (int k = 1; k <= 3; k++) {
                        char e = text.charAt(i + k);
                        if (e < '0' || e > '9') throw new DnsFormatException("\\DDD needs three digits in '" + text + "'");
                        v = v * 10 + (e - '0');
                    }
                    if (v > 255) throw new DnsFormatException("\\" + v + " is not a byte in '" + text + "'");
                    b = v;
                    i += 3;
                } else {
                    b = d;
                    i++;
                }
            } else {
                b = c;
            }
            if (b > 255) throw new DnsFormatException("character '" + c + "' outside ASCII/Latin-1 in '" + text + "'");
            if (pos - labelStart - 1 >= MAX_LABEL) throw new DnsFormatException("label longer than 63 bytes in '" + text + "'");
            if (pos >= MAX_WIRE) throw new DnsFormatException("name longer than 255 bytes: '" + text + "'");
            out[pos++] = (byte) b;
        }
        if (!absolute) {
            int len = pos - labelStart - 1;
            if (len == 0) throw new DnsFormatException("empty label in '" + text + "'");
            out[labelStart] = (byte) len;
            labels++;
            if (origin != null) {
                if (pos + origin.wire.length > MAX_WIRE) throw new DnsFormatException("name longer than 255 bytes: '" + text + "." + origin + "'");
                System.arraycopy(origin.wire, 0, out, pos, origin.wire.length);
                return new DnsName(Arrays.copyOf(out, pos + origin.wire.length), labels + origin.labels);
            }
        }
        if (pos >= MAX_WIRE) throw new DnsFormatException("name longer than 255 bytes: '" + text + "'");
        out[pos++] = 0;
        return new DnsName(Arrays.copyOf(out, pos), labels);
    }

    /** The number of labels, 0 for the root. */
    public int labelCount() { return labels; }

    /** Bytes this name takes uncompressed on the wire, 1 to 255. */
    public int wireLength() { return wire.length; }

    public boolean isRoot() { return labels == 0; }

    /** Label {@code i}, 0 being the leftmost, as raw bytes in Latin-1 (no escapes). */
    public String label(int i) {
        int p = offsetOfLabel(i);
        return new String(wire, p + 1, wire[p], java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** This name without its leftmost label; the root's parent is an error. */
    public DnsName parent() { return suffix(1); }

    /** The name made of the last {@code labelCount() - drop} labels. */
    public DnsName suffix(int drop) {
        if (drop < 0 || drop > labels) throw new IllegalArgumentException("cannot drop " + drop + " labels of " + this);
        if (drop == 0) return this;
        int p = offsetOfLabel(drop);
        return new DnsName(Arrays.copyOfRange(wire, p, wire.length), labels - drop);
    }

    /** {@code label.this}: one label prepended. */
    public DnsName child(String label) {
        try {
            return parse(label, this);
        } catch (DnsFormatException e) {
            throw new IllegalArgumentException(e.reason());
        }
    }

    /** True if this name is {@code ancestor} or below it ("www.example.com" is under "com" and "."). */
    public boolean isSubdomainOf(DnsName ancestor) {
        int drop = labels - ancestor.labels;
        if (drop < 0) return false;
        int p = offsetOfLabel(drop);
        if (wire.length - p != ancestor.wire.length) return false;
        for (int i = 0; i < ancestor.wire.length; i++) if (lower(wire[p + i]) != lower(ancestor.wire[i])) return false;
        return true;
    }

    int offsetOfLabel(int i) {
        if (i < 0 || i > labels) throw new IndexOutOfBoundsException("label " + i + " of " + labels);
        int p = 0;
        for (int k = 0; k < i; k++) p += (wire[p] & 0xff) + 1;
        return p;
    }

    /** Copies the wire form (for the encoder). */
    void copyWire(int from, byte[] dst, int dstOffset, int len) { System.arraycopy(wire, from, dst, dstOffset, len); }
    byte wireByte(int i) { return wire[i]; }

    /** Case-insensitive equality of this name's suffix starting at wire offset {@code from} and {@code other}'s from {@code otherFrom}. */
    boolean suffixEquals(int from, DnsName other, int otherFrom) {
        int len = wire.length - from;
        if (len != other.wire.length - otherFrom) return false;
        for (int i = 0; i < len; i++) if (lower(wire[from + i]) != lower(other.wire[otherFrom + i])) return false;
        return true;
    }

    /** The uncompressed wire form, a fresh copy. */
    public byte[] toWire() { return wire.clone(); }

    private static int lower(byte b) { return b >= 'A' && b <= 'Z' ? b + 32 : b & 0xff; }

    @Override public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof DnsName n) || n.hash != hash || n.wire.length != wire.length) return false;
        return suffixEquals(0, n, 0);
    }

    @Override public int hashCode() { return hash; }

    /** Presentation form, absolute with the final dot, as dig prints it: "www.example.com.". */
    @Override public String toString() {
        if (labels == 0) return ".";
        StringBuilder sb = new StringBuilder(wire.length + 4);
        int p = 0;
        while (wire[p] != 0) {
            int len = wire[p];
            for (int i = p + 1; i <= p + len; i++) appendEscaped(sb, wire[i] & 0xff);
            sb.append('.');
            p += len + 1;
        }
        return sb.toString();
    }

    private static void appendEscaped(StringBuilder sb, int b) {
        switch (b) {
            case '.', ';', '\\', '(', ')', '@', '$', '"' -> sb.append('\\').append((char) b);
            default -> {
                if (b < 0x21 || b > 0x7e) {
                    sb.append('\\');
                    if (b < 100) sb.append('0');
                    if (b < 10) sb.append('0');
                    sb.append(b);
                } else {
                    sb.append((char) b);
                }
            }
        }
    }
}
