package elvis.ndl.model;

import java.util.Optional;

/** An IPv4 address; {@code bits} holds the 32 bits, most significant octet first. */
public record Ipv4(int bits) implements Comparable<Ipv4> {

    /** Parses strict dotted-quad notation (four decimal octets 0..255, at most three digits each). */
    public static Optional<Ipv4> parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return Optional.empty();
            }
            bits = bits << 8 | octet;
        }
        return Optional.of(new Ipv4(bits));
    }

    public static Ipv4 ofUnsigned(long value) {
        return new Ipv4((int) value);
    }

    /** The address as an unsigned number 0..2^32-1, handy for arithmetic and ordering. */
    public long unsigned() {
        return Integer.toUnsignedLong(bits);
    }

    @Override
    public int compareTo(Ipv4 other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "." + (bits & 0xff);
    }
}
