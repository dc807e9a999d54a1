package elvis.ndl.model;

/** An IPv4 prefix {@code base/prefix}; {@code base} has no host bits set. */
public record Subnet(Ipv4 base, int prefix) {

    public static final Subnet DEFAULT_ROUTE = new Subnet(new Ipv4(0), 0);

    public Subnet {
        if (prefix < 0 || prefix > 32 || (base.unsigned() & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException("not a subnet: " + base + "/" + prefix);
        }
    }

    /** The subnet of the given prefix length that contains the address. */
    public static Subnet around(Ipv4 address, int prefix) {
        return new Subnet(Ipv4.ofUnsigned(address.unsigned() & mask(prefix)), prefix);
    }

    static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    }

    /** The longest prefix that holds every address from {@code first} to {@code last}, but at most {@code longest} bits. */
    public static Subnet covering(Ipv4 first, Ipv4 last, int longest) {
        int common = Integer.numberOfLeadingZeros(first.bits() ^ last.bits());
        return around(first, Math.min(longest, common));
    }

    /** The fewest prefixes that together hold exactly the addresses {@code first..last}. */
    public static java.util.List<Subnet> exactly(Ipv4 first, Ipv4 last) {
        java.util.List<Subnet> blocks = new java.util.ArrayList<>();
        long a = first.unsigned(), b = last.unsigned();
        while (a <= b) {
            int prefix = a == 0 ? 0 : 32 - Long.numberOfTrailingZeros(a);
            while ((1L << (32 - prefix)) > b - a + 1) prefix++;
            blocks.add(new Subnet(Ipv4.ofUnsigned(a), prefix));
            a += 1L << (32 - prefix);
        }
        return blocks;
    }

    public boolean overlaps(Subnet other) {
        return contains(other.base) || other.contains(base);
    }

    public Ipv4 broadcast() {
        return Ipv4.ofUnsigned(base.unsigned() + size() - 1);
    }

    public boolean contains(Ipv4 address) {
        return (address.unsigned() & mask(prefix)) == base.unsigned();
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    /** First address a machine may use: the one after the network address, except for /31 and /32. */
    public Ipv4 firstHost() {
        return Ipv4.ofUnsigned(base.unsigned() + (prefix >= 31 ? 0 : 1));
    }

    /** Last address a machine may use: the one before broadcast, except for /31 and /32. */
    public Ipv4 lastHost() {
        return Ipv4.ofUnsigned(base.unsigned() + size() - (prefix >= 31 ? 1 : 2));
    }

    @Override
    public String toString() {
        return base + "/" + prefix;
    }
}
