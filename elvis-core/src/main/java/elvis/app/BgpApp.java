package elvis.app;

import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.config.Units;
import elvis.machine.Application;
import elvis.routing.Prefix;
import elvis.routing.Relationship;
import elvis.routing.bgp.Bgp;
import elvis.routing.bgp.BgpConfig;
import elvis.routing.bgp.BgpNeighbor;
import elvis.routing.bgp.Policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code bgp}: a BGP-4 speaker ({@link Bgp}) on a router. Its AS, its neighbours as
 * {@code address:asn[:relationship][:rr-client]} entries, the prefixes it originates, what it
 * redistributes, its timers, and import/export policies passed to every neighbour.
 */
public final class BgpApp {
    static final long S = Units.NANOS_PER_SECOND;

    private BgpApp() { }

    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema(Bgp.NAME, List.of(
                    Attribute.wholeNumber("asn", 1, 0xFFFF_FFFFL).required().doc("the speaker's AS number, 1..4294967295 (4-octet, RFC 6793)"),
                    Attribute.string("neighbors").required().doc("the sessions, comma-separated `address:asn`, optionally `:customer`, `:peer` or "
                            + "`:provider` (what that AS is to ours: Gao-Rexford policies) and `:rr-client` (route-reflector client); "
                            + "the neighbour's AS equal to ours makes the session iBGP"),
                    Attribute.string("networks").doc("prefixes the speaker originates, comma-separated `a.b.c.d/len`"),
                    Attribute.string("redistribute").doc("other routes it announces, comma-separated: connected, static, ospf, rip"),
                    Attribute.ipv4("router_id").doc("the BGP Identifier; by default the machine's highest interface address"),
                    Attribute.ipv4("cluster_id").doc("the route-reflection cluster ID (RFC 4456); by default the router ID"),
                    Declare.duration("hold").byDefault(90 * S).doc("hold time offered in OPEN, 0 (none) or at least 3s; keepalives every third of the agreed one"),
                    Declare.duration("connect_retry").byDefault(120 * S).doc("ConnectRetry time between attempts to open a session"),
                    Declare.duration("mrai_ebgp").byDefault(30 * S).doc("MinRouteAdvertisementInterval towards eBGP neighbours"),
                    Declare.duration("mrai_ibgp").byDefault(5 * S).doc("MinRouteAdvertisementInterval towards iBGP neighbours"),
                    Attribute.string("import").doc("import policy for every neighbour, in the policy syntax (default: the relationship's, or accept all)"),
                    Attribute.string("export").doc("export policy for every neighbour, in the policy syntax (default: the relationship's, or advertise all)")),
                    List.of());
        }

        @Override
        public Application create(Arguments a, Context context) {
            long asn = a.integer("asn", 1, 0xFFFF_FFFFL);
            String importPolicy = policy(a, "import"), exportPolicy = policy(a, "export");
            List<BgpNeighbor> neighbors = new ArrayList<>();
            for (String entry : a.string("neighbors").split(",")) neighbors.add(neighbor(entry.trim(), importPolicy, exportPolicy));
            List<Prefix> networks = new ArrayList<>();
            if (a.has("networks")) {
                for (String p : a.string("networks").split(",")) {
                    try {
                        networks.add(Prefix.parse(p.trim()));
                    } catch (IllegalArgumentException e) {
                        throw new Arguments.ArgumentException("networks", "'" + p.trim() + "': " + e.getMessage());
                    }
                }
            }
            Set<String> redistribute = new LinkedHashSet<>();
            if (a.has("redistribute")) for (String r : a.string("redistribute").split(",")) redistribute.add(r.trim());
            try {
                return new Bgp(new BgpConfig(asn, a.has("router_id") ? a.ipv4("router_id") : 0, neighbors, networks, redistribute,
                        a.has("cluster_id") ? a.ipv4("cluster_id") : 0, a.duration("hold", 90 * S), a.duration("connect_retry", 120 * S),
                        a.duration("mrai_ebgp", 30 * S), a.duration("mrai_ibgp", 5 * S)));
            } catch (IllegalArgumentException e) {
                if (e instanceof Arguments.ArgumentException ae) throw ae;
                String m = e.getMessage();
                String key = m.startsWith("hold") ? "hold" : m.contains("redistribute") ? "redistribute" : m.contains("timers") ? "connect_retry" : "neighbors";
                throw new Arguments.ArgumentException(key, e.getMessage());
            }
        }

        /** The policy text of {@code key}, checked now so that an error points at it; null when absent. */
        static String policy(Arguments a, String key) {
            if (!a.has(key)) return null;
            String text = a.string(key);
            try {
                Policy.parse(text);
            } catch (Policy.SyntaxError e) {
                throw new Arguments.ArgumentException(key, e.getMessage());
            }
            return text;
        }

        /** {@code address:asn[:relationship][:rr-client]}. */
        static BgpNeighbor neighbor(String entry, String importPolicy, String exportPolicy) {
            String[] f = entry.split(":");
            if (f.length < 2) throw new Arguments.ArgumentException("neighbors", "'" + entry + "' is not 'address:asn[:customer|peer|provider][:rr-client]'");
            int address;
            long asn;
            try {
                address = Units.ipv4(f[0].trim());
            } catch (Units.BadValue e) {
                throw new Arguments.ArgumentException("neighbors", "'" + entry + "': " + e.getMessage());
            }
            try {
                asn = Long.parseLong(f[1].trim());
            } catch (NumberFormatException e) {
                throw new Arguments.ArgumentException("neighbors", "'" + entry + "': '" + f[1].trim() + "' is not an AS number");
            }
            if (asn < 1 || asn > 0xFFFF_FFFFL) throw new Arguments.ArgumentException("neighbors", "'" + entry + "': AS number must be 1..4294967295");
            Relationship relationship = Relationship.NONE;
            boolean client = false;
            for (int i = 2; i < f.length; i++) {
                String w = f[i].trim().toLowerCase(Locale.ROOT);
                switch (w) {
                    case "customer" -> relationship = Relationship.CUSTOMER;
                    case "peer" -> relationship = Relationship.PEER;
                    case "provider" -> relationship = Relationship.PROVIDER;
                    case "rr-client" -> client = true;
                    default -> throw new Arguments.ArgumentException("neighbors", "'" + entry + "': '" + f[i].trim()
                            + "' is none of customer, peer, provider, rr-client");
                }
            }
            return new BgpNeighbor(address, asn, relationship, client, importPolicy, exportPolicy, 0);
        }
    }
}
