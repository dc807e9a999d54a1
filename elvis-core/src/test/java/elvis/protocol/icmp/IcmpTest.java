package elvis.protocol.icmp;

import elvis.Simulation;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Checksum;
import elvis.message.Message;
import elvis.protocol.ipv4.ErrorReporter;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Drop;
import elvis.protocol.udp.DatagramHandler;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;
import elvis.testing.RouterChain;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IcmpTest {
    static final long MS = 1_000_000;
    static final LinkConfig HOP = LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(10 * MS);

    static int ip(String s) { return Ipv4Address.parse(s); }

    /** n0 - n1 - n2 - n3 over three 10 ms, 10 Mbit/s links; n1 and n2 route. */
    static Machine[] chain(Simulation sim) {
        return RouterChain.build(sim, Collections.nCopies(3, HOP), Collections.nCopies(3, Simulation.Resolution.STATIC));
    }

    /** What a ping socket's handler saw, as text. */
    static final class Seen implements EchoHandler {
        final List<String> events = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        final Simulation sim;

        Seen(Simulation sim) { this.sim = sim; }

        @Override public void echo(int type, int code, int from, int sequence, int ttl, Message data) {
            events.add(type + "/" + code + " from " + Ipv4Address.format(from) + " seq=" + sequence + " ttl=" + ttl + " len=" + data.length());
            times.add(sim.kernel().now());
        }
    }

    @Test
    void anEchoAcrossTwoRoutersTakesSixtyMillisecondsPlusSerialization() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        Seen seen = new Seen(sim);
        EchoSession s = Icmp.of(n[0]).openEcho(seen);
        sim.kernel().at(0, () -> s.send(ip("10.0.2.2"), 1, Message.zeros(56), 64));
        sim.run();
        long frame = 14 + 20 + 8 + 56;
        assertThat(seen.events).containsExactly("0/0 from 10.0.2.2 seq=1 ttl=62 len=56");
        assertThat(seen.times.get(0)).isEqualTo(6 * (10 * MS + HOP.transmissionNs((int) frame)));
        assertThat(Icmp.of(n[3]).received(Icmp.ECHO_REQUEST, 0)).isEqualTo(1);
        assertThat(Icmp.of(n[3]).sent(Icmp.ECHO_REPLY, 0)).isEqualTo(1);
        assertThat(n[1].existing(Icmp.KEY)).as("a router that only forwards holds no ICMP").isNull();
    }

    @Test
    void echoRepliesCanBeTurnedOff() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        Icmp.of(n[3]).config(IcmpConfig.DEFAULT.withEchoReply(false));
        Seen seen = new Seen(sim);
        EchoSession s = Icmp.of(n[0]).openEcho(seen);
        sim.kernel().at(0, () -> s.send(ip("10.0.2.2"), 1, Message.zeros(8), 64));
        sim.run();
        assertThat(seen.events).isEmpty();
        assertThat(n[3].drops(IcmpDrop.ECHO_IGNORED)).isEqualTo(1);
    }

    @Test
    void aRouterReportsTtlExceededQuotingTheHeaderAndEightBytes() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        List<Message> icmpFrames = new ArrayList<>();
        sim.networks().get(0).addTap(new FrameTap() {
            @Override public void sent(Network net, int fromPort, Message frame) {
                if (frame.u16(12) == 0x0800 && frame.u8(14 + 9) == 1) icmpFrames.add(frame);
            }
        });
        List<String> errors = new ArrayList<>();
        UdpSession u = Udp.of(n[0]).bind(5000, null, new DatagramHandler() {
            @Override public void datagram(Message data, int srcIp, int srcPort) { }
            @Override public void unreachable(int type, int code, int reporter, int dstIp, int dstPort) {
                errors.add(type + "/" + code + " " + Ipv4Address.format(dstIp) + ":" + dstPort);
            }
        });
        Message payload = Message.ofUtf8("a payload longer than eight bytes");
        sim.kernel().at(0, () -> u.sendTo(ip("10.0.2.2"), 33434, payload, 2));
        sim.run();
        assertThat(icmpFrames).hasSize(1);
        Message ipPacket = icmpFrames.get(0).slice(14);
        assertThat(Ipv4Address.format(ipPacket.i32(12))).as("the second router, by its address towards the source").isEqualTo("10.0.1.2");
        Message icmp = ipPacket.slice(20);
        assertThat(icmp.u8(0)).isEqualTo(ErrorReporter.TIME_EXCEEDED);
        assertThat(icmp.u8(1)).isEqualTo(ErrorReporter.TTL_EXCEEDED);
        assertThat(Checksum.verifies(icmp.onesSum())).isTrue();
        assertThat(icmp.length()).as("header, quoted IP header, 8 bytes of UDP").isEqualTo(8 + 20 + 8);
        Message quote = icmp.slice(8);
        assertThat(quote.u8(8)).as("the TTL as it arrived").isEqualTo(1);
        assertThat(quote.u8(9)).isEqualTo(17);
        assertThat(Ipv4Address.format(quote.i32(12))).isEqualTo("10.0.0.1");
        assertThat(quote.u16(20)).isEqualTo(5000);
        assertThat(quote.u16(22)).isEqualTo(33434);
        assertThat(quote.u16(24)).isEqualTo(8 + payload.length());
        assertThat(errors).as("UDP hears of it").containsExactly("11/0 10.0.2.2:33434");
        assertThat(Icmp.of(n[2]).sent(ErrorReporter.TIME_EXCEEDED, 0)).isEqualTo(1);
    }

    @Test
    void aHostReportsPortAndProtocolUnreachable() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        List<String> errors = new ArrayList<>();
        UdpSession u = Udp.of(n[0]).bind(5000, null, new DatagramHandler() {
            @Override public void datagram(Message data, int srcIp, int srcPort) { }
            @Override public void unreachable(int type, int code, int reporter, int dstIp, int dstPort) { errors.add(type + "/" + code); }
        });
        sim.kernel().at(0, () -> u.sendTo(ip("10.0.2.2"), 9, Message.ofUtf8("x")));
        sim.kernel().at(MS, () -> Ipv4.of(n[0]).send(ip("10.0.2.2"), 99, Message.zeros(8)));
        sim.run();
        assertThat(errors).containsExactly("3/3");
        assertThat(n[3].existing(Udp.KEY)).as("an unused UDP answers without being made").isNull();
        Icmp at3 = Icmp.of(n[3]);
        assertThat(at3.sent(3, 3)).isEqualTo(1);
        assertThat(at3.sent(3, 2)).isEqualTo(1);
        assertThat(Icmp.of(n[0]).received(3, 2)).isEqualTo(1);
        assertThat(n[0].drops(IcmpDrop.UNMATCHED_ERROR)).as("protocol 99 has no one here to tell").isEqualTo(1);
    }

    @Test
    void aRouterWithoutARouteReportsNetUnreachable() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        Seen seen = new Seen(sim);
        EchoSession s = Icmp.of(n[0]).openEcho(seen);
        sim.kernel().at(0, () -> s.send(ip("192.168.7.7"), 3, Message.zeros(8), 64));
        sim.run();
        assertThat(seen.events).containsExactly("3/0 from 10.0.0.2 seq=3 ttl=64 len=0");
        assertThat(n[1].drops(Ipv4Drop.NO_ROUTE)).isEqualTo(1);
    }

    @Test
    void aRouterReportsFragmentationNeededWithTheNextHopMtu() {
        Simulation sim = new Simulation(1);
        Machine[] n = RouterChain.build(sim, List.of(HOP, HOP.with(LinkConfig.MTU, 1000), HOP),
                Collections.nCopies(3, Simulation.Resolution.STATIC));
        int[] info = new int[1];
        Ipv4.of(n[0]).register(200, new elvis.protocol.ipv4.IpUpper() {
            @Override public void receive(Message datagram, int headerLength, int src, int dst, elvis.protocol.ipv4.Ipv4Interface iface) { }
            @Override public void controlMessage(int type, int code, int i, int reporter, Message quoted) { info[0] = type << 24 | code << 16 | i; }
        });
        // DF set: the router must not fragment it (without DF it would, since IPv4 fragments).
        sim.kernel().at(0, () -> Ipv4.of(n[0]).send(0, ip("10.0.2.2"), 200, Message.zeros(1400),
                elvis.protocol.ipv4.IpLayer.DEFAULT_OPTIONS | elvis.protocol.ipv4.IpLayer.DONT_FRAGMENT));
        sim.run();
        assertThat(info[0]).isEqualTo(3 << 24 | 4 << 16 | 1000);
    }

    @Test
    void ourOwnDatagramTooBigWithDfIsToldToItsProtocolAtOnceNotSentToOurselves() {
        Simulation sim = new Simulation(1);
        Machine[] n = RouterChain.build(sim, List.of(HOP.with(LinkConfig.MTU, 1000), HOP, HOP),
                Collections.nCopies(3, Simulation.Resolution.STATIC));
        List<String> told = new java.util.ArrayList<>();
        Ipv4.of(n[0]).register(200, new elvis.protocol.ipv4.IpUpper() {
            @Override public void receive(Message datagram, int headerLength, int src, int dst, elvis.protocol.ipv4.Ipv4Interface iface) { }
            @Override public void controlMessage(int type, int code, int i, int reporter, Message quoted) {
                told.add(type + "/" + code + "/" + i + " at " + sim.kernel().now());
            }
        });
        sim.kernel().at(5, () -> Ipv4.of(n[0]).send(0, ip("10.0.2.2"), 200, Message.zeros(1400),
                elvis.protocol.ipv4.IpLayer.DEFAULT_OPTIONS | elvis.protocol.ipv4.IpLayer.DONT_FRAGMENT));
        sim.run();
        assertThat(told).containsExactly("3/4/1000 at 5");
        assertThat(Icmp.of(n[0]).sent(3, 4)).isZero();
        assertThat(Icmp.of(n[0]).received(3, 4)).isZero();
    }

    /** A datagram from {@code src} to {@code dst}, protocol {@code protocol}, carrying {@code payload}. */
    static Message datagram(int src, int dst, int protocol, int fragmentWord, Message payload) {
        byte[] h = new byte[20];
        h[0] = 0x45;
        int total = 20 + payload.length();
        h[2] = (byte) (total >>> 8);
        h[3] = (byte) total;
        h[6] = (byte) (fragmentWord >>> 8);
        h[7] = (byte) fragmentWord;
        h[8] = 1;
        h[9] = (byte) protocol;
        Ipv4.putInt(h, 12, src);
        Ipv4.putInt(h, 16, dst);
        int ck = Checksum.of(h, 0, 20);
        h[10] = (byte) (ck >>> 8);
        h[11] = (byte) ck;
        return payload.prepend(h);
    }

    static Message icmpMessage(int type, int code, Message body) {
        byte[] h = new byte[8];
        h[0] = (byte) type;
        h[1] = (byte) code;
        int ck = Checksum.finish((long) Checksum.sum(h, 0, 8) + body.onesSum());
        h[2] = (byte) (ck >>> 8);
        h[3] = (byte) ck;
        return body.prepend(h);
    }

    @Test
    void neverAnErrorAboutAnErrorABroadcastOrALaterFragment() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        Icmp r = Icmp.of(n[1]);
        var in = Ipv4.of(n[1]).iface(0);
        int src = ip("10.0.0.1"), dst = ip("10.0.2.2");
        Message anError = icmpMessage(3, 3, datagram(dst, src, 17, 0, Message.zeros(8)));
        sim.kernel().at(0, () -> {
            r.report(11, 0, 0, datagram(src, dst, 1, 0, anError), in);
            r.report(11, 0, 0, datagram(src, dst, 1, 0, icmpMessage(99, 0, Message.zeros(4))), in);   // unknown type: treated as an error
            r.report(11, 0, 0, datagram(src, -1, 17, 0, Message.zeros(8)), in);
            r.report(11, 0, 0, datagram(src, ip("224.0.0.5"), 17, 0, Message.zeros(8)), in);
            r.report(11, 0, 0, datagram(src, ip("10.0.0.255"), 17, 0, Message.zeros(8)), in);
            r.report(11, 0, 0, datagram(ip("10.0.0.255"), dst, 17, 0, Message.zeros(8)), in);
            r.report(11, 0, 0, datagram(0, dst, 17, 0, Message.zeros(8)), in);
            r.report(11, 0, 0, datagram(src, dst, 17, 185, Message.zeros(8)), in);          // offset 185 × 8
            r.report(11, 0, 0, Message.zeros(12), in);                                      // not even a header
        });
        List<String> afterFirst = new ArrayList<>();
        sim.kernel().at(1, () -> {
            afterFirst.addAll(r.counters().keySet());
            r.report(11, 0, 0, datagram(src, dst, 1, 0, icmpMessage(8, 0, Message.zeros(8))), in);   // about an echo request: yes
            r.report(11, 0, 0, datagram(src, dst, 17, 0x2000, Message.zeros(8)), in);               // the first fragment (MF): yes
        });
        sim.run();
        assertThat(afterFirst).isEmpty();
        assertThat(r.sent(11, 0)).isEqualTo(2);
    }

    @Test
    void theRateLimitHolds() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        Icmp r = Icmp.of(n[1]).config(IcmpConfig.DEFAULT.withRateLimit(10, 3));   // one per 100 ms, three at once
        var in = Ipv4.of(n[1]).iface(0);
        int src = ip("10.0.0.1"), dst = ip("10.0.2.2");
        // 100 errors, one every 10 ms for a second: a burst of 3, then one per 100 ms.
        for (int k = 0; k < 100; k++) {
            sim.kernel().at(k * 10 * MS, () -> r.report(11, 0, 0, datagram(src, dst, 17, 0, Message.zeros(8)), in));
        }
        sim.kernel().at(2 * 1000 * MS, () -> {
            for (int k = 0; k < 20; k++) r.report(3, 4, 1000, datagram(src, dst, 17, 0, Message.zeros(8)), in);
        });
        sim.run();
        assertThat(r.sent(11, 0)).isEqualTo(3 + 9);
        assertThat(n[1].drops(IcmpDrop.ICMP_RATE_LIMITED)).isEqualTo(100 - 12);
        assertThat(Icmp.of(n[0]).received(11, 0)).isEqualTo(12);
        assertThat(r.sent(3, 4)).as("fragmentation needed is not limited: PMTUD needs it").isEqualTo(20);
    }

    @Test
    void badChecksumsAndShortMessagesAreCountedDrops() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        Icmp a = Icmp.of(n[0]);
        Message good = icmpMessage(8, 0, Message.zeros(8));
        a.receive(good.withBitFlipped(70), 0, ip("10.0.0.2"), ip("10.0.0.1"), null);
        a.receive(good.slice(0, 7), 0, ip("10.0.0.2"), ip("10.0.0.1"), null);
        a.receive(icmpMessage(42, 0, Message.EMPTY), 0, ip("10.0.0.2"), ip("10.0.0.1"), null);
        a.receive(icmpMessage(3, 1, Message.zeros(10)), 0, ip("10.0.0.2"), ip("10.0.0.1"), null);
        assertThat(n[0].drops(IcmpDrop.ICMP_CHECKSUM)).isEqualTo(1);
        assertThat(n[0].drops(IcmpDrop.MALFORMED)).isEqualTo(2);
        assertThat(n[0].drops(IcmpDrop.ICMP_UNKNOWN_TYPE)).isEqualTo(1);
    }
}
