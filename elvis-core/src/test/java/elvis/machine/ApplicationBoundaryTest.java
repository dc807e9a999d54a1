package elvis.machine;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.CloseReason;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConnection;
import elvis.protocol.udp.Udp;
import elvis.socket.ErrnoException;
import elvis.socket.ProgramApplication;
import elvis.socket.StreamSocket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applications never run inside protocol code: every callback and every resumed process finds no
 * frame of a packet's or a protocol timer's processing below it on the stack (the old design ran them
 * inside {@code TcpConnection.receiveData}), and may close, abort or write from there freely.
 */
class ApplicationBoundaryTest {
    static final long MS = 1_000_000;
    static final int B = Ipv4Address.parse("10.0.0.2");

    private final Simulation sim = new Simulation(3);
    private final Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(MS));
    private final Machine a = sim.machine("a"), b = sim.machine("b");
    private final List<String> violations = new ArrayList<>(), log = new ArrayList<>();
    private int checks;

    ApplicationBoundaryTest() {
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
    }

    /** Records the protocol frames under the caller: a packet being received or a protocol timer firing. */
    private void checkNotInsideProtocol(String where) {
        checks++;
        List<String> inside = StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().startsWith("elvis.protocol.") || f.getClassName().startsWith("elvis.link.")
                        || f.getClassName().equals(Nic.class.getName()))
                .filter(f -> f.getMethodName().equals("receive") || f.getMethodName().equals("segmentArrived")
                        || f.getMethodName().endsWith("Timeout") || f.getMethodName().equals("arrive"))
                .map(f -> f.getClassName() + "." + f.getMethodName()).toList());
        if (!inside.isEmpty()) violations.add(where + " inside " + inside);
    }

    private static Application app(String name) {
        return new Application() {
            @Override public String name() { return name; }
            @Override public void start(Machine machine) { }
            @Override public String summary() { return ""; }
        };
    }

    @Test
    void anEventApplicationThatWritesAndAbortsFromItsDataCallbackRunsAfterTcpIsDone() {
        Application server = app("server"), client = app("client");
        Tcp.of(b).listen(80, 4, server, c -> {
            checkNotInsideProtocol("accepted");
            return new ConnectionHandler() {
                @Override public void data(TcpConnection conn, Message data) {
                    checkNotInsideProtocol("server data");
                    log.add("server data " + data.length());
                    conn.send(Message.ofUtf8("bye"));
                    conn.abort();                             // inside its receive callback
                    log.add("server data returns");
                }
                @Override public void closed(TcpConnection conn, CloseReason reason) {
                    checkNotInsideProtocol("server closed");
                    log.add("server closed " + reason);
                }
            };
        });
        sim.kernel().at(0, () -> Tcp.of(a).connect(B, 80, client, new ConnectionHandler() {
            @Override public void connected(TcpConnection conn) {
                checkNotInsideProtocol("connected");
                conn.send(Message.zeros(1000));
            }
            @Override public void closed(TcpConnection conn, CloseReason reason) {
                checkNotInsideProtocol("client closed");
                log.add("client closed " + reason);
            }
        }));
        sim.run();
        assertThat(violations).isEmpty();
        assertThat(checks).isEqualTo(5);
        // The abort's closed() comes after the callback that aborted returned, not nested inside it.
        assertThat(log).containsExactly("server data 1000", "server data returns", "server closed ABORTED", "client closed RESET");
        assertThat(a.failures()).isEmpty();
        assertThat(b.failures()).isEmpty();
    }

    @Test
    void aProcessResumedByArrivingDataRunsOutsideTcpAndMayCloseAtOnce() {
        b.addApplication(new ProgramApplication("server", p -> {
            StreamSocket l = p.streamSocket();
            l.bind(80);
            l.listen(1);
            StreamSocket c = l.accept();
            checkNotInsideProtocol("accept returns");
            Message m = c.recv(100);
            checkNotInsideProtocol("recv returns");
            log.add("server got " + m.length() + " at " + p.now());
            c.close();                                        // unread data follows: a reset, sent from the process
        }));
        a.addApplication(new ProgramApplication("client", p -> {
            StreamSocket s = p.streamSocket();
            s.connect(B, 80);
            checkNotInsideProtocol("connect returns");
            s.sendAll(Message.zeros(3000));
            try {
                s.recv(10);
            } catch (ErrnoException e) {
                checkNotInsideProtocol("recv throws");
                log.add("client " + e.errno());
            }
        }));
        assertThatRunEndsWithoutFailures();
        assertThat(violations).isEmpty();
        assertThat(checks).isEqualTo(4);
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).startsWith("server got 100 at ");
        assertThat(log.get(1)).isEqualTo("client ECONNRESET");
    }

    @Test
    void aThrowingCallbackFailsItsApplicationAloneAndOthersOfTheSameInstantStillRun() {
        Application thrower = app("thrower"), counter = app("counter");
        int[] counted = new int[1];
        Udp.of(b).bind(7, thrower, (data, ip, port) -> { throw new IllegalStateException("boom"); });
        Udp.of(b).bind(8, counter, (data, ip, port) -> {
            checkNotInsideProtocol("datagram");
            counted[0]++;
        });
        sim.kernel().at(0, () -> {
            for (int i = 0; i < 3; i++) Udp.of(a).bind(0, null, (d, ip, port) -> { }).sendTo(B, 7, Message.zeros(10));
            for (int i = 0; i < 5; i++) Udp.of(a).bind(0, null, (d, ip, port) -> { }).sendTo(B, 8, Message.zeros(10));
        });
        sim.run();
        assertThat(violations).isEmpty();
        assertThat(counted[0]).isEqualTo(5);
        assertThat(b.failures()).hasSize(3).allMatch(f -> f.kind() == Failure.Kind.APPLICATION && f.message().startsWith("thrower on b"));
    }

    @Test
    void eachArrivalDrainsWhenItsEventReturns() {
        int[] counted = new int[1];
        Udp.of(b).bind(8, app("counter"), (data, ip, port) -> counted[0]++);
        // Unlimited bandwidth: all 50 arrive at 1 ms, each in its own event (a pipe holds one event per busy
        // wire); each event's datagram is handed over when that event returns, before the next frame's.
        Network fast = sim.network("fast", LinkConfig.UNLIMITED.withDelay(MS));
        Machine c = sim.machine("c"), d = sim.machine("d");
        sim.connect(c, fast, "10.1.0.1/24");
        sim.connect(d, fast, "10.1.0.2/24");
        Udp.of(d).bind(8, app("counter"), (data, ip, port) -> counted[0]++);
        sim.kernel().at(0, () -> {
            var s = Udp.of(c).bind(0, null, (x, ip, port) -> { });
            for (int i = 0; i < 50; i++) s.sendTo(Ipv4Address.parse("10.1.0.2"), 8, Message.zeros(10));
        });
        sim.run();
        assertThat(counted[0]).isEqualTo(50);
        assertThat(Upcalls.of(sim.kernel()).upcallsRun()).isEqualTo(50);
        assertThat(Upcalls.of(sim.kernel()).drains()).isEqualTo(50);
    }

    private void assertThatRunEndsWithoutFailures() {
        sim.run();
        assertThat(a.failures()).isEmpty();
        assertThat(b.failures()).isEmpty();
    }
}
