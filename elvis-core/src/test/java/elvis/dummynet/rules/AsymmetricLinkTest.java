package elvis.dummynet.rules;

import elvis.Simulation;
import elvis.app.PingPong;
import elvis.dummynet.Dummynet;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConnection;
import elvis.testing.Duplex;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dummynet paper's example 1 (§2.2), its lines verbatim, on a host talking to a server on port
 * 2500 over a 1 ms wire without a bandwidth limit (R-DN-2's check): downloads from port 2000-3000
 * come through pipe 11 (4 Mbit/s, 5 ms), uploads to it through pipe 10 (256 kbit/s, 20 ms), and
 * the rest of the host's traffic bypasses both.
 */
class AsymmetricLinkTest {
    static final long MS = 1_000_000;
    static final String EXAMPLE_1 = """
            ipfw pipe 10 config bw 256 Kbit/s delay 20ms
            ipfw pipe 11 config bw 4 Mbit/s delay 5ms
            ipfw add 100 pipe 10 out dst-port 2000-3000
            ipfw add 200 pipe 11 in src-port 2000-3000
            ipfw add 300 allow ip from any to any
            """;
    static final int HOST = Ipv4Address.parse("10.0.0.1"), SERVER = Ipv4Address.parse("10.0.0.2");

    Simulation sim;
    Machine host, server;
    RuleSet rules;

    void build() {
        sim = new Simulation(16);
        Network wire = sim.network("wire", LinkConfig.UNLIMITED.withDelay(MS));
        host = sim.machine("host");
        server = sim.machine("server");
        sim.connect(host, wire, "10.0.0.1/24");
        sim.connect(server, wire, "10.0.0.2/24");
        rules = RuleSet.of(host);
        assertThat(Ipfw.load(EXAMPLE_1, rules, DummynetLines.of(Dummynet.of(sim.kernel())))).isEmpty();
        assertThat(rules.unresolved()).isEmpty();
    }

    /** Counts what arrives and when the first and last bytes came. */
    static final class Sink implements ConnectionHandler {
        final Simulation sim;
        long bytes, first = -1, firstBytes, last;
        Sink(Simulation sim) { this.sim = sim; }
        @Override public void data(TcpConnection c, Message d) {
            if (first < 0) { first = sim.kernel().now(); firstBytes = d.length(); }
            bytes += d.length();
            last = sim.kernel().now();
        }
        /** Goodput in bit/s from the first arrival to the last (the first chunk's bytes excluded). */
        double goodput() { return (bytes - firstBytes) * 8e9 / (last - first); }
    }

    @Test
    void aDownloadFromPort2500ReachesNinetyThreePercentOfFourMegabits() {
        build();
        long size = 5_000_000;
        Duplex sender = new Duplex(size);
        Tcp.of(server).listen(2500, 1, null, c -> { sender.fill(c); return sender; });
        Sink sink = new Sink(sim);
        sim.kernel().schedule(0, () -> Tcp.of(host).connect(SERVER, 2500, null, sink));
        sim.run();
        assertThat(sink.bytes).isEqualTo(size);
        assertThat(sink.goodput()).isGreaterThanOrEqualTo(0.93 * 4_000_000);
        assertThat(sink.goodput()).isLessThanOrEqualTo(4_000_000);
        Dummynet dn = Dummynet.of(sim.kernel());
        assertThat(dn.pipe("11").totals().bytesOut()).isGreaterThan(size);      // the data came through pipe 11
        assertThat(dn.pipe("10").totals().packetsOut()).isPositive();           // and its ACKs through pipe 10
    }

    @Test
    void anUploadToPort2500ReachesNinetyThreePercentOf256Kilobits() {
        build();
        long size = 600_000;
        Sink sink = new Sink(sim);
        Tcp.of(server).listen(2500, 1, null, c -> sink);
        Duplex sender = new Duplex(size);
        sim.kernel().schedule(0, () -> Tcp.of(host).connect(SERVER, 2500, null, sender));
        sim.run();
        assertThat(sink.bytes).isEqualTo(size);
        assertThat(sink.goodput()).isGreaterThanOrEqualTo(0.93 * 256_000);
        assertThat(sink.goodput()).isLessThanOrEqualTo(256_000);
    }

    /** 128 round trips of a one-byte UDP datagram (29 bytes of IP) between the host's port 40000 and the server's {@code port}. */
    private long pingPong(int port) {
        build();
        PingPong starter = new PingPong(40_000, SERVER, port, true);
        server.addApplication(new PingPong(port, HOST, 40_000, false));
        host.addApplication(starter);
        sim.run();
        assertThat(starter.received()).isEqualTo(128);
        return starter.finishedAtNs();
    }

    @Test
    void theBaseRoundTripIsTwentyFiveMillisecondsPlusBothSerializationsPlusTheWire() {
        long serializeUp = 29 * 8 * 1_000_000_000L / 256_000, serializeDown = 29 * 8 * 1_000_000_000L / 4_000_000;
        assertThat(serializeUp).isEqualTo(906_250);
        assertThat(serializeDown).isEqualTo(58_000);
        assertThat(pingPong(2500)).isEqualTo(128 * (25 * MS + serializeUp + serializeDown + 2 * MS));
    }

    @Test
    void trafficToPort80SeesNeitherPipe() {
        assertThat(pingPong(80)).isEqualTo(128 * 2 * MS);          // the wire's own round trip
        Dummynet dn = Dummynet.of(sim.kernel());
        assertThat(dn.pipe("10").totals().packetsIn()).isZero();
        assertThat(dn.pipe("11").totals().packetsIn()).isZero();
        assertThat(rules.rules().get(2).packets()).isEqualTo(256);   // every datagram allowed by rule 300, in or out
    }
}
