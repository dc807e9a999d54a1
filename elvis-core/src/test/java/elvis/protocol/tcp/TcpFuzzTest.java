package elvis.protocol.tcp;

import elvis.Simulation;
import elvis.app.TcpBulkSend;
import elvis.app.TcpSink;
import elvis.link.FrameReceiver;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Checksum;
import elvis.message.Message;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Segments with valid checksums but random fields, options and payloads, thrown at both ends of a
 * transfer in progress: most sequence and acknowledgment numbers are near the live ones, so they
 * reach the synchronized-state code (RFC 5961 checks, SACK scoreboard, window updates, FIN and RST
 * handling), not only the header parser. Whatever they do to the connection, no code may throw and
 * nothing the stack sends may exceed the MTU.
 */
class TcpFuzzTest {
    static final int A = Ipv4Address.parse("10.0.0.1"), B = Ipv4Address.parse("10.0.0.2");
    static final int PORT = 80;

    /** Sequence state seen on the wire: the last seq and ack each host sent. */
    static final class Seen implements FrameTap {
        final Ipv4Interface a;
        int aSeq, aAck, bSeq, bAck;

        Seen(Ipv4Interface a) { this.a = a; }

        @Override
        public void sent(Network network, int port, Message frame) {
            if (frame.length() < 14 + 20 + 20 || frame.u8(14 + 9) != TcpSegment.PROTOCOL) return;
            int seq = frame.i32(14 + 20 + 4), ack = frame.i32(14 + 20 + 8);
            if (frame.i32(14 + 12) == a.address()) { aSeq = seq; aAck = ack; } else { bSeq = seq; bAck = ack; }
        }
    }

