package elvis.app;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.udp.UdpSession;

import java.util.List;

import static elvis.app.ApplicationFactory.Kind;
import static elvis.app.ApplicationFactory.Parameter;

/**
 * Sends {@code count} copies of a payload to ip:port, one every {@code intervalNs} starting at
 * {@code startNs}. The payload is shared by every copy (zero copy); its checksum sum is computed once.
 */
public final class SendDatagrams implements Application {
    private final int dstIp, dstPort;
    private final Message payload;
    private final long count, intervalNs, startNs;
    private long sent;

    public SendDatagrams(int dstIp, int dstPort, Message payload, long count, long intervalNs, long startNs) {
        if (dstPort < 1 || dstPort > 65535) throw new IllegalArgumentException("port must be 1..65535: " + dstPort);
        if (count < 0 || intervalNs < 0 || startNs < 0) throw new IllegalArgumentException("count, interval and start must not be negative");
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
        session.connect(dstIp, dstPort);
        machine.sim().schedule(startNs, () -> machine.guard(this, () -> sendNext(machine, session)));
    }

    private void sendNext(Machine machine, UdpSession session) {
        if (intervalNs == 0) {
            while (sent < count) { session.push(payload); sent++; }
            return;
        }
        session.push(payload);
        if (++sent < count) machine.sim().schedule(intervalNs, () -> machine.guard(this, () -> sendNext(machine, session)));
    }

    public long sent() { return sent; }

    @Override
    public String summary() { return "sent " + sent + " of " + count; }

    /** {@code send_message}: message (or size), to, port; count, interval, start. */
    public static final class Factory implements ApplicationFactory {
        @Override public String name() { return "send_message"; }

        @Override
        public List<Parameter> parameters() {
            return List.of(
                    new Parameter("message", Kind.STRING, false, "payload text (UTF-8); or give size"),
                    new Parameter("size", Kind.INTEGER, false, "payload of this many zero bytes instead of message"),
                    new Parameter("to", Kind.DESTINATION, true, "destination machine name or IPv4 address"),
                    new Parameter("port", Kind.PORT, true, "destination UDP port"),
                    new Parameter("count", Kind.INTEGER, false, "datagrams to send (default 1)"),
                    new Parameter("interval", Kind.DURATION, false, "time between datagrams (default 0: all at once)"),
                    new Parameter("start", Kind.DURATION, false, "when to send the first (default 0)"));
        }

        @Override
        public Application create(Arguments a, Context context) {
            Message payload;
            if (a.has("size")) payload = Message.zeros((int) a.integer("size", 0, 65507));
            else payload = Message.ofUtf8(a.string("message"));
            if (payload.length() > 65507) throw new Arguments.ArgumentException("message", "a UDP message holds at most 65507 bytes");
            int to = context.resolve(a.string("to"));
            if (to == -1) throw new Arguments.ArgumentException("to", "'" + a.string("to") + "' names no machine");
            return new SendDatagrams(to, a.port("port"), payload, a.integer("count", 0, 1_000_000_000, 1),
                    a.duration("interval", 0), a.duration("start", 0));
        }
    }
}
