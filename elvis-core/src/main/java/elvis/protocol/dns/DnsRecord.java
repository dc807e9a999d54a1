package elvis.protocol.dns;

import java.util.Objects;

/**
 * A resource record (RFC 1035 §4.1.3): owner name, class, TTL and typed data (whose type is the
 * record's TYPE). The TTL is 0 to 2^31-1 seconds: RFC 2181 §8 says a larger value read from the
 * wire means 0, which the decoder applies.
 */
public record DnsRecord(DnsName name, int dnsClass, int ttl, Rdata data) {
    public static final int MAX_TTL = Integer.MAX_VALUE;

    public DnsRecord {
        Objects.requireNonNull(name);
        Objects.requireNonNull(data);
        if (ttl < 0) throw new IllegalArgumentException("TTL " + ttl + " is negative");
        if (dnsClass < 0 || dnsClass > 0xffff) throw new IllegalArgumentException("class is 16-bit");
    }

    /** A class IN record. */
    public DnsRecord(DnsName name, int ttl, Rdata data) { this(name, DnsType.CLASS_IN, ttl, data); }

    public int type() { return data.type(); }

    /** The same record with another TTL (a cache counting it down, a negative answer's SOA). */
    public DnsRecord withTtl(int newTtl) { return newTtl == ttl ? this : new DnsRecord(name, dnsClass, newTtl, data); }

    /** dig's and a zone file's form: "www.example.com.	300	IN	A	192.0.2.1". */
    @Override public String toString() {
        return name + "\t" + ttl + "\t" + DnsType.className(dnsClass) + "\t" + DnsType.name(type()) + "\t" + data;
    }
}
