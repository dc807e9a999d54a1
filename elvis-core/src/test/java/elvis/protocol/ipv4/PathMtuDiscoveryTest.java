package elvis.protocol.ipv4;

import elvis.Simulation;
import elvis.app.TcpSink;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.tcp.CloseReason;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConfig;
import elvis.protocol.tcp.TcpConnection;
import elvis.protocol.udp.Udp;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path MTU discovery for TCP (RFC 1191): segments carry DF, a frag-needed lowers the path MTU and
 * the connection's segments, and the learnt value serves new connections until it ages out.
 * End to end: the router's ICMP sends the frag-needed, the sender's ICMP hands it to IPv4 and TCP.
 */
class PathMtuDiscoveryTest {
    static final long MS = 1_000_000, S = 1_000_000_000;

    static int ip(String s) { return Ipv4Address.parse(s); }

    /** a —(1,500)— r1 —(1,000)— r2 —(1,500)— b; what r1 sends into the middle link is recorded. */
    record Path(Simulation sim, Machine a, Machine b, List<Message> intoMiddle, List<String> errors) {
        static Path build() {
            Simulation sim = new Simulation(1);
            LinkConfig link = LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(MS);
            Network left = sim.network("left", link), middle = sim.network("middle", link.withMtu(1000)),
                    right = sim.network("right", link);
            Machine a = sim.machine("a"), r1 = sim.machine("r1"), r2 = sim.machine("r2"), b = sim.machine("b");
            sim.connect(a, left, "10.0.1.10/24");
            sim.connect(r1, left, "10.0.1.1/24");
            Ipv4Interface r1Middle = sim.connect(r1, middle, "10.0.2.1/24");
            sim.connect(r2, middle, "10.0.2.2/24");
            sim.connect(r2, right, "10.0.3.1/24");
            sim.connect(b, right, "10.0.3.10/24");
            sim.router(r1);
            sim.router(r2);
            sim.route(a, "default", "10.0.1.1");
            sim.route(r1, "10.0.3.0/24", "10.0.2.2");
            sim.route(r2, "10.0.1.0/24", "10.0.2.1");
            sim.route(b, "default", "10.0.3.1");
            List<String> errors = new ArrayList<>();       // "type/code/next-hop MTU" of each ICMP error r1 sends to a
            left.addTap(new FrameTap() {
                @Override public void sent(Network n, int fromPort, Message f) {
                    int ip = Ethernet.HEADER, icmp = ip + 20;
                    if (f.u16(12) == 0x0800 && f.u8(ip + 9) == 1 && f.i32(ip + 12) == ip("10.0.1.1") && f.u8(icmp) == 3)
                        errors.add(f.u8(icmp) + "/" + f.u8(icmp + 1) + "/" + f.u16(icmp + 6));
                }
            });
            List<Message> intoMiddle = new ArrayList<>();
            middle.addTap(new FrameTap() {
                @Override public void sent(Network n, int fromPort, Message f) {
                    if (fromPort == r1Middle.device().port() && f.u16(12) == 0x0800) intoMiddle.add(f.slice(Ethernet.HEADER));
                }
            });
            return new Path(sim, a, b, intoMiddle, errors);
        }

        /** Sends {@code data} from a to b's port 80 at {@code t} and closes; the connection, once made, goes in {@code made}. */
        void transfer(long t, byte[] data, TcpConfig config, List<TcpConnection> made, List<CloseReason> outcome) {
            sim.kernel().at(t, () -> made.add(Tcp.of(a).connect(0, ip("10.0.3.10"), 80, config, null, new ConnectionHandler() {
                int queued;
                @Override public void connected(TcpConnection c) { writable(c); }
                @Override public void writable(TcpConnection c) {
                    queued += c.send(Message.wrap(data).slice(queued));
                    if (queued == data.length) c.close();
                }
                @Override public void closed(TcpConnection c, CloseReason r) { outcome.add(r); }
            })));
        }
    }

    /** TCP payload bytes of each data segment in {@code packets}. */
    static List<Integer> dataLengths(List<Message> packets) {
        List<Integer> lengths = new ArrayList<>();
        for (Message p : packets) {
            if (p.u8(9) != 6) continue;
            int ihl = (p.u8(0) & 0xF) * 4, tcpHeader = (p.u8(ihl + 12) >>> 4) * 4, n = p.u16(2) - ihl - tcpHeader;
            if (n > 0) lengths.add(n);
        }
        return lengths;
    }

