package elvis.bench;

import elvis.Simulation;
import elvis.app.SocketClient;
import elvis.app.SocketServer;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConnection;
import elvis.socket.ProgramApplication;
import elvis.socket.StreamSocket;

import java.util.function.BiConsumer;

/**
 * The Elvis paper's Table I scenarios over TCP on a 1 ms LAN, each written once against the event API
 * and once as blocking socket code, so that their wall time measures the socket layer's overhead.
 */
final class SocketScenarios {
    static final int PORT = 80, REQUEST = 64, CLIENTS = 10;
    private static final Message HELLO = Message.ofUtf8("Hello, world!");
    private static final Message[] COUNTER = new Message[256];   // one-byte messages 0..255, shared
    static {
        for (int i = 0; i < 256; i++) COUNTER[i] = Message.wrap(new byte[] {(byte) i});
    }

    enum Scenario { BASIC, PING_PONG, SERVER_CLIENT }

    /** Runs one scenario in a fresh simulation; throws unless it completed. */
    static void run(Scenario scenario, boolean blocking) {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(1_000_000));
        Machine server = sim.machine("server");
        sim.connect(server, lan, "10.0.0.1/24");
        int clients = scenario == Scenario.SERVER_CLIENT ? CLIENTS : 1;
        Machine[] client = new Machine[clients];
        for (int i = 0; i < clients; i++) {
            client[i] = sim.machine("client" + i);
            sim.connect(client[i], lan, "10.0.0." + (10 + i) + "/24");
        }
        long[] done = new long[1];
        switch (scenario) {
            case BASIC -> {
                server.addApplication(blocking ? blockingBasicServer(done) : eventBasicServer(done));
                client[0].addApplication(blocking ? blockingBasicClient(sim) : eventBasicClient(sim));
            }
            case PING_PONG -> {
                server.addApplication(blocking ? blockingPingPong(sim, false, done) : eventPingPong(sim, false, done));
                client[0].addApplication(blocking ? blockingPingPong(sim, true, done) : eventPingPong(sim, true, done));
            }
            case SERVER_CLIENT -> {
                server.addApplication(blocking ? new SocketServer(PORT, REQUEST, CLIENTS) : eventServer(done));
                for (Machine c : client) c.addApplication(blocking ? new SocketClient(sim.resolve("server"), PORT, REQUEST, 0) : eventClient(sim, done));
            }
        }
        sim.run();
        boolean ok = switch (scenario) {
            case BASIC -> done[0] == HELLO.length();
            case PING_PONG -> done[0] == 256;
            case SERVER_CLIENT -> blocking ? sim.goalsMet() : done[0] == 2 * CLIENTS;
        };
        if (!ok || !sim.goalsMet()) throw new IllegalStateException(scenario + (blocking ? " blocking" : " event") + " did not complete");
    }

    // ---------------------------------------------------------------- Basic: one message

    private static Application blockingBasicServer(long[] received) {
        return new ProgramApplication("basic_server", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(PORT);
            l.listen(1);
            StreamSocket c = l.accept();
            for (Message m = c.recv(1024); !m.isEmpty(); m = c.recv(1024)) received[0] += m.length();
            c.close();
        });
    }

    private static Application blockingBasicClient(Simulation sim) {
        return new ProgramApplication("basic_client", p -> {
            StreamSocket s = p.streamSocket();
            s.connect(sim.resolve("server"), PORT);
            s.send(HELLO);
            s.close();
        });
    }

    private static Application eventBasicServer(long[] received) {
        return app("basic_server", (m, a) -> Tcp.of(m).listen(PORT, 1, a, c -> new ConnectionHandler() {
            @Override public void data(TcpConnection c, Message data) { received[0] += data.length(); }
            @Override public void peerClosed(TcpConnection c) { c.close(); }
        }));
    }

    private static Application eventBasicClient(Simulation sim) {
        return app("basic_client", (m, a) -> Tcp.of(m).connect(sim.resolve("server"), PORT, a, new ConnectionHandler() {
            @Override public void connected(TcpConnection c) {
                c.send(HELLO);
                c.close();
            }
        }));
    }

    // ---------------------------------------------------------------- Ping Pong: a counter from 255 down to 0

    private static Application blockingPingPong(Simulation sim, boolean starts, long[] messages) {
        return new ProgramApplication("ping_pong", p -> {
            StreamSocket s;
            if (starts) {
                s = p.streamSocket();
                s.connect(sim.resolve("server"), PORT);
                s.send(COUNTER[255]);
            } else {
                StreamSocket l = p.streamSocket();
                l.bind(PORT);
                l.listen(1);
                s = l.accept();
            }
            for (Message m = s.recv(1); !m.isEmpty(); m = s.recv(1)) {
                messages[0]++;
                int v = m.u8(0);
                if (v == 0) break;
                s.send(COUNTER[v - 1]);
            }
            s.close();
        });
    }

    private static Application eventPingPong(Simulation sim, boolean starts, long[] messages) {
        ConnectionHandler h = new ConnectionHandler() {
            @Override public void connected(TcpConnection c) { c.send(COUNTER[255]); }
            @Override public void data(TcpConnection c, Message data) {
                messages[0]++;
                int v = data.u8(0);
                if (v == 0) c.close();
                else c.send(COUNTER[v - 1]);
            }
            @Override public void peerClosed(TcpConnection c) { c.close(); }
        };
        return app("ping_pong", (m, a) -> {
            if (starts) Tcp.of(m).connect(sim.resolve("server"), PORT, a, h);
            else Tcp.of(m).listen(PORT, 1, a, c -> h);
        });
    }

    // ---------------------------------------------------------------- Server Client: request, response, ack

    private static Application eventServer(long[] done) {
        return app("socket_server", (m, a) -> Tcp.of(m).listen(PORT, 128, a, c -> new ConnectionHandler() {
            long got;
            @Override public void data(TcpConnection c, Message data) {
                got += data.length();
                if (got == REQUEST) c.send(Message.zeros(REQUEST));
                else if (got == REQUEST + 3) {
                    c.close();
                    done[0]++;
                }
            }
        }));
    }

    private static Application eventClient(Simulation sim, long[] done) {
        return app("socket_client", (m, a) -> Tcp.of(m).connect(sim.resolve("server"), PORT, a, new ConnectionHandler() {
            long got;
            @Override public void connected(TcpConnection c) { c.send(Message.zeros(REQUEST)); }
            @Override public void data(TcpConnection c, Message data) {
                got += data.length();
                if (got == REQUEST) {
                    c.send(Message.ofUtf8("ack"));
                    c.close();
                    done[0]++;
                }
            }
        }));
    }

    /** An event-API application: {@code start} gets the machine and the application (the owner of its connections). */
    private static Application app(String name, BiConsumer<Machine, Application> start) {
        return new Application() {
            @Override public String name() { return name; }
            @Override public void start(Machine machine) { start.accept(machine, this); }
            @Override public String summary() { return ""; }
        };
    }
}
