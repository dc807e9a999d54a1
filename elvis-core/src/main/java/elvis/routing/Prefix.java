package elvis.routing;

import elvis.protocol.ipv4.Ipv4Address;

/** An IPv4 prefix: {@code address}/{@code length}, without host bits. */
public record Prefix(int address, int length) implements Comparable<Prefix> {
    public Prefix {
        if (length < 0 || length > 32) throw new IllegalArgumentException("prefix length must be 0..32: " + length);
        if ((address & ~Ipv4Address.mask(length)) != 0)
            throw new IllegalArgumentException(Ipv4Address.format(address) + "/" + length + " has host bits set");
    }

    /** Parses "a.b.c.d/len" (a bare address is a /32); throws IllegalArgumentException with the reason. */
    public static Prefix parse(String text) {
        int slash = text.indexOf('/');
        int address = Ipv4Address.parse(slash < 0 ? text : text.substring(0, slash));
        int length;
        try {
            length = slash < 0 ? 32 : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a prefix length: " + text.substring(slash + 1));
        }
        return new Prefix(address, length);
    }

    public int mask() { return Ipv4Address.mask(length); }

    /** True when {@code ip} is inside this prefix. */
    public boolean contains(int ip) { return ((ip ^ address) & mask()) == 0; }

    /** True when {@code other} is this prefix or a more specific one inside it. */
    public boolean covers(Prefix other) { return other.length >= length && contains(other.address); }

    /** By address (unsigned), then shorter first. */
    @Override
    public int compareTo(Prefix o) {
        int c = Integer.compareUnsigned(address, o.address);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() { return Ipv4Address.format(address) + "/" + length; }
}
