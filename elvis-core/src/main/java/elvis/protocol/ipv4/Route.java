package elvis.protocol.ipv4;

/**
 * A routing table entry: packets to prefix/length leave through interface {@code iface}, to {@code gateway}
 * (0 = on link); {@code origin} says who added it.
 */
public record Route(int prefix, int length, int gateway, Ipv4Interface iface, Origin origin) {
    public boolean matches(int dst) { return ((dst ^ prefix) & Ipv4Address.mask(length)) == 0; }

    public int nextHop(int dst) { return gateway == 0 ? dst : gateway; }

    @Override
    public String toString() {
        return Ipv4Address.format(prefix) + "/" + length + (gateway == 0 ? " on link" : " via " + Ipv4Address.format(gateway))
                + " (" + origin.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
