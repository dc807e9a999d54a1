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

/** The paper's socket client: after {@code start}, connects, sends a request, reads the response and acknowledges it. */
public final class SocketClient implements Application {
    private final int serverIp, port, size;
    private final long startNs;
    private long doneAtNs = -1;

    public SocketClient(int serverIp, int port, int size, long startNs) {
        this.serverIp = serverIp;
        this.port = port;
        this.size = size;
        this.startNs = startNs;
    }

    @Override
    public String name() { return "socket_client"; }

    @Override
    public void start(Machine machine) { Process.spawn(machine, this, this::run); }

    private void run(Process p) {
        if (startNs > 0) p.sleep(startNs);      // start 0 connects at once, without the extra event and park of sleep(0)
        StreamSocket s = p.streamSocket();
        s.connect(serverIp, port);
        s.sendAll(Message.zeros(size));
        if (s.recvAll(size).length() < size) throw new IllegalStateException("short response");
        s.sendAll(SocketServer.ACK);
        s.close();
        doneAtNs = p.now();
    }

    /** Virtual time when the exchange completed, or -1. */
    public long doneAtNs() { return doneAtNs; }

    @Override
    public long finishedAtNs() { return doneAtNs; }

    @Override
    public boolean hasGoal() { return true; }

    @Override
    public boolean goalMet() { return doneAtNs >= 0; }

    @Override
    public String summary() { return doneAtNs >= 0 ? "answered at " + doneAtNs + " ns" : "not answered"; }

    /** {@code socket_client}: to, port; size (default 64 bytes), start. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("socket_client", List.of(
                    Attribute.destination("to").required().doc("the server: machine or address"),
                    Attribute.port("port").required().doc("its port"),
                    Declare.size("size").byDefault(64L).doc("request and response size; must match the server's"),
                    Declare.start("when to connect")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            return new SocketClient(context.destination(a, "to"), a.port("port"),
                    (int) a.size("size", 1 << 30, 64), a.duration("start", 0));
        }
    }
}
