package elvis.protocol.bridge;

import elvis.Simulation;
import elvis.app.Ping;
import elvis.dummynet.Dummynet;
import elvis.dummynet.PipeConfig;
import elvis.dummynet.rules.Ipfw;
import elvis.dummynet.rules.IpfwError;
import elvis.dummynet.rules.RuleSet;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A transparent bridge between two switched networks (802.1D learning and forwarding) and ipfw
 * rules on its bridged frames (ipfw's layer2).
 */
class BridgeTest {
    static final long MS = 1_000_000;

    /** h1 and h3 on network a, h2 on network b, joined by bridge br; one /16 spans both networks. */
    record Lan(Simulation sim, Network a, Network b, Machine br, Machine h1, Machine h2, Machine h3) { }

    static Lan lan(Simulation.Resolution resolution) {
        Simulation sim = new Simulation(7);
        Network a = sim.network("a", LinkConfig.UNLIMITED.withDelay(MS), resolution);
        Network b = sim.network("b", LinkConfig.UNLIMITED.withDelay(MS), resolution);
        Machine br = sim.bridge("br", List.of(a, b));
        Machine h1 = sim.machine("h1"), h2 = sim.machine("h2"), h3 = sim.machine("h3");
        sim.connect(h1, a, "10.0.0.1/16");
        sim.connect(h3, a, "10.0.0.3/16");
        sim.connect(h2, b, "10.0.1.2/16");
        return new Lan(sim, a, b, br, h1, h2, h3);
    }

    static Ping ping(Machine from, String to, int count, long interval, int size) {
        Ping p = new Ping(Ipv4Address.parse(to), count, interval, size, 64, 1000 * MS);
        from.addApplication(p);
        return p;
    }

    @Test
    void hostsOnTwoBridgedNetworksReachEachOtherAndTheBridgeLearnsTheirPorts() {
        for (Simulation.Resolution r : List.of(Simulation.Resolution.STATIC, Simulation.Resolution.ARP)) {
            Lan lan = lan(r);
            Ping p = ping(lan.h1(), "10.0.1.2", 3, 100 * MS, 56);
            lan.sim().run();
            assertThat(p.received()).as(r.name()).isEqualTo(3);
            assertThat(p.rtt(2)).as(r.name()).isEqualTo(4 * MS);      // two networks each way, 1 ms each
            Bridge bridge = Bridge.of(lan.br());
            assertThat(bridge.portOf(lan.h1().nic(0).mac())).isEqualTo(0);
            assertThat(bridge.portOf(lan.h2().nic(0).mac())).isEqualTo(1);
            assertThat(bridge.portOf(lan.h3().nic(0).mac())).isEqualTo(-1);   // never heard
        }
    }

    @Test
    void onceLearnedAUnicastGoesOutOfOnePortAndAFrameForTheSameSegmentIsFiltered() {
        Lan lan = lan(Simulation.Resolution.ARP);
        Ping far = ping(lan.h1(), "10.0.1.2", 4, 100 * MS, 56);
        lan.sim().run();
        Bridge bridge = Bridge.of(lan.br());
        assertThat(far.received()).isEqualTo(4);
        // Only h1's ARP request (a broadcast) floods. h1 is learned from it, so h2's ARP reply goes by
        // one port, and so do the 4 requests (h2 learned from the reply) and the 4 replies: 9.
        assertThat(bridge.flooded()).isEqualTo(1);
        assertThat(bridge.forwarded()).isEqualTo(9);
        // A frame from h3 to h1 that reaches the bridge on a's port is already on its segment.
        Message frame = Message.zeros(46).prepend(ethernet(lan.h1().nic(0).mac(), lan.h3().nic(0).mac()));
        bridge.receive(frame, lan.br().nic(0));
        assertThat(lan.br().drops(BridgeDrop.SAME_SEGMENT)).isEqualTo(1);
        assertThat(bridge.portOf(lan.h3().nic(0).mac())).isEqualTo(0);
    }

    static byte[] ethernet(long dst, long src) {
        byte[] h = new byte[14];
        for (int i = 0; i < 6; i++) {
            h[i] = (byte) (dst >>> (40 - 8 * i));
            h[6 + i] = (byte) (src >>> (40 - 8 * i));
        }
        h[12] = 0x08;
        return h;
    }

    @Test
    void aLearnedAddressAgesOutAfterThreeHundredSeconds() {
        Lan lan = lan(Simulation.Resolution.STATIC);
        ping(lan.h1(), "10.0.1.2", 1, 100 * MS, 56);          // h1's one frame reaches the bridge at 1 ms
        Bridge bridge = Bridge.of(lan.br());
        long h1 = lan.h1().nic(0).mac();
        int[] port = new int[2];
        lan.sim().kernel().schedule(MS + Bridge.AGEING_NS - MS, () -> port[0] = bridge.portOf(h1));
        lan.sim().kernel().schedule(MS + Bridge.AGEING_NS + MS, () -> port[1] = bridge.portOf(h1));
        lan.sim().run();
        assertThat(port).containsExactly(0, -1);
    }

    /**
     * R-DN-3 at layer 2: the length a bridge's pipe charges is the frame's (1,500-byte IP packets are
     * 1,514-byte frames: 12.112 ms each at 1 Mbit/s). Ten echo requests 1 ms apart queue in a 1 Mbit/s,
     * 20 ms pipe on the way to b; request k leaves it at 12.112·(k+1) ms and its reply is not piped.
     */
    @Test
    void aLayer2PipeChargesTheWholeFrame() {
        Lan lan = lan(Simulation.Resolution.STATIC);
        Dummynet engine = Dummynet.of(lan.sim().kernel());
        engine.configure(PipeConfig.defaults("1").withBandwidth(1_000_000).withDelayNs(20 * MS));
        RuleSet rules = RuleSet.of(lan.br());
        assertThat(Ipfw.load("""
                add 100 pipe 1 icmp from any to any layer2 out xmit eth1
                add 200 allow ip from any to any
                """, rules, Ipfw.NO_OBJECTS)).isEmpty();
        Ping p = ping(lan.h1(), "10.0.1.2", 10, MS, 1472);
        lan.sim().run();
        assertThat(p.received()).isEqualTo(10);
        for (int k = 0; k < 10; k++) {
            // sent at k ms, at the bridge 1 ms later, leaves the pipe at 1 + 12.112·(k+1) ms (queued behind
            // the k before it), 20 ms of pipe delay, 1 ms to h2, and the reply's 2 ms back
            long rtt = MS + 12_112_000L * (k + 1) + 20 * MS + MS + 2 * MS - k * MS;
            assertThat(p.rtt(k)).as("request %d", k).isEqualTo(rtt);
        }
        assertThat(engine.pipe("1").totals().packetsOut()).isEqualTo(10);
        assertThat(engine.pipe("1").totals().bytesOut()).isEqualTo(10 * 1514);
    }

    @Test
    void macAndMacTypeMatchBridgedFramesOnly() {
        Lan lan = lan(Simulation.Resolution.ARP);
        RuleSet rules = RuleSet.of(lan.br());
        String h2 = mac(lan.h2().nic(0).mac());
        assertThat(Ipfw.load("""
                add 100 count ip from any to any mac-type arp
                add 200 deny ip from any to any mac any %s in
                add 300 allow ip from any to any
                """.formatted(h2), rules, Ipfw.NO_OBJECTS)).isEmpty();
        Ping p = ping(lan.h1(), "10.0.1.2", 3, 100 * MS, 56);
        lan.sim().run();
        // h2's ARP reply comes from h2: denied on arrival at the bridge, so h1 never resolves it
        assertThat(p.received()).isZero();
        assertThat(rules.rules().get(0).packets()).isGreaterThanOrEqualTo(2);   // ARP requests in and out, h2's reply
        assertThat(rules.rules().get(1).packets()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void badMacWordsAreLocatedErrors() {
        Lan lan = lan(Simulation.Resolution.STATIC);
        RuleSet rules = RuleSet.of(lan.br());
        List<IpfwError> errors = Ipfw.load("""
                add 100 deny ip from any to any mac 02:00:00:00:00 any
                add 200 deny ip from any to any mac-type 0x10000
                add 300 deny ip from any to any mac any 02:00:00:00:00:01/49
                add 400 deny ip from any to any mac-type 0x0806-0x0800
                """, rules, Ipfw.NO_OBJECTS);
        assertThat(errors).hasSize(4);
        assertThat(errors.get(0).line()).isEqualTo(1);
        assertThat(errors.get(0).column()).isEqualTo(37);
        assertThat(errors.get(0).getMessage()).contains("not a MAC address");
        assertThat(errors.get(1).getMessage()).contains("not an EtherType");
        assertThat(errors.get(2).getMessage()).contains("mask length");
        assertThat(errors.get(3).getMessage()).contains("runs backwards");
    }

    @Test
    void aBridgeNeedsTwoNetworksAndMustComeBeforeMachinesOnStaticNetworks() {
        Simulation sim = new Simulation(1);
        Network a = sim.network("a", LinkConfig.UNLIMITED), b = sim.network("b", LinkConfig.UNLIMITED);
        assertThatThrownBy(() -> sim.bridge("br", List.of(a))).hasMessageContaining("two networks");
        sim.connect(sim.machine("h"), b, "10.0.0.1/24");
        assertThatThrownBy(() -> sim.bridge("br", List.of(a, b))).hasMessageContaining("before connecting machines");
    }

    static String mac(long m) {
        StringBuilder s = new StringBuilder();
        for (int i = 5; i >= 0; i--) s.append(String.format("%02x", (m >>> (8 * i)) & 0xff)).append(i > 0 ? ":" : "");
        return s.toString();
    }
}
