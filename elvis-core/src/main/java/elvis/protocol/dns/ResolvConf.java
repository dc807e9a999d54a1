package elvis.protocol.dns;

import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.config.Values;
import elvis.machine.Machine;

import java.util.Arrays;
import java.util.Objects;

/**
 * A machine's {@code /etc/resolv.conf}: the name servers its stub resolver asks, the search
 * domain, and the timeout and attempts per server (glibc's defaults: 5 s, 2 attempts). Set from
 * NDL or from a DHCP lease (options 6 and 15); read by the stub resolver behind getaddrinfo.
 * A machine extension, made on first use, so machines that never resolve names pay nothing.
 */
public final class ResolvConf {
    public static final long DEFAULT_TIMEOUT_NANOS = 5_000_000_000L;
    public static final int DEFAULT_ATTEMPTS = 2;

    /** The NDL's [Protocol name='DNS' ...] parameters; the name servers are resolved by the builder. */
    private static final Schema.Builder DECLARE = Schema.builder("DNS");
    public static final Attribute<String> NAMESERVERS = DECLARE.add(Attribute.string("nameservers").byDefault("").required()
            .doc("the name servers to ask, in order: machines or addresses separated by commas (resolv.conf's `nameserver` lines)"));
    public static final Attribute<String> SEARCH = DECLARE.add(Attribute.string("search").byDefault("", "none")
            .doc("the domain appended to a name without a dot (resolv.conf's `search`, DHCP option 15)"));
    public static final Attribute<Long> TIMEOUT = DECLARE.add(Attribute.duration("timeout", 1_000_000_000L, 30_000_000_000L)
            .byDefault(DEFAULT_TIMEOUT_NANOS).doc("wait for each server's answer in the first round, doubled each round after (glibc's `timeout`)"));
    public static final Attribute<Integer> ATTEMPTS = DECLARE.add(Attribute.integer("attempts", 1, 5).byDefault(DEFAULT_ATTEMPTS)
            .doc("rounds over the servers before giving up with EAI_AGAIN (glibc's `attempts`, at most 5)"));
    public static final Schema SCHEMA = DECLARE.build();

    private int[] nameservers = new int[0];
    private String searchDomain = "";
    private long timeoutNanos = DEFAULT_TIMEOUT_NANOS;
    private int attempts = DEFAULT_ATTEMPTS;

    private ResolvConf() { }

    public static ResolvConf of(Machine machine) { return machine.extension(ResolvConf.class, m -> new ResolvConf()); }

    /** The name servers (IPv4 addresses), in the order they are tried. */
    public int[] nameservers() { return nameservers.clone(); }
    public void nameservers(int... servers) { nameservers = servers.clone(); }

    /** The domain appended to single-label names ("" for none); DHCP option 15. */
    public String searchDomain() { return searchDomain; }
    public void searchDomain(String domain) { searchDomain = Objects.requireNonNull(domain); }

    public long timeoutNanos() { return timeoutNanos; }
    public void timeoutNanos(long nanos) {
        if (nanos <= 0) throw new IllegalArgumentException("resolver timeout must be positive");
        timeoutNanos = nanos;
    }

    public int attempts() { return attempts; }
    public void attempts(int n) {
        if (n < 1) throw new IllegalArgumentException("resolver attempts must be at least 1");
        attempts = n;
    }

    /** Sets the search domain, timeout and attempts from [Protocol name='DNS'] {@code values} (the name servers are set apart). */
    public void configure(Values values) {
        searchDomain(values.get(SEARCH));
        timeoutNanos(values.get(TIMEOUT));
        attempts(values.get(ATTEMPTS));
    }

    @Override public String toString() {
        return "nameservers " + Arrays.toString(nameservers) + " search '" + searchDomain + "'";
    }
}
