package elvis.socket;

import elvis.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.socket.Lan.B;
import static elvis.socket.Lan.MS;
import static org.assertj.core.api.Assertions.assertThat;

/** Several processes blocked on one socket at once: each is woken, in the order they blocked. */
class WaitersTest {
    private final Lan n = new Lan();
    private final List<String> log = new ArrayList<>();

    /** {@code count} clients on a, one every 5 ms from time 0, connect to b:80 (from ports 49152, 49153, ...) and wait for its close. */
    private void clientsOnA(int count) {
        for (int i = 0; i < count; i++) {
            int k = i;
            n.onA(p -> {
                p.sleep(k * 5 * MS);
                StreamSocket s = p.streamSocket();
                s.connect(B, 80);
                s.recv(1);
            });
        }
    }

    /** A process of b that accepts {@code count} connections on {@code listener}, logging who got which when, and closes them. */
    private Program acceptor(String name, StreamSocket listener, int count) {
        return p -> {
            for (int i = 0; i < count; i++) {
                StreamSocket c = listener.accept();
                log.add(name + " " + c.remotePort() + " at " + p.now());
                c.close();
            }
        };
    }

    @Test
    void twoProcessesAcceptingOnOneListenerAreServedInTheOrderTheyBlocked() {
        n.onB(p -> {
            StreamSocket l = p.streamSocket();
            l.bind(80);
            l.listen(8);
            p.spawn(acceptor("first", l, 2));
            p.spawn(acceptor("second", l, 2));
            p.sleep(100 * MS);                        // keeps the listener open
        });
        clientsOnA(4);
        n.runAndCheck();
        // "first" blocks again right after its first accept, yet "second", in line before it, gets the next.
        assertThat(log).containsExactly("first 49152 at " + 3 * MS, "second 49153 at " + 8 * MS,
                "first 49154 at " + 13 * MS, "second 49155 at " + 18 * MS);
    }

    @Test
    void connectionsArrivingTogetherGoOneToEachWaitingAcceptor() {
        n.onB(p -> {
            StreamSocket l = p.streamSocket();
            l.bind(80);
            l.listen(8);
            p.spawn(acceptor("first", l, 1));
            p.spawn(acceptor("second", l, 1));
            p.sleep(100 * MS);
        });
        for (int i = 0; i < 2; i++) {
            n.onA(p -> {
                StreamSocket s = p.streamSocket();
                s.connect(B, 80);
                s.recv(1);
            });
        }
        n.runAndCheck();
        assertThat(log).containsExactly("first 49152 at " + 3 * MS, "second 49153 at " + 3 * MS);
    }

    @Test
    void aKilledAcceptorLeavesTheLineAndTheNextOneGetsTheConnection() {
        n.onB(p -> {
            StreamSocket l = p.streamSocket();
            l.bind(80);
            l.listen(8);
            Process first = p.spawn(acceptor("first", l, 1));
            p.spawn(acceptor("second", l, 1));
            p.sleep(MS);
            first.kill();
            p.sleep(100 * MS);
        });
        clientsOnA(1);
        n.runAndCheck();
        assertThat(log).containsExactly("second 49152 at " + 3 * MS);
    }

