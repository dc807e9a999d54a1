package elvis.protocol.dns;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.CloseReason;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConnection;
import elvis.protocol.udp.DatagramHandler;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;
import elvis.sim.RandomStream;
import elvis.sim.Timer;

import java.util.HashMap;
import java.util.Map;

/**
 * A machine's stub resolver, as glibc's: asks the name servers of its {@link ResolvConf} for a
 * name's A record over UDP, each query from a fresh port with an id drawn from the machine's seeded
 * stream, and takes only a response whose id, question, source address and port match. It tries
 * every server in turn, {@code attempts} rounds, waiting {@code timeout} for each in the first round
 * and, as glibc, twice as long each round after, shared among the servers; asks again over
 * TCP when a response comes truncated; and caches answers for their TTL (negative ones for the
 * SOA minimum, RFC 2308). Event API: the caller hears the outcome through a callback, from an event
 * or the upcall drain, never from inside UDP. A machine extension, made on first use.
 */
public final class StubResolver {
    /** How a lookup ended. */
    public enum Outcome {
        RESOLVED,
        /** The name does not exist (NXDOMAIN), or is not a valid name. */
        NXDOMAIN,
        /** The name exists but has no A record. */
        NODATA,
        /** Every server failed (SERVFAIL, REFUSED) or no server is configured. */
        SERVFAIL,
        /** No server answered in {@code attempts} rounds. */
        TIMEOUT
    }

    /** Hears the end of one lookup: the outcome and, when resolved, the first address. */
    @FunctionalInterface
    public interface Callback {
        void done(Outcome outcome, int address);
    }

    private static final long NS_PER_S = 1_000_000_000L;

    private final Machine machine;
    private RandomStream random;
    private Map<DnsName, long[]> cache;     // name -> {address or -1 - outcome ordinal, expiry}; made on first answer
    private long queries, timeouts;

    private StubResolver(Machine machine) { this.machine = machine; }

    public static StubResolver of(Machine machine) { return machine.extension(StubResolver.class, StubResolver::new); }

    /** True when {@code machine} has name servers configured, so names resolve through DNS. */
    public static boolean configured(Machine machine) {
        ResolvConf rc = machine.existingExtension(ResolvConf.class);
        return rc != null && rc.nameservers().length > 0;
    }

    /** Queries sent (retries included) and queries that timed out. */
    public long queries() { return queries; }
    public long timeouts() { return timeouts; }

    /**
     * Resolves {@code name} (a name without a dot gets the search domain appended) for {@code owner};
     * {@code callback} hears the outcome, at once when the cache answers.
     */
    public void resolve(String name, Application owner, Callback callback) {
        DnsName qname;
        try {
            ResolvConf rc = ResolvConf.of(machine);
            String full = name.indexOf('.') < 0 && !rc.searchDomain().isEmpty() ? name + "." + rc.searchDomain() : name;
            qname = DnsName.of(full);
        } catch (IllegalArgumentException e) {
            callback.done(Outcome.NXDOMAIN, -1);
            return;
        }
        long[] hit = cache == null ? null : cache.get(qname);
        if (hit != null && machine.sim().now() < hit[1]) {
            if (hit[0] >= 0) callback.done(Outcome.RESOLVED, (int) hit[0]);
            else callback.done(Outcome.values()[(int) (-1 - hit[0])], -1);
            return;
        }
        int[] servers = ResolvConf.of(machine).nameservers();
        if (servers.length == 0) {
            callback.done(Outcome.SERVFAIL, -1);
            return;
        }
        new Lookup(qname, servers, owner, callback).next();
    }

    private RandomStream random() {
        if (random == null) random = machine.sim().random(machine.name() + "/dns-stub");
        return random;
    }

    /** One name being looked up: which server and round it is at, and the query in flight. */
    private final class Lookup implements DatagramHandler, ConnectionHandler, Runnable {
        private final DnsName name;
        private final int[] servers;
        private final Application owner;
        private final Callback callback;
        private final ResolvConf conf = ResolvConf.of(machine);
        private int server = -1, round, id;
        private UdpSession session;
        private TcpConnection tcp;
        private TcpFramer reader;
        private Timer timer;
        private boolean ended, refused;

        Lookup(DnsName name, int[] servers, Application owner, Callback callback) {
            this.name = name;
            this.servers = servers;
            this.owner = owner;
            this.callback = callback;
        }

        /** Sends to the next server, or ends when every round is spent. */
        void next() {
            closeTransport();
            if (++server == servers.length) {
                server = 0;
                if (++round == conf.attempts()) {
                    end(refused ? Outcome.SERVFAIL : Outcome.TIMEOUT, -1, 0);
                    return;
                }
            }
            id = (int) random().nextLong(65536);
            session = bindRandomPort();
            queries++;
            session.sendTo(servers[server], RecursiveResolver.PORT, Message.wrap(DnsCodec.encode(DnsMessage.query(id, name, DnsType.A))));
            timer = machine.sim().timer(tryTimeout(), this);
        }

