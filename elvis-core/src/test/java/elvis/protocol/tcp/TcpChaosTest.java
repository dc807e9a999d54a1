package elvis.protocol.tcp;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both applications of one connection do random things at random times, over a random lossy link:
 * send, half close, close, abort, pause and resume reading, resize the receive buffer. Whatever the
 * mix, each end's application hears of the end exactly once, no code throws, and after the
 * longest timeouts no connection is left in either machine.
 */
class TcpChaosTest {
    static final long MS = 1_000_000, S = 1_000_000_000;

    /** One end: records how often it was told of the end, and stops acting once it was. */
    static final class End implements ConnectionHandler {
        TcpConnection c;
        int closedCalls;
        CloseReason reason;
        boolean closing;            // the final close was made: an end that connects later closes at once

        void opened(TcpConnection conn) {
            c = conn;
            if (closing) conn.close();
        }

        void closeInTheEnd() {
            closing = true;
            if (c != null) c.close();
        }

        @Override public void connected(TcpConnection conn) { opened(conn); }
        @Override public void closed(TcpConnection conn, CloseReason r) { closedCalls++; reason = r; }
    }

    static void act(Random rnd, End e) {
        TcpConnection c = e.c;
        if (c == null || e.closedCalls > 0) return;
        switch (rnd.nextInt(20)) {
            case 0 -> c.shutdownOutput();
            case 1 -> c.close();
            case 2 -> c.abort();
            case 3, 4 -> c.pauseReading();
            case 5, 6, 7 -> c.resumeReading();
            case 8 -> c.setReceiveBuffer(1_000 + rnd.nextInt(200_000));
            default -> {
                try {
                    c.send(Message.zeros(1 + rnd.nextInt(30_000)));
                } catch (IllegalStateException sendingClosed) {
                    // the API's answer to a send after this end's FIN: an application error, not the stack's
                }
            }
        }
    }

    // A fixed seed keeps CI reproducible.
    @Property(tries = 200, seed = "20261205")
    void everyEndIsToldOnceAndNothingIsLeft(@ForAll long seed) {
        Random rnd = new Random(seed);
        Simulation sim = new Simulation(seed);
        Network net = sim.link("wan", LinkConfig.UNLIMITED.withBandwidth(1_000_000L * (1 + rnd.nextInt(100)))
                .withDelay(100_000L + rnd.nextInt(10) * MS).withJitter(rnd.nextBoolean() ? 0 : rnd.nextInt(1000) * 1000L)
                .withLoss(rnd.nextBoolean() ? 0 : rnd.nextDouble() * 0.05), Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, net, "10.0.0.1/24");
        sim.connect(b, net, "10.0.0.2/24");
        Tcp.of(a).config(TcpRandomTransferTest.randomConfig(rnd).withMaxRetries(6));
        Tcp.of(b).config(TcpRandomTransferTest.randomConfig(rnd).withMaxRetries(6));
        End client = new End(), server = new End();
        Tcp.of(b).listen(80, 1, null, conn -> { server.opened(conn); return server; });
        sim.kernel().schedule(0, () -> Tcp.of(a).connect(Ipv4Address.parse("10.0.0.2"), 80, null, client));
        for (int i = 0; i < 60; i++) {
            long at = rnd.nextInt(5000) * MS;
            End e = rnd.nextBoolean() ? client : server;
            sim.kernel().schedule(at, () -> act(rnd, e));
        }
        // Reading left paused would keep a graceful end untold: resume both in the end, then close
        // both (an end whose handshake completes later closes then: an open connection nobody
        // closes lives for ever, as TCP has no keep-alive here), and wait out the retries (six, up to
        // 60 s each), FIN-WAIT-2's timeout and TIME-WAIT (2 MSL).
        sim.kernel().schedule(6 * S, () -> { if (client.c != null) client.c.resumeReading(); if (server.c != null) server.c.resumeReading(); });
        sim.kernel().schedule(7 * S, () -> { client.closeInTheEnd(); server.closeInTheEnd(); });
        sim.runUntil(2000 * S);
        for (End e : new End[] {client, server}) {
            if (e.c == null) continue;                    // never connected (the handshake failed)
            assertThat(e.closedCalls).as("told of the end").isEqualTo(1);
            assertThat(e.c.state()).isEqualTo(TcpState.CLOSED);
        }
        assertThat(Tcp.of(a).connectionCount() + Tcp.of(b).connectionCount()).as("connections left").isZero();
        assertThat(a.failures()).isEmpty();
        assertThat(b.failures()).isEmpty();
    }

    /**
     * Samples that failed once. 559: an end closed in FIN-WAIT-2 while its peer aborted, and the RST
     * that answered its challenge ACK was lost, so it waited for a FIN for ever (now FIN-WAIT-2's
     * timeout ends it). -1480769: three SYNs were lost and the handshake completed after the final
     * close, which then closed nothing (the test's fault: an open connection rightly stays). The
     * others, found with other seeds, failed as 559 did.
     */
    @net.jqwik.api.Example
    void samplesThatFailedOnce() {
        for (long seed : new long[] {559L, -1480769L, -785455L, -1939663L, 6175644920300245488L, -6741457420691364107L})
            everyEndIsToldOnceAndNothingIsLeft(seed);
    }
}
