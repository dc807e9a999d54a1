package elvis.app;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.CloseReason;
import elvis.protocol.tcp.Tcp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TcpAppsTest {
    static final long MS = 1_000_000;

    @Test
    void messagesSentOverTcpAreCountedWhateverTheSegmentation() {
        Simulation sim = new Simulation(2);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(1_000_000_000).withDelay(MS).withLoss(0.02));
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        Message hello = Message.ofUtf8("Hello, TCP world! ".repeat(50));     // 900 bytes: records straddle segments
        TcpCountMessages count = new TcpCountMessages(7, hello.length(), 2000, hello);
        b.addApplication(count);
        TcpSendMessages send = new TcpSendMessages(Ipv4Address.parse("10.0.0.2"), 7, hello, 2000, 0);
        a.addApplication(send);
        sim.run();
        assertThat(count.received()).isEqualTo(2000);
        assertThat(count.mismatched()).isZero();
        assertThat(send.outcome()).isEqualTo(CloseReason.NORMAL);
        assertThat(sim.goalsMet()).isTrue();
    }

    @Test
    void aSenderToAClosedPortIsRefused() {
        Simulation sim = new Simulation(2);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        Tcp.of(b);                       // b runs TCP (created lazily otherwise) but listens nowhere
        TcpBulkSend send = new TcpBulkSend(Ipv4Address.parse("10.0.0.2"), 9, 1000, 0);
        a.addApplication(send);
        sim.run();
        assertThat(send.outcome()).isEqualTo(CloseReason.REFUSED);
        assertThat(send.goalMet()).isFalse();
        assertThat(send.connection().info().segmentsSent()).isEqualTo(1);     // the SYN, never retransmitted
        assertThat(b.drops("NO_PORT")).isEqualTo(1);
    }

    @Test
    void aServerKeepsHundredsOfConcurrentConnectionsApartAndFreesThem() {
        Simulation sim = new Simulation(4);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(1_000_000_000).withDelay(MS).withLoss(0.01));
        Machine server = sim.machine("server");
        sim.connect(server, lan, "10.0.0.1/16");
        int clients = 300;
        Message message = Message.ofUtf8("request");
        TcpCountMessages count = new TcpCountMessages(80, message.length(), clients * 5L, message);
        server.addApplication(count);
        for (int i = 0; i < clients; i++) {
            Machine m = sim.machine("c" + i);
            sim.connect(m, lan, elvis.protocol.ipv4.Ipv4Address.parse("10.0.1.0") + i, 16);
            // Staggered starts: connections open and close while others are established.
            m.addApplication(new TcpSendMessages(elvis.protocol.ipv4.Ipv4Address.parse("10.0.0.1"), 80, message, 5, i * 100_000L));
        }
        sim.runUntil(5_000 * MS);
        assertThat(count.received()).isEqualTo(clients * 5L);
        assertThat(count.mismatched()).isZero();
        // Every client connection closed; the server kept only those still in TIME-WAIT or none.
        sim.run();
        assertThat(Tcp.of(server).connections()).isEmpty();
        assertThat(Tcp.of(server).hasConnection(80)).isFalse();
        assertThat(sim.goalsMet()).isTrue();
    }
}
