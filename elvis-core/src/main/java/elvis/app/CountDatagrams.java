package elvis.app;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;

import java.util.List;


/**
 * Counts the datagrams arriving on a UDP port; its goal is {@code expected} of them. When an
 * expected payload is given, only datagrams carrying exactly it count (others are reported apart).
 */
public final class CountDatagrams implements Application {
    private final int port;
    private final long expected;
    private final Message expectedPayload;   // null = any payload counts
    private long received, mismatched;
    private long lastArrivalNs = -1;

    public CountDatagrams(int port, long expected, Message expectedPayload) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535: " + port);
        if (expected < 0) throw new IllegalArgumentException("expected count must not be negative");
        this.port = port;
        this.expected = expected;
        this.expectedPayload = expectedPayload;
    }

    @Override
    public String name() { return "capture"; }

    @Override
    public void start(Machine machine) {
        machine.udp().bind(port, this, (data, ip, srcPort) -> {
            if (expectedPayload != null && !expectedPayload.contentEquals(data)) {
                mismatched++;
                return;
            }
            received++;
            lastArrivalNs = machine.sim().now();
        });
    }

    public long received() { return received; }
    public long mismatched() { return mismatched; }
    /** Virtual time of the last counted datagram, or -1. */
    public long lastArrivalNs() { return lastArrivalNs; }

    @Override
    public boolean hasGoal() { return true; }

    @Override
    public boolean goalMet() { return received >= expected; }

    @Override
    public String summary() {
        return "received " + received + " of " + expected + (mismatched > 0 ? " (" + mismatched + " with other payloads)" : "");
    }

    /** {@code capture}: ip, port, message_count and/or message. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public AppSignature signature() {
            return new AppSignature("capture", List.of(
                    Param.required("ip", Kind.IPV4), Param.required("port", Kind.PORT),
                    Param.optional("message_count", Kind.INT), Param.optional("message", Kind.STRING),
                    Param.choice("transport", false, "udp")),
                    List.of(List.of("message_count", "message")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            if (a.has("ip")) a.ipv4("ip");
            Message expected = a.has("message") ? Message.ofUtf8(a.string("message")) : null;
            return new CountDatagrams(a.port("port"), a.integer("message_count", 0, 1_000_000_000_000L, 1), expected);
        }
    }
}
