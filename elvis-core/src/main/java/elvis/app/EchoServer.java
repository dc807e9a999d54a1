package elvis.app;

import elvis.config.Attribute;
import elvis.config.Arguments;
import elvis.config.Schema;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.socket.PollFd;
import elvis.socket.Process;
import elvis.socket.StreamSocket;

import java.util.ArrayList;
import java.util.List;

/** Echoes every byte received on a TCP port back to its sender: one blocking process serving all clients with poll. */
public final class EchoServer implements Application {
    private final int port;
    private long connections, bytes;

    public EchoServer(int port) { this.port = port; }

    @Override
    public String name() { return "echo_server"; }

    @Override
    public void start(Machine machine) { Process.spawn(machine, this, this::serve); }

    private void serve(Process p) {
        StreamSocket listener = p.streamSocket();
        listener.bind(port);
        listener.listen(128);
        List<StreamSocket> clients = new ArrayList<>();
        while (true) {
            PollFd[] fds = new PollFd[clients.size() + 1];
            fds[0] = new PollFd(listener, PollFd.POLLIN);
            for (int i = 0; i < clients.size(); i++) fds[i + 1] = new PollFd(clients.get(i), PollFd.POLLIN);
            p.poll(Process.FOREVER, fds);
            for (int i = clients.size() - 1; i >= 0; i--) {
                if (fds[i + 1].revents() == 0) continue;
                StreamSocket c = clients.get(i);
                Message m = c.recv(65536);
                if (m.isEmpty()) {
                    c.close();
                    clients.remove(i);
                } else {
                    c.sendAll(m);
                    bytes += m.length();
                }
            }
            if (fds[0].revents() != 0) {
                clients.add(listener.accept());
                connections++;
            }
        }
    }

    public long bytesEchoed() { return bytes; }

    @Override
    public String summary() { return "echoed " + bytes + " bytes on " + connections + " connections"; }

    /** {@code echo_server}: port. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() { return new Schema("echo_server", List.of(Attribute.port("port").required().doc("local port"))); }

        @Override
        public Application create(Arguments a, Context context) { return new EchoServer(a.port("port")); }
    }
}
