package elvis.modnet;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.socket.Errno;
import elvis.socket.ErrnoException;
import elvis.socket.PollFd;
import elvis.socket.Process;
import elvis.socket.ProgramApplication;
import elvis.socket.StreamSocket;
import elvis.socket.StreamSocket.YankLock;
import elvis.socket.StreamSocket.YankOp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static elvis.modnet.ChainRig.MS;
import static org.assertj.core.api.Assertions.assertThat;

/** R-MN-4 through chains: YANK_REQ to the next module, reconstruction into a bounded yank buffer, partial results, EAGAIN, EOPNOTSUPP. */
class ModNetYankTest {
    static final int SIZE = 600_000;
    static final byte[] DATA = ChainRig.pattern(SIZE);

    /** What one run saw: the peeked and yanked bytes and the receiver's whole stream. */
    record Seen(byte[] peeked, long transmittedAtPeek, byte[] yanked, byte[] stream, List<String> log) { }

    /**
     * Over 1 Mbit/s, the client writes SIZE bytes at once, peeks everything unsent at 500 ms, yanks all
     * but the first 1000 of those, writes "TAIL" and closes; the server reads the whole stream.
     */
    static Seen run(int k, int realSendBuffer, int yankBuffer, boolean moduleYanks) {
        Simulation sim = new Simulation(5);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(1_000_000).withDelay(MS));
        Machine client = sim.machine("client"), server = sim.machine("server");
        sim.connect(client, lan, "10.0.0.1/24");
        sim.connect(server, lan, "10.0.0.2/24");
        ModNet modnet = ModNet.of(sim.kernel());
        modnet.setYankBuffer(yankBuffer);
        String[] names = new String[k];
        for (int i = 0; i < k; i++) modnet.register(names[i] = "f" + i, new Forward(false, moduleYanks || i > 0));
        if (k > 0) modnet.apply(client, names);
        List<String> log = new ArrayList<>();
        Object[] seen = new Object[4];
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        server.addApplication(new ProgramApplication("sink", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(80);
            l.listen(1);
            StreamSocket s = l.accept();
            for (Message m; !(m = s.recv(1 << 20)).isEmpty(); ) stream.writeBytes(m.toByteArray());
            s.close();
        }));
        client.addApplication(new ProgramApplication("source", p -> {
            StreamSocket s = p.streamSocket();
            s.setSendBuffer(realSendBuffer);
            s.connect(ChainRig.SERVER, 80);
            s.sendAll(Message.wrap(DATA));
            p.sleep(500 * MS);
            try {
                Message peek = s.yank(SIZE, YankOp.PEEK, YankLock.LOCK, false);
                seen[0] = peek.toByteArray();
                seen[1] = s.info().bytesAcked() + s.inspect().unackedBytes();
                Message cut = s.yank(peek.length() - 1000, YankOp.YANK, YankLock.UNLOCK, false);
                seen[2] = cut.toByteArray();
            } catch (ErrnoException e) {
                log.add("yank " + e.errno());
            }
            s.sendAll(Message.ofUtf8("TAIL"));
            s.close();
        }));
        sim.run();
        if (!client.failures().isEmpty() || !server.failures().isEmpty()) log.add("failures " + client.failures() + server.failures());
        return new Seen((byte[]) seen[0], seen[1] == null ? -1 : (long) seen[1], (byte[]) seen[2], stream.toByteArray(), log);
    }

    static byte[] suffix(long from) { return Arrays.copyOfRange(DATA, (int) from, SIZE); }

    static void assertConsistent(Seen s) {
        assertThat(s.log()).isEmpty();
        // PEEK: exactly the bytes never transmitted, the stream's suffix.
        assertThat(s.peeked().length + s.transmittedAtPeek()).isEqualTo(SIZE);
        assertThat(s.peeked()).isEqualTo(suffix(s.transmittedAtPeek()));
        // YANK from offset 1000 of the unsent bytes: the rest of them; the receiver gets the prefix, then what followed.
        assertThat(s.yanked()).isEqualTo(suffix(s.transmittedAtPeek() + 1000));
        byte[] expected = new byte[SIZE - s.yanked().length + 4];
        System.arraycopy(DATA, 0, expected, 0, SIZE - s.yanked().length);
        System.arraycopy("TAIL".getBytes(), 0, expected, expected.length - 4, 4);
        assertThat(s.stream()).isEqualTo(expected);
    }

    @Test
    void aYankThroughForwardersReturnsWhatTheBareSocketReturns() {
        Seen bare = run(0, 1 << 20, ModNet.DEFAULT_YANK_BUFFER, true);
        Seen chained = run(3, 1 << 20, ModNet.DEFAULT_YANK_BUFFER, true);
        assertConsistent(bare);
        assertConsistent(chained);
        assertThat(chained.peeked()).isEqualTo(bare.peeked());
        assertThat(chained.yanked()).isEqualTo(bare.yanked());
        assertThat(chained.stream()).isEqualTo(bare.stream());
    }

    @Test
    void unsentBytesHeldInTheChainComeBackInOrder() {
        // A 64 KB real send buffer: most unsent bytes wait in the pairs and modules of the chain.
        Seen s = run(4, 64 << 10, ModNet.DEFAULT_YANK_BUFFER, true);
        assertConsistent(s);
        assertThat(s.peeked().length).isGreaterThan(400_000);
    }

    @Test
    void aTinyYankBufferGivesAPartialResult() {
        Seen s = run(2, 1 << 20, 1000, true);
        assertThat(s.log()).isEmpty();
        // The first module returns at most 1000 bytes; nothing waits between the application and it.
        assertThat(s.peeked().length).isEqualTo(1000);
        assertThat(s.peeked()).isEqualTo(suffix(SIZE - 1000));
    }

    @Test
    void aModuleThatTakesNoYanksMakesTheYankFail() {
        Seen s = run(2, 1 << 20, ModNet.DEFAULT_YANK_BUFFER, false);
        assertThat(s.log()).containsExactly("yank EOPNOTSUPP");
        assertThat(s.stream()).hasSize(SIZE + 4);            // nothing was removed
    }

    @Test
    void dontWaitGivesEagainWhileTheModuleReconstructsAndABlockingYankWaits() {
        Simulation sim = new Simulation(5);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(1_000_000).withDelay(MS));
        Machine client = sim.machine("client"), server = sim.machine("server");
        sim.connect(client, lan, "10.0.0.1/24");
        sim.connect(server, lan, "10.0.0.2/24");
        ModNet modnet = ModNet.of(sim.kernel());
        modnet.register("slow", new Forward() {
            @Override
            public void yankRequested(ModulePair p, YankRequest request) {
                request.defer();
                YankRequest r = request;
                p.machine().sim().schedule(20 * MS, () -> {
                    r.yankWrite(Message.ofUtf8("older"));
                    r.complete();
                });
            }
        });
        modnet.apply(client, "slow");
        List<String> log = new ArrayList<>();
        server.addApplication(new ProgramApplication("sink", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(80);
            l.listen(1);
            l.accept().recv(1);
        }));
        client.addApplication(new ProgramApplication("source", p -> {
            StreamSocket s = p.streamSocket();
            s.connect(ChainRig.SERVER, 80);
            long t0 = p.now();
            try {
                s.yank(100, YankOp.PEEK, YankLock.NONE, true);
            } catch (ErrnoException e) {
                log.add(e.errno() + " at " + (p.now() - t0) / MS);
            }
            p.sleep(30 * MS);
            log.add(s.yank(100, YankOp.PEEK, YankLock.NONE, true).toUtf8() + " at " + (p.now() - t0) / MS);
            long t = p.now();
            log.add(s.yank(100, YankOp.PEEK, YankLock.NONE, false).toUtf8() + " after " + (p.now() - t) / MS + " ms");
        }));
        sim.run();
        assertThat(log).containsExactly("EAGAIN at 0", "older at 30", "older after 20 ms");
        assertThat(modnet.stats("slow").yanks()).isEqualTo(2);
    }

    /** A forwarder whose reconstruction is ready {@code delayNs} after the request ("older"), or never when negative. */
    static Forward deferring(long delayNs) {
        return new Forward() {
            @Override
            public void yankRequested(ModulePair p, YankRequest request) {
                request.defer();
                if (delayNs < 0) return;
                p.machine().sim().schedule(delayNs, () -> {
                    request.yankWrite(Message.ofUtf8("older"));
                    request.complete();
                });
            }
        };
    }

    /** A client with {@code modules} applied, connected to a server that reads one byte; {@code program} runs on the connected socket. */
    static List<String> onChain(java.util.function.Consumer<ModNet> register, String[] modules, ChainProgram program) {
        Simulation sim = new Simulation(5);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(1_000_000).withDelay(MS));
        Machine client = sim.machine("client"), server = sim.machine("server");
        sim.connect(client, lan, "10.0.0.1/24");
        sim.connect(server, lan, "10.0.0.2/24");
        ModNet modnet = ModNet.of(sim.kernel());
        register.accept(modnet);
        modnet.apply(client, modules);
        List<String> log = new ArrayList<>();
        server.addApplication(new ProgramApplication("sink", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(80);
            l.listen(1);
            l.accept().recv(1);
        }));
        client.addApplication(new ProgramApplication("source", p -> {
            StreamSocket s = p.streamSocket();
            s.connect(ChainRig.SERVER, 80);
            program.run(p, s, log);
        }));
        sim.run();
        return log;
    }

    interface ChainProgram {
        void run(Process p, StreamSocket s, List<String> log) throws Exception;
    }

    @Test
    void pollForYankWakesWhenTheModuleHasWrittenAndTheNextYankCollects() {
        List<String> log = onChain(m -> m.register("slow", deferring(20 * MS)), new String[] {"slow"}, (p, s, l) -> {
            long t0 = p.now();
            try {
                s.yank(100, YankOp.PEEK, YankLock.NONE, true);
            } catch (ErrnoException e) {
                l.add(e.errno().toString());
            }
            PollFd fd = new PollFd(s, PollFd.POLLYANK);
            l.add("poll " + p.poll(0, fd) + " at " + (p.now() - t0) / MS);              // not yet
            l.add("poll " + p.poll(Process.FOREVER, fd) + " at " + (p.now() - t0) + " ns, revents " + fd.revents());
            l.add("'" + s.yank(100, YankOp.PEEK, YankLock.NONE, true).toUtf8() + "'");
            l.add("poll " + p.poll(0, fd) + " after collecting");
        });
        assertThat(log).containsExactly("EAGAIN", "poll 0 at 0", "poll 1 at " + 20 * MS + " ns, revents " + PollFd.POLLYANK, "'older'",
                "poll 0 after collecting");
    }

    @Test
    void pollForYankTimesOutWhenTheModuleNeverAnswers() {
        List<String> log = onChain(m -> m.register("mute", deferring(-1)), new String[] {"mute"}, (p, s, l) -> {
            long t0 = p.now();
            try {
                s.yank(100, YankOp.PEEK, YankLock.NONE, true);
            } catch (ErrnoException e) {
                l.add(e.errno().toString());
            }
            l.add("poll " + p.poll(7 * MS, new PollFd(s, PollFd.POLLYANK)) + " at " + (p.now() - t0) / MS);
            try {
                s.yank(100, YankOp.PEEK, YankLock.NONE, true);
            } catch (ErrnoException e) {
                l.add("again " + e.errno());
            }
        });
        assertThat(log).containsExactly("EAGAIN", "poll 0 at 7", "again EAGAIN");
    }

    /** An event-API module yanking its right end with dontWait hears through yankReady when the next module has written. */
    @Test
    void anEventModuleIsToldWhenItsYankIsReady() {
        List<String> seen = new ArrayList<>();
        long[] started = new long[1];
        List<String> log = onChain(m -> {
            m.register("asker", new Forward() {
                @Override
                public void stolen(List<ModulePair> batch) {
                    super.stolen(batch);
                    for (ModulePair p : batch) {
                        long t0 = p.machine().sim().now();
                        started[0] = t0;
                        p.machine().sim().schedule(5 * MS, () -> {
                            try {
                                p.right().yank(100, YankOp.PEEK, YankLock.NONE, true);
                            } catch (ErrnoException e) {
                                seen.add(e.errno() + " at " + (p.machine().sim().now() - t0) / MS);
                            }
                        });
                    }
                }

                @Override
                public void yankReady(ModulePair p) {
                    long t0 = started[0];
                    seen.add("ready at " + (p.machine().sim().now() - t0) / MS + ": '" + p.right().yank(100, YankOp.PEEK, YankLock.NONE, true).toUtf8() + "'");
                }
            });
            m.register("slow", deferring(20 * MS));
        }, new String[] {"asker", "slow"}, (p, s, l) -> p.sleep(100 * MS));
        assertThat(log).isEmpty();
        assertThat(seen).containsExactly("EAGAIN at 5", "ready at 25: 'older'");
    }
}
