package elvis.protocol.dns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One authoritative zone: its origin, its SOA, and every record at or below the origin, indexed by
 * owner name. Immutable and shareable (a thousand servers of one zone hold one Zone). Records below
 * a zone cut (NS records at a name other than the origin) are the delegation and its glue: the
 * server refers to them rather than answering from them.
 */
public final class Zone {
    private final DnsName origin;
    private final DnsRecord soa;
    private final Map<DnsName, List<DnsRecord>> byOwner;
    private final Set<DnsName> names;      // owners and every name between an owner and the origin (empty non-terminals exist)
    private final int size;

    private Zone(DnsName origin, DnsRecord soa, Map<DnsName, List<DnsRecord>> byOwner, Set<DnsName> names, int size) {
        this.origin = origin;
        this.soa = soa;
        this.byOwner = byOwner;
        this.names = names;
        this.size = size;
    }

    /**
     * A zone of {@code records}: exactly one SOA, owned by the origin; every owner at or below the
     * origin; no CNAME beside other data at its name (RFC 1034 §3.6.2); no two identical records.
     * @throws IllegalArgumentException saying which rule a record breaks
     */
    public static Zone of(DnsName origin, List<DnsRecord> records) {
        DnsRecord soa = null;
        Map<DnsName, List<DnsRecord>> byOwner = new HashMap<>();
        Set<DnsName> names = new HashSet<>();
        names.add(origin);
        for (DnsRecord r : records) {
            if (!r.name().isSubdomainOf(origin)) throw new IllegalArgumentException("record '" + r + "' is outside zone " + origin);
            if (r.type() == DnsType.OPT) throw new IllegalArgumentException("OPT is not a zone record");
            if (r.type() == DnsType.SOA) {
                if (!r.name().equals(origin)) throw new IllegalArgumentException("SOA record at " + r.name() + ", not at the zone's origin " + origin);
                if (soa != null) throw new IllegalArgumentException("zone " + origin + " has a second SOA record");
                soa = r;
            }
            List<DnsRecord> at = byOwner.computeIfAbsent(r.name(), k -> new ArrayList<>(2));
            for (DnsRecord other : at) {
                if (other.type() == r.type() && other.dnsClass() == r.dnsClass() && other.data().equals(r.data()))
                    throw new IllegalArgumentException("record '" + r + "' appears twice");
                boolean cname = r.type() == DnsType.CNAME, otherCname = other.type() == DnsType.CNAME;
                if (cname && otherCname) throw new IllegalArgumentException("two CNAME records at " + r.name());
                if (cname || otherCname) throw new IllegalArgumentException("CNAME at " + r.name() + " beside other data (RFC 1034 §3.6.2)");
            }
            at.add(r);
            for (DnsName n = r.name(); !n.equals(origin) && names.add(n); n = n.parent()) { }
        }
        if (soa == null) throw new IllegalArgumentException("zone " + origin + " has no SOA record");
        for (Map.Entry<DnsName, List<DnsRecord>> e : byOwner.entrySet()) e.setValue(List.copyOf(e.getValue()));
        return new Zone(origin, soa, Collections.unmodifiableMap(byOwner), Collections.unmodifiableSet(names), records.size());
    }

    public DnsName origin() { return origin; }
    public DnsRecord soa() { return soa; }
    public Rdata.Soa soaData() { return (Rdata.Soa) soa.data(); }

    /** The number of records, the SOA included. */
    public int size() { return size; }

    /** The records owned by {@code name} (any type), empty if none. */
    public List<DnsRecord> recordsAt(DnsName name) { return byOwner.getOrDefault(name, List.of()); }

    /** The records of {@code type} owned by {@code name}: an RRset, empty if none. */
    public List<DnsRecord> rrset(DnsName name, int type) {
        List<DnsRecord> at = byOwner.get(name);
        if (at == null) return List.of();
        List<DnsRecord> out = null;
        for (DnsRecord r : at) {
            if (r.type() != type) continue;
            if (out == null) out = new ArrayList<>(at.size());
            out.add(r);
        }
        return out == null ? List.of() : out;
    }

    /** True if {@code name} owns records or has descendants that do (an empty non-terminal exists too). */
    public boolean exists(DnsName name) { return names.contains(name); }

    /**
     * The zone cut at or above {@code name} and below the origin that is closest to the origin (the
     * delegation that takes {@code name} out of this zone), or null if {@code name} is this zone's.
     */
    public DnsName delegationFor(DnsName name) {
        DnsName cut = null;
        for (DnsName n = name; n.labelCount() > origin.labelCount(); n = n.parent()) {
            for (DnsRecord r : recordsAt(n)) {
                if (r.type() == DnsType.NS) {
                    cut = n;
                    break;
                }
            }
        }
        return cut;
    }

    /** RFC 2308 §5: a negative answer's SOA has TTL min(SOA TTL, SOA MINIMUM). */
    public DnsRecord negativeSoa() {
        return soa.withTtl((int) Math.min(soa.ttl(), Math.min(soaData().minimum(), DnsRecord.MAX_TTL)));
    }

    /** All records, grouped by owner (in no particular order). */
    public List<DnsRecord> records() {
        List<DnsRecord> all = new ArrayList<>(size);
        for (List<DnsRecord> rs : byOwner.values()) all.addAll(rs);
        return all;
    }

    @Override public String toString() { return "zone " + origin + " (" + size + " records)"; }
}
