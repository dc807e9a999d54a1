package elvis.app;

import elvis.config.Attribute;
import elvis.config.Arguments;
import elvis.config.Schema;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.socket.Process;
import elvis.socket.StreamSocket;

import java.util.List;

/** Sends a message {@code count} times over one TCP connection, reading each echo back before the next. */
public final class EchoClient implements Application {
    private final int serverIp, port;
    private final Message message;
    private final long count;
    private long echoed, finishedAtNs = -1;

    public EchoClient(int serverIp, int port, Message message, long count) {
        if (message.isEmpty()) throw new IllegalArgumentException("the message must not be empty");
        this.serverIp = serverIp;
        this.port = port;
        this.message = message;
        this.count = count;
    }

    @Override
    public String name() { return "echo_client"; }

    @Override
    public void start(Machine machine) { Process.spawn(machine, this, this::run); }

    private void run(Process p) {
        StreamSocket s = p.streamSocket();
        s.connect(serverIp, port);
        for (long i = 0; i < count; i++) {
            s.sendAll(message);
            if (!s.recvAll(message.length()).contentEquals(message)) throw new IllegalStateException("echo " + i + " differs");
            echoed++;
        }
        s.close();
        finishedAtNs = p.now();
    }

    public long echoed() { return echoed; }

    @Override
    public long finishedAtNs() { return finishedAtNs; }

    @Override
    public boolean hasGoal() { return true; }

    @Override
    public boolean goalMet() { return echoed == count; }

    @Override
    public String summary() { return "echoed " + echoed + " of " + count; }

    /** {@code echo_client}: to, port, message (or size), count. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("echo_client", List.of(
                    Attribute.destination("to").required().doc("the echo server: machine or address"),
                    Attribute.port("port").required().doc("its port"),
                    Attribute.string("message").doc("the message text (not empty)"),
                    Declare.size("size").doc("a message of that many zero bytes instead (1 byte..1GB)"),
                    Declare.count("count").byDefault(1L).doc("messages to send, 0..1,000,000,000")),
                    List.of(List.of("message", "size")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            Message m = a.has("size") ? Message.zeros((int) a.size("size", 1 << 30, 0)) : Message.ofUtf8(a.string("message"));
            if (m.isEmpty()) throw new Arguments.ArgumentException(a.has("size") ? "size" : "message", "the message must not be empty");
            return new EchoClient(context.destination(a, "to"), a.port("port"), m, a.integer("count", 0, 1_000_000_000, 1));
        }
    }
}
