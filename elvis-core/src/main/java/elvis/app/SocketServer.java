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

/**
 * The paper's socket server: for each client, in a process of its own, reads a request of
 * {@code size} bytes, answers with a response of {@code size} bytes and waits for the client's ack.
 */
public final class SocketServer implements Application {
    /** What a client sends after the response. */
    static final Message ACK = Message.ofUtf8("ack");

    private final int port, size;
    private final long expected;     // clients to serve for the goal; 0 = no goal
    private long served;

    public SocketServer(int port, int size, long expected) {
        this.port = port;
        this.size = size;
        this.expected = expected;
    }

    @Override
    public String name() { return "socket_server"; }

    @Override
    public void start(Machine machine) { Process.spawn(machine, this, this::listen); }

    private void listen(Process p) {
        StreamSocket listener = p.streamSocket();
        listener.bind(port);
        listener.listen(128);
        while (true) {
            StreamSocket c = listener.accept();
            p.spawn(self -> serve(c), c);
        }
    }

    private void serve(StreamSocket c) {
        if (c.recvAll(size).length() < size) throw new IllegalStateException("short request");
        c.sendAll(Message.zeros(size));
        if (!c.recvAll(ACK.length()).contentEquals(ACK)) throw new IllegalStateException("no ack");
        c.close();
        served++;
    }

    public long served() { return served; }

    @Override
    public boolean hasGoal() { return expected > 0; }

    @Override
    public boolean goalMet() { return served >= expected; }

    @Override
    public String summary() { return "served " + served + (expected > 0 ? " of " + expected : "") + " clients"; }

    /** {@code socket_server}: port; size (request and response, default 64 bytes), clients (a goal). */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("socket_server", List.of(
                    Attribute.port("port").required().doc("local port"),
                    Declare.size("size").byDefault(64L).doc("request and response size (at most 1GB)"),
                    Declare.count("clients").byDefault(0L).doc("clients to serve; 0: no goal")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            return new SocketServer(a.port("port"), (int) a.size("size", 1 << 30, 64), a.integer("clients", 0, 1_000_000_000, 0));
        }
    }
}
