package elvis.protocol.dns;

import java.util.Objects;

/** A question (RFC 1035 §4.1.2): a name, QTYPE and QCLASS. */
public record DnsQuestion(DnsName name, int type, int dnsClass) {
    public DnsQuestion {
        Objects.requireNonNull(name);
        if (type < 0 || type > 0xffff || dnsClass < 0 || dnsClass > 0xffff) throw new IllegalArgumentException("type and class are 16-bit");
    }

    /** A class IN question. */
    public DnsQuestion(DnsName name, int type) { this(name, type, DnsType.CLASS_IN); }

    /** dig's form: ";www.example.com.		IN	A". */
    @Override public String toString() { return name + "\t" + DnsType.className(dnsClass) + "\t" + DnsType.name(type); }
}
