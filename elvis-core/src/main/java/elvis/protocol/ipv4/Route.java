package elvis.protocol.ipv4;

import java.util.Objects;

/**
 * A routing table entry: packets to prefix/length leave through interface {@code iface}, to {@code gateway}
 * (0 = on link); {@code origin} says who added it, {@code metric} what it costs in that origin's
 * units (hops for RIP, the path cost for OSPF; 0 for static and connected routes), 0 to
 * {@value #MAX_METRIC}. Immutable; equal when every part is.
 *
 * <p>A class, not a record, only to keep it at 32 bytes: the length and the metric share one int.
 * Every host keeps its connected route once it has sent, so a fourth int (40 bytes with padding)
 * would cost a million-host run 8 MB.
 */
public final class Route {
    /** The largest metric: 24 bits, more than any path of OSPF's 16-bit link costs can add up to in practice. */
    public static final int MAX_METRIC = 0xFF_FFFF;

    private final int prefix, gateway;
    private final int lengthAndMetric;               // the length in the low 8 bits (as a byte), the metric above
    private final Ipv4Interface iface;
    private final Origin origin;

    public Route(int prefix, int length, int gateway, Ipv4Interface iface, Origin origin, int metric) {
        if (metric < 0 || metric > MAX_METRIC) throw new IllegalArgumentException("route metric must be 0.." + MAX_METRIC + ": " + metric);
        if (length != (byte) length) throw new IllegalArgumentException("not a prefix length: " + length);
        this.prefix = prefix;
        this.gateway = gateway;
        this.lengthAndMetric = (length & 0xFF) | metric << 8;
        this.iface = iface;
        this.origin = origin;
    }

    public Route(int prefix, int length, int gateway, Ipv4Interface iface, Origin origin) { this(prefix, length, gateway, iface, origin, 0); }

    public int prefix() { return prefix; }
    public int length() { return (byte) lengthAndMetric; }
    public int gateway() { return gateway; }
    public Ipv4Interface iface() { return iface; }
    public Origin origin() { return origin; }
    public int metric() { return lengthAndMetric >>> 8; }

    public boolean matches(int dst) { return ((dst ^ prefix) & Ipv4Address.mask(length())) == 0; }

    public int nextHop(int dst) { return gateway == 0 ? dst : gateway; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Route r && r.prefix == prefix && r.gateway == gateway && r.lengthAndMetric == lengthAndMetric
                && r.iface == iface && r.origin == origin;
    }

    @Override
    public int hashCode() { return Objects.hash(prefix, gateway, lengthAndMetric, iface, origin); }

    @Override
    public String toString() {
        int metric = metric();
        return Ipv4Address.format(prefix) + "/" + length() + (gateway == 0 ? " on link" : " via " + Ipv4Address.format(gateway))
                + " (" + origin.name().toLowerCase(java.util.Locale.ROOT) + (metric != 0 ? " metric " + metric : "") + ")";
    }
}
