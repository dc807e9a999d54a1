package elvis.protocol.dns;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The typed RDATA of a resource record. One record class per type the simulator understands;
 * {@link Unknown} keeps any other type's bytes as they came, so a message round-trips.
 * All immutable. Presentation forms ({@link #toString()}) are those of dig and zone files.
 */
public sealed interface Rdata {
    int type();

    /** An IPv4 address, as the int the IPv4 layer uses. */
    record A(int address) implements Rdata {
        public int type() { return DnsType.A; }
        @Override public String toString() {
            return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
        }
    }

    record Ns(DnsName host) implements Rdata {
        public int type() { return DnsType.NS; }
        @Override public String toString() { return host.toString(); }
    }

    record Cname(DnsName target) implements Rdata {
        public int type() { return DnsType.CNAME; }
        @Override public String toString() { return target.toString(); }
    }

    record Ptr(DnsName target) implements Rdata {
        public int type() { return DnsType.PTR; }
        @Override public String toString() { return target.toString(); }
    }

    /** The 32-bit fields are unsigned on the wire; held as longs 0..2^32-1. */
    record Soa(DnsName mname, DnsName rname, long serial, long refresh, long retry, long expire, long minimum) implements Rdata {
        public Soa {
            for (long v : new long[] {serial, refresh, retry, expire, minimum})
                if (v < 0 || v > 0xffffffffL) throw new IllegalArgumentException("SOA field " + v + " is not a 32-bit unsigned number");
        }
        public int type() { return DnsType.SOA; }
        @Override public String toString() {
            return mname + " " + rname + " " + serial + " " + refresh + " " + retry + " " + expire + " " + minimum;
        }
    }

    record Mx(int preference, DnsName exchange) implements Rdata {
        public Mx {
            if (preference < 0 || preference > 0xffff) throw new IllegalArgumentException("MX preference " + preference + " is not 0-65535");
        }
        public int type() { return DnsType.MX; }
        @Override public String toString() { return preference + " " + exchange; }
    }

    /**
     * One or more character-strings of up to 255 bytes each. Each string holds the bytes as
     * Latin-1 chars (one char per byte, 0-255), so any byte sequence round-trips.
     */
    record Txt(List<String> strings) implements Rdata {
        public Txt {
            strings = List.copyOf(strings);
            if (strings.isEmpty()) throw new IllegalArgumentException("TXT needs at least one string");
            for (String s : strings) {
                if (s.length() > 255) throw new IllegalArgumentException("TXT string longer than 255 bytes");
                for (int i = 0; i < s.length(); i++)
                    if (s.charAt(i) > 255) throw new IllegalArgumentException("TXT string has a character above 255; encode it as bytes");
            }
        }
        /** A TXT record of one string given as text, stored UTF-8 encoded. */
        public static Txt ofUtf8(String text) {
            return new Txt(List.of(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
        }
        public int type() { return DnsType.TXT; }
        @Override public String toString() {
            StringBuilder sb = new StringBuilder();
            for (String s : strings) {
                if (!sb.isEmpty()) sb.append(' ');
                sb.append('"');
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c == '"' || c == '\\') sb.append('\\').append(c);
                    else if (c < 0x20 || c > 0x7e) sb.append('\\').append(String.format("%03d", (int) c));
                    else sb.append(c);
                }
                sb.append('"');
            }
            return sb.toString();
        }
    }

    /** An IPv6 address as two 64-bit halves (data only: the simulator has no IPv6 stack). */
    record Aaaa(long high, long low) implements Rdata {
        public int type() { return DnsType.AAAA; }
        /** RFC 5952 text: lower case, longest run of two or more zero groups as "::". */
        @Override public String toString() {
            int[] g = new int[8];
            for (int i = 0; i < 4; i++) {
                g[i] = (int) (high >>> (48 - 16 * i)) & 0xffff;
                g[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xffff;
            }
            int bestStart = -1, bestLen = 1;
            for (int i = 0; i < 8; ) {
                if (g[i] != 0) { i++; continue; }
                int j = i;
                while (j < 8 && g[j] == 0) j++;
                if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
                i = j;
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) { sb.append("::"); i += bestLen - 1; continue; }
                if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') sb.append(':');
                sb.append(Integer.toHexString(g[i]));
            }
            return sb.toString();
        }
    }

    /** A type this simulator does not interpret: its RDATA bytes, kept for round trips. */
    record Unknown(int type, byte[] data) implements Rdata {
        public Unknown {
            if (type < 0 || type > 0xffff) throw new IllegalArgumentException("type " + type + " is not 0-65535");
            if (data.length > 0xffff) throw new IllegalArgumentException("RDATA longer than 65535 bytes");
            data = data.clone();
        }
        @Override public byte[] data() { return data.clone(); }
        int length() { return data.length; }
        void copyTo(byte[] dst, int at) { System.arraycopy(data, 0, dst, at, data.length); }
        @Override public boolean equals(Object o) { return o instanceof Unknown u && u.type == type && Arrays.equals(u.data, data); }
        @Override public int hashCode() { return 31 * type + Arrays.hashCode(data); }
        /** RFC 3597's generic form: "\# length hex". */
        @Override public String toString() {
            StringBuilder sb = new StringBuilder("\\# ").append(data.length);
            if (data.length > 0) sb.append(' ');
            for (byte b : data) sb.append(String.format("%02x", b & 0xff));
            return sb.toString();
        }
    }
}
