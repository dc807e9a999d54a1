package elvis.app;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;

import java.util.List;


/**
 * Counts the datagrams arriving on a UDP port; its goal is {@code expected} of them. When an
 * expected payload is given, only datagrams carrying exactly it count (others are reported apart).
 */
public final class CountDatagrams extends MessageCounter {
    private final int port;
    private long lastArrivalNs = -1;

    public CountDatagrams(int port, long expected, Message expectedPayload) {
        super(expected, expectedPayload);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535: " + port);
        this.port = port;
    }

    @Override
    public String name() { return "capture"; }

    @Override
    public void start(Machine machine) {
        machine.udp().bind(port, this, (data, ip, srcPort) -> {
            if (count(data, machine.sim().now())) lastArrivalNs = machine.sim().now();
        });
    }

    /** Virtual time of the last counted datagram, or -1. */
    public long lastArrivalNs() { return lastArrivalNs; }

    /** {@code capture}: ip, port, message_count and/or message (or size over TCP); over UDP (default) or TCP. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public AppSignature signature() {
            return new AppSignature("capture", List.of(
                    Param.required("ip", Kind.IPV4), Param.required("port", Kind.PORT),
                    Param.optional("message_count", Kind.INT), Param.optional("message", Kind.STRING),
                    Param.optional("size", Kind.SIZE), SendDatagrams.TRANSPORT),
                    List.of(List.of("message_count", "message")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            if (a.has("ip")) a.ipv4("ip");
            Message expected = a.has("message") ? Message.ofUtf8(a.string("message")) : null;
            long count = a.integer("message_count", 0, 1_000_000_000_000L, 1);
            if (SendDatagrams.tcp(a)) {
                // A TCP stream has no message boundaries: records are cut by the message's (or size's) length.
                int length = expected != null ? expected.length() : (int) a.size("size", 65507, 0);
                if (length < 1) throw new Arguments.ArgumentException("size", "over TCP, capture needs 'message' or 'size' to know where messages end");
                return new TcpCountMessages(a.port("port"), length, count, expected);
            }
            return new CountDatagrams(a.port("port"), count, expected);
        }
    }
}
