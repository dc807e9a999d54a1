package elvis.protocol.icmp;

import elvis.Simulation;
import elvis.link.FrameReceiver;
import elvis.machine.Machine;
import elvis.machine.Nic;
import elvis.message.Checksum;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.udp.Udp;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Map;
import java.util.Random;

import static elvis.protocol.icmp.IcmpTest.chain;
import static elvis.protocol.icmp.IcmpTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated ICMP messages thrown at a host with a ping socket, a UDP port and a TCP
 * connection opening (so quotes reach every upper protocol's error path), and, with TTL 1, at a
 * router (so it must decide whether to report them): every one is handled or a counted drop, no
 * code throws, and the router never reports an ICMP error about an ICMP error. A CI-sized slice:
 * 40 seeds × 2,500 messages; {@code -Dfuzz.icmp=1000000} spreads the 10^6 over the 40 seeds.
 */
class IcmpFuzzTest {
    static final int N0 = ip("10.0.0.1"), N1 = ip("10.0.0.2"), N3 = ip("10.0.2.2");
    static final int TRIES = 40;
    /** Messages per seed: CI's 2,500, or the {@code fuzz.icmp} total divided among the seeds. */
    static final int PER_TRY = Integer.getInteger("fuzz.icmp", TRIES * 2500) / TRIES;

    @Property(tries = TRIES, seed = "14")     // seeded: the same slice every run
    void randomAndMutatedIcmpMessagesAreHandledOrCountedDrops(@ForAll long seed) {
        Random rnd = new Random(seed);
        Simulation sim = new Simulation(seed);
        Machine[] n = chain(sim);
        Icmp host = Icmp.of(n[0]);
        int[] echoes = {0};
        EchoSession ping = host.openEcho((type, code, from, sequence, ttl, data) -> echoes[0]++);
        int udpPort = Udp.of(n[0]).bind(0, null, (d, s, p) -> { }).localPort();
        Tcp.of(n[0]).connect(N3, 80, null, new elvis.protocol.tcp.ConnectionHandler() { });
        // Watch what the router sends back: an error quoting an ICMP message must quote a query.
        long[] errorsAboutErrors = {0};
        sim.networks().get(0).addTap(new elvis.link.FrameTap() {
            @Override public void sent(elvis.link.Network net, int fromPort, Message f) {
                if (f.length() < 14 + 20 + 8 + 20 + 1 || f.u8(14 + 9) != 1 || f.i32(14 + 12) != N1) return;
                int type = f.u8(14 + 20);
                if ((type == 3 || type == 11) && f.u8(14 + 20 + 8 + 9) == 1) {
                    int quotedType = f.u8(14 + 20 + 8 + (f.u8(14 + 20 + 8) & 0xF) * 4);
                    if (quotedType != Icmp.ECHO_REQUEST && quotedType != Icmp.ECHO_REPLY && (quotedType < 13 || quotedType > 18)) errorsAboutErrors[0]++;
                }
            }
        });
        sim.runUntil(1_000);
        var tcp = Tcp.of(n[0]).connections().get(0);
        int[] ports = {ping.identifier(), udpPort, tcp.localPort(), 80, 33434};
        int injected = PER_TRY, toHost = 0, badChecksums = 0;
        for (int i = 0; i < injected; i++) {
            boolean router = rnd.nextInt(4) == 0;
            Message icmp = message(rnd, ports, (int) tcp.info().sndUna());
            if (rnd.nextInt(10) == 0 && icmp.length() > 0) {
                icmp = icmp.withBitFlipped(rnd.nextLong(icmp.length() * 8L));     // checksum now wrong (or a lucky flip)
                if (!router && icmp.length() >= Icmp.HEADER && !Checksum.verifies(icmp.onesSum())) badChecksums++;
            }
            if (!router) toHost++;
            Message datagram = datagram(router ? N0 : N1, router ? N3 : N0, router ? 1 : 64, icmp);
            Nic to = router ? n[1].nic(0) : n[0].nic(0);
            to.receive(ethernet(to.mac(), datagram), FrameReceiver.FCS_INTACT);
        }
        sim.runUntil(sim.kernel().now() + 10_000_000_000L);
        for (Machine m : n) assertThat(m.failures()).as("failures on " + m).isEmpty();
        long received = 0;
        for (Map.Entry<String, Long> c : host.counters().entrySet()) if (c.getKey().startsWith("received")) received += c.getValue();
        long replies = host.received(Icmp.ECHO_REPLY, 0) - echoes[0];
        assertThat(received + n[0].drops(IcmpDrop.MALFORMED) + n[0].drops(IcmpDrop.ICMP_CHECKSUM))
                .as("every message to the host parsed or dropped").isGreaterThanOrEqualTo(toHost);
        assertThat(n[0].drops(IcmpDrop.ICMP_CHECKSUM)).isEqualTo(badChecksums);
        assertThat(replies).as("echo replies to no socket are counted").isLessThanOrEqualTo(n[0].drops(IcmpDrop.NO_ECHO_SOCKET));
        assertThat(Icmp.of(n[1]).sent(11, 0)).as("the router did report some (about echo messages)").isPositive();
        assertThat(errorsAboutErrors[0]).as("errors the router sent about ICMP errors").isZero();
    }

    /** A well-formed message of a random kind, or random bytes; the checksum is right. */
    static Message message(Random rnd, int[] ports, int tcpSeq) {
        int kind = rnd.nextInt(6);
        byte[] body;
        int type, code = rnd.nextInt(4) == 0 ? rnd.nextInt(256) : rnd.nextInt(16);
        switch (kind) {
            case 0 -> { type = Icmp.ECHO_REQUEST; body = random(rnd, rnd.nextInt(100)); }
            case 1 -> { type = Icmp.ECHO_REPLY; body = random(rnd, rnd.nextInt(100)); }
            case 2, 3 -> {
                type = rnd.nextBoolean() ? 3 : 11;
                body = quote(rnd, ports, tcpSeq);
            }
            case 4 -> { type = rnd.nextInt(256); body = random(rnd, rnd.nextInt(60)); }
            default -> { type = rnd.nextBoolean() ? 3 : 11; body = random(rnd, rnd.nextInt(40)); }
        }
        byte[] m = new byte[8 + body.length];
        m[0] = (byte) type;
        m[1] = (byte) code;
        if (type == Icmp.ECHO_REQUEST || type == Icmp.ECHO_REPLY) {
            int id = ports[rnd.nextInt(ports.length)];
            m[4] = (byte) (id >>> 8);
            m[5] = (byte) id;
        }
        Ipv4.putInt(m, 4, rnd.nextInt(3) == 0 ? rnd.nextInt() : Ipv4.DEFAULT_TTL);
        System.arraycopy(body, 0, m, 8, body.length);
        if (rnd.nextInt(20) == 0) m = java.util.Arrays.copyOf(m, rnd.nextInt(m.length + 1));   // truncated
        int ck = Checksum.of(m, 0, m.length);
        if (m.length >= 4) {
            m[2] = (byte) (ck >>> 8);
            m[3] = (byte) ck;
        }
        return Message.wrap(m);
    }

    /** A quoted datagram from n0: an IP header (sometimes with options or a bad IHL) and 8 or more bytes of UDP, TCP, ICMP or other. */
    static byte[] quote(Random rnd, int[] ports, int tcpSeq) {
        int options = rnd.nextInt(4) == 0 ? 4 * rnd.nextInt(11) : 0;
        int ihl = 20 + options, after = rnd.nextInt(5) == 0 ? rnd.nextInt(8) : 8 + rnd.nextInt(20);
        byte[] q = random(rnd, ihl + after);
        q[0] = (byte) (rnd.nextInt(10) == 0 ? rnd.nextInt(256) : 0x40 | (ihl / 4));
        int[] protocols = {1, 6, 17, rnd.nextInt(256)};
        q[9] = (byte) protocols[rnd.nextInt(protocols.length)];
        Ipv4.putInt(q, 12, N0);
        Ipv4.putInt(q, 16, rnd.nextBoolean() ? N3 : rnd.nextInt());
        if (ihl + 8 <= q.length) {
            int src = ports[rnd.nextInt(ports.length)], dst = rnd.nextBoolean() ? 80 : ports[rnd.nextInt(ports.length)];
            q[ihl] = (byte) (src >>> 8);
            q[ihl + 1] = (byte) src;
            q[ihl + 2] = (byte) (dst >>> 8);
            q[ihl + 3] = (byte) dst;
            if (q[9] == 6 && rnd.nextBoolean()) Ipv4.putInt(q, ihl + 4, tcpSeq + rnd.nextInt(3) - 1);
            if (q[9] == 1) q[ihl] = (byte) (rnd.nextBoolean() ? Icmp.ECHO_REQUEST : rnd.nextInt(256));
        }
        return q;
    }

    static byte[] random(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    static Message datagram(int src, int dst, int ttl, Message payload) {
        Message d = IcmpTest.datagram(src, dst, Icmp.PROTOCOL, 0, payload);
        byte[] h = d.slice(0, 20).toByteArray();
        h[8] = (byte) ttl;
        h[10] = h[11] = 0;
        int ck = Checksum.of(h, 0, 20);
        h[10] = (byte) (ck >>> 8);
        h[11] = (byte) ck;
        return payload.prepend(h);
    }

    static Message ethernet(long dstMac, Message datagram) {
        byte[] e = new byte[14];
        for (int i = 0; i < 6; i++) e[i] = (byte) (dstMac >>> (40 - 8 * i));
        e[6] = 2;
        e[12] = 0x08;
        return datagram.prepend(e);
    }
}
