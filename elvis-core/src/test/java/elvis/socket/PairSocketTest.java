package elvis.socket;

import elvis.Simulation;
import elvis.machine.Machine;
import elvis.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-memory socket pair: order, backpressure, half-close, reset, non-blocking mode and poll, as a UNIX socketpair. */
class PairSocketTest {
    static final long MS = 1_000_000;

    private static List<String> run(Program program) {
        Simulation sim = new Simulation(3);
        Machine m = sim.machine("m");
        List<String> log = new ArrayList<>();
        m.addApplication(new ProgramApplication("p", p -> {
            try {
                program.run(p);
            } catch (ErrnoException e) {
                log.add("uncaught " + e.errno());
            }
        }));
        sim.run();
        assertThat(m.failures()).isEmpty();
        return log;
    }

    @Test
    void bytesArriveInOrderByReferenceAndTheWriterBlocksAtTheBound() {
        Simulation sim = new Simulation(3);
        Machine m = sim.machine("m");
        List<String> log = new ArrayList<>();
        byte[] payload = new byte[10_000];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) i;
        m.addApplication(new ProgramApplication("p", p -> {
            StreamSocket[] pair = p.socketPair();
            pair[0].setSendBuffer(1000);
            Message sent = Message.wrap(payload);
            p.spawn(child -> {
                Message all = pair[1].recvAll(payload.length);
                log.add("read " + all.length() + " equal " + java.util.Arrays.equals(all.toByteArray(), payload) + " at " + child.now());
                log.add("eof " + pair[1].recv(10).length());
            }, pair[1]);
            assertThat(pair[0].send(sent)).isEqualTo(1000);     // the bound: one send takes what fits
            pair[0].sendAll(sent.slice(1000));
            log.add("sent all");
            pair[0].shutdown(StreamSocket.How.WRITE);
        }));
        sim.run();
        assertThat(m.failures()).isEmpty();
        assertThat(log).containsExactly("sent all", "read 10000 equal true at 0", "eof 0");
    }

    @Test
    void halfCloseGivesOneEndOfStreamAndTheOtherDirectionGoesOn() {
        List<String> log = run(p -> {
            StreamSocket[] s = p.socketPair();
            s[0].sendAll(Message.ofUtf8("req"));
            s[0].shutdown(StreamSocket.How.WRITE);
            assertThat(s[1].recvAll(10).toUtf8()).isEqualTo("req");
            assertThat(s[1].readiness() & PollFd.POLLIN).isNotZero();
            s[1].sendAll(Message.ofUtf8("resp"));
            assertThat(s[0].recvAll(4).toUtf8()).isEqualTo("resp");
            assertThatThrownBy(() -> s[0].send(Message.ofUtf8("x"))).hasMessageContaining("EPIPE");
            s[1].close();
            assertThat(s[0].recv(10).isEmpty()).isTrue();
            s[0].close();
        });
        assertThat(log).isEmpty();
    }

    @Test
    void abortResetsTheOtherEndAfterItsQueuedData() {
        List<String> log = run(p -> {
            StreamSocket[] s = p.socketPair();
            s[0].sendAll(Message.ofUtf8("ab"));
            ((PairSocket) s[0]).abort();
            assertThat(s[1].recv(10).toUtf8()).isEqualTo("ab");
            assertThatThrownBy(() -> s[1].recv(10)).isInstanceOf(ErrnoException.class).hasMessageContaining("ECONNRESET");
            assertThat(s[1].recv(10).isEmpty()).isTrue();       // reported once
            StreamSocket[] t = p.socketPair();
            ((PairSocket) t[1]).abort();
            assertThatThrownBy(() -> t[0].send(Message.ofUtf8("x"))).hasMessageContaining("ECONNRESET");
            assertThatThrownBy(() -> t[0].send(Message.ofUtf8("x"))).hasMessageContaining("EPIPE");
        });
        assertThat(log).isEmpty();
    }

    @Test
    void closingWithUnreadDataResetsThePeerAsTcpDoes() {
        List<String> log = run(p -> {
            StreamSocket[] s = p.socketPair();
            s[1].sendAll(Message.ofUtf8("unread"));
            s[0].close();
            assertThat(s[1].readiness() & PollFd.POLLERR).isNotZero();
            assertThatThrownBy(() -> s[1].recv(1)).hasMessageContaining("ECONNRESET");
        });
        assertThat(log).isEmpty();
    }

    @Test
    void nonBlockingAndPollFollowReadiness() {
        Simulation sim = new Simulation(3);
        Machine m = sim.machine("m");
        List<String> log = new ArrayList<>();
        m.addApplication(new ProgramApplication("p", p -> {
            StreamSocket[] s = p.socketPair();
            s[0].setNonBlocking(true);
            assertThatThrownBy(() -> s[0].recv(1)).hasMessageContaining("EAGAIN");
            s[0].setSendBuffer(3);
            assertThat(s[0].send(Message.ofUtf8("abcdef"))).isEqualTo(3);
            assertThatThrownBy(() -> s[0].send(Message.ofUtf8("d"))).hasMessageContaining("EAGAIN");
            assertThat(s[0].readiness() & PollFd.POLLOUT).isZero();
            p.spawn(c -> {
                c.sleep(5 * MS);
                s[1].recv(2);
            }, s[1]);
            PollFd out = new PollFd(s[0], PollFd.POLLOUT);
            assertThat(p.poll(Process.FOREVER, out)).isEqualTo(1);
            log.add("writable at " + p.now() / MS + " ms");
            assertThatThrownBy(() -> s[0].connect(1, 1, Process.FOREVER)).hasMessageContaining("EISCONN");
            assertThatThrownBy(() -> s[0].listen(1)).hasMessageContaining("EINVAL");
            assertThat(s[0].remoteAddress()).isZero();
            assertThat(s[0].info()).isNull();
        }));
        sim.run();
        assertThat(m.failures()).isEmpty();
        assertThat(log).containsExactly("writable at 5 ms");
    }

    @Test
    void theProcessExitClosesItsPair() {
        Simulation sim = new Simulation(3);
        Machine m = sim.machine("m");
        StreamSocket[][] kept = new StreamSocket[1][];
        m.addApplication(new ProgramApplication("p", p -> kept[0] = p.socketPair()));
        sim.run();
        assertThat(kept[0][0].readiness()).isEqualTo(PollFd.POLLNVAL);
        assertThat(kept[0][1].readiness()).isEqualTo(PollFd.POLLNVAL);
    }
}
