package elvis.app;

import elvis.config.Attribute;
import elvis.config.Arguments;
import elvis.config.Schema;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.udp.UdpSession;

import java.util.List;


/**
 * Sends {@code count} copies of a payload to ip:port, one every {@code intervalNs} starting at
 * {@code startNs}. The payload is shared by every copy (zero copy); its checksum sum is computed once.
 */
public final class SendDatagrams implements Application {
    private final int dstIp, dstPort;
    private final Message payload;
    private final long count, intervalNs, startNs;
    private int sent, dropped;           // ints: a sender is one per machine in the largest runs, and count fits

    public SendDatagrams(int dstIp, int dstPort, Message payload, long count, long intervalNs, long startNs) {
        if (dstPort < 1 || dstPort > 65535) throw new IllegalArgumentException("port must be 1..65535: " + dstPort);
        if (count < 0 || intervalNs < 0 || startNs < 0) throw new IllegalArgumentException("count, interval and start must not be negative");
        if (count > Integer.MAX_VALUE) throw new IllegalArgumentException("count must be at most " + Integer.MAX_VALUE);
        this.dstIp = dstIp;
        this.dstPort = dstPort;
        this.payload = payload;
        this.count = count;
        this.intervalNs = intervalNs;
        this.startNs = startNs;
    }

    @Override
    public String name() { return "send_message"; }

    @Override
    public void start(Machine machine) {
        UdpSession session = machine.udp().bind(0, this, (data, ip, port) -> { });
        machine.sim().schedule(startNs, () -> machine.guard(this, () -> sendNext(machine, session)));
    }

    private void sendNext(Machine machine, UdpSession session) {
        while (sent + dropped < count) {
            // Only a datagram that left the machine counts as sent; one it dropped (no route) does not.
            if (session.sendTo(dstIp, dstPort, payload)) sent++;
            else dropped++;
            if (intervalNs > 0 && sent + dropped < count) {
                machine.sim().schedule(intervalNs, () -> machine.guard(this, () -> sendNext(machine, session)));
                return;
            }
        }
    }

    /** Datagrams that left the machine. */
    public long sent() { return sent; }

    /** Datagrams this machine dropped instead of sending (no route, too big for the interface). */
    public long dropped() { return dropped; }

    @Override
    public long finishedAtNs() {
        // The last datagram goes at a time known in advance, so it need not be stored per sender.
        return sent + dropped < count ? -1 : startNs + Math.max(0, count - 1) * intervalNs;
    }

    @Override
    public String summary() { return "sent " + sent + " of " + count + (dropped > 0 ? " (" + dropped + " dropped by this machine)" : ""); }

    static boolean tcp(Arguments a) { return a.string("transport", "udp").equalsIgnoreCase("tcp"); }

    /** {@code send_message}: message (or size), to, port; count, interval, start; over UDP (default) or TCP. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("send_message", List.of(
                    Attribute.string("message").doc("the payload text"),
                    Declare.size("size").doc("payload of that many zero bytes instead"),
                    Attribute.destination("to").required().doc("destination machine or address"),
                    Attribute.port("port").required().doc("destination port"),
                    Declare.count("count").byDefault(1L).doc("number of datagrams"),
                    Declare.duration("interval").byDefault(0L).doc("time between datagrams"),
                    Declare.start("when to send the first"),
                    Declare.TRANSPORT),
                    List.of(List.of("message", "size")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            Message payload;
            if (a.has("size")) payload = Message.zeros((int) a.size("size", 65507, 0));
            else payload = Message.ofUtf8(a.string("message"));
            if (payload.length() > 65507) throw new Arguments.ArgumentException("message", "a UDP message holds at most 65507 bytes");
            int to = context.destination(a, "to");
            long count = a.integer("count", 0, 1_000_000_000, 1);
            if (tcp(a)) {
                if (a.has("interval")) throw new Arguments.ArgumentException("interval", "'interval' applies to UDP only: over TCP the messages form one stream");
                return new TcpSendMessages(to, a.port("port"), payload, count, a.duration("start", 0));
            }
            return new SendDatagrams(to, a.port("port"), payload, count, a.duration("interval", 0), a.duration("start", 0));
        }
    }
}
