package elvis.cli.generate;

import elvis.config.Units;
import picocli.CommandLine.Option;

/**
 * A topology of hosts and routers: the options every such generator shares (seed, end, how routes are
 * made) and the pieces they are built of (access links, hosts with a default route).
 */
abstract class RoutedTopology extends Topology {
    /** How routers and hosts get their routes. */
    enum Routing { GLOBAL, STATIC }

    /** Access links one side of a generated topology may have: one /30 each in a /16. */
    static final int MAX_ACCESS_LINKS = 16_384;

    @Option(names = "--routing", defaultValue = "global", converter = RoutingConverter.class,
            description = "global: [Simulation routing='global'] computes every route; static: [Routes] written into the file (default ${DEFAULT-VALUE})")
    Routing routing = Routing.GLOBAL;

    @Option(names = "--seed", defaultValue = "1", description = "the [Simulation seed] (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--until", paramLabel = "DURATION", description = "the [Simulation until]: when the run stops (default: when nothing is left to do)")
    String until;

    static final class RoutingConverter implements picocli.CommandLine.ITypeConverter<Routing> {
        @Override
        public Routing convert(String value) {
            return switch (value) {
                case "global" -> Routing.GLOBAL;
                case "static" -> Routing.STATIC;
                default -> throw new picocli.CommandLine.TypeConversionException("expected global or static, not '" + value + "'");
            };
        }
    }

    /** The {@code [Simulation]} line. */
    void simulation(NdlWriter ndl) throws BadOption {
        String end = null;
        if (until != null) {
            try {
                Units.duration(until, "--until", 8760 * 3600 * Units.NANOS_PER_SECOND, "8760h");
                end = until;
            } catch (Units.BadValue e) {
                throw new BadOption(e.getMessage());
            }
        }
        ndl.section(0, "Simulation", "seed", seed, "until", end, "routing", routing == Routing.GLOBAL ? "global" : null);
    }

    /** {@code n} point-to-point links {@code prefix-1 … prefix-n}, link {@code i} the {@code i}-th /30 of {@code block}. */
    static void accessLinks(NdlWriter ndl, String prefix, int block, int n, String bandwidth, String latency) {
        for (int i = 1; i <= n; i++) {
            ndl.section(1, "Network", "id", prefix + "-" + i, "type", "p2p", "bandwidth", bandwidth, "latency", latency);
            ndl.section(2, "IP", "subnet", ip(slash30(block, i)) + "/30");
        }
    }

    /**
     * Host {@code name} on access link {@code prefix-i} of {@code block}; its router, listed before it in the
     * file, holds the link's first address, which static routing makes the host's default gateway.
     */
    void host(NdlWriter ndl, String name, String prefix, int block, int i) {
        ndl.section(1, "Machine", "name", name);
        ndl.section(2, "Networks");
        ndl.section(3, "Network", "id", prefix + "-" + i);
        if (routing == Routing.STATIC) {
            ndl.section(2, "Routes");
            ndl.section(3, "Route", "to", "default", "via", ip(slash30(block, i) + 1));
        }
    }

    /** The {@code i}-th (1-based) /30 of {@code block}. */
    static int slash30(int block, int i) { return block + 4 * (i - 1); }

    static String ip(int a) { return Units.formatIpv4(a); }

    /** A queue limit as NDL takes it: a number of packets, or bytes with a size unit. */
    static String queue(String option, String text) throws BadOption {
        try {
            if (Units.hasSizeUnit(text)) Units.size(text, option, 1L << 30, "1GB");
            else Units.wholeNumber(text, option, 0, 10_000_000);
            return text;
        } catch (Units.BadValue e) {
            throw new BadOption(e.getMessage());
        }
    }
}
