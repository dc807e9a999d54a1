package elvis.protocol.tcp;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 1122 §4.2.2.13: data that can no longer be read after close() is answered with a RST. */
class TcpDataAfterCloseTest {
    static final long MS = 1_000_000;

    record Pair(Simulation sim, Machine client, Machine server) { }

    static Pair pair() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
        Machine client = sim.machine("client"), server = sim.machine("server");
        sim.connect(client, lan, "10.0.0.1/24");
        sim.connect(server, lan, "10.0.0.2/24");
        return new Pair(sim, client, server);
    }

    @Test
    void dataArrivingAfterTheServerClosedResetsTheConnectionAndTheClientHearsOfIt() {
        Pair p = pair();
        List<CloseReason> serverEnd = new ArrayList<>(), clientEnd = new ArrayList<>();
        Tcp.of(p.server).listen(80, 8, null, c -> {
            c.close();   // accept, then close without reading
            return new ConnectionHandler() {
                @Override public void closed(TcpConnection conn, CloseReason reason) { serverEnd.add(reason); }
            };
        });
        TcpConnection[] client = new TcpConnection[1];
        client[0] = Tcp.of(p.client).connect(Ipv4Address.parse("10.0.0.2"), 80, null, new ConnectionHandler() {
            @Override public void connected(TcpConnection c) {
                // Send once the server's FIN has certainly arrived: the server has closed by then.
                p.sim.kernel().schedule(10 * MS, () -> c.send(Message.ofUtf8("too late")));
            }
            @Override public void closed(TcpConnection c, CloseReason reason) { clientEnd.add(reason); }
        });
        p.sim.run();
        assertThat(serverEnd).containsExactly(CloseReason.ABORTED);
        assertThat(clientEnd).containsExactly(CloseReason.RESET);
        assertThat(client[0].state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void closingWithDataStillUnreadSendsARstInsteadOfAFin() {
        Pair p = pair();
        List<CloseReason> clientEnd = new ArrayList<>();
        TcpConnection[] server = new TcpConnection[1];
        Tcp.of(p.server).listen(80, 8, null, c -> {
            server[0] = c;
            c.pauseReading();   // data arrives but the application has not read it
            return new ConnectionHandler() { };
        });
        Tcp.of(p.client).connect(Ipv4Address.parse("10.0.0.2"), 80, null, new ConnectionHandler() {
            @Override public void connected(TcpConnection c) { c.send(Message.ofUtf8("unread")); }
            @Override public void closed(TcpConnection c, CloseReason reason) { clientEnd.add(reason); }
        });
        p.sim.kernel().schedule(20 * MS, () -> server[0].close());
        p.sim.run();
        assertThat(clientEnd).containsExactly(CloseReason.RESET);
        assertThat(server[0].state()).isEqualTo(TcpState.CLOSED);
    }
}
