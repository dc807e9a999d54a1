package elvis.ndl.model;

import elvis.ndl.Pos;

/**
 * A {@code [DNS]} section: a name hierarchy generated for every machine. Four machines join network
 * {@code network}: a root server ({@link #ROOT}), a server for the domain's top-level domain
 * ({@link #TLD}, absent when the domain is itself one label), the domain's authoritative server
 * ({@link #AUTH}, an A record {@code <machine>.<domain>} for every machine) and a recursive resolver
 * ({@link #RESOLVER}) that every machine's resolv.conf names, with the domain as search domain.
 *
 * @param ttlSeconds the TTL of the generated records
 */
public record DnsTree(String domain, int network, long ttlSeconds, Pos pos) {
    public static final String ROOT = "dns-root", TLD = "dns-tld", AUTH = "dns-auth", RESOLVER = "dns-resolver";

    /** Whether the domain has a parent below the root, served by {@link #TLD}. */
    public boolean hasTld() { return domain.indexOf('.') >= 0; }
}
