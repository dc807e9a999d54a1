package elvis.socket;

import elvis.message.Message;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.socket.Lan.A;
import static elvis.socket.Lan.B;
import static elvis.socket.Lan.MS;
import static org.assertj.core.api.Assertions.assertThat;

class SocketTest {
    private final Lan n = new Lan();
    private final List<String> log = new ArrayList<>();

    /** b accepts on port 80 and echoes until end of stream. */
    private void echoServerOnB() {
        n.onB(p -> {
            StreamSocket l = p.streamSocket();
            l.bind(80);
            l.listen(8);
            StreamSocket c = l.accept();
            for (Message m = c.recv(1000); !m.isEmpty(); m = c.recv(1000)) c.sendAll(m);
            c.close();
        });
    }

    @Test
    void connectSendRecvCloseOverTcp() {
        echoServerOnB();
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.connect(p.getaddrinfo("b"), 80);
            log.add("connected at " + p.now() + " from " + s.localPort());
            Message big = Message.zeros(100_000);
            s.sendAll(big);
            s.shutdown(StreamSocket.How.WRITE);
            long got = 0;
            for (Message m = s.recv(4096); !m.isEmpty(); m = s.recv(4096)) {
                assertThat(m.length()).isLessThanOrEqualTo(4096);
                got += m.length();
            }
            log.add("echoed " + got);
            Lan.fails(Errno.EPIPE, () -> s.send(Message.ofUtf8("late")));
            s.close();
            Lan.fails(Errno.EBADF, () -> s.recv(1));
        });
        n.runAndCheck();
        assertThat(log).containsExactly("connected at " + 2 * MS + " from 49152", "echoed 100000");
    }

    @Test
    void connectToAClosedPortIsRefused() {
        Tcp.of(n.b);
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            Lan.fails(Errno.ECONNREFUSED, () -> s.connect(B, 81));
            log.add("refused at " + p.now());
            Lan.fails(Errno.ENOTCONN, () -> s.recv(1));
        });
        n.runAndCheck();
        assertThat(log).containsExactly("refused at " + 2 * MS);
    }

    @Test
    void connectTimesOutInVirtualTime() {
        n.b.packetFilter(new elvis.protocol.ipv4.Ipv4Filter() {     // b drops TCP: the SYN is never answered
            @Override public boolean input(Message packet, elvis.protocol.ipv4.Ipv4Interface in) { return packet.u8(9) != 6; }
            @Override public boolean output(Message packet, elvis.protocol.ipv4.Ipv4Interface out, int nextHop, elvis.protocol.ipv4.Ipv4Interface in) { return true; }
        });
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            Lan.fails(Errno.ETIMEDOUT, () -> s.connect(B, 80, 250 * MS));
            log.add("timed out at " + p.now());
        });
        n.runAndCheck();
        assertThat(log).containsExactly("timed out at " + 250 * MS);
    }

    @Test
    void aPeerResetIsReportedOnceThenSendIsABrokenPipe() {
        n.onB(p -> {
            StreamSocket l = Lan.listener(p, 80);
            StreamSocket c = l.accept();
            c.recv(1);       // leaves the rest unread: close resets the connection
            c.close();
        });
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            s.send(Message.ofUtf8("abc"));
            p.sleep(10 * MS);
            assertThat(s.info().state()).isEqualTo(TcpState.CLOSED);
            Lan.fails(Errno.ECONNRESET, () -> s.recv(10));
            assertThat(s.recv(10).isEmpty()).isTrue();
            Lan.fails(Errno.EPIPE, () -> s.send(Message.ofUtf8("more")));
            log.add("done");
        });
        n.runAndCheck();
        assertThat(log).containsExactly("done");
    }

    @Test
    void bindErrors() {
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.bind(80);
            Lan.fails(Errno.EINVAL, () -> s.bind(81));
            Lan.fails(Errno.EADDRINUSE, () -> p.streamSocket().bind(80));
            Lan.fails(Errno.EINVAL, () -> p.streamSocket().bind(70_000));
            DatagramSocket u = p.datagramSocket();
            u.bind(80);                                 // UDP and TCP ports are distinct
            Lan.fails(Errno.EADDRINUSE, () -> p.datagramSocket().bind(80));
            s.close();
            p.streamSocket().bind(80);                  // free again once closed
            log.add("ok");
        });
        n.runAndCheck();
        assertThat(log).containsExactly("ok");
    }

    @Test
    void aPortInTimeWaitNeedsReuseAddress() {
        echoServerOnB();
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.bind(5000);
            s.connect(B, 80);
            s.close();                                  // active close: a's end goes to TIME-WAIT
            p.sleep(20 * MS);
            Lan.fails(Errno.EADDRINUSE, () -> p.streamSocket().bind(5000));
            StreamSocket again = p.streamSocket();
            again.setReuseAddress(true);
            again.bind(5000);
            log.add("rebound");
        });
        n.runAndCheck();
        assertThat(log).containsExactly("rebound");
    }

    @Test
    void callsInTheWrongStateFail() {
        echoServerOnB();
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            Lan.fails(Errno.ENOTCONN, () -> s.recv(1));
            Lan.fails(Errno.ENOTCONN, () -> s.send(Message.ofUtf8("x")));
            Lan.fails(Errno.ENOTCONN, () -> s.shutdown(StreamSocket.How.BOTH));
            Lan.fails(Errno.EINVAL, s::accept);
            s.connect(B, 80);
            Lan.fails(Errno.EISCONN, () -> s.connect(B, 80));
            Lan.fails(Errno.EINVAL, () -> s.listen(1));
            Lan.fails(Errno.EINVAL, () -> s.recv(-1));
            Lan.fails(Errno.EDESTADDRREQ, () -> p.datagramSocket().send(Message.ofUtf8("x")));
            Lan.fails(Errno.EMSGSIZE, () -> p.datagramSocket().sendto(Message.zeros(70_000), B, 9));
            Lan.fails(Errno.EAI_NONAME, () -> p.getaddrinfo("nowhere"));
            log.add("ok");
        });
        n.runAndCheck();
        assertThat(log).containsExactly("ok");
    }

    @Test
    void nonBlockingCallsSayEagainAndConnectIsPolled() {
        echoServerOnB();
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.setNonBlocking(true);
            Lan.fails(Errno.EINPROGRESS, () -> s.connect(B, 80));
            Lan.fails(Errno.EALREADY, () -> s.connect(B, 80));
            PollFd out = new PollFd(s, PollFd.POLLOUT);
            assertThat(p.poll(Process.FOREVER, out)).isEqualTo(1);
            log.add("writable at " + p.now());
            assertThat(s.error()).isNull();
            Lan.fails(Errno.EWOULDBLOCK, () -> s.recv(10));
            s.send(Message.ofUtf8("ping"));
            PollFd in = new PollFd(s, PollFd.POLLIN);
            p.poll(Process.FOREVER, in);
            assertThat(s.recv(10).toUtf8()).isEqualTo("ping");
            log.add("echo at " + p.now());
            DatagramSocket u = p.datagramSocket();
            u.setNonBlocking(true);
            u.bind(0);
            Lan.fails(Errno.EAGAIN, () -> u.recv(10));
            StreamSocket l = p.streamSocket();
            l.setNonBlocking(true);
            l.listen(1);
            Lan.fails(Errno.EAGAIN, l::accept);
        });
        n.runAndCheck();
        assertThat(log).containsExactly("writable at " + 2 * MS, "echo at " + 4 * MS);
    }

    @Test
    void pollWaitsForTheFirstReadySocketOrTheTimeout() {
        n.onB(p -> {
            DatagramSocket one = p.datagramSocket(), two = p.datagramSocket();
            one.bind(1);
            two.bind(2);
            PollFd[] fds = {new PollFd(one, PollFd.POLLIN), new PollFd(two, PollFd.POLLIN)};
            assertThat(p.poll(0, fds)).isZero();
            assertThat(p.poll(3 * MS, fds)).isZero();
            log.add("timeout at " + p.now());
            assertThat(p.poll(Process.FOREVER, fds)).isEqualTo(1);
            log.add("ready at " + p.now() + ": " + fds[0].revents() + " " + fds[1].revents());
            assertThat(two.recvfrom(10).port()).isEqualTo(5);
            two.close();
            assertThat(p.poll(0, fds[1])).isEqualTo(1);
            assertThat(fds[1].revents()).isEqualTo(PollFd.POLLNVAL);
        });
        n.onA(p -> {
            DatagramSocket s = p.datagramSocket();
            s.bind(5);
            p.sleep(9 * MS);
            s.sendto(Message.ofUtf8("x"), B, 2);
        });
        n.runAndCheck();
        assertThat(log).containsExactly("timeout at " + 3 * MS, "ready at " + 10 * MS + ": 0 " + PollFd.POLLIN);
    }

    @Test
    void pollSeesAConnectionToAcceptAndEndOfStream() {
        n.onB(p -> {
            StreamSocket l = p.streamSocket();
            l.bind(80);
            l.listen(4);
            PollFd accept = new PollFd(l, PollFd.POLLIN);
            p.poll(Process.FOREVER, accept);
            StreamSocket c = l.accept();
            log.add("accept at " + p.now());
            PollFd in = new PollFd(c, PollFd.POLLIN | PollFd.POLLOUT);
            p.poll(Process.FOREVER, in);
            log.add("revents " + in.revents());
            p.sleep(5 * MS);
            p.poll(Process.FOREVER, in);
            assertThat(c.recv(10).isEmpty()).isTrue();
            log.add("eof at " + p.now());
        });
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            s.close();
        });
        n.runAndCheck();
        // The client's FIN arrives at 3 ms just after the handshake's last ACK, in the next frame's event;
        // the server runs when the ACK's event returns, so its first poll sees a writable connection only.
        assertThat(log).containsExactly("accept at " + 3 * MS, "revents " + PollFd.POLLOUT, "eof at " + 8 * MS);
    }

    @Test
    void selectReturnsTheReadySocketsOfEachSetOrNoneAtTheTimeout() {
        n.onB(p -> {
            StreamSocket l = p.streamSocket();
            l.bind(80);
            l.listen(4);
            DatagramSocket d = p.datagramSocket();
            d.bind(7);
            assertThat(p.select(List.of(l, d), List.of(), 0).isEmpty()).isTrue();
            Selection timeout = p.select(List.of(l, d), List.of(), 2 * MS);
            log.add("timeout at " + p.now() + ": " + timeout.count());
            Selection s = p.select(List.of(l, d), List.of(), Process.FOREVER);
            log.add("connection at " + p.now());
            assertThat(s.readable()).containsExactly(l);
            StreamSocket c = l.accept();
            s = p.select(List.of(l, c, d), List.of(c), Process.FOREVER);
            assertThat(s.readable()).isEmpty();
            assertThat(s.writable()).containsExactly(c);
            s = p.select(List.of(l, c, d), List.of(), Process.FOREVER);
            log.add("data at " + p.now());
            assertThat(s.readable()).containsExactly(c);
            assertThat(s.count()).isEqualTo(1);
            assertThat(c.recv(10).toUtf8()).isEqualTo("hi");
            s = p.select(List.of(c, d), List.of(), Process.FOREVER);
            log.add("datagram at " + p.now());
            assertThat(s.readable()).containsExactly(d);
            assertThat(p.select(List.of(c), List.of(), Process.FOREVER).readable()).containsExactly(c);
            assertThat(c.recv(10).isEmpty()).isTrue();
            log.add("eof at " + p.now());
        });
        n.onA(p -> {
            p.sleep(5 * MS);
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            p.sleep(2 * MS);
            s.send(Message.ofUtf8("hi"));
            p.sleep(MS);
            p.datagramSocket().sendto(Message.ofUtf8("x"), B, 7);
            p.sleep(MS);
            s.close();
        });
        n.runAndCheck();
        assertThat(log).containsExactly("timeout at " + 2 * MS + ": 0", "connection at " + 8 * MS, "data at " + 10 * MS,
                "datagram at " + 11 * MS, "eof at " + 12 * MS);
    }

    @Test
    void selectOnASocketThatIsOrGetsClosedIsEbadf() {
        n.onB(p -> {
            DatagramSocket d = p.datagramSocket(), closed = p.datagramSocket();
            d.bind(7);
            closed.close();
            Lan.fails(Errno.EBADF, () -> p.select(List.of(d), List.of(closed), Process.FOREVER));
            p.spawn(other -> {
                other.sleep(3 * MS);
                d.close();
            });
            Lan.fails(Errno.EBADF, () -> p.select(List.of(d), List.of(), Process.FOREVER));
            log.add("closed while waiting at " + p.now());
        });
        n.runAndCheck();
        assertThat(log).containsExactly("closed while waiting at " + 3 * MS);
    }

    @Test
    void theBacklogBoundsConnectionsWaitingForAccept() {
        n.onB(p -> {
            StreamSocket l = p.streamSocket();
            l.bind(80);
            l.listen(2);
            p.sleep(50 * MS);
            l.close();
        });
        for (int i = 0; i < 3; i++) {
            int k = i;
            n.onA(p -> {
                p.sleep(k * 5 * MS);                   // one handshake at a time: TCP's backlog bounds half-open ones
                StreamSocket s = p.streamSocket();
                s.connect(B, 80);
                try {
                    s.recv(1);
                } catch (ErrnoException e) {
                    log.add(k + " " + e.errno() + " at " + p.now());
                }
            });
        }
        n.runAndCheck();
        assertThat(log).containsExactly("2 ECONNRESET at " + 14 * MS, "0 ECONNRESET at " + 51 * MS, "1 ECONNRESET at " + 51 * MS);
    }

    @Test
    void udpSendtoRecvfromTruncatesAndFiltersWhenConnected() {
        n.onB(p -> {
            DatagramSocket s = p.datagramSocket();
            s.bind(7);
            Datagram d = s.recvfrom(3);
            log.add(d.data().toUtf8() + " from " + (d.address() == A) + ":" + d.port());
            DatagramSocket c = p.datagramSocket();
            c.connect(A, 99);
            log.add("connected udp got " + c.recv(10).toUtf8());
        });
        n.onA(p -> {
            DatagramSocket s = p.datagramSocket();
            s.bind(98);
            s.sendto(Message.ofUtf8("hello"), B, 7);
            p.sleep(5 * MS);
            s.sendto(Message.ofUtf8("wrong port"), B, 49152);
            DatagramSocket right = p.datagramSocket();
            right.bind(99);
            right.sendto(Message.ofUtf8("right"), B, 49152);
        });
        n.runAndCheck();
        assertThat(log).containsExactly("hel from true:98", "connected udp got right");
    }

    @Test
    void aFullUdpReceiveBufferDropsAndCounts() {
        n.onB(p -> {
            DatagramSocket s = p.datagramSocket();
            s.setReceiveBuffer(250);
            s.bind(7);
            p.sleep(10 * MS);
            int got = 0;
            s.setNonBlocking(true);
            try {
                while (true) { s.recv(100); got++; }
            } catch (ErrnoException e) {
                log.add("got " + got + " then " + e.errno());
            }
        });
        n.onA(p -> {
            DatagramSocket s = p.datagramSocket();
            for (int i = 0; i < 5; i++) s.sendto(Message.zeros(100), B, 7);
        });
        n.runAndCheck();
        assertThat(log).containsExactly("got 2 then EAGAIN");
        assertThat(n.b.drops(SocketDrop.SOCKET_BUFFER)).isEqualTo(3);
    }

    @Test
    void aSlowReaderClosesTheWindowAndTheSenderBlocks() {
        n.onB(p -> {
            StreamSocket l = p.streamSocket();
            l.setReceiveBuffer(10_000);
            l.bind(80);
            l.listen(1);
            StreamSocket c = l.accept();
            p.sleep(100 * MS);
            long got = 0;
            for (Message m = c.recv(1 << 20); !m.isEmpty(); m = c.recv(1 << 20)) got += m.length();
            log.add("read " + got);
        });
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.setSendBuffer(20_000);
            s.setNoDelay(true);
            s.connect(B, 80);
            s.sendAll(Message.zeros(100_000));
            log.add("sent by " + (p.now() >= 100 * MS));
            s.close();
        });
        n.runAndCheck();
        assertThat(log).containsExactly("sent by true", "read 100000");
    }

    @Test
    void ephemeralPortsAreReusedAfterClose() {
        n.onA(p -> {
            List<DatagramSocket> all = new ArrayList<>();
            for (int i = 0; i < 65536 - 49152; i++) {
                DatagramSocket s = p.datagramSocket();
                s.bind(0);
                all.add(s);
            }
            Lan.fails(Errno.EADDRINUSE, () -> p.datagramSocket().bind(0));
            all.get(100).close();
            DatagramSocket again = p.datagramSocket();
            again.bind(0);
            log.add("reused " + again.localPort());
            StreamSocket t1 = p.streamSocket();
            t1.bind(0);
            int first = t1.localPort();
            t1.close();
            StreamSocket t2 = p.streamSocket();
            t2.bind(0);
            log.add("tcp " + first + " then " + t2.localPort());
        });
        n.runAndCheck();
        assertThat(log).containsExactly("reused " + (49152 + 100), "tcp 49152 then 49153");
    }
}
