package elvis.protocol.udp;

import elvis.Simulation;
import elvis.machine.Machine;
import elvis.message.Checksum;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What UDP's checksum (RFC 768: RFC 1071's 16-bit ones'-complement sum over a pseudo-header and the
 * datagram) can and cannot tell. One flipped bit changes the sum by ±2^k, never a multiple of 0xFFFF,
 * so it is always caught; two flips of the same bit in two words, one setting it and one clearing it,
 * leave the sum as it was, so such a datagram passes (as in UdpRandomPathTest's sample -3549431,
 * corrupted on two hops); a checksum field of 0 means none was computed, so nothing is checked.
 */
class UdpChecksumTest {
    static final int SRC = Ipv4Address.parse("10.0.0.1"), DST = Ipv4Address.parse("10.0.0.2");

    Simulation sim;
    Machine machine;
    final List<Message> delivered = new ArrayList<>();
    long now;

    @BeforeEach
    void bind() {
        sim = new Simulation(1);
        machine = sim.machine("m");
        Udp.of(machine).bind(9000, null, (data, ip, port) -> delivered.add(data));
    }

    /** A datagram from port 5000 to 9000 carrying {@code payload}, with its checksum (or 0 with {@code checksum} false). */
    static Message datagram(byte[] payload, boolean checksum) {
        int len = Udp.HEADER + payload.length;
        byte[] d = new byte[len];
        d[0] = (byte) (5000 >>> 8);
        d[1] = (byte) 5000;
        d[2] = (byte) (9000 >>> 8);
        d[3] = (byte) 9000;
        d[4] = (byte) (len >>> 8);
        d[5] = (byte) len;
        System.arraycopy(payload, 0, d, Udp.HEADER, payload.length);
        if (checksum) {
            int ck = Checksum.finish(Udp.pseudoHeaderSum(SRC, DST, len) + Checksum.sum(d, 0, len));
            d[6] = (byte) (ck >>> 8);
            d[7] = (byte) ck;
        }
        return Message.wrap(d);
    }

    /** Hands {@code datagram} to UDP as IPv4 would (no IP header in front) and runs the upcalls. */
    void receive(Message datagram) {
        long at = ++now;
        sim.kernel().at(at, () -> Udp.of(machine).receive(datagram, 0, SRC, DST, null));
        sim.runUntil(at);
    }

    static byte[] payload() {
        byte[] p = new byte[32];
        new Random(7).nextBytes(p);
        return p;
    }

    @Test
    void everySingleBitFlipIsCaught() {
        Message d = datagram(payload(), true);
        assertThat(Integer.bitCount(d.u16(6))).as("no single flip can zero this checksum field").isGreaterThan(1);
        receive(d);
        assertThat(delivered).hasSize(1);
        delivered.clear();
        long bits = d.length() * 8L;
        for (long bit = 0; bit < bits; bit++) receive(d.withBitFlipped(bit));
        assertThat(delivered).isEmpty();
        assertThat(machine.drops(UdpDrop.UDP_CHECKSUM) + machine.drops(UdpDrop.MALFORMED)).isEqualTo(bits);
    }

    @Test
    void twoFlipsThatCancelInTheSumGoUnseen() {
        byte[] p = payload();
        p[10] &= ~0x40;                        // bytes 18 and 28 of the datagram: the high bytes of two words
        p[20] |= 0x40;
        Message d = datagram(p, true);
        Message changed = d.withBitFlipped(18 * 8 + 1).withBitFlipped(28 * 8 + 1);   // 0x40 set in one, cleared in the other
        assertThat(changed.onesSum()).isEqualTo(d.onesSum());
        receive(changed);
        assertThat(delivered).hasSize(1);
        assertThat(delivered.getFirst().contentEquals(Message.wrap(p))).isFalse();
        assertThat(machine.drops(UdpDrop.UDP_CHECKSUM)).isZero();
    }

    @Test
    void aZeroChecksumFieldMeansNoneAndNothingIsChecked() {
        Message d = datagram(payload(), false);
        receive(d.withBitFlipped(20 * 8));
        assertThat(delivered).hasSize(1);
        assertThat(delivered.getFirst().contentEquals(Message.wrap(payload()))).isFalse();
    }
}
