package elvis.socket;

import elvis.sim.Simulator;

import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * How {@link Process#getaddrinfo} resolves host names on a machine without name servers: the
 * builder knows every machine's address and installs itself here, and answers at once. A machine
 * whose {@link elvis.protocol.dns.ResolvConf} names servers asks them through its
 * {@link elvis.protocol.dns.StubResolver} instead. Kept with the kernel as an extension, so the
 * kernel itself knows nothing of names.
 */
public final class HostNames {
    private ToIntFunction<String> resolver = name -> -1;

    private HostNames() { }

    static HostNames of(Simulator sim) { return sim.extension(HostNames.class, s -> new HostNames()); }

    /** Names resolve through {@code resolver} (an IPv4 address, or -1 for an unknown name). */
    public static void install(Simulator sim, ToIntFunction<String> resolver) { of(sim).resolver = Objects.requireNonNull(resolver); }

    int resolve(String name) { return resolver.applyAsInt(name); }
}
