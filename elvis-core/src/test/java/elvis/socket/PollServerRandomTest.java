package elvis.socket;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One process serves many clients with non-blocking sockets and poll, as an event-loop server
 * does: it accepts, reads each request to its end of stream, answers with a response of the same
 * length in partial sends as buffers allow, and closes. Blocking clients on several machines of a
 * lossy LAN each send a request and read the response. Every client must get its whole response,
 * and the server must finish.
 */
class PollServerRandomTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int SERVER = Ipv4Address.parse("10.0.0.100");

    /** What the server knows of one client. */
    static final class Peer {
        long request;
        Message unsent;      // null until the request ended
    }

    @Property(tries = 60)
    void anEventLoopServerAnswersEveryClient(@ForAll long seed) {
        Random rnd = new Random(seed);
        Simulation sim = new Simulation(seed);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(10_000_000L * (1 + rnd.nextInt(10)))
                .withDelay(100_000L + rnd.nextInt(3000) * 1000L).withLoss(rnd.nextBoolean() ? 0 : rnd.nextDouble() * 0.02));
        Machine server = sim.machine("server");
        sim.connect(server, lan, "10.0.0.100/24");
        int clients = 1 + rnd.nextInt(12);
        int[] served = {0};
        boolean[] finished = {false};
        server.addApplication(new ProgramApplication("server", p -> {
            StreamSocket listener = p.streamSocket();
            listener.setNonBlocking(true);
            listener.bind(80);
            listener.listen(clients);
            Map<StreamSocket, Peer> peers = new LinkedHashMap<>();   // insertion order: runs repeat exactly
            while (served[0] < clients) {
                List<PollFd> fds = new ArrayList<>();
                fds.add(new PollFd(listener, PollFd.POLLIN));
                for (Map.Entry<StreamSocket, Peer> e : peers.entrySet()) {
                    fds.add(new PollFd(e.getKey(), e.getValue().unsent == null ? PollFd.POLLIN : PollFd.POLLOUT));
                }
                p.poll(Process.FOREVER, fds.toArray(PollFd[]::new));
                for (PollFd fd : fds) {
                    if (fd.revents() == 0) continue;
                    if (fd.socket() == listener) {
                        StreamSocket c = listener.accept();
                        c.setNonBlocking(true);
                        peers.put(c, new Peer());
                        continue;
                    }
                    StreamSocket c = (StreamSocket) fd.socket();
                    Peer peer = peers.get(c);
                    if (peer.unsent == null) {
                        Message m = c.recv(65536);
                        if (!m.isEmpty()) peer.request += m.length();
                        else peer.unsent = Message.zeros((int) peer.request);     // end of request: answer
                    }
                    if (peer.unsent != null) {
                        try {
                            if (!peer.unsent.isEmpty()) peer.unsent = peer.unsent.slice(c.send(peer.unsent));
                        } catch (ErrnoException e) {
                            if (e.errno() != Errno.EAGAIN) throw e;
                        }
                        if (peer.unsent.isEmpty()) {
                            c.close();
                            peers.remove(c);
                            served[0]++;
                        }
                    }
                }
            }
            listener.close();
            finished[0] = true;
        }));
        long[] requests = new long[clients], responses = new long[clients];
        int machines = 1 + rnd.nextInt(clients);
        Machine[] hosts = new Machine[machines];
        for (int m = 0; m < machines; m++) {
            hosts[m] = sim.machine("client" + m);
            sim.connect(hosts[m], lan, "10.0.0." + (m + 1) + "/24");
        }
        for (int k = 0; k < clients; k++) {
            int id = k;
            requests[k] = rnd.nextInt(100_000);
            long start = rnd.nextInt(200) * MS;
            hosts[k % machines].addApplication(new ProgramApplication("client", p -> {
                p.sleep(start);
                StreamSocket s = p.streamSocket();
                s.connect(SERVER, 80);
                s.sendAll(Message.zeros((int) requests[id]));
                s.shutdown(StreamSocket.How.WRITE);
                for (Message m; !(m = s.recv(30_000)).isEmpty(); ) responses[id] += m.length();
                s.close();
            }));
        }
        sim.runUntil(2000 * S);
        assertThat(finished[0]).as("the server served everyone").isTrue();
        assertThat(responses).isEqualTo(requests);
        assertThat(server.failures()).isEmpty();
        for (Machine h : hosts) assertThat(h.failures()).isEmpty();
    }
}
