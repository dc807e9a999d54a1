package elvis.socket;

import elvis.Simulation;
import elvis.app.EchoServer;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** A module wrapping one machine's socket factory sees that machine's socket traffic, and no other machine's. */
class SocketFactoryTest {
    static final long MS = 1_000_000;
    static final int A = Ipv4Address.parse("10.0.0.1"), B = Ipv4Address.parse("10.0.0.2");

    /** Uppercases what its stream sockets send and counts what they send and receive. */
    static final class Shouting implements SocketFactory {
        final SocketFactory inner;
        long sent, received;
        final List<Socket> made = new ArrayList<>();

        Shouting(SocketFactory inner) { this.inner = inner; }

        @Override public StreamSocket streamSocket(Process owner) { return track(new Stream(inner.streamSocket(owner))); }
        @Override public DatagramSocket datagramSocket(Process owner) { return track(new ForwardingDatagramSocket(inner.datagramSocket(owner))); }
        @Override public StreamSocket accepted(StreamSocket connection) { return track(new Stream(inner.accepted(connection))); }

        private <S extends Socket> S track(S s) {
            made.add(s);
            return s;
        }

        final class Stream extends ForwardingStreamSocket {
            Stream(StreamSocket delegate) { super(delegate); }

            @Override public int send(Message data) {
                int n = delegate.send(Message.ofUtf8(data.toUtf8().toUpperCase(Locale.ROOT)));
                sent += n;
                return n;
            }

            @Override public Message recv(int max) {
                Message m = delegate.recv(max);
                received += m.length();
                return m;
            }
        }
    }

    @Test
    void aWrappedFactorySeesItsMachinesSocketsOnly() {
        Simulation sim = new Simulation(11);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
        Machine a = sim.machine("a"), b = sim.machine("b"), c = sim.machine("c");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        sim.connect(c, lan, "10.0.0.3/24");
        Shouting[] module = new Shouting[1];
        SocketFactory.wrap(a, f -> module[0] = new Shouting(f));
        assertThat(SocketFactory.of(b)).isSameAs(SocketFactory.KERNEL);
        b.addApplication(new EchoServer(7));
        List<String> log = new ArrayList<>();
        for (Machine m : List.of(a, c)) {
            m.addApplication(new ProgramApplication("client", p -> {
                StreamSocket s = p.streamSocket();
                s.connect(B, 7);
                s.sendAll(Message.ofUtf8("hello"));
                log.add(m.name() + " got " + s.recvAll(5).toUtf8());
                s.close();
                p.datagramSocket().close();
            }));
        }
        // a's listener: the connection c opens is presented through a's factory (accepted), and poll works on wrappers.
        a.addApplication(new ProgramApplication("server", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(9);
            l.listen(1);
            PollFd fd = new PollFd(l, PollFd.POLLIN);
            p.poll(Process.FOREVER, fd);
            StreamSocket s = l.accept();
            log.add("a accepted " + s.getClass().getSimpleName() + ", got " + s.recvAll(3).toUtf8());
        }));
        c.addApplication(new ProgramApplication("sender", p -> {
            p.sleep(10 * MS);
            StreamSocket s = p.streamSocket();
            s.connect(A, 9);
            s.sendAll(Message.ofUtf8("abc"));
            s.close();
        }));
        sim.run();
        assertThat(a.failures()).isEmpty();
        assertThat(c.failures()).isEmpty();
        assertThat(log).containsExactlyInAnyOrder("a got HELLO", "c got hello", "a accepted Stream, got abc");
        // a's client sent and received 5 bytes; a's accepted socket received c's 3. Nothing of b's or c's.
        assertThat(module[0].sent).isEqualTo(5);
        assertThat(module[0].received).isEqualTo(5 + 3);
        assertThat(module[0].made).hasSize(4);             // a's stream, datagram and listening sockets, and the accepted one
        assertThat(module[0].made).filteredOn(s -> s instanceof ForwardingDatagramSocket).hasSize(1);
    }

    @Test
    void wrappersStackAndEndWithTheProcess() {
        Simulation sim = new Simulation(11);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
        Machine a = sim.machine("a");
        sim.connect(a, lan, "10.0.0.1/24");
        List<String> closed = new ArrayList<>();
        for (String name : List.of("inner", "outer")) {
            SocketFactory.wrap(a, f -> new SocketFactory() {
                @Override public StreamSocket streamSocket(Process owner) {
                    return new ForwardingStreamSocket(f.streamSocket(owner)) {
                        @Override public void close() {
                            closed.add(name);
                            super.close();
                        }
                    };
                }
                @Override public DatagramSocket datagramSocket(Process owner) { return f.datagramSocket(owner); }
            });
        }
        Socket[] kept = new Socket[1];
        a.addApplication(new ProgramApplication("p", p -> {
            StreamSocket s = p.streamSocket();
            s.bind(80);
            kept[0] = s;
        }));                                                 // the process ends holding the socket: its exit closes it
        sim.run();
        assertThat(closed).containsExactly("outer", "inner");
        assertThat(kept[0].unwrap()).isNotSameAs(kept[0]);
        assertThat(kept[0].readiness()).isEqualTo(PollFd.POLLNVAL);
    }
}
