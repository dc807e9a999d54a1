package elvis.protocol.dhcp;

import elvis.machine.Application;
import elvis.machine.Machine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DHCP counters of a run, summed over every client, server and relay: what a run report shows
 * under {@code "dhcp"}. Empty when the run has no DHCP application.
 */
public final class DhcpReport {
    private DhcpReport() { }

    public static Map<String, Object> of(List<Machine> machines) {
        long clients = 0, bound = 0, leases = 0, renewals = 0, rebinds = 0, clientNaks = 0, clientDeclines = 0, lastBound = -1;
        boolean neverBound = false;
        long servers = 0, offers = 0, acks = 0, naks = 0, declines = 0, releases = 0, informs = 0, exhausted = 0, dropped = 0;
        long relays = 0, relayed = 0, replies = 0;
        for (Machine m : machines) {
            for (Application a : m.applications()) {
                switch (a) {
                    case DhcpClient c -> {
                        clients++;
                        if (c.bound()) bound++;
                        leases += c.leases();
                        renewals += c.renewals();
                        rebinds += c.rebinds();
                        clientNaks += c.naks();
                        clientDeclines += c.declines();
                        lastBound = Math.max(lastBound, c.boundAtNs());
                        neverBound |= c.boundAtNs() < 0;
                    }
                    case DhcpServer s -> {
                        servers++;
                        offers += s.offers();
                        acks += s.acks();
                        naks += s.naks();
                        declines += s.declines();
                        releases += s.releases();
                        informs += s.informs();
                        exhausted += s.poolExhausted();
                        dropped += s.dropped();
                    }
                    case DhcpRelay r -> {
                        relays++;
                        relayed += r.requestsRelayed();
                        replies += r.repliesRelayed();
                    }
                    default -> { }
                }
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        if (clients + servers + relays == 0) return r;
        r.put("clients", clients);
        r.put("bound", bound);
        r.put("all_bound_ns", neverBound || clients == 0 ? null : lastBound);   // when the last client first got an address
        r.put("leases", leases);
        r.put("renewals", renewals);
        r.put("rebinds", rebinds);
        r.put("naks_received", clientNaks);
        r.put("declined", clientDeclines);
        r.put("servers", servers);
        r.put("offers", offers);
        r.put("acks", acks);
        r.put("naks", naks);
        r.put("declines", declines);
        r.put("releases", releases);
        r.put("informs", informs);
        r.put("pool_exhausted", exhausted);
        r.put("server_drops", dropped);
        r.put("relays", relays);
        r.put("requests_relayed", relayed);
        r.put("replies_relayed", replies);
        return r;
    }

    /**
     * The report of a run from its parts' ({@link #of} over each partition's machines; empty parts
     * allowed): counts add, and every client was bound when each part's were, at the latest part's time.
     */
    public static Map<String, Object> merge(List<Map<String, Object>> parts) {
        Map<String, Object> r = new LinkedHashMap<>();
        boolean allBound = true;
        long lastBound = -1;
        for (Map<String, Object> p : parts) {
            if (p.isEmpty()) continue;
            for (Map.Entry<String, Object> e : p.entrySet()) {
                if (e.getKey().equals("all_bound_ns")) continue;
                r.merge(e.getKey(), ((Number) e.getValue()).longValue(), (x, y) -> (Long) x + (Long) y);
            }
            if (((Number) p.get("clients")).longValue() == 0) continue;
            if (p.get("all_bound_ns") instanceof Number n) lastBound = Math.max(lastBound, n.longValue());
            else allBound = false;
        }
        if (r.isEmpty()) return r;
        Long all = allBound && (Long) r.get("clients") > 0 ? lastBound : null;
        Map<String, Object> out = new LinkedHashMap<>();
        r.forEach((k, v) -> {
            out.put(k, v);
            if (k.equals("bound")) out.put("all_bound_ns", all);
        });
        return out;
    }

    /** One line for the text report. */
    public static String line(Map<String, Object> r) {
        return String.format("dhcp: %,d of %,d clients bound; servers: %,d offers, %,d acks, %,d naks, %,d declines, %,d releases, %,d pool exhausted",
                r.get("bound"), r.get("clients"), r.get("offers"), r.get("acks"), r.get("naks"), r.get("declines"), r.get("releases"),
                r.get("pool_exhausted"));
    }
}
