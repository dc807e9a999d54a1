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

    /** {@code n} point-to-point links {@code id-1 … id-n} in one [Network count], link {@code i} on the {@code i}-th /30 of the /16 {@code block}. */
    static void accessLinks(NdlWriter ndl, String id, int block, int n, String bandwidth, String latency) {
        ndl.section(1, "Network", "id", id, "type", "p2p", "count", n, "bandwidth", bandwidth, "latency", latency);
        ndl.section(2, "IP", "subnet", ip(block) + "/16");
    }

    /**
     * {@code n} hosts {@code name-1 … name-n}, one on each link of {@code links} (a [Network count] on /16 {@code block});
     * their router, listed before them, holds each link's first address, which static routing makes their default gateway.
     */
    void hosts(NdlWriter ndl, String name, int n, String links, int block) {
        ndl.section(1, "Machine", "name", name, "count", n);
        ndl.section(2, "Networks");
        ndl.section(3, "Network", "id", links);
        if (routing == Routing.STATIC) {
            ndl.section(2, "Routes");
            ndl.section(3, "Route", "to", "default", "via", ip(block + 1));
        }
    }

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
