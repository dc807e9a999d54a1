package elvis.protocol.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an authoritative name server answers, as a pure function of its zones and a query
 * (RFC 1034 §4.3.2 without wildcards): AA answers, CNAMEs followed inside the zone, NXDOMAIN and
 * NODATA with the SOA for negative caching (RFC 2308), referrals with glue below a zone cut,
 * REFUSED outside its zones, NOTIMP for opcodes other than QUERY, FORMERR for what cannot be
 * decoded. No state, no time: the server application adds sockets and counters around it.
 */
public final class Authority {
    /** The EDNS payload size this server advertises (the DNS flag day 2020 value). */
    public static final int EDNS_SIZE = 1232;
    /** CNAMEs followed within one answer before giving up (a loop in the zone ends here). */
    static final int MAX_CNAME_CHAIN = 8;

    private final List<Zone> zones;
    private final Map<DnsName, Zone> byOrigin;

    public Authority(List<Zone> zones) {
        this.zones = List.copyOf(zones);
        this.byOrigin = new HashMap<>();
        for (Zone z : zones)
            if (byOrigin.put(z.origin(), z) != null) throw new IllegalArgumentException("zone " + z.origin() + " is given twice");
    }

    public List<Zone> zones() { return zones; }

    /** The zone whose origin is the closest ancestor of {@code name} (or {@code name} itself), or null. */
    public Zone zoneFor(DnsName name) {
        for (int drop = 0; drop <= name.labelCount(); drop++) {
            Zone z = byOrigin.get(name.suffix(drop));
            if (z != null) return z;
        }
        return null;
    }

    /** The response to {@code query}, or null when it is itself a response (never answer one: loops). */
    public DnsMessage answer(DnsMessage query) {
        if (query.qr()) return null;
        DnsMessage.Builder r = DnsMessage.builder().id(query.id()).qr(true).opcode(query.opcode()).rd(query.rd());
        if (query.hasEdns()) r.ednsPayloadSize(EDNS_SIZE);
        if (query.opcode() != DnsMessage.OPCODE_QUERY) return r.rcode(DnsMessage.NOTIMP).build();
        if (query.questions().size() != 1) return r.rcode(DnsMessage.FORMERR).build();
        DnsQuestion q = query.question();
        r.question(q);
        if (q.dnsClass() != DnsType.CLASS_IN && q.dnsClass() != DnsType.CLASS_ANY) return r.rcode(DnsMessage.REFUSED).build();
        if (q.type() == DnsType.AXFR || q.type() == DnsType.OPT) return r.rcode(q.type() == DnsType.AXFR ? DnsMessage.REFUSED : DnsMessage.FORMERR).build();
        Zone zone = zoneFor(q.name());
        if (zone == null) return r.rcode(DnsMessage.REFUSED).build();

        DnsName name = q.name();
        List<DnsRecord> answers = new ArrayList<>(4);
        for (int hops = 0; ; hops++) {
            DnsName cut = zone.delegationFor(name);
            if (cut != null) {                      // below a zone cut: refer, and say so by not being authoritative for it
                List<DnsRecord> ns = zone.rrset(cut, DnsType.NS);
                return r.aa(!answers.isEmpty()).answers(answers).authority(ns).additional(glue(zone, ns)).build();
            }
            List<DnsRecord> cname = zone.rrset(name, DnsType.CNAME);
            if (!cname.isEmpty() && q.type() != DnsType.CNAME && q.type() != DnsType.ANY) {
                answers.addAll(cname);
                DnsName target = ((Rdata.Cname) cname.get(0).data()).target();
                if (!target.isSubdomainOf(zone.origin()) || hops + 1 >= MAX_CNAME_CHAIN) {
                    return r.aa(true).answers(answers).build();       // the client (or its resolver) goes on from here
                }
                name = target;
                continue;
            }
            List<DnsRecord> found = q.type() == DnsType.ANY ? zone.recordsAt(name) : zone.rrset(name, q.type());
            if (!found.isEmpty()) {
                answers.addAll(found);
                return r.aa(true).answers(answers).additional(additional(zone, found)).build();
            }
            r.aa(true).answers(answers).authority(zone.negativeSoa());
            return r.rcode(zone.exists(name) ? DnsMessage.NOERROR : DnsMessage.NXDOMAIN).build();
        }
    }

    /**
     * The FORMERR response to bytes that do not decode, when their header says they are a query;
     * null (drop them) when even the header is missing or they claim to be a response.
     */
    public static DnsMessage formatError(byte[] bytes, int offset, int length) {
        int flags = DnsCodec.peekFlags(bytes, offset, length);
        if (flags < 0 || (flags & DnsMessage.QR) != 0) return null;
        return DnsMessage.builder().id(DnsCodec.peekId(bytes, offset, length)).qr(true).opcode((flags >>> 11) & 0xf)
                .rd((flags & DnsMessage.RD) != 0).rcode(DnsMessage.FORMERR).build();
    }

    /** Addresses of the name servers a referral names, where this zone has them (glue, RFC 1034 §4.2.1). */
    private static List<DnsRecord> glue(Zone zone, List<DnsRecord> ns) {
        List<DnsRecord> out = new ArrayList<>(ns.size());
        for (DnsRecord r : ns) addAddresses(zone, ((Rdata.Ns) r.data()).host(), out);
        return out;
    }

    /** Addresses of the hosts an answer's NS or MX records name (RFC 1035 §3.3.9, §3.3.11). */
    private static List<DnsRecord> additional(Zone zone, List<DnsRecord> found) {
        List<DnsRecord> out = null;
        for (DnsRecord r : found) {
            DnsName host = switch (r.data()) {
                case Rdata.Ns ns -> ns.host();
                case Rdata.Mx mx -> mx.exchange();
                default -> null;
            };
            if (host == null) continue;
            if (out == null) out = new ArrayList<>();
            addAddresses(zone, host, out);
        }
        return out == null ? List.of() : out;
    }

    private static void addAddresses(Zone zone, DnsName host, List<DnsRecord> out) {
        if (!host.isSubdomainOf(zone.origin())) return;
        for (DnsRecord a : zone.rrset(host, DnsType.A)) if (!out.contains(a)) out.add(a);
        for (DnsRecord a : zone.rrset(host, DnsType.AAAA)) if (!out.contains(a)) out.add(a);
    }
}
