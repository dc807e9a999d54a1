package elvis.web.modnet;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.modnet.ModNet;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.socket.ErrnoException;
import elvis.socket.ProgramApplication;
import elvis.socket.StreamSocket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dedup connection releases everything it holds however it ends. A "stalled" client stops reading
 * after its request, so what the module holds for it is fixed (its socket's send buffer full, the rest
 * queued); other clients end badly before the snapshot time. The store then holds exactly what it
 * holds with the stalled client alone; when the stalled client reads on and finishes, nothing is left.
 */
class DedupReleaseTest {
    static final long MS = 1_000_000;
    static final int SERVER = Ipv4Address.parse("10.0.0.1");
    static final int PAGE = 300_000;
    // Past the dead link's retransmission timeouts (15, backed off): the server's end times out before.
    static final long SNAPSHOT = 2_000_000 * MS, STALL_UNTIL = 2_000_500 * MS;

    enum Ending { STALLED, CLIENT_ABORTS, LINK_DOWN, SERVER_ABORTS }

    record Snapshot(long references, long chunks, long uniqueBytes, long heldBytes, long inSockets, long memory) {
        static Snapshot of(ChunkStore s) {
            return new Snapshot(s.references(), s.chunks(), s.uniqueBytes(), s.heldBytes(), s.inSockets(), s.memoryBytes());
        }
    }

    record Outcome(Snapshot atSnapshot, Snapshot atEnd, long stalledReceived, BufferMemory memory, List<String> log) { }

    /** The page for connection {@code i}: a shared template with 64 bytes of its own in the middle. */
    static byte[] page(int i) {
        byte[] b = new byte[PAGE];
        new java.util.Random(3).nextBytes(b);
        Arrays.fill(b, PAGE / 2, PAGE / 2 + 64, (byte) i);
        return b;
    }

    static Outcome run(Ending... others) {
        Simulation sim = new Simulation(11);
        Machine server = sim.machine("server"), router = sim.machine("router");
        Network uplink = sim.link("uplink", LinkConfig.UNLIMITED.withBandwidth(1_000_000_000L).withDelay(MS / 10), Simulation.Resolution.STATIC);
        sim.connect(server, uplink, "10.0.0.1/24");
        sim.connect(router, uplink, "10.0.0.254/24");
        sim.router(router);
        sim.route(server, "10.1.0.0/16", "10.0.0.254");
        List<String> log = new ArrayList<>();
        long[] stalledReceived = {0};
        List<Ending> endings = new ArrayList<>();
        endings.add(Ending.STALLED);
        endings.addAll(List.of(others));
        for (int i = 0; i < endings.size(); i++) {
            Machine c = sim.machine("c" + i);
            Network access = sim.link("access" + i, LinkConfig.UNLIMITED.withBandwidth(10_000_000L).withDelay(MS), Simulation.Resolution.STATIC);
            sim.connect(router, access, "10.1." + i + ".254/24");
            sim.connect(c, access, "10.1." + i + ".1/24");
            sim.route(c, "default", "10.1." + i + ".254");
            Ending e = endings.get(i);
            int index = i;
            if (e == Ending.LINK_DOWN) sim.kernel().at(100 * MS, () -> access.setUp(false));
            c.addApplication(new ProgramApplication("client" + i, p -> {
                StreamSocket s = p.streamSocket();
                s.setReceiveBuffer(16 << 10);           // the stalled client's window closes early
                s.connect(SERVER, 80);
                s.sendAll(Message.wrap(new byte[] {(byte) index}));
                long got = 0;
                try {
                    if (e == Ending.STALLED) p.sleep(STALL_UNTIL);
                    for (Message m; !(m = s.recv(1 << 16)).isEmpty(); ) {
                        got += m.length();
                        if (e == Ending.CLIENT_ABORTS && got > PAGE / 3) {
                            s.setLinger(true, 0);
                            break;
                        }
                    }
                } catch (ErrnoException x) {
                    log.add(e + " " + x.errno());
                }
                if (e == Ending.STALLED) stalledReceived[0] = got;
                s.close();
            }));
        }
        server.addApplication(new ProgramApplication("server", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(80);
            l.listen(8);
            while (true) {
                StreamSocket s = l.accept();
                s.setSendBuffer(64 << 10);              // most of a stalled page waits in the module
                p.spawn(self -> {
                    int i = s.recv(1).toByteArray()[0];
                    s.sendAll(Message.wrap(page(i)));
                    if (endings.get(i) == Ending.SERVER_ABORTS) s.setLinger(true, 0);
                    s.close();
                }, s);
            }
        }));
        BufferMemory memory = new BufferMemory(10 * MS, 3_600_000 * MS);
        server.addApplication(memory);
        ModNet modnet = ModNet.of(sim.kernel());
        modnet.register("dd", new DedupModule("dd"));
        modnet.apply(server, "dd");
        Snapshot[] snap = new Snapshot[1];
        sim.kernel().at(SNAPSHOT, () -> snap[0] = Snapshot.of(ChunkStore.of(server)));
        sim.run();
        return new Outcome(snap[0], Snapshot.of(ChunkStore.of(server)), stalledReceived[0], memory, log);
    }

    static void assertEmpty(Snapshot s) {
        assertThat(s).isEqualTo(new Snapshot(0, 0, 0, 0, 0, 0));
    }

    @Test
    void connectionsEndingBadlyReleaseAllTheyHeldWhileOthersKeepTheirs() {
        Outcome alone = run();
        assertThat(alone.log()).isEmpty();
        // The stalled connection holds the whole page: part in its socket, the rest queued.
        assertThat(alone.atSnapshot().references()).isPositive();
        assertThat(alone.atSnapshot().inSockets()).isPositive();
        assertThat(alone.atSnapshot().heldBytes()).isPositive();
        assertThat(alone.stalledReceived()).isEqualTo(PAGE);
        assertEmpty(alone.atEnd());

        Outcome badly = run(Ending.CLIENT_ABORTS, Ending.LINK_DOWN, Ending.SERVER_ABORTS, Ending.CLIENT_ABORTS);
        // A server that aborts resets its client; a client behind a dead link never hears of its end.
        assertThat(badly.log()).containsExactly("SERVER_ABORTS ECONNRESET");
        assertThat(badly.atSnapshot()).isEqualTo(alone.atSnapshot());
        assertThat(badly.stalledReceived()).isEqualTo(PAGE);
        assertEmpty(badly.atEnd());
    }

    @Test
    void bufferMemoryReturnsToZeroAndStopsSampling() {
        Outcome o = run(Ending.CLIENT_ABORTS, Ending.LINK_DOWN);
        assertThat(o.memory().nativePeak()).isGreaterThan(3L * PAGE / 2);
        assertEmpty(o.atEnd());
        // Sampling stopped when the buffers were empty again: long before its 'until'.
        assertThat((long) o.memory().results().get("samples")).isLessThan((STALL_UNTIL + 1_000 * MS) / (10 * MS));
    }
}
