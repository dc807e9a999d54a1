package elvis.machine;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.link.FrameReceiver;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.message.Message;
import elvis.protocol.ethernet.EthernetDrop;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Drop;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Malformed packets and failing applications are counted, never thrown. */
class BadInputTest {

    record Host(Simulation sim, Machine machine, Nic nic) { }

    static Host host() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED);
        Machine m = sim.machine("m");
        Nic nic = sim.connect(m, lan, "10.0.0.1/24").device();
        m.addApplication(new CountDatagrams(7, 0, null));
        sim.runUntil(0);   // starts the application
        return new Host(sim, m, nic);
    }

    static byte[] frameHeader(long dstMac, int type) {
        byte[] b = new byte[14];
        for (int i = 0; i < 6; i++) b[i] = (byte) (dstMac >>> (40 - 8 * i));
        b[12] = (byte) (type >>> 8);
        b[13] = (byte) type;
        return b;
    }

    @Property(tries = 2000)
    void randomFramesAreDroppedOrDeliveredButNeverThrow(@ForAll @Size(max = 120) byte[] body, @ForAll @IntRange(max = 2) int kind) {
        Host h = host();
        int type = kind == 0 ? 0x0800 : kind == 1 ? 0x0806 : 0x86dd;
        Message frame = Message.wrap(body).prepend(frameHeader(h.nic.mac(), type));
        h.nic.receive(frame, FrameReceiver.FCS_INTACT);
        h.sim.run();
        // A protocol that throws is caught and counted as an internal error: that is a bug, not a drop.
        assertThat(h.machine.failures(Failure.Kind.INTERNAL_ERROR)).as("internal errors: %s", h.machine.failures()).isZero();
        assertThat(h.machine.failures()).isEmpty();
        assertThat(h.machine.totalDrops()).isLessThanOrEqualTo(1);
    }

    @Test
    void eachMalformedCaseHasItsCause() {
        Host h = host();
        long mac = h.nic.mac();
        h.nic.receive(Message.wrap(new byte[5]), FrameReceiver.FCS_INTACT);
        assertThat(h.machine.drops("MALFORMED")).isEqualTo(1);
        h.nic.receive(Message.zeros(30).prepend(frameHeader(0x02_77_77_77_77_77L, 0x0800)), FrameReceiver.FCS_INTACT);
        assertThat(h.machine.drops("NOT_FOR_US")).isEqualTo(1);
        h.nic.receive(Message.zeros(30).prepend(frameHeader(mac, 0x1234)), FrameReceiver.FCS_INTACT);
        assertThat(h.machine.drops(EthernetDrop.UNKNOWN_ETHERTYPE)).isEqualTo(1);
        byte[] ip = {0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 2, 10, 0, 0, 1};   // checksum left 0
        h.nic.receive(Message.zeros(8).prepend(ip).prepend(frameHeader(mac, 0x0800)), FrameReceiver.FCS_INTACT);
        assertThat(h.machine.drops(Ipv4Drop.IP_CHECKSUM)).isEqualTo(1);
        h.nic.receive(Message.zeros(64), 1234);   // the link says the FCS was 1234: CRC differs
        assertThat(h.machine.drops(DeviceDrop.FCS)).isEqualTo(1);
    }

    @Test
    void anApplicationThatThrowsFailsAloneAndTheSimulationContinues() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED);
        Machine bad = sim.machine("bad"), good = sim.machine("good");
        sim.connect(bad, lan, "10.0.0.1/24");
        sim.connect(good, lan, "10.0.0.2/24");
        bad.addApplication(new Application() {
            @Override public String name() { return "crasher"; }
            @Override public void start(Machine m) { throw new IllegalStateException("boom"); }
            @Override public String summary() { return "crashed"; }
        });
        CountDatagrams capture = new CountDatagrams(7, 1, null);
        good.addApplication(capture);
        good.addApplication(new elvis.app.SendDatagrams(elvis.protocol.ipv4.Ipv4Address.parse("10.0.0.2"), 7, Message.zeros(1), 1, 0, 0));
        sim.run();
        assertThat(bad.failures()).singleElement().asString().contains("crasher on bad", "boom");
        assertThat(capture.received()).isEqualTo(1);
        assertThat(sim.goalsMet()).isFalse();
    }

    @Test
    void aProtocolThatThrowsOnAPacketIsReportedOnItsMachineAndTheSimulationGoesOn() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(1_000_000));
        Machine faulty = sim.machine("faulty"), healthy = sim.machine("healthy"), sender = sim.machine("sender");
        sim.connect(faulty, lan, "10.0.0.1/24");
        sim.connect(healthy, lan, "10.0.0.2/24");
        sim.connect(sender, lan, "10.0.0.3/24");
        // A buggy protocol 99 on one machine.
        Ipv4.of(faulty).register(99, (datagram, headerLength, src, dst, iface) -> { throw new IllegalStateException("bug in protocol 99"); });
        CountDatagrams capture = new CountDatagrams(7, 3, null);
        healthy.addApplication(capture);
        sender.addApplication(new elvis.app.SendDatagrams(elvis.protocol.ipv4.Ipv4Address.parse("10.0.0.2"), 7, Message.zeros(1), 3, 1_000_000, 0));
        sim.kernel().schedule(0, () -> Ipv4.of(sender).send(elvis.protocol.ipv4.Ipv4Address.parse("10.0.0.1"), 99, Message.zeros(10)));
        sim.run();
        assertThat(faulty.failures(Failure.Kind.INTERNAL_ERROR)).isEqualTo(1);
        assertThat(faulty.totalDrops()).as("a failure is not a drop").isZero();
        assertThat(faulty.failures()).singleElement().asString().contains("internal error", "faulty", "bug in protocol 99");
        assertThat(capture.received()).isEqualTo(3);
        assertThat(sim.goalsMet()).isFalse();   // reported, so the run is not called a success
    }
}