    @Test
    void oneProcessReceivesWhileAnotherIsBlockedSendingOnTheSameSocket() {
        n.onB(p -> {                                  // echoes everything back
            StreamSocket l = p.streamSocket();
            l.setNoDelay(true);
            l.bind(80);
            l.listen(1);
            StreamSocket c = l.accept();
            for (Message m = c.recv(1 << 16); !m.isEmpty(); m = c.recv(1 << 16)) c.sendAll(m);
            c.close();
        });
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.setSendBuffer(1000);
            s.setNoDelay(true);
            s.connect(B, 80);
            p.spawn(sender -> {
                s.sendAll(Message.zeros(5000));          // 1000 bytes a round trip: blocks on the full send buffer
                log.add("sent at " + sender.now());
            });
            log.add("received " + s.recvAll(5000).length() + " at " + p.now());
            s.close();
        });
        n.runAndCheck();
        assertThat(log).containsExactly("sent at " + 10 * MS, "received 5000 at " + 12 * MS);
    }

    @Test
    void pollOnASocketAnotherProcessIsBlockedOnWakesBothInOrder() {
        n.onB(p -> {
            DatagramSocket u = p.datagramSocket();
            u.bind(7);
            p.spawn(reader -> log.add("reader got " + u.recv(10).toUtf8() + " at " + reader.now()));
            p.spawn(poller -> {
                PollFd in = new PollFd(u, PollFd.POLLIN);
                assertThat(poller.poll(Process.FOREVER, in)).isEqualTo(1);
                log.add("poller saw " + in.revents() + " at " + poller.now());
            });
            p.sleep(100 * MS);
        });
        n.onA(p -> {
            DatagramSocket s = p.datagramSocket();
            p.sleep(MS);
            s.sendto(Message.ofUtf8("one"), B, 7);     // the reader, first in line, takes it: the poller waits on
            p.sleep(5 * MS);
            s.sendto(Message.ofUtf8("two"), B, 7);
        });
        n.runAndCheck();
        assertThat(log).containsExactly("reader got one at " + 2 * MS, "poller saw " + PollFd.POLLIN + " at " + 7 * MS);
    }

    @Test
    void aWaiterWhosePollTimesOutLeavesTheOthersWaiting() {
        n.onB(p -> {
            DatagramSocket u = p.datagramSocket();
            u.bind(7);
            p.spawn(reader -> log.add("reader got " + u.recv(10).toUtf8() + " at " + reader.now()));
            PollFd in = new PollFd(u, PollFd.POLLIN);
            assertThat(p.poll(2 * MS, in, in)).isZero();   // listed twice, waits once
            log.add("poll timed out at " + p.now());
            p.sleep(100 * MS);
        });
        n.onA(p -> {
            p.sleep(4 * MS);
            p.datagramSocket().sendto(Message.ofUtf8("late"), B, 7);
        });
        n.runAndCheck();
        assertThat(log).containsExactly("poll timed out at " + 2 * MS, "reader got late at " + 5 * MS);
    }

    @Test
    void closingSocketsWakesEveryProcessBlockedOnThemWithEbadf() {
        n.onB(p -> {                                  // accepts and never reads
            StreamSocket l = p.streamSocket();
            l.setReceiveBuffer(1000);
            l.bind(80);
            l.listen(1);
            l.accept();
            p.sleep(100 * MS);
        });
        n.onA(p -> {
            StreamSocket listener = p.streamSocket(), connecting = p.streamSocket(), connected = p.streamSocket();
            DatagramSocket udp = p.datagramSocket();
            listener.listen(1);
            udp.bind(7);
            connected.setSendBuffer(1000);
            connected.connect(B, 80);
            connected.setNonBlocking(true);
            connected.send(Message.zeros(1000));
            try {
                connected.send(Message.zeros(1));
            } catch (ErrnoException e) {
                log.add("full: " + e.errno());
            }
            connected.setNonBlocking(false);
            blocked("accept", p, listener::accept);
            blocked("connect", p, () -> connecting.connect(B + 7, 80));   // nobody has that address
            blocked("recv", p, () -> connected.recv(1));
            blocked("send", p, () -> connected.send(Message.zeros(1)));
            blocked("recvfrom 1", p, () -> udp.recvfrom(1));
            blocked("recvfrom 2", p, () -> udp.recvfrom(1));
            p.spawn(poller -> {
                PollFd[] fds = {new PollFd(udp, PollFd.POLLIN), new PollFd(listener, PollFd.POLLIN)};
                poller.poll(Process.FOREVER, fds);
                log.add("poll " + fds[0].revents() + " " + fds[1].revents() + " at " + poller.now());
            });
            p.sleep(MS);
            listener.close();
            connecting.close();
            connected.close();
            udp.close();
        });
        n.runAndCheck();
        String ebadf = " EBADF at " + 3 * MS;
        // Woken in the order of the closes, each socket's waiters in the order they blocked; poll sees both closed.
        assertThat(log).containsExactly("full: EAGAIN", "accept" + ebadf, "poll " + PollFd.POLLNVAL + " " + PollFd.POLLNVAL + " at " + 3 * MS,
                "connect" + ebadf, "recv" + ebadf, "send" + ebadf, "recvfrom 1" + ebadf, "recvfrom 2" + ebadf);
    }

    /** Starts a process of {@code parent} that blocks in {@code call} and logs the error it ends with. */
    private void blocked(String name, Process parent, Runnable call) {
        parent.spawn(p -> {
            try {
                call.run();
                log.add(name + " returned");
            } catch (ErrnoException e) {
                log.add(name + " " + e.errno() + " at " + p.now());
            }
        });
    }
}
