package elvis.app;

import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.ErrorReporter;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.socket.ErrnoException;
import elvis.socket.IcmpSocket;
import elvis.socket.IcmpSocket.IcmpMessage;
import elvis.socket.Process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * iputils' {@code ping} over a ping socket: {@code count} echo requests of {@code size} data bytes,
 * one per {@code interval}, each awaited at most {@code timeout} after it was sent; prints each
 * reply ({@code 64 bytes from 10.0.0.2: icmp_seq=1 ttl=62 time=60.1 ms}), each error about a request
 * ({@code From 10.0.0.2 icmp_seq=1 Time to live exceeded}) and iputils' statistics.
 */
public final class Ping implements Application {
    static final long MS = 1_000_000, S = 1_000_000_000;
    private final int target, size, ttl;
    private final long count, intervalNs, timeoutNs;
    private final List<String> output = new ArrayList<>();
    private long[] rtt;                       // per sequence (1-based index - 1): the RTT, -1 while unanswered
    private long transmitted, received, errors, startedNs, finishedAtNs = -1;

    public Ping(int target, long count, long intervalNs, int size, int ttl, long timeoutNs) {
        if (count < 1 || count > 1_000_000) throw new IllegalArgumentException("count must be 1..1,000,000: " + count);
        this.target = target;
        this.count = count;
        this.intervalNs = intervalNs;
        this.size = size;
        this.ttl = ttl;
        this.timeoutNs = timeoutNs;
    }

    @Override
    public String name() { return "ping"; }

    @Override
    public void start(Machine machine) { Process.spawn(machine, this, this::run); }

    private void run(Process p) {
        IcmpSocket s = p.icmpSocket();
        s.setTtl(ttl);
        String to = Ipv4Address.format(target);
        output.add("PING " + to + " (" + to + ") " + size + "(" + (size + 28) + ") bytes of data.");
        rtt = new long[(int) count];
        java.util.Arrays.fill(rtt, -1);
        long[] sentAt = new long[(int) count];
        Message data = Message.zeros(size);
        startedNs = p.now();
        for (int k = 0; k < count; k++) {
            sentAt[k] = p.now();
            transmitted++;
            try {
                s.sendEcho(target, (k + 1) & 0xFFFF, data);
            } catch (ErrnoException e) {                  // no route from here: iputils reports and goes on
                output.add("ping: sendmsg: " + e.errno().text());
            }
            // Replies until the next request is due, or, after the last, until the last may still answer.
            long until = k + 1 < count ? sentAt[k] + intervalNs : sentAt[k] + timeoutNs;
            boolean last = k + 1 == count;
            for (IcmpMessage m; p.now() < until && !(last && received + errors >= transmitted) && (m = s.receive(until - p.now())) != null; )
                take(m, sentAt, k);
            if (k + 1 < count && p.now() < until) p.sleep(until - p.now());
        }
        s.close();
        finishedAtNs = p.now();
        output.add("");
        output.add("--- " + to + " ping statistics ---");
        output.add(transmitted + " packets transmitted, " + received + " received, " + (errors > 0 ? "+" + errors + " errors, " : "")
                + percent(transmitted - received, transmitted) + "% packet loss, time " + (lastSent(sentAt) - startedNs) / MS + "ms");
        if (received > 0) {
            long[] st = stats();
            output.add(String.format(Locale.ROOT, "rtt min/avg/max/mdev = %s/%s/%s/%s ms", ms3(st[0]), ms3(st[1]), ms3(st[2]), ms3(st[3])));
        }
    }

    private long lastSent(long[] sentAt) { return sentAt[(int) transmitted - 1]; }

    /** A reply or an error: counted if it answers a request sent at most {@code timeout} ago. */
    private void take(IcmpMessage m, long[] sentAt, int last) {
        int k = matching(m.sequence(), last);
        if (k < 0 || m.arrivedNs() - sentAt[k] > timeoutNs) return;
        if (m.isReply()) {
            if (rtt[k] >= 0) return;          // a duplicate
            rtt[k] = m.arrivedNs() - sentAt[k];
            received++;
            output.add((m.data().length() + 8) + " bytes from " + Ipv4Address.format(m.address()) + ": icmp_seq=" + (k + 1)
                    + " ttl=" + m.ttl() + " time=" + time(rtt[k]) + " ms");
        } else {
            errors++;
            output.add("From " + Ipv4Address.format(m.address()) + " icmp_seq=" + (k + 1) + " " + describe(m.type(), m.code()));
        }
    }

    /** The request index, at most {@code last}, that sent {@code sequence} (which wraps at 65536); -1 if none. */
    private static int matching(int sequence, int last) {
        for (int k = last; k >= 0 && k > last - 65536; k--) if (((k + 1) & 0xFFFF) == sequence) return k;
        return -1;
    }

