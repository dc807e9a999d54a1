package elvis.protocol.dns;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.CloseReason;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConnection;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;
import elvis.sim.RandomStream;
import elvis.sim.Timer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A caching recursive resolver (RFC 1034 §5.3.3, RFC 1035 §7) on the event API: it serves stub
 * clients on UDP and TCP port 53 with RA set, and answers each question from its cache or by
 * iterating from the root hints: a referral's NS RRset and glue are cached, so a later question
 * starts at the deepest zone cut known; NS names without glue are resolved first; CNAME chains are
 * followed; NXDOMAIN and NODATA are cached for the SOA minimum (RFC 2308).
 *
 * <p>Upstream, each query goes from one of a few source ports drawn from the machine's seeded
 * stream with a random id, and a response is taken only if its id, question, source address and
 * port match. A server that does not answer is retried ({@link Limits#attempts} rounds over the
 * zone's servers, the timeout doubling each round); one that answers uselessly (a referral that
 * is not closer, REFUSED, SERVFAIL) is lame and skipped. Every client question has a budget of
 * upstream queries, referrals and CNAMEs ({@link Limits}), shared with the lookups it starts for
 * NS addresses, so a loop or a lame delegation ends in SERVFAIL. Identical questions being resolved
 * wait for the same resolution. A truncated response is asked again over TCP.
 */
public final class RecursiveResolver {
    public static final int PORT = 53;
    /** How many random source ports upstream queries spread over (unbound's outgoing range, scaled down). */
    static final int SOURCE_PORTS = 8;
    /** How deep lookups of NS addresses may nest. */
    static final int MAX_NESTING = 4;

    /**
     * The work one client question may cost.
     *
     * @param cnameDepth      CNAMEs followed
     * @param referrals       referrals followed, counting those of NS address lookups
     * @param upstreamQueries queries sent, counting retries and NS address lookups
     * @param timeoutNs       the first round's timeout per server, doubled each round
     * @param attempts        rounds over a zone's servers
     */
    public record Limits(int cnameDepth, int referrals, int upstreamQueries, long timeoutNs, int attempts) {
        public static final Limits DEFAULT = new Limits(8, 16, 40, 2_000_000_000L, 2);

        public Limits {
            if (cnameDepth < 0 || referrals < 1 || upstreamQueries < 1 || timeoutNs <= 0 || attempts < 1)
                throw new IllegalArgumentException("resolver limits must be positive");
        }
    }

    /** Counters reported in results. */
    public static final class Stats {
        public long queries, tcpQueries, cacheHits, coalesced, upstreamQueries, timeouts, servfail, nxdomain, tcpRetries, lame, unmatched, malformed;

        public double hitRatio() { return queries == 0 ? 0 : (double) cacheHits / queries; }
    }

    private final Machine machine;
    private final Application owner;
    private final int[] rootHints;
    private final Limits limits;
    private final DnsCache cache = new DnsCache();
    private final Stats stats = new Stats();
    private final RandomStream random;
    private final UdpSession[] sourcePorts = new UdpSession[SOURCE_PORTS];
    private final Map<Integer, Upstream> inFlight = new HashMap<>();     // (source port slot << 16 | id)
    private final Map<DnsQuestion, Task> resolving = new HashMap<>();
    private UdpSession server53;                                           // answers clients

    public RecursiveResolver(Machine machine, Application owner, int[] rootHints, Limits limits) {
        if (rootHints.length == 0) throw new IllegalArgumentException("a recursive resolver needs at least one root server address");
        this.machine = machine;
        this.owner = owner;
        this.rootHints = rootHints.clone();
        this.limits = limits;
        this.random = machine.sim().random(machine.name() + "/dns-resolver");
    }

    /** Listens on UDP and TCP port 53 and binds the upstream source ports. */
    public void start() {
        Udp udp = Udp.of(machine);
        server53 = udp.bind(PORT, owner, this::clientDatagram);
        Tcp.of(machine).listen(PORT, 128, owner, c -> new TcpClient());
        for (int i = 0; i < SOURCE_PORTS; i++) {
            while (sourcePorts[i] == null) {
                int port = 1024 + (int) random.nextLong(65536 - 1024);
                try {
                    sourcePorts[i] = udp.bind(port, owner, new SourcePort(i));
                } catch (IllegalStateException inUse) {
                    // drawn twice or taken: draw again
                }
            }
        }
    }

    public Stats stats() { return stats; }

    /** The upstream source ports drawn (for tests that forge responses). */
    int[] sourcePorts() {
        int[] ports = new int[SOURCE_PORTS];
        for (int i = 0; i < SOURCE_PORTS; i++) ports[i] = sourcePorts[i].localPort();
        return ports;
    }

    public DnsCache cache() { return cache; }

    // ---- clients ----

    /**
     * Who asked: a UDP client (address, port), or a TCP connection; with the query's id and RD bit,
     * and whether it came with EDNS0 (its response then carries an OPT record, RFC 6891 §7).
     */
    private record Client(int ip, int port, TcpConnection tcp, int id, boolean rd, int udpLimit, boolean edns) { }

    /** What a question resolved to. */
    private record Result(int rcode, List<DnsRecord> answers, DnsRecord soa) { }

    private void clientDatagram(Message data, int ip, int port) {
        DnsMessage q = decode(data);
        if (q == null) return;
        if (q.qr()) {         // a response sent to port 53: not ours to take
            machine.drop(DnsDrop.DNS_UNEXPECTED_RESPONSE);
            return;
        }
        question(q, new Client(ip, port, null, q.id(), q.rd(), DnsCodec.udpLimit(q), q.hasEdns()));
    }

    private void question(DnsMessage q, Client c) {
        if (q.opcode() != DnsMessage.OPCODE_QUERY || q.questions().size() != 1) {
            reply(c, q.question(), new Result(q.opcode() != DnsMessage.OPCODE_QUERY ? DnsMessage.NOTIMP : DnsMessage.FORMERR, List.of(), null));
            return;
        }
        stats.queries++;
        DnsQuestion question = q.question();
        Task running = resolving.get(question);
        if (running != null) {
            stats.coalesced++;
            running.waiters.add(c);
            return;
        }
        Task t = new Task(question, new Work(), 0);
        Result cached = walkCache(t);
        if (cached != null) {
            stats.cacheHits++;
            reply(c, question, cached);
            return;
        }
        t.waiters.add(c);
        resolving.put(question, t);
        chooseServers(t);
    }

    private void reply(Client c, DnsQuestion question, Result r) {
        if (r.rcode == DnsMessage.SERVFAIL) stats.servfail++;
        if (r.rcode == DnsMessage.NXDOMAIN) stats.nxdomain++;
        DnsMessage.Builder b = DnsMessage.builder().id(c.id).qr(true).rd(c.rd).ra(true).rcode(r.rcode);
        if (question != null) b.question(question);
        b.answers(r.answers);
        if (r.soa != null) b.authority(r.soa);
        if (c.edns) b.ednsPayloadSize(Authority.EDNS_SIZE);
        DnsMessage response = b.build();
        if (c.tcp != null) {
            c.tcp.send(Message.wrap(DnsCodec.frameForTcp(DnsCodec.encode(response))));
        } else {
            server53.sendTo(c.ip, c.port, Message.wrap(DnsCodec.encode(response, c.udpLimit)));
        }
    }


    /** A client connection: length-prefixed queries (RFC 1035 §4.2.2), each answered in full. */
    private final class TcpClient implements ConnectionHandler {
        private final TcpFramer framer = new TcpFramer();

        @Override
        public void data(TcpConnection c, Message data) {
            framer.append(data);
            for (byte[] m; (m = framer.next()) != null; ) {
                DnsMessage q = decode(m);
                if (q == null) { c.abort(); return; }
                if (q.qr()) continue;
                stats.tcpQueries++;
                question(q, new Client(c.remoteIp(), c.remotePort(), c, q.id(), q.rd(), Integer.MAX_VALUE, q.hasEdns()));
            }
        }

        @Override
        public void peerClosed(TcpConnection c) { c.close(); }
    }

    // ---- resolution ----

    /** The budget one client question shares with the NS lookups it starts. */
    private static final class Work {
        int upstream, referrals;
    }

    /** One question being resolved: where it stands, and who waits for it (clients, or a task needing an NS address). */
    private final class Task {
        final DnsQuestion question;
        final Work work;
        final int nesting;
        final List<Object> waiters = new ArrayList<>(1);
        DnsName name;                                 // the name now asked: the question's, or a CNAME's target
        final List<DnsRecord> chain = new ArrayList<>(0);
        DnsName zone;                                 // the zone cut whose servers are asked
        int[] servers = new int[0];                   // their addresses; 0 = lame, skipped
        List<DnsName> unresolvedNs = List.of();       // NS names without a known address, looked up when the servers run out
        int nextNs, next, round;
        Upstream pending;

        Task(DnsQuestion question, Work work, int nesting) {
            this.question = question;
            this.work = work;
            this.nesting = nesting;
            this.name = question.name();
        }
    }

    /**
     * Advances {@code t} through the cache: follows cached CNAMEs and returns the whole answer when the
     * cache holds it (an RRset, a NODATA or an NXDOMAIN), else null with {@code t.name} the name to ask.
     */
    private Result walkCache(Task t) {
        long now = machine.sim().now();
        int type = t.question.type();
        while (true) {
            DnsCache.Hit hit = cache.get(t.name, type, now);
            if (hit != null) {
                if (!hit.negative()) return new Result(DnsMessage.NOERROR, concat(t.chain, hit.records()), null);
                return new Result(hit.nxdomain() ? DnsMessage.NXDOMAIN : DnsMessage.NOERROR, List.copyOf(t.chain), hit.soa());
            }
            if (type == DnsType.CNAME) return null;
            List<DnsRecord> cname = cache.records(t.name, DnsType.CNAME, now);
            if (cname == null) return null;
            if (t.chain.size() >= limits.cnameDepth()) return servfail();
            t.chain.add(cname.getFirst());
            t.name = ((Rdata.Cname) cname.getFirst().data()).target();
        }
    }

    /** Starts asking at the deepest zone cut the cache knows above {@code t.name}, or at the root. */
    private void chooseServers(Task t) {
        long now = machine.sim().now();
        for (DnsName n = t.name; ; n = n.parent()) {
            List<DnsRecord> ns = cache.records(n, DnsType.NS, now);
            if (ns != null) {
                int[] addresses = new int[ns.size()];
                int found = 0;
                List<DnsName> without = new ArrayList<>();
                for (DnsRecord r : ns) {
                    DnsName host = ((Rdata.Ns) r.data()).host();
                    List<DnsRecord> a = cache.records(host, DnsType.A, now);
                    if (a == null) without.add(host);
                    else for (DnsRecord ar : a) addresses = add(addresses, found++, ((Rdata.A) ar.data()).address());
                }
                startZone(t, n, Arrays.copyOf(addresses, found), without);
                return;
            }
            if (n.isRoot()) break;
        }
        startZone(t, DnsName.ROOT, rootHints.clone(), List.of());
    }

    private static int[] add(int[] a, int at, int v) {
        if (at == a.length) a = Arrays.copyOf(a, Math.max(4, a.length * 2));
        a[at] = v;
        return a;
    }

    private void startZone(Task t, DnsName zone, int[] servers, List<DnsName> unresolvedNs) {
        t.zone = zone;
        t.servers = servers;
        t.unresolvedNs = unresolvedNs;
        t.nextNs = 0;
        t.next = 0;
        t.round = 0;
        ask(t);
    }

    /** Sends {@code t}'s question to the zone's next usable server, or looks one up, or gives up. */
    private void ask(Task t) {
        while (true) {
            while (t.next < t.servers.length && t.servers[t.next] == 0) t.next++;
            if (t.next < t.servers.length) break;
            if (t.nextNs < t.unresolvedNs.size()) {
                lookUpNs(t, t.unresolvedNs.get(t.nextNs++));
                return;
            }
            if (t.round + 1 >= limits.attempts() || !anyUsable(t.servers)) {
                finish(t, servfail());
                return;
            }
            t.round++;
            t.next = 0;
        }
        if (t.work.upstream >= limits.upstreamQueries()) {
            finish(t, servfail());
            return;
        }
        int index = t.next++;
        send(t, index, false);
    }

    private static boolean anyUsable(int[] servers) {
        for (int s : servers) if (s != 0) return true;
        return false;
    }

    /** Resolves an NS name's address for {@code parent}, within its budget. */
    private void lookUpNs(Task parent, DnsName host) {
        if (parent.nesting + 1 > MAX_NESTING) {
            ask(parent);
            return;
        }
        Task child = new Task(new DnsQuestion(host, DnsType.A), parent.work, parent.nesting + 1);
        Result cached = walkCache(child);
        if (cached != null) {
            nsResolved(parent, cached);
            return;
        }
        child.waiters.add(parent);
        chooseServers(child);
    }

    private void nsResolved(Task parent, Result r) {
        int count = parent.servers.length;
        int[] servers = parent.servers;
        for (DnsRecord rec : r.answers) {
            if (rec.data() instanceof Rdata.A a) {
                servers = Arrays.copyOf(servers, count + 1);
                servers[count++] = a.address();
            }
        }
        parent.servers = servers;
        ask(parent);
    }

    private Result servfail() { return new Result(DnsMessage.SERVFAIL, List.of(), null); }

    private void finish(Task t, Result r) {
        if (t.pending != null) t.pending.cancel();
        if (t.nesting == 0) resolving.remove(t.question, t);
        for (Object w : t.waiters) {
            if (w instanceof Client c) reply(c, t.question, r);
            else nsResolved((Task) w, r);
        }
    }

    // ---- upstream ----

    /** One query in flight to one server, over UDP or TCP. */
    private final class Upstream implements Runnable, ConnectionHandler {
        final Task task;
        final int server, serverIndex, slot, id;
        final boolean tcp;
        final Timer timer;
        TcpConnection connection;
        TcpFramer framer;
        boolean done;

        Upstream(Task task, int serverIndex, int slot, int id, boolean tcp, long timeoutNs) {
            this.task = task;
            this.server = task.servers[serverIndex];
            this.serverIndex = serverIndex;
            this.slot = slot;
            this.id = id;
            this.tcp = tcp;
            this.timer = machine.sim().timer(timeoutNs, this);
        }

        /** Times out. */
        @Override
        public void run() {
            machine.guard(owner, () -> {
                if (done) return;
                stats.timeouts++;
                close();
                ask(task);
            });
        }

        void cancel() {
            timer.cancel();
            close();
        }

        private void close() {
            done = true;
            task.pending = null;
            if (tcp) {
                if (connection != null) connection.abort();
            } else {
                inFlight.remove(slot << 16 | id);
            }
        }

        @Override
        public void connected(TcpConnection c) {
            c.send(Message.wrap(DnsCodec.frameForTcp(DnsCodec.encode(query(task, id)))));
        }

        @Override
        public void data(TcpConnection c, Message data) {
            if (done) return;
            framer.append(data);
            for (byte[] m; (m = framer.next()) != null; ) {
                if (done) return;
                DnsMessage r = decode(m);
                if (r != null && matches(r, this)) {
                    timer.cancel();
                    done = true;
                    task.pending = null;
                    c.close();
                    response(task, serverIndex, r, true);
                }
            }
        }

        @Override
        public void closed(TcpConnection c, CloseReason reason) {
            if (done) return;
            timer.cancel();
            done = true;
            task.pending = null;
            task.servers[serverIndex] = 0;     // refused or reset: no answer will come from it over TCP
            stats.lame++;
            ask(task);
        }
    }

    private DnsMessage query(Task t, int id) {
        // Iterative: RD clear. No EDNS: an answer over 512 bytes comes truncated and is asked again over TCP.
        return DnsMessage.builder().id(id).question(new DnsQuestion(t.name, t.question.type(), t.question.dnsClass())).build();
    }

    private void send(Task t, int serverIndex, boolean overTcp) {
        t.work.upstream++;
        stats.upstreamQueries++;
        long timeout = limits.timeoutNs() << t.round;
        if (overTcp) {
            stats.tcpRetries++;
            Upstream u = new Upstream(t, serverIndex, -1, (int) random.nextLong(65536), true, timeout);
            u.framer = new TcpFramer();
            t.pending = u;
            u.connection = Tcp.of(machine).connect(t.servers[serverIndex], PORT, owner, u);
            return;
        }
        int slot, id, key;
        do {
            slot = (int) random.nextLong(SOURCE_PORTS);
            id = (int) random.nextLong(65536);
            key = slot << 16 | id;
        } while (inFlight.containsKey(key));
        Upstream u = new Upstream(t, serverIndex, slot, id, false, timeout);
        inFlight.put(key, u);
        t.pending = u;
        sourcePorts[slot].sendTo(u.server, PORT, Message.wrap(DnsCodec.encode(query(t, id))));
    }

    /** Receives on one of the upstream source ports. */
    private final class SourcePort implements elvis.protocol.udp.DatagramHandler {
        private final int slot;

        SourcePort(int slot) { this.slot = slot; }

        @Override
        public void datagram(Message data, int srcIp, int srcPort) {
            DnsMessage r = decode(data);
            if (r == null) return;
            Upstream u = inFlight.get(slot << 16 | r.id());
            if (u == null || srcIp != u.server || srcPort != PORT || !r.qr() || !matches(r, u)) {
                stats.unmatched++;
                return;
            }
            u.timer.cancel();
            u.close();
            response(u.task, u.serverIndex, r, false);
        }
    }

    private static boolean matches(DnsMessage r, Upstream u) {
        DnsQuestion q = r.question();
        return r.id() == u.id && r.questions().size() == 1 && q.name().equals(u.task.name)
                && q.type() == u.task.question.type() && q.dnsClass() == u.task.question.dnsClass();
    }

    /** What a server answered for {@code t}: an answer, a referral, a negative answer, or nothing useful. */
    private void response(Task t, int serverIndex, DnsMessage r, boolean overTcp) {
        if (r.tc() && !overTcp) {
            if (t.work.upstream >= limits.upstreamQueries()) { finish(t, servfail()); return; }
            send(t, serverIndex, true);
            return;
        }
        long now = machine.sim().now();
        int type = t.question.type();
        if (r.rcode() == DnsMessage.NXDOMAIN) {
            DnsRecord soa = soaOf(r, t.zone);
            if (soa != null) cache.putNegative(t.name, type, true, soa, now);
            finish(t, new Result(DnsMessage.NXDOMAIN, List.copyOf(t.chain), soa));
            return;
        }
        if (r.rcode() != DnsMessage.NOERROR) {
            lame(t, serverIndex);
            return;
        }
        cacheRrsets(r.answers(), t.zone, now);
        // Follow the answer section from the name asked: its RRset, or CNAMEs towards it.
        DnsName n = t.name;
        boolean followed = false;
        while (true) {
            List<DnsRecord> found = select(r.answers(), n, type);
            if (!found.isEmpty()) {
                finish(t, new Result(DnsMessage.NOERROR, concat(t.chain, found), null));
                return;
            }
            if (type == DnsType.CNAME) break;
            List<DnsRecord> cname = select(r.answers(), n, DnsType.CNAME);
            if (cname.isEmpty()) break;
            if (t.chain.size() >= limits.cnameDepth()) { finish(t, servfail()); return; }
            t.chain.add(cname.getFirst());
            n = ((Rdata.Cname) cname.getFirst().data()).target();
            followed = true;
        }
        if (followed) {
            t.name = n;
            continueFromCache(t);
            return;
        }
        DnsName cut = referral(r, t);
        if (cut != null) {
            if (++t.work.referrals > limits.referrals()) { finish(t, servfail()); return; }
            List<DnsRecord> nsSet = select(r.authority(), cut, DnsType.NS);
            cache.put(nsSet, now);
            // Ask the new zone's servers straight from the referral (a TTL of 0 is never cached):
            // in-bailiwick glue, else an address the cache holds, else the name is looked up.
            int[] addresses = new int[0];
            int found = 0;
            List<DnsName> without = new ArrayList<>(0);
            for (DnsRecord ns : nsSet) {
                DnsName host = ((Rdata.Ns) ns.data()).host();
                List<DnsRecord> glue = host.isSubdomainOf(t.zone) ? select(r.additional(), host, DnsType.A) : List.of();
                cache.put(glue, now);
                if (glue.isEmpty()) glue = cache.records(host, DnsType.A, now);
                if (glue == null || glue.isEmpty()) without.add(host);
                else for (DnsRecord a : glue) addresses = add(addresses, found++, ((Rdata.A) a.data()).address());
            }
            startZone(t, cut, Arrays.copyOf(addresses, found), without);
            return;
        }
        DnsRecord soa = soaOf(r, t.zone);
        if (soa != null || r.aa()) {
            if (soa != null) cache.putNegative(t.name, type, false, soa, now);
            finish(t, new Result(DnsMessage.NOERROR, List.copyOf(t.chain), soa));
            return;
        }
        lame(t, serverIndex);
    }

    private void continueFromCache(Task t) {
        Result r = walkCache(t);
        if (r != null) finish(t, r);
        else chooseServers(t);
    }

    private void lame(Task t, int serverIndex) {
        stats.lame++;
        t.servers[serverIndex] = 0;
        ask(t);
    }

    /** The cut a referral delegates to: an NS RRset in the authority section strictly below the zone asked and above the name. */
    private static DnsName referral(DnsMessage r, Task t) {
        for (DnsRecord rec : r.authority()) {
            if (rec.type() == DnsType.NS) {
                DnsName cut = rec.name();
                if (!cut.equals(t.zone) && cut.isSubdomainOf(t.zone) && t.name.isSubdomainOf(cut)) return cut;
            }
        }
        return null;
    }

    /** The SOA of a negative answer, its TTL the negative TTL (RFC 2308 §5), or null. */
    private static DnsRecord soaOf(DnsMessage r, DnsName zone) {
        for (DnsRecord rec : r.authority()) {
            if (rec.type() == DnsType.SOA && rec.name().isSubdomainOf(zone)) return rec.withTtl(DnsCache.negativeTtl(rec));
        }
        return null;
    }

    /** Caches every RRset of {@code records} whose owner lies within the zone asked (never what a server may not speak for). */
    private void cacheRrsets(List<DnsRecord> records, DnsName zone, long now) {
        if (records.isEmpty()) return;
        Map<DnsQuestion, List<DnsRecord>> sets = new HashMap<>();
        for (DnsRecord rec : records) {
            if (rec.name().isSubdomainOf(zone)) sets.computeIfAbsent(new DnsQuestion(rec.name(), rec.type()), k -> new ArrayList<>(1)).add(rec);
        }
        for (List<DnsRecord> set : sets.values()) cache.put(set, now);
    }

    private static List<DnsRecord> select(List<DnsRecord> records, DnsName name, int type) {
        List<DnsRecord> out = null;
        for (DnsRecord rec : records) {
            if (rec.type() == type && rec.name().equals(name)) {
                if (out == null) out = new ArrayList<>(1);
                out.add(rec);
            }
        }
        return out == null ? List.of() : out;
    }

    private static List<DnsRecord> concat(List<DnsRecord> a, List<DnsRecord> b) {
        if (a.isEmpty()) return b;
        List<DnsRecord> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }

    private DnsMessage decode(Message data) { return decode(data.toByteArray()); }

    private DnsMessage decode(byte[] data) {
        try {
            return DnsCodec.decode(data);
        } catch (DnsFormatException e) {
            stats.malformed++;
            machine.drop(DnsDrop.DNS_MALFORMED);
            return null;
        }
    }
}
