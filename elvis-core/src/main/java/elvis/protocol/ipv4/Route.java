package elvis.protocol.ipv4;

/**
 * A routing table entry: packets to prefix/length leave through interface {@code iface}, to {@code gateway}
 * (0 = on link); {@code origin} says who added it, {@code metric} what it costs in that origin's
 * units (hops for RIP, the path cost for OSPF; 0 for static and connected routes).
 */
public record Route(int prefix, int length, int gateway, Ipv4Interface iface, Origin origin, int metric) {
    public Route(int prefix, int length, int gateway, Ipv4Interface iface, Origin origin) { this(prefix, length, gateway, iface, origin, 0); }

    public boolean matches(int dst) { return ((dst ^ prefix) & Ipv4Address.mask(length)) == 0; }

    public int nextHop(int dst) { return gateway == 0 ? dst : gateway; }

    @Override
    public String toString() {
        return Ipv4Address.format(prefix) + "/" + length + (gateway == 0 ? " on link" : " via " + Ipv4Address.format(gateway))
                + " (" + origin.name().toLowerCase(java.util.Locale.ROOT) + (metric != 0 ? " metric " + metric : "") + ")";
    }
}
