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