        /** glibc's res_send: the timeout doubles each round and, after the first, is shared among the servers (at least 1 s). */
        private long tryTimeout() {
            long t = conf.timeoutNanos() << round;
            if (servers.length > 1 && round > 0) t /= servers.length;
            return Math.max(t, NS_PER_S);
        }

        private UdpSession bindRandomPort() {
            Udp udp = Udp.of(machine);
            while (true) {
                int port = Udp.EPHEMERAL_FIRST + (int) random().nextLong(65536 - Udp.EPHEMERAL_FIRST);
                try {
                    return udp.bind(port, owner, this);
                } catch (IllegalStateException inUse) {
                    // taken: draw again
                }
            }
        }

        /** The timeout of the query in flight. */
        @Override
        public void run() {
            if (ended) return;
            machine.guard(owner, () -> {
                timeouts++;
                next();
            });
        }

        @Override
        public boolean depositsOnly() { return false; }

        @Override
        public void datagram(Message data, int srcIp, int srcPort) {
            if (ended || session == null) return;
            DnsMessage r = decode(data.toByteArray());
            if (r == null || srcIp != servers[server] || srcPort != RecursiveResolver.PORT || !matches(r)) return;   // not our answer: keep waiting
            if (r.tc()) {
                timer.cancel();
                closeTransport();
                reader = new TcpFramer();
                tcp = Tcp.of(machine).connect(servers[server], RecursiveResolver.PORT, owner, this);
                timer = machine.sim().timer(tryTimeout(), this);
                return;
            }
            answered(r);
        }

        @Override
        public void connected(TcpConnection c) { c.send(Message.wrap(DnsCodec.frameForTcp(DnsCodec.encode(DnsMessage.query(id, name, DnsType.A))))); }

        @Override
        public void data(TcpConnection c, Message data) {
            if (ended || c != tcp) return;
            reader.append(data);
            for (byte[] m; (m = reader.next()) != null; ) {
                DnsMessage r = decode(m);
                if (r != null && matches(r)) {
                    answered(r);
                    return;
                }
            }
        }

        @Override
        public void closed(TcpConnection c, CloseReason reason) {
            if (ended || c != tcp) return;
            tcp = null;
            timer.cancel();
            next();
        }

        private boolean matches(DnsMessage r) {
            DnsQuestion q = r.question();
            return r.qr() && r.id() == id && r.questions().size() == 1 && q.name().equals(name) && q.type() == DnsType.A;
        }

        private void answered(DnsMessage r) {
            timer.cancel();
            if (r.rcode() == DnsMessage.NXDOMAIN) {
                end(Outcome.NXDOMAIN, -1, negativeTtl(r));
                return;
            }
            if (r.rcode() != DnsMessage.NOERROR) {   // SERVFAIL, REFUSED: glibc asks the next server
                refused = true;
                next();
                return;
            }
            DnsName n = name;
            for (int hops = 0; hops <= 16; hops++) {
                DnsName cname = null;
                for (DnsRecord rec : r.answers()) {
                    if (!rec.name().equals(n)) continue;
                    if (rec.data() instanceof Rdata.A a) {
                        end(Outcome.RESOLVED, a.address(), minTtl(r));
                        return;
                    }
                    if (rec.data() instanceof Rdata.Cname c) cname = c.target();
                }
                if (cname == null) break;
                n = cname;
            }
            end(Outcome.NODATA, -1, negativeTtl(r));
        }

        private void end(Outcome outcome, int address, int ttl) {
            ended = true;
            closeTransport();
            if (ttl > 0) {
                if (cache == null) cache = new HashMap<>();
                cache.put(name, new long[] {outcome == Outcome.RESOLVED ? address : -1 - outcome.ordinal(), machine.sim().now() + ttl * NS_PER_S});
            }
            machine.guard(owner, () -> callback.done(outcome, address));
        }

        private void closeTransport() {
            if (session != null) {
                session.close();
                session = null;
            }
            if (tcp != null) {
                TcpConnection c = tcp;
                tcp = null;
                c.close();
            }
        }
    }

    /** The smallest TTL of the A records (and CNAMEs) that answered. */
    private static int minTtl(DnsMessage r) {
        int ttl = Integer.MAX_VALUE;
        for (DnsRecord rec : r.answers()) ttl = Math.min(ttl, rec.ttl());
        return ttl == Integer.MAX_VALUE ? 0 : ttl;
    }

    private static int negativeTtl(DnsMessage r) {
        for (DnsRecord rec : r.authority()) if (rec.type() == DnsType.SOA) return DnsCache.negativeTtl(rec);
        return 0;
    }

    private static DnsMessage decode(byte[] data) {
        try {
            return DnsCodec.decode(data);
        } catch (DnsFormatException e) {
            return null;
        }
    }
}
