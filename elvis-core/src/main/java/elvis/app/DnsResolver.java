package elvis.app;

import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.dns.RecursiveResolver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dns_resolver}: a caching recursive resolver on UDP and TCP port 53 ({@link RecursiveResolver}),
 * iterating from the root servers given as hints. Reports its counters in the results.
 */
public final class DnsResolver implements Application {
    private final int[] rootHints;
    private final RecursiveResolver.Limits limits;
    private RecursiveResolver resolver;

    public DnsResolver(int[] rootHints, RecursiveResolver.Limits limits) {
        this.rootHints = rootHints.clone();
        this.limits = limits;
    }

    @Override
    public String name() { return "dns_resolver"; }

    @Override
    public void start(Machine machine) {
        resolver = new RecursiveResolver(machine, this, rootHints, limits);
        resolver.start();
    }

    /** The resolver, once started. */
    public RecursiveResolver resolver() { return resolver; }

    @Override
    public String summary() {
        if (resolver == null) return "not started";
        RecursiveResolver.Stats s = resolver.stats();
        return String.format(java.util.Locale.ROOT, "%d queries, %d from cache (%.1f%%), %d upstream, %d SERVFAIL, %d NXDOMAIN, %d timeouts",
                s.queries, s.cacheHits, 100 * s.hitRatio(), s.upstreamQueries, s.servfail, s.nxdomain, s.timeouts);
    }

    @Override
    public Map<String, Object> results() {
        if (resolver == null) return Map.of();
        RecursiveResolver.Stats s = resolver.stats();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("queries", s.queries);
        r.put("cache_hits", s.cacheHits);
        r.put("hit_ratio", s.hitRatio());
        r.put("coalesced", s.coalesced);
        r.put("upstream_queries", s.upstreamQueries);
        r.put("tcp_retries", s.tcpRetries);
        r.put("timeouts", s.timeouts);
        r.put("lame", s.lame);
        r.put("servfail", s.servfail);
        r.put("nxdomain", s.nxdomain);
        r.put("unmatched_responses", s.unmatched);
        r.put("malformed", s.malformed);
        r.put("cache_entries", resolver.cache().size());
        return r;
    }

    /** {@code dns_resolver}: root (the root servers, machines or addresses separated by commas). */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("dns_resolver", List.of(
                    Attribute.string("root").required().doc("the root servers' machines or addresses, separated by commas (root hints)"),
                    Attribute.duration("timeout", 1, Declare.MAX_DURATION).byDefault(RecursiveResolver.Limits.DEFAULT.timeoutNs())
                            .doc("first wait for a server's answer, doubled each round"),
                    Attribute.integer("attempts", 1, 10).byDefault(RecursiveResolver.Limits.DEFAULT.attempts())
                            .doc("rounds over a zone's servers before SERVFAIL")),
                    List.of());
        }

        @Override
        public Application create(Arguments a, Context context) {
            String[] names = a.string("root").split(",");
            int[] hints = new int[names.length];
            for (int i = 0; i < names.length; i++) {
                String n = names[i].trim();
                hints[i] = context.resolve(n);
                if (hints[i] == -1) throw new Arguments.ArgumentException("root", "'" + n + "' names no machine");
            }
            RecursiveResolver.Limits d = RecursiveResolver.Limits.DEFAULT;
            return new DnsResolver(hints, new RecursiveResolver.Limits(d.cnameDepth(), d.referrals(), d.upstreamQueries(),
                    a.duration("timeout", d.timeoutNs()), (int) a.integer("attempts", 1, 10, d.attempts())));
        }
    }
}
