package elvis.app;

import elvis.Simulation;
import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApplicationsTest {
    static final long MS = 1_000_000;

    /** Resolves names of the form "hN" to 10.0.0.N. */
    static final ApplicationFactory.Context CONTEXT = s -> {
        if (s.startsWith("h")) return Ipv4Address.parse("10.0.0." + s.substring(1));
        try { return Ipv4Address.parse(s); } catch (IllegalArgumentException e) { return -1; }
    };

    static Simulation lan(int hosts, Machine[] out) {
        Simulation sim = new Simulation(3);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
        for (int i = 1; i <= hosts; i++) {
            out[i] = sim.machine("h" + i);
            sim.connect(out[i], lan, "10.0.0." + i + "/24");
        }
        return sim;
    }

    static elvis.machine.Application make(String name, String... kv) {
        return ApplicationRegistry.load().factory(name).create(Arguments.of(kv), CONTEXT);
    }

    @Test
    void theRegistryFindsTheFourOriginalApplications() {
        assertThat(ApplicationRegistry.load().names()).contains("capture", "forward", "ping_pong", "send_message");
        assertThat(ApplicationRegistry.load().find("capture").orElseThrow().attributes()).extracting(Attribute::name)
                .contains("ip", "port", "message_count", "message");
    }

    @Test
    void forwardRelaysThroughAThirdMachine() {
        Machine[] h = new Machine[4];
        Simulation sim = lan(3, h);
        h[1].addApplication(make("send_message", "message", "via relay", "to", "h2", "port", "0x1000", "count", "5", "interval", "10ms"));
        h[2].addApplication(make("forward", "to", "h3", "local_port", "4096", "remote_port", "5000"));
        CountDatagrams capture = (CountDatagrams) make("capture", "port", "5000", "message", "via relay", "message_count", "5");
        h[3].addApplication(capture);
        sim.run();
        assertThat(capture.received()).isEqualTo(5);
        assertThat(capture.lastArrivalNs()).isEqualTo(42 * MS);   // last sent at 40 ms, two 1 ms hops
        assertThat(((Forward) h[2].applications().getFirst()).forwarded()).isEqualTo(5);
        assertThat(sim.goalsMet()).isTrue();
        assertThat(capture.summary()).isEqualTo("received 5 of 5");
    }

    @Test
    void aCaptureThatGetsMoreThanItsGoalSaysSo() {
        Machine[] h = new Machine[3];
        Simulation sim = lan(2, h);
        h[1].addApplication(make("send_message", "message", "hi", "to", "h2", "port", "5000", "count", "7", "interval", "1ms"));
        CountDatagrams capture = (CountDatagrams) make("capture", "port", "5000", "message_count", "5");
        h[2].addApplication(capture);
        sim.run();
        assertThat(capture.summary()).isEqualTo("received 7, goal 5");
        assertThat(sim.goalsMet()).isTrue();
    }

    @Test
    void pingPongBouncesTheCounterFrom255DownToZero() {
        Machine[] h = new Machine[3];
        Simulation sim = lan(2, h);
        PingPong a = (PingPong) make("ping_pong", "to", "h2", "local_port", "1", "remote_port", "2", "starter", "true");
        PingPong b = (PingPong) make("ping_pong", "to", "h1", "local_port", "2", "remote_port", "1");
        h[1].addApplication(a);
        h[2].addApplication(b);
        sim.run();
        assertThat(a.received() + b.received()).isEqualTo(256);   // 255, 254, ..., 0
        assertThat(a.goalMet() && b.goalMet()).isTrue();
        assertThat(sim.kernel().now()).isEqualTo(256 * MS);
    }

    @Test
    void argumentErrorsNameTheArgument() {
        assertThatThrownBy(() -> make("send_message", "message", "x", "to", "h2", "port", "70000"))
                .isInstanceOfSatisfying(Arguments.ArgumentException.class, e -> assertThat(e.key()).isEqualTo("port"))
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> make("send_message", "message", "x", "to", "nobody", "port", "7"))
                .isInstanceOfSatisfying(Arguments.ArgumentException.class, e -> assertThat(e.key()).isEqualTo("to"));
        assertThatThrownBy(() -> make("capture", "port", "0xZZ"))
                .isInstanceOfSatisfying(Arguments.ArgumentException.class, e -> assertThat(e.key()).isEqualTo("port"));
        assertThatThrownBy(() -> make("send_message", "message", "x", "to", "h2", "port", "7", "interval", "fast"))
                .isInstanceOfSatisfying(Arguments.ArgumentException.class, e -> assertThat(e.key()).isEqualTo("interval"));
        assertThatThrownBy(() -> make("ping_pong", "to", "h2", "local_port", "1", "remote_port", "2", "starter", "maybe"))
                .isInstanceOfSatisfying(Arguments.ArgumentException.class, e -> assertThat(e.key()).isEqualTo("starter"));
        assertThat(new Arguments(Map.of("port", "0xbeef")).port("port")).isEqualTo(0xbeef);
    }
}
