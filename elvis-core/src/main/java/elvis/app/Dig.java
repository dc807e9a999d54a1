package elvis.app;

import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.dns.DigFormat;
import elvis.protocol.dns.DnsCodec;
import elvis.protocol.dns.DnsFormatException;
import elvis.protocol.dns.DnsMessage;
import elvis.protocol.dns.DnsName;
import elvis.protocol.dns.DnsType;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.socket.Datagram;
import elvis.socket.DatagramSocket;
import elvis.socket.ErrnoException;
import elvis.socket.PollFd;
import elvis.socket.Process;
import elvis.socket.StreamSocket;
import elvis.sim.RandomStream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BIND's {@code dig @server name type}: sends one query over UDP (retrying on timeout), repeats it
 * over TCP when the answer comes back truncated (TC), and prints the answer as dig does. Without
 * {@code edns} it sends no OPT record (dig's {@code +noedns}), so answers over 512 bytes arrive
 * truncated over UDP. {@link #query} does the same from any blocking program.
 */
public final class Dig implements Application {
    static final long S = 1_000_000_000L;

    private final int server, port, type, ednsSize, tries;
    private final DnsName name;
    private final long startNs, timeoutNs;
    private final boolean tcpOnly, recurse;
    private final List<String> output = new ArrayList<>();
    private Reply reply;
    private long finishedAtNs = -1;

    /** {@code ednsSize} {@link DnsMessage#NO_EDNS} for none; RD set. */
    public Dig(int server, int port, DnsName name, int type, int ednsSize, boolean tcpOnly, long startNs, long timeoutNs, int tries) {
        this(server, port, name, type, ednsSize, tcpOnly, true, startNs, timeoutNs, tries);
    }

    /** {@code recurse}: set RD, asking the server to resolve the name itself (dig's {@code +[no]recurse}). */
    public Dig(int server, int port, DnsName name, int type, int ednsSize, boolean tcpOnly, boolean recurse, long startNs, long timeoutNs, int tries) {
        if (tries < 1) throw new IllegalArgumentException("tries must be at least 1");
        this.server = server;
        this.port = port;
        this.name = name;
        this.type = type;
        this.ednsSize = ednsSize;
        this.tcpOnly = tcpOnly;
        this.recurse = recurse;
        this.startNs = startNs;
        this.timeoutNs = timeoutNs;
        this.tries = tries;
    }

    /** The query ids of one machine's digs: one seeded stream, so two digs there do not share an id. */
    private static final class QueryIds {
        private final RandomStream random;

        private QueryIds(Machine m) { random = m.sim().random(m.name() + "/dig"); }

        static QueryIds of(Machine m) { return m.extension(QueryIds.class, QueryIds::new); }

        int next() { return (int) random.nextLong(65536); }
    }

    /** A response and how it came: over TCP or not, after how long, in how many bytes. */
    public record Reply(DnsMessage message, boolean tcp, long queryNanos, int size, int server, int port) {
        /** dig's output from ";; Got answer:" to ";; MSG SIZE". */
        public String text() { return DigFormat.reply(message, Ipv4Address.format(server), port, queryNanos, tcp, size); }
    }

    /**
     * Asks {@code server}:{@code port} {@code query} from process {@code p}: over UDP, up to
     * {@code tries} times, each waiting {@code timeoutNs}, accepting only a response from that server
     * with the query's id and question; then over TCP if that response has TC set (or at once with
     * {@code tcpOnly}). Returns null when no answer came.
     */
    public static Reply query(Process p, int server, int port, DnsMessage query, long timeoutNs, int tries, boolean tcpOnly) {
        long start = p.now();
        byte[] wire = DnsCodec.encode(query);
        if (!tcpOnly) {
            DatagramSocket s = p.datagramSocket();
            try {
                for (int attempt = 0; attempt < tries; attempt++) {
                    s.sendto(Message.wrap(wire), server, port);
                    long until = p.now() + timeoutNs;
                    while (p.now() < until && p.poll(until - p.now(), new PollFd(s, PollFd.POLLIN)) > 0) {
                        Datagram d = s.recvfrom(DnsCodec.MAX_MESSAGE);
                        DnsMessage m = matching(d.data().toByteArray(), query, d.address() == server && d.port() == port);
                        if (m == null) continue;
                        if (!m.tc()) return new Reply(m, false, p.now() - start, d.data().length(), server, port);
                        return overTcp(p, server, port, wire, query, start, timeoutNs);
                    }
                }
                return null;
            } finally {
                s.close();
            }
        }
        return overTcp(p, server, port, wire, query, start, timeoutNs);
    }

    private static Reply overTcp(Process p, int server, int port, byte[] wire, DnsMessage query, long start, long timeoutNs) {
        StreamSocket t = p.streamSocket();
        try {
            t.connect(server, port, timeoutNs);
            t.sendAll(Message.wrap(DnsCodec.frameForTcp(wire)));
            Message prefix = t.recvAll(2);
            if (prefix.length() < 2) return null;
            int len = prefix.u16(0);
            Message body = t.recvAll(len);
            if (body.length() < len) return null;
            DnsMessage m = matching(body.toByteArray(), query, true);
            return m == null ? null : new Reply(m, true, p.now() - start, len, server, port);
        } catch (ErrnoException e) {
            return null;
        } finally {
            t.close();
        }
    }

    /** The response if it answers {@code query} (same id and question, from the right place), else null. */
    private static DnsMessage matching(byte[] bytes, DnsMessage query, boolean fromServer) {
        if (!fromServer) return null;
        try {
            DnsMessage m = DnsCodec.decode(bytes);
            boolean sameQuestion = m.questions().isEmpty() ? m.rcode() != DnsMessage.NOERROR : m.questions().equals(query.questions());
            return m.qr() && m.id() == query.id() && sameQuestion ? m : null;
        } catch (DnsFormatException e) {
            return null;
        }
    }

    @Override
    public String name() { return "dig"; }

    @Override
    public void start(Machine machine) { Process.spawn(machine, this, this::run); }

    private void run(Process p) {
        if (startNs > 0) p.sleep(startNs);
        DnsMessage.Builder b = DnsMessage.builder().id(QueryIds.of(p.machine()).next()).rd(recurse)
                .question(new elvis.protocol.dns.DnsQuestion(name, type));
        if (ednsSize != DnsMessage.NO_EDNS) b.ednsPayloadSize(ednsSize);
        String at = Ipv4Address.format(server);
        output.add("; <<>> DiG (Elvis) <<>> @" + at + " " + name + " " + DnsType.name(type));
        reply = query(p, server, port, b.build(), timeoutNs, tries, tcpOnly);
        if (reply == null) {
            output.add(";; connection timed out; no servers could be reached");
        } else {
            if (reply.tcp() && !tcpOnly) output.add(";; Truncated, retrying in TCP mode.");
            for (String line : reply.text().split("\n", -1)) output.add(line);
            if (output.get(output.size() - 1).isEmpty()) output.remove(output.size() - 1);
        }
        finishedAtNs = p.now();
    }

    /** The answer, or null before it came or if none did. */
    public Reply reply() { return reply; }
    public List<String> output() { return List.copyOf(output); }

    @Override public long finishedAtNs() { return finishedAtNs; }
    @Override public boolean hasGoal() { return true; }
    /** Done with an answer (whatever its status). */
    @Override public boolean goalMet() { return reply != null; }

    @Override
    public String summary() {
        if (reply == null) return finishedAtNs < 0 ? "no answer yet" : "no answer";
        DnsMessage m = reply.message();
        return DnsMessage.rcodeName(m.rcode()) + ", " + m.answers().size() + " answers" + (m.aa() ? " (authoritative)" : "")
                + (reply.tcp() ? " over TCP" : "") + ", " + reply.queryNanos() / 1_000_000 + " ms";
    }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("answered", reply != null);
        if (reply != null) {
            DnsMessage m = reply.message();
            r.put("status", DnsMessage.rcodeName(m.rcode()));
            r.put("aa", m.aa());
            r.put("tcp", reply.tcp());
            r.put("query_time_ms", reply.queryNanos() / 1e6);
            List<Object> answers = new ArrayList<>();
            for (var a : m.answers()) answers.add(a.toString());
            r.put("answers", answers);
        }
        r.put("output", List.copyOf(output));
        return r;
    }

    /** {@code dig}: server, query, type, port, edns, tcp, recurse, start, timeout, tries. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("dig", List.of(
                    Attribute.destination("server").required().doc("the name server to ask: a machine or an address (dig's `@server`)"),
                    Attribute.string("query").required().doc("the domain name to look up (`name` is the application's)"),
                    Attribute.string("type").byDefault("A").doc("the record type: A, NS, CNAME, SOA, PTR, MX, TXT, AAAA, ANY"),
                    Attribute.port("port").byDefault(53).doc("the server's port"),
                    Attribute.integer("edns", 0, 65535).byDefault(0).doc("EDNS0 UDP payload size to advertise; 0 sends no OPT record (dig's `+noedns`), so answers over 512 bytes are truncated over UDP"),
                    Attribute.bool("tcp").byDefault(false).doc("ask over TCP from the start (dig's `+tcp`)"),
                    Attribute.bool("recurse").byDefault(true).doc("set RD, asking the server to resolve the name itself (dig's `+norecurse` is `false`)"),
                    Declare.start("when the query is sent"),
                    Declare.duration("timeout").byDefault(5 * S).doc("how long to wait for each UDP try (dig's `+timeout`)"),
                    Attribute.integer("tries", 1, 10).byDefault(3).doc("UDP tries (dig's `+tries`)")),
                    List.of());
        }

        @Override
        public Application create(Arguments a, Context context) {
            DnsName name;
            try {
                name = DnsName.of(a.string("query"));
            } catch (IllegalArgumentException e) {
                throw new Arguments.ArgumentException("query", "'" + a.string("query") + "' is not a domain name: " + e.getMessage());
            }
            int type = DnsType.parse(a.string("type", "A"));
            if (type < 0) throw new Arguments.ArgumentException("type", "unknown record type '" + a.string("type") + "'");
            int edns = (int) a.integer("edns", 0, 65535, 0);
            return new Dig(context.destination(a, "server"), a.has("port") ? a.port("port") : 53, name, type,
                    edns == 0 ? DnsMessage.NO_EDNS : edns, a.bool("tcp", false), a.bool("recurse", true), a.duration("start", 0), a.duration("timeout", 5 * S),
                    (int) a.integer("tries", 1, 10, 3));
        }
    }
}
