package elvis.protocol.tcp;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Drop;
import elvis.testing.RouterChain;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two ends exchange streams of random lengths both ways on one connection, then both close, over a
 * link with random bandwidth, delay, jitter (reordering), loss, corruption, queue, MTU and neighbour
 * resolution (pre-resolved or real ARP, whose requests the loss may hit too), with
 * random TCP options on each side; an end may stop reading now and then (zero windows, persist
 * probes, window updates). Each stream must arrive whole and in order, both connections
 * must end normally, and nothing may be dropped for being too big.
 */
class TcpRandomTransferTest {
    static final long MS = 1_000_000, S = 1_000_000_000;

    /** One end: sends {@code bytes} of a pattern set by {@code salt}, checks the peer's pattern, shuts its output when done. */
    static final class End implements ConnectionHandler {
        final long bytes;
        final int salt, peerSalt;
        long queued, received, mismatches;
        CloseReason reason;
        boolean closing;

        End(long bytes, int salt, int peerSalt) { this.bytes = bytes; this.salt = salt; this.peerSalt = peerSalt; }

        static byte at(long offset, int salt) { return (byte) (offset * 31 + (offset >>> 9) + salt); }

        @Override public void connected(TcpConnection c) { fill(c); }
        @Override public void writable(TcpConnection c) { fill(c); }
        @Override public void closed(TcpConnection c, CloseReason r) { reason = r; }

        /** When set, the end sometimes stops reading for a while, so the peer meets a closed window. */
        Random stalls;
        elvis.sim.Simulator kernel;

        @Override
        public void data(TcpConnection c, Message d) {
            byte[] b = d.toByteArray();
            for (byte x : b) if (x != at(received++, peerSalt)) mismatches++;
            if (stalls != null && stalls.nextInt(20) == 0) {
                c.pauseReading();
                kernel.schedule(stalls.nextInt(3000) * MS, c::resumeReading);
            }
        }

        void fill(TcpConnection c) {
            while (queued < bytes) {
                int n = (int) Math.min(bytes - queued, 1 + (queued * 7919 + salt) % 9000);
                byte[] chunk = new byte[n];
                for (int i = 0; i < n; i++) chunk[i] = at(queued + i, salt);
                int taken = c.send(Message.wrap(chunk));
                queued += taken;
                if (taken < n) return;
            }
            if (!closing) {                                  // half close: the peer's stream may still be arriving
                closing = true;
                c.shutdownOutput();
            }
        }
    }

