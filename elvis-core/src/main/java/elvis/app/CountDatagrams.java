package elvis.app;

import elvis.config.Attribute;
import elvis.config.Arguments;
import elvis.config.Schema;
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

    /**
     * {@code capture}: ip, port; message_count (default 1) and message (or size over TCP); type
     * (what counts: every datagram, or only those equal to message); over UDP (default) or TCP.
     * {@code factory} is accepted without effect, for files written for the original Elvis.
     */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("capture", List.of(
                    Attribute.ipv4("ip").required().doc("local address to listen on (claims it, see below)"),
                    Attribute.port("port").required().doc("local port"),
                    Declare.count("message_count").byDefault(1L).doc("messages to wait for"),
                    Attribute.string("message").doc("expected payload"),
                    Attribute.choice("type", "count", "message")
                            .doc("`message`: count only payloads equal to `message`; `count`: count every datagram"),
                    Attribute.string("factory").doc("accepted for files written for the original Elvis; no effect"),
                    Declare.size("size").doc("over TCP without `message`, required: a TCP stream is cut into records of this many bytes"),
                    Declare.TRANSPORT));
        }

        @Override
        public Application create(Arguments a, Context context) {
            if (a.has("ip")) a.ipv4("ip");
            String type = a.string("type", a.has("message") ? "message" : "count").toLowerCase(java.util.Locale.ROOT);
            if (type.equals("message") && !a.has("message"))
                throw new Arguments.ArgumentException("type", "type='message' counts datagrams equal to 'message', which is missing");
            Message expected = type.equals("message") ? Message.ofUtf8(a.string("message")) : null;
            long count = a.integer("message_count", 0, 1_000_000_000_000L, 1);
            if (SendDatagrams.tcp(a)) {
                // A TCP stream has no message boundaries: records are cut by the message's (or size's) length.
                int length = a.has("message") ? Message.ofUtf8(a.string("message")).length() : (int) a.size("size", 65507, 0);
                if (length < 1) throw new Arguments.ArgumentException("size", "over TCP, capture needs 'message' or 'size' to know where messages end");
                return new TcpCountMessages(a.port("port"), length, count, expected);
            }
            return new CountDatagrams(a.port("port"), count, expected);
        }
    }
}
