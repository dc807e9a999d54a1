package elvis.machine;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FanInTest {
    /** Builds the paper's low-bandwidth experiment: n senders, one 100-byte datagram each, one receiver. */
    public static Simulation fanIn(int n, long seed) {
        Simulation sim = new Simulation(seed);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED);
        Machine receiver = sim.machine("receiver");
        int base = Ipv4Address.parse("10.0.0.0");
        sim.connect(receiver, lan, base + 1, 8);
        receiver.addApplication(new CountDatagrams(5000, n, null));
        Message payload = Message.zeros(100);
        for (int i = 0; i < n; i++) {
            Machine m = sim.machine("sender-" + (i + 1));
            sim.connect(m, lan, base + 2 + i, 8);
            m.addApplication(new SendDatagrams(base + 1, 5000, payload, 1, 0, 0));
        }
        return sim;
    }

    @Test
    void aHundredThousandSendersReachOneReceiver() {
        Simulation sim = fanIn(100_000, 1);
        sim.run();
        CountDatagrams capture = (CountDatagrams) sim.find("receiver").applications().getFirst();
        assertThat(capture.received()).isEqualTo(100_000);
        assertThat(sim.goalsMet()).isTrue();
        assertThat(sim.networks().getFirst().stats().delivered()).isEqualTo(100_000);
    }
}
