package elvis.architecture;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.DropCause;
import elvis.machine.Machine;
import elvis.machine.Protocol;
import elvis.machine.ProtocolKey;
import elvis.machine.StackSpec;
import elvis.machine.StackSpec.Creation;
import elvis.message.Message;
import elvis.protocol.Stacks;
import elvis.protocol.ipv4.IpUpper;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Drop;
import elvis.protocol.ipv4.Ipv4Interface;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worked example of docs/adding-a-protocol.md: a protocol over IPv4, defined here and added
 * through a stack description, with no edit to the core. "Probe" uses IP protocol 253, which RFC
 * 3692 sets aside for experiments: a 4-byte magic, then a type (1 request, 2 reply) and a body.
 * A request is answered with a reply carrying the same body; anything else is counted as a drop.
 */
class AddingAProtocolTest {
    /** The protocol's drop causes: counted per machine, reported with every other cause. */
    enum ProbeDrop implements DropCause {
        BAD_PROBE("not a probe message");

        private final String description;

        ProbeDrop(String description) { this.description = description; }

        @Override
        public String description() { return description; }
    }

    /** The protocol: one instance per machine, made by the machine's stack. */
    static final class Probe extends Protocol implements IpUpper {
        static final ProtocolKey<Probe> KEY = new ProtocolKey<>("probe", Probe.class);
        static final int PROTOCOL = 253;
        static final int MAGIC = 0x50524F42;   // "PROB"
        static final int REQUEST = 1, REPLY = 2;

        private final Ipv4 ipv4;
        final List<String> replies = new ArrayList<>();

        Probe(Machine machine) {
            super(machine);
            ipv4 = Ipv4.of(machine);
        }

        static Probe of(Machine machine) { return machine.protocol(KEY); }

        void request(int dst, String body) { send(dst, REQUEST, Message.ofUtf8(body)); }

        private void send(int dst, int type, Message body) {
            byte[] h = new byte[5];
            Ipv4.putInt(h, 0, MAGIC);
            h[4] = (byte) type;
            ipv4.send(0, dst, PROTOCOL, body.prepend(h));
        }

        @Override
        public void receive(Message datagram, int headerLength, int src, int dst, Ipv4Interface iface) {
            Message m = datagram.slice(headerLength);
            if (m.length() < 5 || m.i32(0) != MAGIC || (m.u8(4) != REQUEST && m.u8(4) != REPLY)) {
                drop(ProbeDrop.BAD_PROBE);
                return;
            }
            Message body = m.slice(5);
            if (m.u8(4) == REQUEST) send(src, REPLY, body);
            else replies.add(body.toUtf8() + " from " + Ipv4Address.format(src));
        }
    }

    /** The Internet stack plus Probe over IPv4's protocol 253: one description, shared by a group. */
    static final StackSpec WITH_PROBE = Stacks.internet()
            .add(Probe.KEY, Probe::new, Creation.EAGER).over(Ipv4.KEY, Probe.PROTOCOL)
            .build();

    @Test
    void twoMachinesExchangeProbesAndCountBadOnes() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(1_000));
        Machine a = sim.machine("a", WITH_PROBE), b = sim.machine("b", WITH_PROBE), plain = sim.machine("plain");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        sim.connect(plain, lan, "10.0.0.3/24");

        sim.kernel().at(0, () -> Probe.of(a).request(sim.resolve("b"), "hello"));
        sim.kernel().at(10_000, () -> Ipv4.of(a).send(sim.resolve("b"), Probe.PROTOCOL, Message.ofUtf8("junk")));
        sim.kernel().at(20_000, () -> Probe.of(a).request(sim.resolve("plain"), "anyone?"));
        sim.run();

        assertThat(Probe.of(a).replies).containsExactly("hello from 10.0.0.2");
        assertThat(b.drops(ProbeDrop.BAD_PROBE)).isEqualTo(1);
        assertThat(b.drops()).containsOnlyKeys(ProbeDrop.BAD_PROBE);
        // A machine whose stack has no Probe drops it as any unknown protocol.
        assertThat(plain.drops(Ipv4Drop.UNKNOWN_PROTOCOL)).isEqualTo(1);
        assertThat(plain.existing(Probe.KEY)).isNull();
    }
}
