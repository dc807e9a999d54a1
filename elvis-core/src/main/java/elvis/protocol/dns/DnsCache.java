package elvis.protocol.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A resolver's cache of RRsets and negative answers, keyed by (name, type), in virtual time.
 * A positive entry is an RRset kept for its smallest TTL; a negative one (RFC 2308) is an NXDOMAIN
 * for a whole name or a NODATA for one type, kept for min(SOA TTL, SOA minimum) with the SOA to put
 * in the answer's authority section. What it hands out carries the TTL left (the TTL received less
 * the whole seconds elapsed since), so a client sees the record age as it would from a real cache.
 * Expired entries are removed when next looked up; records with TTL 0 are never stored.
 */
public final class DnsCache {
    /** The type under which a name's NXDOMAIN is kept: it answers for every type of the name. */
    private static final int NXDOMAIN_KEY = -1;
    private static final long NS_PER_S = 1_000_000_000L;

    private record Key(DnsName name, int type) { }

    /** An RRset (records != null) or a negative answer (soa != null), until {@code expiresAt}. */
    private record Entry(List<DnsRecord> records, DnsRecord soa, long storedAt, long expiresAt) { }

    /** What a lookup finds: records with their TTL left, or a negative answer's SOA with its TTL left. */
    public record Hit(List<DnsRecord> records, DnsRecord soa, boolean nxdomain) {
        public boolean negative() { return soa != null; }
    }

    private final Map<Key, Entry> entries = new HashMap<>();

    /** Stores the RRset {@code records} (one name and type), for their smallest TTL from {@code now}. */
    public void put(List<DnsRecord> records, long now) {
        if (records.isEmpty()) return;
        int ttl = Integer.MAX_VALUE;
        for (DnsRecord r : records) ttl = Math.min(ttl, r.ttl());
        if (ttl == 0) return;
        DnsRecord first = records.getFirst();
        entries.put(new Key(first.name(), first.type()), new Entry(List.copyOf(records), null, now, now + ttl * NS_PER_S));
    }

    /**
     * Stores a negative answer for {@code name}: NXDOMAIN (any type) when {@code nxdomain}, else NODATA for
     * {@code type}; kept for min(SOA TTL, SOA MINIMUM) as RFC 2308 §5 says.
     */
    public void putNegative(DnsName name, int type, boolean nxdomain, DnsRecord soa, long now) {
        int ttl = negativeTtl(soa);
        if (ttl == 0) return;
        entries.put(new Key(name, nxdomain ? NXDOMAIN_KEY : type), new Entry(null, soa, now, now + ttl * NS_PER_S));
    }

    /** RFC 2308 §5: a negative answer lives for the smaller of the SOA's own TTL and its MINIMUM field. */
    public static int negativeTtl(DnsRecord soa) {
        long minimum = soa.data() instanceof Rdata.Soa s ? s.minimum() : 0;
        return (int) Math.min(soa.ttl(), Math.min(minimum, DnsRecord.MAX_TTL));
    }

    /**
     * The cached answer for (name, type) at {@code now}: the RRset, a NODATA for that type, or an
     * NXDOMAIN for the name; null if none is live.
     */
    public Hit get(DnsName name, int type, long now) {
        Entry e = live(new Key(name, type), now);
        if (e != null) return e.records != null ? new Hit(aged(e.records, e, now), null, false) : new Hit(List.of(), agedOne(e.soa, e, now), false);
        e = live(new Key(name, NXDOMAIN_KEY), now);
        return e == null ? null : new Hit(List.of(), agedOne(e.soa, e, now), true);
    }

    /** The RRset (name, type) with its TTLs left, or null: positive entries only. */
    public List<DnsRecord> records(DnsName name, int type, long now) {
        Entry e = live(new Key(name, type), now);
        return e == null || e.records == null ? null : aged(e.records, e, now);
    }

    /** Entries held, live or not yet found expired. */
    public int size() { return entries.size(); }

    private Entry live(Key k, long now) {
        Entry e = entries.get(k);
        if (e == null) return null;
        if (now >= e.expiresAt) {
            entries.remove(k);
            return null;
        }
        return e;
    }

    /** Each record with the whole seconds of its TTL still to run (a record stored at 30 s and read 9.99 s later has 20 left). */
    private static List<DnsRecord> aged(List<DnsRecord> records, Entry e, long now) {
        long elapsed = now - e.storedAt;
        if (elapsed == 0) return records;
        List<DnsRecord> out = new ArrayList<>(records.size());
        for (DnsRecord r : records) out.add(r.withTtl((int) Math.max(0, (r.ttl() * NS_PER_S - elapsed) / NS_PER_S)));
        return out;
    }

    /** A negative answer's SOA, its TTL the negative TTL left (what the next cache should keep it for). */
    private static DnsRecord agedOne(DnsRecord soa, Entry e, long now) {
        int left = (int) ((e.expiresAt - now) / NS_PER_S);
        return soa.withTtl(Math.min(soa.ttl(), left));
    }
}