    @Property(tries = 300)
    void streamsBothWaysArriveWholeAndBothEndsCloseNormally(@ForAll long seed) {
        Random rnd = new Random(seed);
        LinkConfig link = LinkConfig.UNLIMITED
                .withBandwidth(1_000_000L * (1 + rnd.nextInt(100)))
                .withDelay(100_000L + rnd.nextInt(20) * MS)
                .withJitter(rnd.nextBoolean() ? 0 : rnd.nextInt(2) * MS + rnd.nextInt(1000) * 1000L)
                .withLoss(rnd.nextBoolean() ? 0 : rnd.nextDouble() * 0.05)
                .withCorruption(rnd.nextInt(4) == 0 ? rnd.nextDouble() * 0.01 : 0)
                .withCheckFcs(rnd.nextBoolean())
                .withQueuePackets(rnd.nextBoolean() ? 0 : 10 + rnd.nextInt(200))
                .withMtu(rnd.nextInt(4) == 0 ? 576 + rnd.nextInt(1000) : 1500);
        Simulation sim = new Simulation(seed);
        Network net = sim.link("wan", link, rnd.nextBoolean() ? Simulation.Resolution.STATIC : Simulation.Resolution.ARP);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, net, "10.0.0.1/24");
        sim.connect(b, net, "10.0.0.2/24");
        Tcp.of(a).config(randomConfig(rnd));
        Tcp.of(b).config(randomConfig(rnd));
        End client = new End(rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(300_000), 1, 2);
        End server = new End(rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(300_000), 2, 1);
        for (End e : new End[] {client, server}) {
            if (rnd.nextInt(3) == 0) { e.stalls = new Random(rnd.nextLong()); e.kernel = sim.kernel(); }
        }
        Tcp.of(b).listen(80, 1, null, c -> { server.fill(c); return server; });
        sim.kernel().schedule(rnd.nextInt(1000), () -> Tcp.of(a).connect(Ipv4Address.parse("10.0.0.2"), 80, null, client));
        sim.runUntil(3000 * S);                           // past TIME-WAIT (2 MSL) after any backoff
        String where = link + " a=" + Tcp.of(a).config() + " b=" + Tcp.of(b).config();
        assertThat(client.received).as("bytes at a; " + where).isEqualTo(server.bytes);
        assertThat(server.received).as("bytes at b; " + where).isEqualTo(client.bytes);
        assertThat(client.mismatches + server.mismatches).as("bytes out of place; " + where).isZero();
        assertThat(client.reason).as("a's end; " + where).isEqualTo(CloseReason.NORMAL);
        assertThat(server.reason).as("b's end; " + where).isEqualTo(CloseReason.NORMAL);
        assertThat(a.drops("TOO_BIG") + b.drops("TOO_BIG") + a.drops("FRAG_NEEDED") + b.drops("FRAG_NEEDED")).as("too big; " + where).isZero();
        assertThat(a.failures()).isEmpty();
        assertThat(b.failures()).isEmpty();
    }

    @Property(tries = 60)
    void streamsCrossAChainOfRoutersWhole(@ForAll long seed) {
        // a - r1 - ... - rk - b over point-to-point links, each with its own rate, delay, loss and queue.
        Random rnd = new Random(seed);
        Simulation sim = new Simulation(seed);
        int routers = 1 + rnd.nextInt(4);
        List<LinkConfig> hops = new ArrayList<>();
        for (int j = 0; j <= routers; j++) {
            hops.add(LinkConfig.UNLIMITED.withBandwidth(1_000_000L * (1 + rnd.nextInt(100)))
                    .withDelay(100_000L + rnd.nextInt(5) * MS).withLoss(rnd.nextBoolean() ? 0 : rnd.nextDouble() * 0.02)
                    .withQueuePackets(rnd.nextBoolean() ? 0 : 5 + rnd.nextInt(100)));
        }
        Machine[] node = RouterChain.build(sim, hops, Collections.nCopies(hops.size(), Simulation.Resolution.STATIC));
        Machine a = node[0], b = node[routers + 1];
        Tcp.of(a).config(randomConfig(rnd));
        Tcp.of(b).config(randomConfig(rnd));
        End client = new End(rnd.nextInt(200_000), 1, 2), server = new End(rnd.nextInt(200_000), 2, 1);
        Tcp.of(b).listen(80, 1, null, c -> { server.fill(c); return server; });
        sim.kernel().schedule(0, () -> Tcp.of(a).connect(Ipv4Address.parse(RouterChain.lastAddress(hops.size())), 80, null, client));
        sim.runUntil(3000 * S);
        assertThat(client.received).isEqualTo(server.bytes);
        assertThat(server.received).isEqualTo(client.bytes);
        assertThat(client.mismatches + server.mismatches).isZero();
        assertThat(client.reason).isEqualTo(CloseReason.NORMAL);
        assertThat(server.reason).isEqualTo(CloseReason.NORMAL);
        for (Machine m : node) {
            assertThat(m.drops(Ipv4Drop.NO_ROUTE) + m.drops("TOO_BIG") + m.drops("FRAG_NEEDED") + m.drops(Ipv4Drop.TTL_EXCEEDED)).as(m.name()).isZero();
            assertThat(m.failures()).isEmpty();
        }
    }

    @Property(tries = 100)
    void aSimultaneousOpenOverALossyLinkCarriesBothStreams(@ForAll long seed) {
        // Both ends connect to each other's fixed port at nearly the same time (RFC 9293 §3.5, Figure 7).
        Random rnd = new Random(seed);
        Simulation sim = new Simulation(seed);
        Network net = sim.link("wan", LinkConfig.UNLIMITED.withBandwidth(1_000_000L * (1 + rnd.nextInt(100)))
                .withDelay(100_000L + rnd.nextInt(10) * MS).withLoss(rnd.nextDouble() * 0.1), Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, net, "10.0.0.1/24");
        sim.connect(b, net, "10.0.0.2/24");
        Tcp.of(a).config(randomConfig(rnd));
        Tcp.of(b).config(randomConfig(rnd));
        End atA = new End(rnd.nextInt(100_000), 1, 2), atB = new End(rnd.nextInt(100_000), 2, 1);
        long skew = rnd.nextInt(100_000);               // under the one-way delay: the SYNs cross (else a RST refuses)
        sim.kernel().schedule(0, () -> Tcp.of(a).connect(1111, Ipv4Address.parse("10.0.0.2"), 2222, null, null, atA));
        sim.kernel().schedule(skew, () -> Tcp.of(b).connect(2222, Ipv4Address.parse("10.0.0.1"), 1111, null, null, atB));
        sim.runUntil(3000 * S);
        assertThat(atA.received).isEqualTo(atB.bytes);
        assertThat(atB.received).isEqualTo(atA.bytes);
        assertThat(atA.mismatches + atB.mismatches).isZero();
        assertThat(atA.reason).isEqualTo(CloseReason.NORMAL);
        assertThat(atB.reason).isEqualTo(CloseReason.NORMAL);
    }

    static TcpConfig randomConfig(Random rnd) {
        String[] cc = {"reno", "newreno", "cubic"};
        return TcpConfig.DEFAULT
                .withCongestionControl(cc[rnd.nextInt(cc.length)])
                .withSack(rnd.nextBoolean())
                .withTimestamps(rnd.nextBoolean())
                .withWindowScale(rnd.nextBoolean())
                .withNagle(rnd.nextBoolean())
                .withDelayedAck(rnd.nextBoolean() ? 0 : 200 * MS)
                .withReceiveBuffer(rnd.nextBoolean() ? 1 << 20 : 2_000 + rnd.nextInt(60_000))
                .withSendBuffer(rnd.nextBoolean() ? 1 << 20 : 2_000 + rnd.nextInt(60_000));   // MSL: the RFC's 2 min
    }
}
