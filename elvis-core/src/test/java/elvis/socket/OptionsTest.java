package elvis.socket;

import elvis.message.Message;
import elvis.protocol.tcp.TcpSegment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.socket.Lan.B;
import static elvis.socket.Lan.MS;
import static org.assertj.core.api.Assertions.assertThat;

/** Socket options take effect whenever they are set, as in BSD, checked on the wire. */
class OptionsTest {
    private final Lan n = new Lan();
    private final Wire wire = new Wire(n);
    private final List<String> log = new ArrayList<>();

    /** b accepts one connection on port 80 and reads it to the end. */
    private void sinkOnB() {
        n.onB(p -> {
            StreamSocket l = Lan.listener(p, 80);
            StreamSocket c = l.accept();
            while (!c.recv(1 << 20).isEmpty()) { }
            c.close();
        });
    }

    @Test
    void noDelayOnAConnectedSocketSendsWhatNagleHeldBackAtOnceAndNagleComesBack() {
        sinkOnB();
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            s.send(Message.ofUtf8("x"));
            s.send(Message.ofUtf8("y"));             // held: "x" is not acknowledged yet (b delays its ACK 200 ms)
            p.sleep(MS);
            s.setNoDelay(true);                       // "y" goes now
            s.setNoDelay(false);
            s.send(Message.ofUtf8("z"));             // held again until b's delayed ACK arrives
            p.sleep(300 * MS);
            s.close();
        });
        n.runAndCheck();
        assertThat(wire.dataFinRstFrom("a")).containsExactly("a P. 1 at " + 2 * MS, "a P. 1 at " + 3 * MS,
                "a P. 1 at " + 204 * MS, "a F. 0 at " + 303 * MS);
    }

    @Test
    void aLargerSendBufferLetsABlockedSendGoOnAtOnce() {
        sinkOnB();
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.setSendBuffer(1000);
            s.connect(B, 80);
            assertThat(s.send(Message.zeros(3000))).isEqualTo(1000);
            p.spawn(sender -> {
                s.sendAll(Message.zeros(3000));       // blocks: the buffer is full
                log.add("sent at " + sender.now());
            });
            p.sleep(0);                               // the sender runs and blocks first
            s.setSendBuffer(10_000);
            log.add("grown at " + p.now());
            p.sleep(MS);
            s.close();
        });
        n.runAndCheck();
        assertThat(log).containsExactly("grown at " + 2 * MS, "sent at " + 2 * MS);
    }

    @Test
    void aLargerReceiveBufferReopensTheWindowAtOnce() {
        n.onB(p -> {
            StreamSocket l = p.streamSocket();
            l.setReceiveBuffer(2000);
            l.bind(80);
            l.listen(1);
            StreamSocket c = l.accept();
            p.sleep(47 * MS);                         // reads nothing: the window closes
            log.add("grown at " + p.now());
            c.setReceiveBuffer(100_000);
            p.sleep(10 * MS);
            c.setNonBlocking(true);
            long got = 0;
            try {
                for (Message m = c.recv(1 << 20); !m.isEmpty(); m = c.recv(1 << 20)) got += m.length();
                log.add("read " + got + " then end of stream");
            } catch (ErrnoException e) {
                log.add("read " + got + " at " + p.now() + " then " + e.errno());
            }
        });
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.setNoDelay(true);
            s.connect(B, 80);
            s.sendAll(Message.zeros(20_000));
            p.sleep(100 * MS);
            s.close();
        });
        n.runAndCheck();
        assertThat(log).containsExactly("grown at " + 50 * MS, "read 20000 at " + 60 * MS + " then EAGAIN");
        // The window update goes out when the buffer grows, not when a's persist timer probes a second later.
        Wire.Segment update = wire.sent.stream().filter(s -> s.from().equals("b") && s.time() >= 50 * MS).findFirst().orElseThrow();
        assertThat(update.time()).isEqualTo(50 * MS);
        assertThat(update.window()).isPositive();
        assertThat(wire.sent.stream().filter(s -> s.from().equals("a") && s.length() > 0 && s.time() > 3 * MS && s.time() < 50 * MS))
                .as("nothing sent into the closed window").isEmpty();
    }

    @Test
    void optionsSetOnAListenerApplyToTheConnectionsItAcceptsLater() {
        n.onB(p -> {
            StreamSocket l = Lan.listener(p, 80);
            l.setReceiveBuffer(1000);
            l.setNoDelay(true);
            StreamSocket c = l.accept();
            c.send(Message.ofUtf8("x"));
            c.send(Message.ofUtf8("y"));             // not held: no Nagle
            c.close();
        });
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            while (!s.recv(10).isEmpty()) { }
            s.close();
        });
        n.runAndCheck();
        Wire.Segment synAck = wire.sent.stream().filter(s -> s.has(TcpSegment.SYN) && s.from().equals("b")).findFirst().orElseThrow();
        assertThat(synAck.window()).isEqualTo(1000);
        assertThat(wire.dataFinRstFrom("b")).startsWith("b P. 1 at " + 3 * MS, "b P. 1 at " + 3 * MS);
    }

    @Test
    void lingerMakesCloseWaitUntilThePeerAcknowledgedEverything() {
        n.onB(p -> {
            StreamSocket l = Lan.listener(p, 80);
            StreamSocket c = l.accept();
            long got = 0;
            for (Message m = c.recv(1 << 20); !m.isEmpty(); m = c.recv(1 << 20)) got += m.length();
            log.add("b read " + got);
            p.sleep(50 * MS);
            c.close();
        });
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            s.setLinger(true, 5);
            s.sendAll(Message.zeros(100_000));        // queued: slow start needs several round trips
            s.close();
            log.add("closed at " + p.now());
        });
        n.runAndCheck();
        Wire.Segment fin = wire.sent.stream().filter(s -> s.from().equals("a") && s.has(TcpSegment.FIN)).findFirst().orElseThrow();
        assertThat(fin.time()).isGreaterThan(2 * MS);
        // close returned when b's ACK of the FIN, sent as the FIN arrived, reached a.
        assertThat(log).containsExactly("b read 100000", "closed at " + (fin.time() + 2 * MS));
        assertThat(wire.sent).noneMatch(s -> s.has(TcpSegment.RST));
    }

    @Test
    void whenTheLingerTimePassesCloseResetsAndSaysEwouldblock() {
        n.onB(p -> {
            StreamSocket l = p.streamSocket();
            l.setReceiveBuffer(1000);
            l.bind(80);
            l.listen(1);
            StreamSocket c = l.accept();
            p.sleep(5000 * MS);                       // reads nothing: a's data cannot all be acknowledged
            long got = 0;
            try {
                for (Message m = c.recv(1 << 20); !m.isEmpty(); m = c.recv(1 << 20)) got += m.length();
                log.add("b read " + got + " then end of stream");
            } catch (ErrnoException e) {
                log.add("b read " + got + " then " + e.errno());
            }
        });
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            s.send(Message.zeros(20_000));
            s.setLinger(true, 1);
            try {
                s.close();
            } catch (ErrnoException e) {
                log.add("close " + e.errno() + " at " + p.now());
            }
            Lan.fails(Errno.EBADF, () -> s.send(Message.ofUtf8("x")));
        });
        n.runAndCheck();
        assertThat(log).containsExactly("close " + Errno.EWOULDBLOCK + " at " + 1002 * MS, "b read 1000 then ECONNRESET");
        assertThat(wire.from("a")).last().isEqualTo("a R. 0 at " + 1002 * MS);
        assertThat(wire.sent).noneMatch(s -> s.has(TcpSegment.FIN));
    }

    @Test
    void lingerZeroResetsAtOnceAndDiscardsQueuedData() {
        n.onB(p -> {
            StreamSocket l = Lan.listener(p, 80);
            StreamSocket c = l.accept();
            long got = 0;
            try {
                for (Message m = c.recv(1 << 20); !m.isEmpty(); m = c.recv(1 << 20)) got += m.length();
            } catch (ErrnoException e) {
                log.add("b read " + got + " then " + e.errno() + " at " + p.now());
            }
        });
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            s.setLinger(true, 0);
            s.send(Message.zeros(100_000));           // the initial window sends three segments, the rest waits
            s.close();
            log.add("closed at " + p.now());
        });
        n.runAndCheck();
        assertThat(log).containsExactly("closed at " + 2 * MS, "b read 4344 then ECONNRESET at " + 3 * MS);
        // No FIN; the second RST answers the ACK b sent for the data before the first RST reached it.
        assertThat(wire.dataFinRstFrom("a")).containsExactly("a . 1448 at " + 2 * MS, "a . 1448 at " + 2 * MS,
                "a . 1448 at " + 2 * MS, "a R. 0 at " + 2 * MS, "a R 0 at " + 4 * MS);
    }

    @Test
    void closeDoesNotLingerWhenItCannotBlockOrLingerIsOffAgain() {
        n.onB(p -> {
            StreamSocket l = p.streamSocket();
            l.bind(80);
            l.listen(3);
            for (int i = 0; i < 3; i++) {
                StreamSocket c = l.accept();
                while (!c.recv(10).isEmpty()) { }
                c.close();
            }
        });
        n.onA(p -> {
            StreamSocket off = p.streamSocket();
            off.connect(B, 80);
            off.setLinger(true, 5);
            off.setLinger(false, 5);
            off.send(Message.ofUtf8("x"));
            off.close();
            StreamSocket nonBlocking = p.streamSocket();
            nonBlocking.setLinger(true, 5);
            nonBlocking.connect(B, 80);
            nonBlocking.setNonBlocking(true);
            nonBlocking.close();
            StreamSocket atExit = p.streamSocket();
            atExit.setLinger(true, 5);
            atExit.connect(B, 80);
            log.add("ends at " + p.now());            // the process ends: atExit closes without waiting
        });
        n.runAndCheck();
        assertThat(log).containsExactly("ends at " + 6 * MS);
        assertThat(wire.dataFinRstFrom("a")).containsExactly("a P. 1 at " + 2 * MS, "a F. 0 at " + 2 * MS,
                "a F. 0 at " + 4 * MS, "a F. 0 at " + 6 * MS);
    }

    @Test
    void optionErrors() {
        n.onA(p -> {
            StreamSocket s = p.streamSocket();
            Lan.fails(Errno.EINVAL, () -> s.setSendBuffer(0));
            Lan.fails(Errno.EINVAL, () -> s.setReceiveBuffer(0));
            Lan.fails(Errno.EINVAL, () -> s.setReceiveBuffer((65535 << 14) + 1));
            s.setReceiveBuffer(65535 << 14);
            Lan.fails(Errno.EINVAL, () -> s.setLinger(true, -1));
            s.close();
            Lan.fails(Errno.EBADF, () -> s.setSendBuffer(1000));
            Lan.fails(Errno.EBADF, () -> s.setReceiveBuffer(1000));
            Lan.fails(Errno.EBADF, () -> s.setNoDelay(true));
            Lan.fails(Errno.EBADF, () -> s.setReuseAddress(true));
            Lan.fails(Errno.EBADF, () -> s.setNonBlocking(true));
            Lan.fails(Errno.EBADF, () -> s.setLinger(true, 1));
            DatagramSocket u = p.datagramSocket();
            Lan.fails(Errno.EINVAL, () -> u.setReceiveBuffer(0));
            u.close();
            Lan.fails(Errno.EBADF, () -> u.setReceiveBuffer(1000));
            log.add("ok");
        });
        n.runAndCheck();
        assertThat(log).containsExactly("ok");
    }
}
