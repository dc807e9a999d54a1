package elvis.protocol.ipv4;

import elvis.config.Units;

/** IPv4 addresses as ints (network byte order in the int's bit order: a.b.c.d = a<<24 | ...). */
public final class Ipv4Address {
    private Ipv4Address() {}

    /** Parses dotted-quad notation; throws IllegalArgumentException with the reason. */
    public static int parse(String text) {
        try {
            return Units.ipv4(text);
        } catch (Units.BadValue e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    public static String format(int ip) {
        return Units.formatIpv4(ip);
    }

    public static int mask(int prefixLength) { return prefixLength == 0 ? 0 : -1 << (32 - prefixLength); }

    /** True for a class D (224.0.0.0/4) address. */
    public static boolean isMulticast(int ip) { return (ip >>> 28) == 0xE; }

    /** The Ethernet address a datagram to multicast group {@code group} goes to: 01:00:5e and the group's low 23 bits (RFC 1112 §6.4). */
    public static long multicastMac(int group) { return 0x0100_5E00_0000L | (group & 0x7F_FFFF); }
}
