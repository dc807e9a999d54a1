package elvis.app;

import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.ErrorReporter;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.socket.DatagramSocket;
import elvis.socket.ErrnoException;
import elvis.socket.Process;
import elvis.socket.SocketError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Linux {@code traceroute} with UDP probes (its default method), one at a time ({@code -N 1}):
 * {@code queries} probes per hop with TTL 1, 2, ... to ports 33434, 33435, ..., each awaited
 * {@code wait}; prints a hop's reporters and round-trip times in Linux traceroute's format, {@code *}
 * for a probe nobody answered, and stops at the hop where the destination answers (port
 * unreachable) or at {@code max_hops}.
 */
public final class Traceroute implements Application {
    static final long MS = 1_000_000, S = 1_000_000_000;
    public static final int FIRST_PORT = 33434;
    /** Linux's default probe: 60 bytes on the wire (IP and UDP headers and 32 data bytes). */
    static final int PACKET = 60;
    private final int target, maxHops, queries;
    private final long waitNs;
    private final List<String> output = new ArrayList<>();
    private final List<Map<String, Object>> hops = new ArrayList<>();
    private boolean reached, stopped;
    private long finishedAtNs = -1;

    public Traceroute(int target, int maxHops, int queries, long waitNs) {
        this.target = target;
        this.maxHops = maxHops;
        this.queries = queries;
        this.waitNs = waitNs;
    }

    @Override
    public String name() { return "traceroute"; }

    @Override
    public void start(Machine machine) { Process.spawn(machine, this, this::run); }

    private void run(Process p) {
        DatagramSocket s = p.datagramSocket();
        s.setReceiveErrors(true);
        String to = Ipv4Address.format(target);
        output.add("traceroute to " + to + " (" + to + "), " + maxHops + " hops max, " + PACKET + " byte packets");
        Message data = Message.zeros(PACKET - 28);
        int port = FIRST_PORT;
        for (int ttl = 1; ttl <= maxHops && !stopped; ttl++) {
            s.setTtl(ttl);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%2d ", ttl));
            List<Object> probes = new ArrayList<>();
            int shown = 0;
            for (int q = 0; q < queries; q++, port++) {
                long sent = p.now();
                try {
                    s.sendto(data, target, port);
                } catch (ErrnoException e) {              // no route from here: Linux traceroute gives up
                    output.add("send failed: " + e.errno().text());
                    stopped = true;
                    break;
                }
                SocketError e = awaitAnswer(p, s, port, sent + waitNs);
                if (e == null) {
                    line.append(" *");
                    probes.add(null);
                    continue;
                }
                if (e.reporter() != shown) {
                    String a = Ipv4Address.format(e.reporter());
                    line.append(' ').append(a).append(" (").append(a).append(')');
                    shown = e.reporter();
                }
                long rtt = e.arrivedNs() - sent;
                line.append(String.format(Locale.ROOT, "  %.3f ms", rtt / 1e6)).append(annotation(e));
                Map<String, Object> probe = new LinkedHashMap<>();
                probe.put("address", Ipv4Address.format(e.reporter()));
                probe.put("rtt_ms", rtt / 1e6);
                probes.add(probe);
                if (e.type() == ErrorReporter.DESTINATION_UNREACHABLE) {     // the destination, or a dead end (!N, !H, ...)
                    stopped = true;
                    reached |= e.reporter() == target;
                }
            }
            if (stopped && probes.isEmpty()) break;
            output.add(line.toString());
            Map<String, Object> hop = new LinkedHashMap<>();
            hop.put("ttl", ttl);
            hop.put("probes", probes);
            hops.add(hop);
        }
        s.close();
        finishedAtNs = p.now();
    }

    /** The error answering the probe to {@code port}, or null when none came by {@code deadline}. */
    private static SocketError awaitAnswer(Process p, DatagramSocket s, int port, long deadline) {
        while (p.now() < deadline) {
            SocketError e = s.recvError(deadline - p.now());
            if (e == null) return null;
            if (e.port() == port) return e;           // else a late answer to an earlier probe
        }
        return null;
    }

    /** Linux traceroute's marks after a time: none for time exceeded and port unreachable. */
    static String annotation(SocketError e) {
        if (e.type() != ErrorReporter.DESTINATION_UNREACHABLE) return "";
        return switch (e.code()) {
            case ErrorReporter.PORT_UNREACHABLE -> "";
            case ErrorReporter.NET_UNREACHABLE -> " !N";
            case ErrorReporter.HOST_UNREACHABLE -> " !H";
            case ErrorReporter.PROTOCOL_UNREACHABLE -> " !P";
            case ErrorReporter.FRAGMENTATION_NEEDED -> " !F";
            case ErrorReporter.ADMIN_PROHIBITED -> " !X";
            default -> " !<" + e.code() + ">";
        };
    }

    public List<String> output() { return List.copyOf(output); }

    /** True when the destination itself answered. */
    public boolean reached() { return reached; }

    @Override
    public long finishedAtNs() { return finishedAtNs; }

    @Override
    public boolean hasGoal() { return true; }

    @Override
    public boolean goalMet() { return reached; }

    @Override
    public String summary() {
        return (reached ? "reached " : "did not reach ") + Ipv4Address.format(target) + " in " + hops.size() + " hops";
    }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("destination", Ipv4Address.format(target));
        r.put("reached", reached);
        r.put("hops", List.copyOf(hops));
        r.put("output", List.copyOf(output));
        return r;
    }

    /** {@code traceroute}: to, max_hops, queries, wait. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("traceroute", List.of(
                    Attribute.destination("to").required().doc("the machine or address to trace the way to"),
                    Attribute.integer("max_hops", 1, 255).byDefault(30).doc("largest TTL tried (traceroute's -m)"),
                    Attribute.integer("queries", 1, 10).byDefault(3).doc("probes per hop (traceroute's -q)"),
                    Declare.duration("wait").byDefault(5 * S).doc("how long to await each probe's answer (traceroute's -w)")),
                    List.of());
        }

        @Override
        public Application create(Arguments a, Context context) {
            return new Traceroute(context.destination(a, "to"), (int) a.integer("max_hops", 1, 255, 30),
                    (int) a.integer("queries", 1, 10, 3), a.duration("wait", 5 * S));
        }
    }
}
