package elvis.link;

import elvis.Simulation;
import elvis.message.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An outside port on a switched network: it gets what no machine owns until the switch learns where an address lives. */
class LearningTest {
    static final long OUTSIDE_HOST = 0x0a_00_00_00_00_07L, OTHER = 0x0a_00_00_00_00_08L;

    static final class Port implements FrameReceiver {
        final List<Long> got = new ArrayList<>();          // destination MAC of each frame received
        final String name;
        Port(String name) { this.name = name; }
        @Override public void receive(Message frame, long fcs) { got.add(frame.u48(0)); }
        @Override public String name() { return name; }
    }

    static Message frame(long dst, long src) {
        byte[] b = new byte[60];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (dst >>> (40 - 8 * i));
            b[6 + i] = (byte) (src >>> (40 - 8 * i));
        }
        return Message.wrap(b);
    }

    @Test
    void theSwitchLearnsAddressesBehindOutsidePortsAndStopsFloodingThem() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED);
        Port machine = new Port("m/eth0"), tap1 = new Port("tap1"), tap2 = new Port("tap2");
        int m = lan.attach(0x02_00_00_00_01_00L, machine);
        int t1 = sim.attachExternal(lan, tap1), t2 = sim.attachExternal(lan, tap2);
        lan.transmit(m, frame(OUTSIDE_HOST, 0x02_00_00_00_01_00L));      // unknown: both outside ports
        sim.kernel().run();
        assertThat(tap1.got).containsExactly(OUTSIDE_HOST);
        assertThat(tap2.got).containsExactly(OUTSIDE_HOST);
        lan.transmit(t1, frame(0x02_00_00_00_01_00L, OUTSIDE_HOST));    // the host speaks from behind tap1
        sim.kernel().run();
        assertThat(machine.got).containsExactly(0x02_00_00_00_01_00L);
        assertThat(lan.learnedPort(OUTSIDE_HOST)).isEqualTo(t1);
        lan.transmit(m, frame(OUTSIDE_HOST, 0x02_00_00_00_01_00L));      // now only towards tap1
        sim.kernel().run();
        assertThat(tap1.got).hasSize(2);
        assertThat(tap2.got).hasSize(1);
        lan.transmit(t2, frame(0x02_00_00_00_01_00L, OUTSIDE_HOST));    // the host moved behind tap2
        sim.kernel().run();
        assertThat(lan.learnedPort(OUTSIDE_HOST)).isEqualTo(t2);
        assertThat(lan.learnedPort(OTHER)).isEqualTo(-1);
    }

    @Test
    void aMachinesOwnAddressIsNeverLearnedElsewhereAndTheTableIsBounded() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED);
        Port machine = new Port("m/eth0"), tap = new Port("tap");
        int m = lan.attach(0x02_00_00_00_01_00L, machine);
        int t = sim.attachExternal(lan, tap);
        lan.transmit(t, frame(Network.BROADCAST, 0x02_00_00_00_01_00L));   // spoofs the machine's address
        assertThat(lan.learnedPort(0x02_00_00_00_01_00L)).isEqualTo(-1);
        for (long i = 0; i < Network.MAX_LEARNED + 100; i++) lan.transmit(t, frame(Network.BROADCAST, 0x0a_00_00_10_00_00L + i));
        sim.kernel().run();
        assertThat(lan.learnedPort(0x0a_00_00_10_00_00L)).isEqualTo(t);
        assertThat(lan.learnedPort(0x0a_00_00_10_00_00L + Network.MAX_LEARNED + 50)).isEqualTo(-1);
        assertThat(machine.got).hasSize(Network.MAX_LEARNED + 101);
        assertThat(m).isZero();
    }
}
