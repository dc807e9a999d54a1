package elvis.protocol.dns;

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

    @Override public String toString() {
        return "nameservers " + Arrays.toString(nameservers) + " search '" + searchDomain + "'";
    }
}
