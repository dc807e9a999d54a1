package elvis.socket;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.socket.Lan.MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessTest {

    @Test
    void sleepIsExactInVirtualTime() {
        Lan n = new Lan();
        List<Long> woke = new ArrayList<>();
        n.onA(p -> {
            p.sleep(3 * MS);
            woke.add(p.now());
            p.sleep(0);
            woke.add(p.now());
            p.sleep(1);
            woke.add(p.now());
        });
        n.run();
        assertThat(woke).containsExactly(3 * MS, 3 * MS, 3 * MS + 1);
    }

    @Test
    void aProcessKilledInRecvRunsItsFinallyAndClosesItsSockets() {
        Lan n = new Lan();
        List<String> log = new ArrayList<>();
        StreamSocket[] listening = new StreamSocket[1];
        ProgramApplication server = n.onB(p -> {
            StreamSocket l = p.streamSocket();
            listening[0] = l;
            l.bind(80);
            l.listen(1);
            StreamSocket c = l.accept();
            try {
                c.recv(100);
                log.add("returned");
            } finally {
                log.add("finally at " + p.now());
            }
        });
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.connect(Lan.B, 80);
            p.sleep(10 * MS);
            server.process().kill();
            log.add("killed");
            assertThat(s.recv(10).isEmpty()).isTrue();   // the killed process's sockets were closed: FIN
            log.add("eof at " + p.now());
        });
        n.run();
        assertThat(log).containsExactly("killed", "finally at " + 12 * MS, "eof at " + 13 * MS);
        assertThat(server.process().isAlive()).isFalse();
        assertThat(listening[0].readiness()).isEqualTo(PollFd.POLLNVAL);
        assertThat(n.b.failures()).isEmpty();
    }

    /**
     * One process blocked in each blocking call, each logging from its finally block; returns their
     * applications in creation order and fills {@code sockets} with every socket they hold. From 5 ms on: a's processes
     * block in connect (to an address nobody has), recv, send (b never reads), recvfrom, poll, sleep and
     * a lingering close; b's in accept, after serving three connections it never reads.
     */
    private static List<ProgramApplication> blockedInEveryCall(Lan n, List<String> log, List<Socket> sockets) {
        List<ProgramApplication> all = new ArrayList<>();
        String[] calls = {"connect", "recv", "send", "recvfrom", "poll", "sleep", "close"};
        for (String call : calls) {
            all.add(n.onA(p -> {
                try {
                    p.sleep(MS);                          // b listens first
                    block(p, call, sockets);
                } finally {
                    log.add(call + " finally at " + p.now());
                }
            }));
        }
        all.add(n.onB(p -> {
            StreamSocket l = p.streamSocket();
            sockets.add(l);
            l.setReceiveBuffer(1000);
            l.bind(80);
            l.listen(8);
            try {
                for (int i = 0; i < 4; i++) sockets.add(l.accept());
            } finally {
                log.add("accept finally at " + p.now());
            }
        }));
        return all;
    }

    private static void block(Process p, String call, List<Socket> sockets) {
        StreamSocket tcp = p.streamSocket();
        DatagramSocket udp = p.datagramSocket();
        sockets.add(tcp);
        sockets.add(udp);
        udp.bind(0);
        switch (call) {
            case "connect" -> tcp.connect(Lan.B + 7, 80);
            case "recv" -> {
                tcp.connect(Lan.B, 80);
                tcp.recv(1);
            }
            case "send" -> {
                tcp.connect(Lan.B, 80);
                tcp.sendAll(Message.zeros(10 << 20));
            }
            case "recvfrom" -> udp.recvfrom(1);
            case "poll" -> p.poll(Process.FOREVER, new PollFd(udp, PollFd.POLLIN));
            case "sleep" -> p.sleep(3_600_000 * MS);
            case "close" -> {
                tcp.connect(Lan.B, 80);
                tcp.send(Message.zeros(100_000));
                tcp.setLinger(true, 3600);
                tcp.close();
            }
            default -> throw new IllegalArgumentException(call);
        }
        throw new IllegalStateException(call + " returned");
    }

    @Test
    void aProcessKilledInAnyBlockingCallRunsItsFinallyAndClosesItsSockets() {
        Lan n = new Lan();
        List<String> log = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        List<ProgramApplication> all = blockedInEveryCall(n, log, sockets);
        n.sim.kernel().at(50 * MS, () -> all.reversed().forEach(app -> app.process().kill()));
        n.sim.runUntil(60 * MS);
        assertThat(log).containsExactly("accept finally at " + 50 * MS, "close finally at " + 50 * MS, "sleep finally at " + 50 * MS,
                "poll finally at " + 50 * MS, "recvfrom finally at " + 50 * MS, "send finally at " + 50 * MS,
                "recv finally at " + 50 * MS, "connect finally at " + 50 * MS);
        assertThat(sockets).hasSize(7 * 2 + 4).allMatch(s -> s.readiness() == PollFd.POLLNVAL);
        assertThat(all).noneMatch(app -> app.process().isAlive());
        assertThat(Tcp.of(n.b).hasListener(80)).isFalse();
        // Closed from both ends at once, the one connection that had no data in flight waits in TIME-WAIT.
        assertThat(Tcp.of(n.b).connections()).singleElement().extracting(c -> c.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(n.a.failures()).isEmpty();
        assertThat(n.b.failures()).isEmpty();
    }

    @Test
    void atTheEndOfARunTheBlockedProcessesAreKilledInCreationOrder() {
        Lan n = new Lan();
        List<String> log = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        List<ProgramApplication> all = blockedInEveryCall(n, log, sockets);
        n.sim.runUntil(50 * MS);
        assertThat(log).isEmpty();
        n.sim.shutdown();
        assertThat(log).containsExactly("connect finally at " + 50 * MS, "recv finally at " + 50 * MS, "send finally at " + 50 * MS,
                "recvfrom finally at " + 50 * MS, "poll finally at " + 50 * MS, "sleep finally at " + 50 * MS,
                "close finally at " + 50 * MS, "accept finally at " + 50 * MS);
        assertThat(sockets).hasSize(7 * 2 + 4).allMatch(s -> s.readiness() == PollFd.POLLNVAL);
        assertThat(all).noneMatch(app -> app.process().isAlive());
        assertThat(Tcp.of(n.b).hasListener(80)).isFalse();
        assertThat(n.sim.kernel().now()).isEqualTo(50 * MS);
        assertThat(n.a.failures()).isEmpty();
        assertThat(n.b.failures()).isEmpty();
        assertThat(n.sim.goalsMet()).isTrue();
    }

    @Test
    void runShutsDownWhenEventsRunOutAndProcessesStartedLaterAreKilledLater() {
        Lan n = new Lan();
        List<String> log = new ArrayList<>();
        n.onB(p -> {
            try {
                p.datagramSocket().recv(1);
            } finally {
                log.add("b at " + p.now());
            }
        });
        n.onA(p -> {
            p.sleep(5 * MS);
            p.spawn(child -> {
                try {
                    child.datagramSocket().recv(1);
                } finally {
                    log.add("a's child at " + child.now());
                    child.spawn(grandchild -> log.add("never runs"));   // started while shutting down: killed before it runs
                }
            });
            try {
                p.datagramSocket().recv(1);
            } finally {
                log.add("a at " + p.now());
            }
        });
        n.run();
        assertThat(log).containsExactly("a at " + 5 * MS, "b at " + 5 * MS, "a's child at " + 5 * MS);
        assertThat(n.a.failures()).isEmpty();
    }

    @Test
    @SuppressWarnings("finally")    // the finally block throws on purpose
    void aFinallyBlockThatThrowsWhenKilledAtTheEndIsAFailure() {
        Lan n = new Lan();
        n.onA(p -> {
            try {
                p.sleep(3_600_000 * MS);
            } finally {
                throw new IllegalStateException("cleanup failed");
            }
        });
        n.onB(p -> p.sleep(3_600_000 * MS));
        n.sim.runUntil(MS);
        n.sim.shutdown();
        assertThat(n.a.failures()).singleElement().asString().contains("cleanup failed").contains("at 1000000 ns");
        assertThat(n.b.failures()).isEmpty();
        assertThat(n.sim.goalsMet()).isFalse();
    }

    @Test
    void shutdownIsOnceAndOnlyFromOutsideProcesses() {
        Lan n = new Lan();
        List<String> log = new ArrayList<>();
        n.onA(p -> {
            assertThatThrownBy(() -> Process.killAll(p.machine().sim())).isInstanceOf(IllegalStateException.class);
            log.add("refused inside a process");
        });
        n.run();
        n.sim.shutdown();
        assertThatThrownBy(() -> n.sim.runUntil(MS)).isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down");
        assertThat(log).containsExactly("refused inside a process");
    }

    @Test
    void aProcessKilledBeforeItFirstRunsNeverRunsButTheSocketsHandedToItClose() {
        Lan n = new Lan();
        List<String> log = new ArrayList<>();
        DatagramSocket[] handed = new DatagramSocket[1];
        n.onA(p -> {
            handed[0] = p.datagramSocket();
            handed[0].bind(9);
            p.spawn(child -> log.add("child ran"), handed[0]).kill();
            log.add("parent ends");
        });
        n.run();
        assertThat(log).containsExactly("parent ends");
        assertThat(handed[0].readiness()).isEqualTo(PollFd.POLLNVAL);
    }

    @Test
    void aThrowingProcessFailsOnlyItsOwnApplication() {
        Lan n = new Lan();
        long[] done = new long[1];
        n.onA(p -> {
            p.sleep(MS);
            throw new IllegalStateException("boom");
        });
        n.onB(p -> {
            p.sleep(5 * MS);
            done[0] = p.now();
        });
        n.run();
        assertThat(n.a.failures()).singleElement().asString().contains("boom").contains("at 1000000 ns");
        assertThat(n.b.failures()).isEmpty();
        assertThat(done[0]).isEqualTo(5 * MS);
    }

    @Test
    void checkedExceptionsAndStackOverflowsAreFailuresToo() {
        Lan n = new Lan();
        n.onA(p -> { throw new java.io.IOException("disk"); });
        n.onB(p -> recurse());
        n.run();
        assertThat(n.a.failures()).singleElement().asString().contains("IOException: disk");
        assertThat(n.b.failures()).singleElement().asString().contains("StackOverflowError");
    }

    private static int recurse() { return recurse() + 1; }

    @Test
    void aThousandProcessesGiveTheSameTraceEveryRunWhateverRanBefore() {
        List<String> first = thousandClients(1, false);
        thousandClients(2, true);                       // another run in between, machines built in reverse
        List<String> again = thousandClients(1, false);
        assertThat(first).hasSize(2000);
        assertThat(again).isEqualTo(first);
    }

    /** A thousand clients on a jittery LAN each send their number to one UDP server, which answers; the trace is who got what when. */
    private static List<String> thousandClients(long seed, boolean reverse) {
        Simulation sim = new Simulation(seed);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS).withJitter(MS));
        List<String> trace = new ArrayList<>();
        Machine server = sim.machine("server");
        sim.connect(server, lan, "10.1.0.1/16");
        Lan.add(server, p -> {
            DatagramSocket s = p.datagramSocket();
            s.bind(7);
            for (int i = 0; i < 1000; i++) {
                Datagram d = s.recvfrom(100);
                trace.add(p.now() + " server got " + d.data().toUtf8());
                s.sendto(d.data(), d.address(), d.port());
            }
        });
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 1000; i++) order.add(reverse ? 999 - i : i);
        for (int i : order) {
            Machine m = sim.machine("client" + i);
            sim.connect(m, lan, "10.1." + (1 + i / 250) + "." + (1 + i % 250) + "/16");
            Lan.add(m, p -> {
                DatagramSocket s = p.datagramSocket();
                s.connect(p.getaddrinfo("server"), 7);
                p.sleep(i % 10 * MS);
                s.send(Message.ofUtf8("client" + i));
                trace.add(p.now() + " client" + i + " got " + s.recv(100).toUtf8());
            });
        }
        sim.run();
        return trace;
    }

    @Test
    void aProcessSpawnsAnotherAndHandsItASocket() {
        Lan n = new Lan();
        List<String> log = new ArrayList<>();
        n.onA(p -> {
            DatagramSocket s = p.datagramSocket();
            s.bind(9);
            Process child = p.spawn(c -> log.add("child got " + s.recv(10).toUtf8() + " at " + c.now()), s);
            log.add("parent ends, child alive " + child.isAlive());
        });
        n.onB(p -> {
            p.sleep(MS);
            p.datagramSocket().sendto(Message.ofUtf8("hi"), Lan.A, 9);
        });
        n.run();
        assertThat(log).containsExactly("parent ends, child alive true", "child got hi at " + 2 * MS);
    }
}
