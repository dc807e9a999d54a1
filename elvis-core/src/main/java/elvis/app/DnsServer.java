package elvis.app;

import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.dns.Authority;
import elvis.protocol.dns.DnsCodec;
import elvis.protocol.dns.DnsDrop;
import elvis.protocol.dns.DnsFormatException;
import elvis.protocol.dns.DnsMessage;
import elvis.protocol.dns.DnsName;
import elvis.protocol.dns.TcpFramer;
import elvis.protocol.dns.Zone;
import elvis.util.SourceError;
import elvis.protocol.dns.ZoneParser;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConnection;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An authoritative name server ({@code dns_server}): answers queries for its zones on UDP and TCP
 * port 53 for the whole run, through {@link Authority}. Over UDP an answer larger than 512 bytes
 * (or the query's EDNS size) is truncated with TC set; over TCP it goes whole. Undecodable queries
 * get FORMERR when their header can be read, else they are counted drops. Event-driven: no process.
 *
 * <p>Several {@code dns_server} applications on one machine make one server: the first opens the
 * ports and reports the counters, the others add their zones to it.
 */
public final class DnsServer implements Application {
    public static final int PORT = 53;

    private final List<Zone> zones;
    private Shared shared;

    public DnsServer(List<Zone> zones) {
        if (zones.isEmpty()) throw new IllegalArgumentException("a DNS server needs at least one zone");
        this.zones = List.copyOf(zones);
    }

    @Override
    public String name() { return "dns_server"; }

    @Override
    public void start(Machine machine) {
        shared = machine.extension(Shared.class, m -> new Shared(m, this));
        shared.add(zones);
    }

    /** The zones this application brought (the machine's server may hold more). */
    public List<Zone> zones() { return zones; }

    private boolean reportsCounters() { return shared != null && shared.first == this; }

    public long queries() { return shared.udpQueries + shared.tcpQueries; }
    public long truncated() { return shared.truncated; }
    /** Responses sent with {@code rcode}. */
    public long responses(int rcode) { return rcode < shared.byRcode.length ? shared.byRcode[rcode] : 0; }
    public long drops() { return shared.drops; }

    @Override
    public String summary() {
        if (!reportsCounters()) return zoneNames() + " (served by the machine's first dns_server)";
        return zoneNames() + ": " + queries() + " queries (" + shared.tcpQueries + " over TCP), " + responses(DnsMessage.NOERROR) + " NOERROR, "
                + responses(DnsMessage.NXDOMAIN) + " NXDOMAIN, " + responses(DnsMessage.REFUSED) + " REFUSED, " + truncated() + " truncated, " + drops() + " dropped";
    }

    private String zoneNames() {
        List<String> names = new ArrayList<>();
        for (Zone z : zones) names.add(z.origin().toString());
        return "zones " + String.join(", ", names);
    }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        List<Object> zs = new ArrayList<>();
        for (Zone z : zones) zs.add(Map.of("origin", z.origin().toString(), "records", z.size()));
        r.put("zones", zs);
        if (!reportsCounters()) return r;
        r.put("queries_udp", shared.udpQueries);
        r.put("queries_tcp", shared.tcpQueries);
        Map<String, Object> rcodes = new LinkedHashMap<>();
        for (int i = 0; i < shared.byRcode.length; i++) if (shared.byRcode[i] > 0) rcodes.put(DnsMessage.rcodeName(i).toLowerCase(java.util.Locale.ROOT), shared.byRcode[i]);
        r.put("responses", rcodes);
        r.put("truncated", shared.truncated);
        r.put("dropped", shared.drops);
        return r;
    }

    /** The one server of a machine: its sockets, its zones and its counters. */
    private static final class Shared {
        private final Machine machine;
        private final DnsServer first;
        private final List<Zone> zones = new ArrayList<>();
        private Authority authority;
        private UdpSession udp;
        long udpQueries, tcpQueries, truncated, drops;
        final long[] byRcode = new long[16];

        Shared(Machine machine, DnsServer first) {
            this.machine = machine;
            this.first = first;
        }

        void add(List<Zone> more) {
            zones.addAll(more);
            authority = new Authority(zones);
            if (udp != null) return;
            udp = Udp.of(machine).bind(PORT, first, this::udpQuery);
            Tcp.of(machine).listen(PORT, 128, first, c -> new Connection());
        }

        private void udpQuery(Message data, int srcIp, int srcPort) {
            udpQueries++;
            byte[] in = data.toByteArray();
            byte[] out = respond(in, false);
            if (out != null) udp.sendTo(srcIp, srcPort, Message.wrap(out));
        }

        /** The encoded response to one query, or null (counted) when there is none to send. */
        private byte[] respond(byte[] in, boolean tcp) {
            DnsMessage response;
            int limit = DnsCodec.MAX_MESSAGE;
            try {
                DnsMessage query = DnsCodec.decode(in);
                response = authority.answer(query);
                if (response == null) {
                    drop(DnsDrop.DNS_UNEXPECTED_RESPONSE);
                    return null;
                }
                if (!tcp) limit = DnsCodec.udpLimit(query);
            } catch (DnsFormatException e) {
                response = Authority.formatError(in, 0, in.length);
                if (response == null) {
                    drop(DnsDrop.DNS_MALFORMED);
                    return null;
                }
            }
            byte[] out = DnsCodec.encode(response, limit);
            if ((out[2] & 0x02) != 0 && !response.tc()) truncated++;
            byRcode[out[3] & 0xf]++;
            return out;
        }

        private void drop(DnsDrop cause) {
            drops++;
            machine.drop(cause);
        }

        /** One TCP client: queries framed by their length, answered in order; closed when the client closes. */
        private final class Connection implements ConnectionHandler {
            private final TcpFramer framer = new TcpFramer();
            private Message unsent = Message.EMPTY;

            @Override public void data(TcpConnection c, Message data) {
                framer.append(data);
                for (byte[] q; (q = framer.next()) != null; ) {
                    tcpQueries++;
                    byte[] out = respond(q, true);
                    if (out != null) unsent = unsent.concat(Message.wrap(DnsCodec.frameForTcp(out)));
                }
                flush(c);
            }

            @Override public void writable(TcpConnection c) { flush(c); }

            @Override public void peerClosed(TcpConnection c) { c.close(); }

            private void flush(TcpConnection c) {
                if (!unsent.isEmpty()) unsent = unsent.slice(c.send(unsent));
            }
        }
    }

    /**
     * {@code dns_server}: {@code zone} with {@code file} (a master file, relative to the NDL file)
     * or {@code records} (master-file records separated by ';').
     */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("dns_server", List.of(
                    Attribute.string("zone").required().doc("the zone's name (its origin), e.g. `example.com`; relative names in the records end in it"),
                    Attribute.string("file").doc("a zone file in RFC 1035 master-file syntax, relative to the NDL file"),
                    Attribute.string("records").doc("the zone's records written inline, master-file lines separated by `;`, e.g. `@ SOA ns1 admin 1 1h 10m 1d 5m; @ NS ns1; ns1 A 10.0.0.53`"),
                    Attribute.duration("ttl", 0, (long) Integer.MAX_VALUE * 1_000_000_000L).byDefault(3600_000_000_000L)
                            .doc("TTL of records that give none, until a `$TTL` line")),
                    List.of(List.of("file", "records")));
        }

        /** Zones already read, by source: the instances of a group of servers (count='N') share one. */
        private final Map<List<Object>, Zone> parsed = new java.util.HashMap<>();

        @Override
        public Application create(Arguments a, Context context) {
            DnsName origin;
            try {
                origin = DnsName.of(a.string("zone"));
            } catch (IllegalArgumentException e) {
                throw new Arguments.ArgumentException("zone", "'" + a.string("zone") + "' is not a domain name: " + e.getMessage());
            }
            if (a.has("file") && a.has("records")) throw new Arguments.ArgumentException("records", "give the zone's records in 'file' or in 'records', not both");
            if (!a.has("file") && !a.has("records")) throw new Arguments.ArgumentException("zone", "the zone needs its records: 'file' or 'records'");
            long ttl = a.duration("ttl", 3600_000_000_000L) / 1_000_000_000L;
            boolean inline = a.has("records");
            Path path = inline ? null : context.file(a.string("file"));
            List<Object> key = List.of(origin, ttl, inline ? a.string("records") : path.toAbsolutePath().normalize());
            Zone zone = parsed.get(key);
            if (zone == null) {
                zone = inline ? parseInline(a.string("records"), origin, ttl) : parseFile(a.string("file"), path, origin, ttl);
                parsed.put(key, zone);
            }
            return new DnsServer(List.of(zone));
        }

        private static Zone parseInline(String records, DnsName origin, long ttl) {
            try {
                return ZoneParser.parseInline("records", records, origin, ttl);
            } catch (SourceError e) {
                throw new Arguments.ArgumentException("records", "bad zone " + origin + ": " + e.getMessage());
            }
        }

        private static Zone parseFile(String name, Path path, DnsName origin, long ttl) {
            String text;
            try {
                text = Files.readString(path, StandardCharsets.UTF_8);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new Arguments.ArgumentException("file", "cannot read zone file " + path + ": no such file");
            } catch (IOException | RuntimeException e) {
                throw new Arguments.ArgumentException("file", "cannot read zone file " + path + ": " + e.getMessage());
            }
            try {
                return ZoneParser.parse(name, text, origin, ttl);
            } catch (SourceError e) {
                throw new Arguments.ArgumentException("file", "bad zone " + origin + ": " + e.getMessage());
            }
        }
    }
}
