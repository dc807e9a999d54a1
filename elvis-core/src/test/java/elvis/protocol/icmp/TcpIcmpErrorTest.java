package elvis.protocol.icmp;

import elvis.Simulation;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Filter;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConfig;
import elvis.protocol.tcp.TcpConnection;
import elvis.protocol.tcp.TcpDrop;
import elvis.socket.ErrnoException;
import elvis.socket.Process;
import elvis.socket.StreamSocket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.protocol.icmp.IcmpTest.chain;
import static elvis.protocol.icmp.IcmpTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 1122 §4.2.3.9 and RFC 5927: ICMP errors are soft while connecting, reported when the connection times out. */
class TcpIcmpErrorTest {
    static final long MS = 1_000_000;

    /** Connects from n0 to {@code dst}:80 with two SYN retransmissions 100 ms apart; returns what connect threw. */
    static List<String> connect(Simulation sim, Machine from, String dst) {
        Tcp.of(from).config(TcpConfig.DEFAULT.withInitialRto(100 * MS).withMinRto(100 * MS).withMaxRetries(2));
        List<String> seen = new ArrayList<>();
        Process.spawn(from, null, p -> {
            StreamSocket s = p.streamSocket();
            try {
                s.connect(ip(dst), 80);
                seen.add("connected");
            } catch (ErrnoException e) {
                seen.add(e.errno().name());
            }
        });
        return seen;
    }

    @Test
    void aNetUnreachableWhileConnectingIsReportedWhenTheConnectionTimesOut() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        List<String> seen = connect(sim, n[0], "192.168.1.1");    // n1 has no route there
        List<String> during = new ArrayList<>();
        sim.kernel().at(150 * MS, () -> during.add(Tcp.of(n[0]).connections().get(0).state().name()));
        sim.run();
        assertThat(during).as("a soft error does not end the handshake").containsExactly("SYN_SENT");
        assertThat(Icmp.of(n[0]).received(3, 0)).isEqualTo(3);
        assertThat(seen).containsExactly("ENETUNREACH");
    }

    /** {@code m} silently drops every TCP segment it receives, as a host behind a dropping firewall. */
    static void dropTcpAt(Machine m) {
        m.packetFilter(new Ipv4Filter() {
            @Override public boolean input(Message packet, Ipv4Interface in) { return packet.u8(9) != 6; }
            @Override public boolean output(Message packet, Ipv4Interface out, int nextHop, Ipv4Interface in) { return true; }
        });
    }

    @Test
    void aHostThatNeverUsedTcpStillAnswersASynWithAReset() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        List<String> seen = connect(sim, n[0], "10.0.2.2");       // n3's stack has TCP, unused until now
        sim.run();
        assertThat(seen).containsExactly("ECONNREFUSED");
        assertThat(sim.kernel().now()).as("refused within the first round trip, before any retransmission").isLessThan(100 * MS);
        assertThat(Tcp.of(n[0]).connections()).isEmpty();
        assertThat(n[3].drops(elvis.protocol.ipv4.Ipv4Drop.UNKNOWN_PROTOCOL)).isZero();
    }

    /** An error quoting n0's connection with sequence number {@code seq}. */
    static Message quote(TcpConnection c, int seq) {
        byte[] q = new byte[28];
        q[0] = 0x45;
        q[9] = 6;
        Ipv4.putInt(q, 12, c.localIp());
        Ipv4.putInt(q, 16, c.remoteIp());
        q[20] = (byte) (c.localPort() >>> 8);
        q[21] = (byte) c.localPort();
        q[22] = (byte) (c.remotePort() >>> 8);
        q[23] = (byte) c.remotePort();
        Ipv4.putInt(q, 24, seq);
        return Message.wrap(q);
    }

    @Test
    void anErrorQuotingASequenceNumberOutsideTheWindowIsIgnored() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        dropTcpAt(n[3]);                                          // the SYNs vanish
        List<String> seen = connect(sim, n[0], "10.0.2.2");
        sim.kernel().at(50 * MS, () -> {
            TcpConnection c = Tcp.of(n[0]).connections().get(0);
            int una = (int) c.info().sndUna();
            Ipv4.of(n[0]).controlMessage(3, 1, 0, ip("10.0.0.2"), quote(c, una + 1000));
        });
        sim.run();
        assertThat(n[0].drops(TcpDrop.ICMP_OUT_OF_WINDOW)).isEqualTo(1);
        assertThat(seen).containsExactly("ETIMEDOUT");
    }

    @Test
    void anErrorQuotingTheSynIsKeptAndReported() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        dropTcpAt(n[3]);
        List<String> seen = connect(sim, n[0], "10.0.2.2");
        sim.kernel().at(50 * MS, () -> {
            TcpConnection c = Tcp.of(n[0]).connections().get(0);
            Ipv4.of(n[0]).controlMessage(3, 1, 0, ip("10.0.0.2"), quote(c, (int) c.info().sndUna()));
        });
        sim.run();
        assertThat(seen).containsExactly("EHOSTUNREACH");
    }

    @Test
    void aPortUnreachableEndsTheHandshakeAtOnce() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        dropTcpAt(n[3]);
        List<String> seen = connect(sim, n[0], "10.0.2.2");
        long[] endedAt = {-1};
        sim.kernel().at(50 * MS, () -> {
            TcpConnection c = Tcp.of(n[0]).connections().get(0);
            Ipv4.of(n[0]).controlMessage(3, 3, 0, ip("10.0.2.2"), quote(c, (int) c.info().sndUna()));
        });
        sim.kernel().at(51 * MS, () -> endedAt[0] = Tcp.of(n[0]).connections().size());
        sim.run();
        assertThat(endedAt[0]).isZero();
        assertThat(seen).containsExactly("ECONNREFUSED");
    }

    @Test
    void connectingToAnAddressNobodyHasTimesOutWithEhostunreach() {
        Simulation sim = new Simulation(1);
        elvis.link.Network lan = sim.network("lan", elvis.link.LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.ARP);
        Machine a = sim.machine("a");
        sim.connect(a, lan, "10.0.0.1/24");
        Tcp.of(a).config(TcpConfig.DEFAULT.withMaxRetries(3));          // SYNs at 0, 1, 3, 7 s; gives up at 15 s
        List<String> seen = new ArrayList<>();
        Process.spawn(a, null, p -> {
            try {
                p.streamSocket().connect(ip("10.0.0.99"), 80);
            } catch (ErrnoException e) {
                seen.add(e.errno().name() + " at " + p.now() / 1_000_000_000L + " s");
            }
        });
        sim.run();
        assertThat(seen).containsExactly("EHOSTUNREACH at 15 s");       // ARP failed after 3 s: a soft error until the timeout
    }
}