    @Property(tries = 150)
    void randomSegmentsNeverMakeTheStackThrow(@ForAll long seed) {
        Random rnd = new Random(seed);
        Simulation sim = new Simulation(seed);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(100_000_000L).withDelay(50_000));
        Machine a = sim.machine("a"), b = sim.machine("b");
        Ipv4Interface nicA = sim.connect(a, lan, "10.0.0.1/24"), nicB = sim.connect(b, lan, "10.0.0.2/24");
        b.addApplication(new TcpSink(PORT, 2_000_000, false));
        TcpBulkSend send = new TcpBulkSend(B, PORT, 2_000_000, 0);
        a.addApplication(send);
        Seen seen = new Seen(nicA);
        lan.addTap(seen);
        sim.runUntil(1_000_000);                          // connected, data flowing
        int ephemeral = send.connection().localPort();
        for (int i = 0; i < 400; i++) {
            long at = sim.kernel().now() + rnd.nextInt(20_000);
            sim.kernel().at(at, () -> {
                boolean toB = rnd.nextBoolean();
                // To B: A's data and acks; to A: B's acks, perhaps with SACK blocks.
                int seq = near(rnd, toB ? seen.aSeq : seen.bSeq, 70_000);
                int ack = near(rnd, toB ? seen.aAck : seen.bAck, 70_000);
                int srcPort = rnd.nextInt(5) == 0 ? rnd.nextInt(65536) : toB ? ephemeral : PORT;
                int dstPort = rnd.nextInt(5) == 0 ? rnd.nextInt(65536) : toB ? PORT : ephemeral;
                byte[] tcp = segment(rnd, srcPort, dstPort, seq, ack, toB ? seen.aAck : seen.bAck);
                Ipv4Interface to = toB ? nicB : nicA;
                to.device().receive(frame(to.device().mac(), toB ? A : B, toB ? B : A, tcp), FrameReceiver.FCS_INTACT);
            });
            sim.runUntil(at);
        }
        sim.runUntil(sim.kernel().now() + 3_000_000_000L);   // timers, retransmissions, TIME-WAIT
        assertThat(a.failures()).as("failures on a").isEmpty();
        assertThat(b.failures()).as("failures on b").isEmpty();
        assertThat(a.drops("TOO_BIG") + b.drops("TOO_BIG") + a.drops("FRAG_NEEDED") + b.drops("FRAG_NEEDED")).as("segments the stack made too big to send").isZero();
    }

    @org.junit.jupiter.api.Test
    void segmentsToABroadcastAddressGetNeitherAConnectionNorAReset() {
        // RFC 1122 §4.2.3.10: a SYN to a broadcast address is discarded; neither is any segment answered.
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        Ipv4Interface nicB = sim.connect(b, lan, "10.0.0.2/24");
        Tcp.of(b).listen(PORT, 4, null, c -> new ConnectionHandler() { });
        int[] sent = {0};
        lan.addTap(new FrameTap() { @Override public void sent(Network n, int port, Message f) { sent[0]++; } });
        for (int dst : new int[] {Ipv4Address.parse("10.0.0.255"), -1}) {
            for (int flags : new int[] {TcpSegment.SYN, TcpSegment.ACK}) {
                byte[] tcp = new byte[20];
                put16(tcp, 0, 4000);
                put16(tcp, 2, flags == TcpSegment.SYN ? PORT : 9);
                tcp[12] = 5 << 4;
                tcp[13] = (byte) flags;
                put16(tcp, 14, 1000);
                nicB.device().receive(frame(-1L >>> 16, A, dst, tcp), FrameReceiver.FCS_INTACT);
            }
        }
        sim.run();
        assertThat(sent[0]).isZero();
        assertThat(Tcp.of(b).connectionCount()).isZero();
        assertThat(b.drops("NOT_FOR_US")).isEqualTo(4);
    }

    /** Mostly within {@code spread} of {@code live}; sometimes anywhere in sequence space. */
    static int near(Random rnd, int live, int spread) {
        return rnd.nextInt(4) == 0 ? rnd.nextInt() : live + rnd.nextInt(2 * spread) - spread / 4;
    }

    /** A TCP header with random flags, window and options, then a random payload; checksum left 0. */
    static byte[] segment(Random rnd, int srcPort, int dstPort, int seq, int ack, int sackBase) {
        byte[] options = options(rnd, sackBase);
        int payload = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(1400);
        byte[] t = new byte[20 + options.length + payload];
        put16(t, 0, srcPort);
        put16(t, 2, dstPort);
        Ipv4.putInt(t, 4, seq);
        Ipv4.putInt(t, 8, ack);
        t[12] = (byte) ((20 + options.length) << 2);
        t[13] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : TcpSegment.ACK | (rnd.nextInt(8) == 0 ? rnd.nextInt(64) : 0));
        put16(t, 14, rnd.nextInt(65536));
        put16(t, 18, rnd.nextInt(65536));
        System.arraycopy(options, 0, t, 20, options.length);
        for (int i = 20 + options.length; i < t.length; i++) t[i] = (byte) rnd.nextInt();
        return t;
    }

    /** Random option bytes, or well-formed timestamps and SACK blocks around {@code sackBase}. */
    static byte[] options(Random rnd, int sackBase) {
        int words = rnd.nextInt(11);
        byte[] o = new byte[4 * words];
        if (rnd.nextBoolean()) {
            for (int i = 0; i < o.length; i++) o[i] = (byte) rnd.nextInt();
            return o;
        }
        int i = 0;
        if (words >= 3) {                                 // NOP NOP timestamp
            o[0] = 1; o[1] = 1; o[2] = 8; o[3] = 10;
            Ipv4.putInt(o, 4, rnd.nextInt());
            Ipv4.putInt(o, 8, rnd.nextInt());
            i = 12;
        }
        int blocks = Math.min(4, (o.length - i - 4) / 8);
        if (blocks > 0) {
            blocks = 1 + rnd.nextInt(blocks);
            o[i] = 1; o[i + 1] = 1; o[i + 2] = 5; o[i + 3] = (byte) (2 + 8 * blocks);
            for (int k = 0; k < blocks; k++) {
                int left = near(rnd, sackBase, 100_000);
                Ipv4.putInt(o, i + 4 + 8 * k, left);
                Ipv4.putInt(o, i + 8 + 8 * k, rnd.nextInt(8) == 0 ? rnd.nextInt() : left + rnd.nextInt(20_000));
            }
        }
        return o;
    }

    static Message frame(long dstMac, int src, int dst, byte[] tcp) {
        long sum = TcpSegment.pseudoHeaderSum(src, dst, tcp.length) + Checksum.sum(tcp, 0, tcp.length);
        put16(tcp, 16, Checksum.finish(sum));
        byte[] ip = new byte[20];
        ip[0] = 0x45;
        put16(ip, 2, 20 + tcp.length);
        ip[6] = 0x40;
        ip[8] = 64;
        ip[9] = TcpSegment.PROTOCOL;
        Ipv4.putInt(ip, 12, src);
        Ipv4.putInt(ip, 16, dst);
        put16(ip, 10, Checksum.of(ip, 0, 20));
        byte[] eth = new byte[14];
        Ethernet.putMac(eth, 0, dstMac);
        eth[12] = 0x08;
        return Message.wrap(tcp).prepend(ip).prepend(eth);
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }
}
