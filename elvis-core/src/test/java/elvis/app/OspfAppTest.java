package elvis.app;

import elvis.Simulation;
import elvis.config.Arguments;
import elvis.link.LinkConfig;
import elvis.machine.Machine;
import elvis.routing.ospf.Ospf;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The NDL application {@code ospf}: its arguments reach the router, and wrong ones name themselves. */
class OspfAppTest {
    static final ApplicationFactory.Context NONE = ApplicationFactory.Context.of(s -> -1, java.nio.file.Path.of("."));

    static Ospf create(Map<String, String> args) { return (Ospf) new OspfApp().create(new Arguments(args), NONE); }

    @Test
    void perInterfaceSettingsAndTheRouterIdReachTheRouter() {
        Simulation sim = new Simulation(1);
        Machine m = sim.machine("r");
        sim.connect(m, sim.network("hosts", LinkConfig.UNLIMITED), "10.0.0.1/24");
        sim.connect(m, sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(10_000_000)), "10.0.1.1/24");
        sim.connect(m, sim.network("lan2", LinkConfig.UNLIMITED), "10.0.2.1/24");
        Ospf o = create(Map.of("router_id", "9.9.9.9", "passive", "eth0", "priority", "eth2:0"));
        m.addApplication(o);
        sim.runUntil(50 * 1_000_000_000L);
        assertThat(o.routerId()).isEqualTo(elvis.protocol.ipv4.Ipv4Address.parse("9.9.9.9"));
        // eth1 waited 40 s and became DR alone; eth2 (priority 0) can never be DR.
        assertThat(o.interfaceStates()).containsExactly("Passive", "DR", "DROther");
        // eth1's cost is 100 Mbit/s over its 10 Mbit/s: 10; the unlimited links cost 1.
        assertThat(o.database().get(0).links).extracting(l -> l.metric()).containsExactly(1, 10, 1);
    }

    @Test
    void wrongArgumentsNameTheirKey() {
        assertThatThrownBy(() -> create(Map.of("cost", "eth1=5"))).hasMessageContaining("is not 'ethN:cost'")
                .extracting(e -> ((Arguments.ArgumentException) e).key()).isEqualTo("cost");
        assertThatThrownBy(() -> create(Map.of("cost", "eth1:0"))).isInstanceOf(Arguments.ArgumentException.class);
        assertThatThrownBy(() -> create(Map.of("priority", "wlan0:1"))).hasMessageContaining("not an interface name");
        assertThatThrownBy(() -> create(Map.of("hello", "10s", "dead", "10s"))).hasMessageContaining("longer than 'hello'");
        assertThatThrownBy(() -> create(Map.of("hello", "1500ms"))).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> create(Map.of("spf_hold", "10s"))).hasMessageContaining("spf_max_hold");
    }
}
