package elvis.app;

import elvis.config.Arguments;
import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SocketAppsTest {
    static final long MS = 1_000_000;

    private final Simulation sim = new Simulation(3);
    private final Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(MS));
    private final ApplicationRegistry registry = ApplicationRegistry.load();
    private final ApplicationFactory.Context context = sim::resolve;

    private Machine machine(String name, String cidr) {
        Machine m = sim.machine(name);
        sim.connect(m, lan, cidr);
        return m;
    }

    private elvis.machine.Application app(String name, String... args) {
        return registry.factory(name).create(Arguments.of(args), context);
    }

    @Test
    void echoClientsFromDescriptionsGetEveryMessageBack() {
        Machine server = machine("server", "10.0.0.1/24");
        EchoServer echo = (EchoServer) app("echo_server", "port", "7");
        server.addApplication(echo);
        List<EchoClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EchoClient c = (EchoClient) app("echo_client", "to", "server", "port", "7", "message", "hello " + i, "count", "50");
            clients.add(c);
            machine("client" + i, "10.0.0." + (10 + i) + "/24").addApplication(c);
        }
        EchoClient big = (EchoClient) app("echo_client", "to", "10.0.0.1", "port", "7", "size", "200KB", "count", "2");
        machine("bulk", "10.0.0.50/24").addApplication(big);
        sim.run();
        for (EchoClient c : clients) assertThat(c.echoed()).isEqualTo(50);
        assertThat(big.echoed()).isEqualTo(2);
        assertThat(echo.bytesEchoed()).isEqualTo(3 * 50 * 7 + 2 * 200 * 1024);
        assertThat(sim.goalsMet()).isTrue();
    }

    @Test
    void socketServerAnswersEveryClientOnce() {
        Machine server = machine("server", "10.0.0.1/24");
        SocketServer s = (SocketServer) app("socket_server", "port", "80", "clients", "20", "size", "1000");
        server.addApplication(s);
        List<SocketClient> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SocketClient c = (SocketClient) app("socket_client", "to", "server", "port", "80", "size", "1000", "start", i % 4 + "ms");
            clients.add(c);
            machine("client" + i, "10.0.0." + (10 + i) + "/24").addApplication(c);
        }
        sim.run();
        assertThat(s.served()).isEqualTo(20);
        for (SocketClient c : clients) assertThat(c.goalMet()).isTrue();
        assertThat(sim.goalsMet()).isTrue();
        assertThat(registry.names()).contains("echo_server", "echo_client", "socket_server", "socket_client");
    }

    @Test
    void aClientOfAMissingServerFailsAlone() {
        machine("server", "10.0.0.1/24").tcp();
        SocketClient c = (SocketClient) app("socket_client", "to", "server", "port", "80");
        Machine m = machine("client", "10.0.0.2/24");
        m.addApplication(c);
        sim.run();
        assertThat(c.goalMet()).isFalse();
        assertThat(m.failures()).singleElement().asString().contains("ECONNREFUSED");
    }
}
