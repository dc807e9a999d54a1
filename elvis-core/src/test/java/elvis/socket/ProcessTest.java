package elvis.socket;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.socket.Lan.MS;
import static org.assertj.core.api.Assertions.assertThat;

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
