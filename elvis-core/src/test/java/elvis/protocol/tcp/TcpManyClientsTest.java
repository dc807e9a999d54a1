package elvis.protocol.tcp;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients on a lossy LAN, some of them on the same machine, connect to one listener with a
 * small backlog at nearly the same time, send a request, half close, and read a response as long
 * as the request. A full backlog drops SYNs, which clients retransmit, in step (their backoffs
 * started together), so some may run out of retries: those time out without ever connecting.
 * Every client that connected must complete its exchange, and no half-open connection may remain.
 */
class TcpManyClientsTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int SERVER = Ipv4Address.parse("10.0.0.100");

    /** The server side of one connection: counts the request, then answers with as many bytes and closes. */
    static final class Answer implements ConnectionHandler {
        long request;

        @Override public void data(TcpConnection c, Message d) { request += d.length(); }

        @Override
        public void peerClosed(TcpConnection c) {
            c.send(Message.zeros((int) request));      // the send buffer takes it all (requests are small)
            c.close();
        }
    }

    /** A client: sends {@code bytes}, half closes, counts the response, records how it ended. */
    static final class Client implements ConnectionHandler {
        final int bytes;
        long response;
        CloseReason reason;

        Client(int bytes) { this.bytes = bytes; }

        boolean connected;

        @Override
        public void connected(TcpConnection c) {
            connected = true;
            c.send(Message.zeros(bytes));
            c.shutdownOutput();
        }

        @Override public void data(TcpConnection c, Message d) { response += d.length(); }
        @Override public void closed(TcpConnection c, CloseReason r) { reason = r; }
    }

    @Property(tries = 40)
    void everyExchangeCompletes(@ForAll long seed) {
        Random rnd = new Random(seed);
        Simulation sim = new Simulation(seed);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(10_000_000L * (1 + rnd.nextInt(10)))
                .withDelay(100_000L + rnd.nextInt(2000) * 1000L).withLoss(rnd.nextDouble() * 0.03)
                .withQueuePackets(rnd.nextBoolean() ? 0 : 20 + rnd.nextInt(200)));
        Machine server = sim.machine("server");
        sim.connect(server, lan, "10.0.0.100/24");
        TcpListener listener = Tcp.of(server).listen(80, 1 + rnd.nextInt(8), null, c -> new Answer());
        int machines = 1 + rnd.nextInt(10), perMachine = 1 + rnd.nextInt(6);
        List<Client> clients = new ArrayList<>();
        for (int m = 0; m < machines; m++) {
            Machine host = sim.machine("client" + m);
            sim.connect(host, lan, "10.0.0." + (m + 1) + "/24");
            for (int k = 0; k < perMachine; k++) {
                Client c = new Client(rnd.nextInt(30_000));
                clients.add(c);
                sim.kernel().schedule(rnd.nextInt(5) * MS, () -> Tcp.of(host).connect(SERVER, 80, null, c));
            }
        }
        sim.runUntil(3000 * S);
        int completed = 0;
        for (Client c : clients) {
            if (!c.connected) {                          // every SYN met a full backlog: only a timeout may end it
                assertThat(c.reason).isEqualTo(CloseReason.TIMEOUT);
                continue;
            }
            assertThat(c.reason).as("how a connected client's connection ended").isEqualTo(CloseReason.NORMAL);
            assertThat(c.response).isEqualTo(c.bytes);
            completed++;
        }
        assertThat(completed).isPositive();
        if (completed < clients.size()) assertThat(server.drops(TcpDrop.TCP_BACKLOG)).as("refusals need a full backlog").isPositive();
        assertThat(listener.halfOpen).isZero();
        assertThat(server.failures()).isEmpty();
    }
}