    static String describe(int type, int code) {
        if (type == ErrorReporter.TIME_EXCEEDED) return code == 0 ? "Time to live exceeded" : "Frag reassembly time exceeded";
        return switch (code) {
            case ErrorReporter.NET_UNREACHABLE -> "Destination Net Unreachable";
            case ErrorReporter.HOST_UNREACHABLE -> "Destination Host Unreachable";
            case ErrorReporter.PROTOCOL_UNREACHABLE -> "Destination Protocol Unreachable";
            case ErrorReporter.PORT_UNREACHABLE -> "Destination Port Unreachable";
            case ErrorReporter.FRAGMENTATION_NEEDED -> "Frag needed and DF set";
            case ErrorReporter.ADMIN_PROHIBITED -> "Communication prohibited by filter";
            default -> "Dest Unreachable, Bad Code: " + code;
        };
    }

    /** iputils' RTT: three significant digits at most, from microseconds. */
    static String time(long ns) {
        long us = ns / 1000;
        if (us >= 100_000) return Long.toString(us / 1000);
        if (us >= 10_000) return us / 1000 + "." + (us % 1000) / 100;
        if (us >= 1_000) return us / 1000 + "." + String.format("%02d", (us % 1000) / 10);
        return us / 1000 + "." + String.format("%03d", us % 1000);
    }

    /** Milliseconds with three decimals, from nanoseconds (iputils prints microseconds). */
    static String ms3(long ns) { return String.format(Locale.ROOT, "%d.%03d", ns / 1_000_000, (ns / 1000) % 1000); }

    /** C's {@code %g} of a percentage. */
    static String percent(long part, long whole) {
        double v = whole == 0 ? 0 : part * 100.0 / whole;
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    /** min, avg, max, mdev in ns over the answered requests (mdev: iputils' √(E[x²] − E[x]²)). */
    long[] stats() {
        long min = Long.MAX_VALUE, max = 0;
        double sum = 0, sum2 = 0;
        for (long r : rtt) {
            if (r < 0) continue;
            min = Math.min(min, r);
            max = Math.max(max, r);
            sum += r;
            sum2 += (double) r * r;
        }
        double avg = sum / received;
        return new long[] {min, Math.round(avg), max, Math.round(Math.sqrt(Math.max(0, sum2 / received - avg * avg)))};
    }

    public long transmitted() { return transmitted; }
    public long received() { return received; }
    public List<String> output() { return List.copyOf(output); }

    /** The RTT of request {@code k} (0-based) in ns, or -1 when it was not answered. */
    public long rtt(int k) { return rtt[k]; }

    @Override
    public long finishedAtNs() { return finishedAtNs; }

    @Override
    public boolean hasGoal() { return true; }

    /** Done: every request sent and its time to answer over. */
    @Override
    public boolean goalMet() { return finishedAtNs >= 0; }

    @Override
    public String summary() {
        return transmitted + " transmitted, " + received + " received, " + percent(transmitted - received, Math.max(1, transmitted)) + "% loss"
                + (received > 0 ? ", rtt min/avg/max/mdev " + ms3(stats()[0]) + "/" + ms3(stats()[1]) + "/" + ms3(stats()[2]) + "/" + ms3(stats()[3]) + " ms" : "");
    }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("transmitted", transmitted);
        r.put("received", received);
        r.put("errors", errors);
        r.put("loss", transmitted == 0 ? 0.0 : (transmitted - received) / (double) transmitted);
        List<Object> rtts = new ArrayList<>();
        if (rtt != null) for (int k = 0; k < transmitted; k++) rtts.add(rtt[k] < 0 ? null : rtt[k] / 1e6);
        r.put("rtt_ms", rtts);
        if (received > 0) {
            long[] st = stats();
            r.put("min_ms", st[0] / 1e6);
            r.put("avg_ms", st[1] / 1e6);
            r.put("max_ms", st[2] / 1e6);
            r.put("mdev_ms", st[3] / 1e6);
        }
        r.put("output", List.copyOf(output));
        return r;
    }

    /** {@code ping}: to, count, interval, size, ttl, timeout. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("ping", List.of(
                    Attribute.destination("to").required().doc("the machine or address to ping"),
                    Declare.count("count").byDefault(4L).doc("echo requests to send, 1..1,000,000"),
                    Declare.duration("interval").byDefault(S).doc("time between requests"),
                    Declare.size("size").byDefault(56L).doc("data bytes per request (iputils' -s), 0..65,507"),
                    Attribute.integer("ttl", 1, 255).byDefault(64).doc("IP time to live of the requests"),
                    Declare.duration("timeout").byDefault(10 * S).doc("how long a reply may take to count (iputils' -W)")),
                    List.of());
        }

        @Override
        public Application create(Arguments a, Context context) {
            return new Ping(context.destination(a, "to"), a.integer("count", 1, 1_000_000, 4), a.duration("interval", S),
                    (int) a.size("size", 65_507, 56), (int) a.integer("ttl", 1, 255, 64), a.duration("timeout", 10 * S));
        }
    }
}
