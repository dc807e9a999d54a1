package elvis.bench;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.modnet.Forward;
import elvis.modnet.ModNet;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.socket.ProgramApplication;
import elvis.socket.StreamSocket;

/**
 * The two runs of {@code elvis bench modnet} (R-MN-5, the simulator's analog of ModNet's Fig. 3):
 * a bulk transfer through a chain of forwarders on the sender, and many clients making small
 * non-persistent requests to a server whose accepted connections go through the chain.
 */
final class ModNetScenario {
    private static final long MS = 1_000_000;
    private static final int SERVER = Ipv4Address.parse("10.0.0.1"), PORT = 80;

    private ModNetScenario() { }

    /** What a run did: wall time and simulated events, and whether every byte or request got through. */
    record Result(double wallSeconds, long events, boolean complete) { }

    private static String[] chain(Simulation sim, int modules) {
        ModNet modnet = ModNet.of(sim.kernel());
        String[] names = new String[modules];
        for (int i = 0; i < modules; i++) modnet.register(names[i] = "fwd" + i, new Forward());
        return names;
    }

    /** One connection sending {@code bytes} over 10 Gbit/s through {@code modules} forwarders on the sender. */
    static Result bulk(int modules, long bytes) {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(10_000_000_000L).withDelay(MS / 10));
        Machine server = sim.machine("server"), client = sim.machine("client");
        sim.connect(server, lan, "10.0.0.1/24");
        sim.connect(client, lan, "10.0.0.2/24");
        String[] names = chain(sim, modules);
        if (modules > 0) ModNet.of(sim.kernel()).apply(client, names);
        long[] received = {0};
        server.addApplication(new ProgramApplication("sink", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(PORT);
            l.listen(1);
            StreamSocket s = l.accept();
            for (Message m; !(m = s.recv(1 << 20)).isEmpty(); ) received[0] += m.length();
            s.close();
        }));
        client.addApplication(new ProgramApplication("source", p -> {
            StreamSocket s = p.streamSocket();
            s.connect(SERVER, PORT);
            for (long left = bytes; left > 0; left -= 1 << 20) s.sendAll(Message.zeros((int) Math.min(left, 1 << 20)));
            s.close();
        }));
        long t = System.nanoTime();
        sim.run();
        return new Result((System.nanoTime() - t) / 1e9, sim.kernel().eventsDispatched(), received[0] == bytes);
    }

    /**
     * {@code clients} clients on their own machines, each making {@code requests} non-persistent
     * requests of {@code size} bytes (connect, request, response, close) to one server, whose
     * connections go through {@code modules} forwarders.
     */
    static Result requests(int modules, int clients, int requests, int size) {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(10_000_000_000L).withDelay(MS / 10));
        Machine server = sim.machine("server");
        sim.connect(server, lan, "10.0.0.1/16");
        String[] names = chain(sim, modules);
        if (modules > 0) ModNet.of(sim.kernel()).apply(server, names);
        long[] served = {0};
        Message response = Message.zeros(size);
        server.addApplication(new ProgramApplication("server", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(PORT);
            l.listen(1024);
            while (true) {
                StreamSocket s = l.accept();
                p.spawn(c -> {
                    if (s.recvAll(size).length() == size) {
                        s.sendAll(response);
                        served[0]++;
                    }
                    s.close();
                }, s);
            }
        }));
        Message request = Message.zeros(size);
        for (int i = 0; i < clients; i++) {
            Machine c = sim.machine("client-" + (i + 1));
            sim.connect(c, lan, Ipv4Address.format(Ipv4Address.parse("10.0.1.0") + i + 1) + "/16");
            c.addApplication(new ProgramApplication("client", p -> {
                for (int r = 0; r < requests; r++) {
                    StreamSocket s = p.streamSocket();
                    s.connect(SERVER, PORT);
                    s.sendAll(request);
                    s.recvAll(size);
                    s.close();
                }
            }));
        }
        long t = System.nanoTime();
        sim.run();
        return new Result((System.nanoTime() - t) / 1e9, sim.kernel().eventsDispatched(), served[0] == (long) clients * requests);
    }
}
