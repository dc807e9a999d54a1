package elvis.app;

import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.config.Units;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.dhcp.DhcpMessage;
import elvis.protocol.dhcp.DhcpPool;
import elvis.protocol.dhcp.DhcpRelay;
import elvis.protocol.dhcp.DhcpServer;

import java.util.ArrayList;
import java.util.List;

/**
 * The DHCP applications NDL names: {@code dhcp_server} (pools, lease time, router, DNS servers,
 * domain), {@code dhcp_relay} (the server it relays to), and the original Elvis's {@code dhcp_client},
 * which makes its machine's first network DHCP-configured, as {@code dhcp='true'} on it does.
 */
public final class DhcpApps {
    static final long S = Units.NANOS_PER_SECOND;

    private DhcpApps() { }

    /** {@code dhcp_server}: a {@link DhcpServer} with one pool per entry of {@code pool}. */
    public static final class Server implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("dhcp_server", List.of(
                    Attribute.string("pool").doc("the addresses to hand out, comma-separated entries: a subnet `10.0.1.0/24` (all but its network, "
                            + "broadcast and the server's and router's addresses), or a range `10.0.0.100-10.0.0.199`, on the server's network "
                            + "that holds it, or with the subnet's prefix `10.0.2.10-10.0.2.99/24` for a subnet behind a relay"),
                    Attribute.string("ip_range").doc("the original Elvis's pool: `a.b.c.d-e`, the last byte ranging from d to e"),
                    Declare.duration("lease").byDefault(3600 * S).doc("lease time (option 51), at least 1s"),
                    Attribute.ipv4("router").doc("default gateway (option 3) for the pool whose subnet holds it; a relayed pool without one gets its relay's address"),
                    Attribute.string("dns").doc("DNS servers (option 6), comma-separated addresses"),
                    Attribute.string("domain").doc("domain name (option 15)")),
                    List.of(List.of("pool", "ip_range")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            long leaseNs = a.duration("lease", 3600 * S);
            if (leaseNs < S || leaseNs / S > DhcpMessage.INFINITE) throw new Arguments.ArgumentException("lease", "'lease' must be at least 1s");
            int router = a.has("router") ? a.ipv4("router") : 0;
            int[] dns = a.has("dns") ? addresses(a, "dns") : null;
            List<DhcpPool> pools = new ArrayList<>();
            if (a.has("pool")) for (String entry : a.string("pool").split(",")) pools.add(pool(entry.trim(), "pool"));
            if (a.has("ip_range")) pools.add(originalRange(a.string("ip_range").trim()));
            DhcpServer server = new DhcpServer();
            for (DhcpPool p : pools) {
                p.leaseSeconds(leaseNs / S);
                if (router != 0) p.router(router);
                if (dns != null) p.dns(dns);
                if (a.has("domain")) p.domain(a.string("domain"));
                try {
                    server.add(p);
                } catch (IllegalArgumentException e) {
                    throw new Arguments.ArgumentException("pool", e.getMessage());
                }
            }
            return server;
        }

        /** {@code a.b.c.d/len}, {@code first-last} or {@code first-last/len}. */
        static DhcpPool pool(String entry, String key) {
            try {
                int slash = entry.indexOf('/'), dash = entry.indexOf('-');
                int len = slash < 0 ? -1 : (int) Units.wholeNumber(entry.substring(slash + 1), key, 0, 32);
                String range = slash < 0 ? entry : entry.substring(0, slash);
                if (dash < 0) {
                    if (len < 0) throw new Arguments.ArgumentException(key, "'" + entry + "' is neither a subnet 'a.b.c.d/len' nor a range 'first-last'");
                    return DhcpPool.subnet(Units.ipv4(range), len);
                }
                int first = Units.ipv4(range.substring(0, dash).trim()), last = Units.ipv4(range.substring(dash + 1).trim());
                if (Integer.compareUnsigned(first, last) > 0) throw new Arguments.ArgumentException(key, "range '" + entry + "' ends before it starts");
                return len < 0 ? new DhcpPool(first, last) : new DhcpPool(first, len, first, last);
            } catch (Units.BadValue e) {
                throw new Arguments.ArgumentException(key, "'" + entry + "': " + e.getMessage());
            } catch (IllegalArgumentException e) {
                if (e instanceof Arguments.ArgumentException ae) throw ae;
                throw new Arguments.ArgumentException(key, e.getMessage());
            }
        }

        /** The original's {@code a.b.c.d-e}; a full range is accepted too. */
        static DhcpPool originalRange(String v) {
            int dash = v.indexOf('-');
            if (dash > 0 && v.indexOf('.', dash) < 0) {
                String start = v.substring(0, dash);
                v = start + "-" + start.substring(0, start.lastIndexOf('.') + 1) + v.substring(dash + 1);
            }
            return pool(v, "ip_range");
        }

        static int[] addresses(Arguments a, String key) {
            String[] parts = a.string(key).split(",");
            int[] ips = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    ips[i] = Units.ipv4(parts[i].trim());
                } catch (Units.BadValue e) {
                    throw new Arguments.ArgumentException(key, "'" + parts[i].trim() + "': " + e.getMessage());
                }
            }
            return ips;
        }
    }

    /** {@code dhcp_relay}: a {@link DhcpRelay} to {@code server}. */
    public static final class Relay implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("dhcp_relay", List.of(
                    Attribute.destination("server").required().doc("the DHCP server (machine or address) requests are relayed to")),
                    List.of());
        }

        @Override
        public Application create(Arguments a, Context context) { return new DhcpRelay(context.destination(a, "server")); }
    }

    /**
     * {@code dhcp_client}, the original Elvis's name: the machine's first network gets its address
     * by DHCP (the builder makes that interface's client; this application itself does nothing).
     * Discovery is broadcast, so {@code server_ip} is accepted and not needed.
     */
    public static final class Client implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("dhcp_client", List.of(
                    Attribute.string("server_ip").doc("accepted for the original Elvis; unused: clients find servers by broadcast")),
                    List.of());
        }

        @Override
        public Application create(Arguments a, Context context) {
            return new Application() {
                @Override public String name() { return "dhcp_client"; }
                @Override public void start(Machine machine) { }
                @Override public String summary() { return "see the machine's DHCP client"; }
            };
        }
    }
}
