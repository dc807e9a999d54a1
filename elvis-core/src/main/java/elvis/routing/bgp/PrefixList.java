package elvis.routing.bgp;

import elvis.protocol.ipv4.Ipv4Address;

import java.util.List;

/**
 * A prefix list: a route matches when one entry does. An entry {@code P/L} matches the routes inside
 * P/L (their first L bits equal P's) whose length is L exactly, or with {@code ge G} and/or
 * {@code le E} whose length is in [G, E] (G defaults to L, E to 32), as in Cisco's and FRR's
 * {@code ip prefix-list}.
 */
public record PrefixList(List<Entry> entries) {
    public PrefixList {
        entries = List.copyOf(entries);
    }

    /** One entry; {@code L <= ge <= le <= 32}, P with no bits set past L. */
    public record Entry(int prefix, int length, int ge, int le) {
        public Entry {
            if (length < 0 || length > 32) throw new IllegalArgumentException("prefix length " + length + " is not 0..32");
            if ((prefix & ~Ipv4Address.mask(length)) != 0)
                throw new IllegalArgumentException(Ipv4Address.format(prefix) + "/" + length + " has host bits set");
            if (ge < length || le < ge || le > 32)
                throw new IllegalArgumentException(Ipv4Address.format(prefix) + "/" + length + ": needs " + length + " <= ge <= le <= 32, has ge " + ge + " le " + le);
        }

        public static Entry exact(int prefix, int length) { return new Entry(prefix, length, length, length); }

        public boolean matches(int routePrefix, int routeLength) {
            return routeLength >= ge && routeLength <= le && ((routePrefix ^ prefix) & Ipv4Address.mask(length)) == 0;
        }

        @Override
        public String toString() {
            String s = Ipv4Address.format(prefix) + "/" + length;
            if (ge != length) s += " ge " + ge;
            if (le != (ge != length ? 32 : length)) s += " le " + le;
            return s;
        }
    }

    public boolean matches(int routePrefix, int routeLength) {
        for (Entry e : entries) if (e.matches(routePrefix, routeLength)) return true;
        return false;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) b.append(b.isEmpty() ? "" : ", ").append(e);
        return b.toString();
    }
}
