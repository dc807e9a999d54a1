package elvis.socket;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two machines, a (10.0.0.1) and b (10.0.0.2), on a LAN with 1 ms one-way delay. */
final class Lan {
    static final long MS = 1_000_000;
    static final int A = Ipv4Address.parse("10.0.0.1"), B = Ipv4Address.parse("10.0.0.2");

    final Simulation sim = new Simulation(7);
    final Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
    final Machine a = sim.machine("a"), b = sim.machine("b");

    Lan() {
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
    }

    ProgramApplication onA(Program p) { return add(a, p); }

    ProgramApplication onB(Program p) { return add(b, p); }

    static ProgramApplication add(Machine m, Program p) {
        ProgramApplication app = new ProgramApplication("test", p);
        m.addApplication(app);
        return app;
    }

    /** A socket of {@code p} listening on {@code port} with a backlog of one. */
    static StreamSocket listener(Process p, int port) {
        StreamSocket l = p.streamSocket();
        l.bind(port);
        l.listen(1);
        return l;
    }

    void run() { sim.run(); }

    /** Runs the simulation and checks that no application failed. */
    void runAndCheck() {
        run();
        assertThat(a.failures()).isEmpty();
        assertThat(b.failures()).isEmpty();
    }

    /** Asserts that {@code call} fails with {@code errno}. */
    static void fails(Errno errno, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(ErrnoException.class).extracting(e -> ((ErrnoException) e).errno()).isEqualTo(errno);
    }
}