    @Test
    void tcpThroughAThousandByteLinkLearnsThePathMtuAndContinuesWithMss960Intact() throws Exception {
        Path n = Path.build();
        byte[] data = new byte[300_000];
        new SplittableRandom(5).nextBytes(data);
        TcpSink sink = new TcpSink(80, data.length, true);
        n.b().addApplication(sink);
        List<TcpConnection> made = new ArrayList<>();
        List<CloseReason> outcome = new ArrayList<>();
        TcpConfig noTimestamps = TcpConfig.DEFAULT.withTimestamps(false);
        n.transfer(0, data, noTimestamps, made, outcome);
        n.sim().runUntil(30 * S);
        assertThat(sink.received()).isEqualTo(data.length);
        assertThat(sink.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        assertThat(outcome).containsExactly(CloseReason.NORMAL);
        assertThat(n.errors()).as("the first full segments draw frag-needed").isNotEmpty().containsOnly("3/4/1000");
        assertThat(n.intoMiddle()).allSatisfy(p -> {
            assertThat(p.length()).isLessThanOrEqualTo(1000);
            assertThat(p.u16(6) & 0x4000).as("DF").isNotZero();
        });
        assertThat(dataLengths(n.intoMiddle())).contains(960).allSatisfy(len -> assertThat(len).isLessThanOrEqualTo(960));
        assertThat(Ipv4.of(n.a()).mtuFor(ip("10.0.3.10"))).isEqualTo(1000);
        assertThat(n.a().drops(Ipv4Drop.FRAG_NEEDED) + n.b().drops(Ipv4Drop.FRAG_NEEDED)).as("our own sends fit").isZero();
    }

    @Test
    void aNewConnectionUsesTheLearntPathMtuUntilItAgesOutAfterTenMinutes() {
        Path n = Path.build();
        n.b().addApplication(new TcpSink(80, 3 * 50_000, false));
        List<TcpConnection> made = new ArrayList<>();
        List<CloseReason> outcome = new ArrayList<>();
        TcpConfig config = TcpConfig.DEFAULT.withTimestamps(false).withMsl(S);
        n.transfer(0, new byte[50_000], config, made, outcome);
        n.transfer(10 * S, new byte[50_000], config, made, outcome);
        n.transfer(10 * S + 600 * S, new byte[50_000], config, made, outcome);     // the estimate has aged out
        int[] first = {0};
        n.sim().kernel().at(5 * S, () -> first[0] = n.errors().size());         // one per full segment of the first flight
        n.sim().kernel().at(20 * S, () -> assertThat(n.errors()).as("the second connection fit at once").hasSize(first[0]));
        n.sim().kernel().at(599 * S, () -> assertThat(Ipv4.of(n.a()).mtuFor(ip("10.0.3.10"))).isEqualTo(1000));
        n.sim().kernel().at(601 * S, () -> assertThat(Ipv4.of(n.a()).mtuFor(ip("10.0.3.10"))).isEqualTo(1500));
        n.sim().runUntil(700 * S);
        assertThat(outcome).containsExactly(CloseReason.NORMAL, CloseReason.NORMAL, CloseReason.NORMAL);
        assertThat(first[0]).isPositive();
        assertThat(n.errors()).as("the third connection tried 1,500 again and learnt it again").hasSizeGreaterThan(first[0]);
    }

    @Test
    void aFragNeededNeverRaisesThePathMtuAndOneWithoutAnMtuUsesRfc1191sPlateaus() {
        Path n = Path.build();
        Ipv4 a = Ipv4.of(n.a());
        Udp.of(n.a());
        int b = ip("10.0.3.10");
        byte[] quoted = new byte[28];
        quoted[0] = 0x45;
        quoted[2] = (byte) (1500 >>> 8);
        quoted[3] = (byte) (1500 & 0xFF);
        quoted[9] = 17;                                           // UDP: takes it and ignores it
        Ipv4.putInt(quoted, 12, ip("10.0.1.10"));
        Ipv4.putInt(quoted, 16, b);
        Message q = Message.wrap(quoted);
        assertThat(a.controlMessage(3, 4, 0, 0, q)).isTrue();
        assertThat(a.mtuFor(b)).as("below 1,500: the 1,492 plateau").isEqualTo(1492);
        a.controlMessage(3, 4, 1400, 0, q);
        assertThat(a.mtuFor(b)).isEqualTo(1400);
        a.controlMessage(3, 4, 1450, 0, q);
        assertThat(a.mtuFor(b)).as("never raised").isEqualTo(1400);
        a.controlMessage(3, 4, 20, 0, q);
        assertThat(a.mtuFor(b)).as("never below 68").isEqualTo(68);
        assertThat(a.mtuFor(ip("10.0.1.1"))).as("other destinations keep theirs").isEqualTo(1500);
    }
}
