package elvis.protocol.ipv4;

/** IPv4 addresses as ints (network byte order in the int's bit order: a.b.c.d = a<<24 | ...). */
public final class Ipv4Address {
    private Ipv4Address() {}

    /** Parses dotted-quad notation; throws IllegalArgumentException with the reason. */
    public static int parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (a.b.c.d)");
        int ip = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit))
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (a.b.c.d)");
            int octet = Integer.parseInt(part);
            if (octet > 255) throw new IllegalArgumentException("'" + text + "': octet " + octet + " is above 255");
            ip = (ip << 8) | octet;
        }
        return ip;
    }

    public static String format(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    public static int mask(int prefixLength) { return prefixLength == 0 ? 0 : -1 << (32 - prefixLength); }
}
