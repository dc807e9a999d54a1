package elvis.routing.ospf;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Checksum;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Interface;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static elvis.routing.ospf.OspfTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated OSPF packets (bit flips with and without a repaired checksum, truncations,
 * wrong length and count fields, other types, noise) thrown at a router that has a full neighbour on
 * a LAN, as if they came from that neighbour: each is handled or a counted drop, nothing throws, and
 * whatever parses encodes and parses back to the same bytes. A CI-sized slice of 10^4;
 * {@code -Dfuzz.ospf=1000000} runs the 10^6.
 */
class OspfFuzzTest {
    static final int TOTAL = Integer.getInteger("fuzz.ospf", 10_000);
    static final long S = OspfTest.S;

    @Test
    void randomAndMutatedPacketsAreHandledOrCountedDrops() {
        Random rnd = new Random(2328);
        Simulation sim = new Simulation(11);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(OspfTest.MS));
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.5.0.1/24");
        sim.connect(b, lan, "10.5.0.2/24");
        Ospf oa = new Ospf(OspfTest.config(ip("1.1.1.1"))), ob = new Ospf(OspfTest.config(ip("2.2.2.2")));
        a.addApplication(oa);
        b.addApplication(ob);
        sim.runUntil(60 * S);
        assertThat(oa.neighbors()).containsExactly("a/eth0 2.2.2.2 Full");
        Ipv4Interface ai = Ipv4.of(a).iface(0);
        byte[][] seeds = seeds(ob);
        long malformed = 0;
        for (int i = 0; i < TOTAL; i++) {
            byte[] bytes = mutate(rnd, seeds[rnd.nextInt(seeds.length)]);
            Message m = Message.wrap(bytes);
            OspfPacket parsed = OspfPacket.parse(m);
            if (parsed == null) malformed++;
            else {
                byte[] again = parsed.encode();
                OspfPacket back = OspfPacket.parse(Message.wrap(again));
                assertThat(back).isNotNull();
                assertThat(back.encode()).isEqualTo(again);
            }
            int dst = rnd.nextInt(4) == 0 ? OspfPacket.ALL_D_ROUTERS : rnd.nextBoolean() ? OspfPacket.ALL_SPF_ROUTERS : ip("10.5.0.1");
            oa.receive(m, 0, ip("10.5.0.2"), dst, ai);
            if (i % 101 == 0) sim.runUntil(sim.kernel().now() + rnd.nextInt(3) * S);    // timers run between packets
        }
        sim.runUntil(sim.kernel().now() + 120 * S);
        for (Machine mc : sim.machines()) assertThat(mc.failures()).as("failures on " + mc).isEmpty();
        assertThat(a.drops(OspfDrop.OSPF_MALFORMED)).as("every malformed packet counted").isEqualTo(malformed);
        assertThat(malformed).as("the mutations reach the error paths").isGreaterThan(TOTAL / 10);
        assertThat(malformed).as("and the parsing paths").isLessThan(TOTAL * 9L / 10);
        assertThat(a.drops(OspfDrop.OSPF_REJECTED)).as("well-formed packets reach the daemon's checks").isPositive();
        assertThat(oa.received(OspfPacket.LS_UPDATE)).isPositive();
    }

    /** Valid packets of every type as b would send them to a, with router, network and AS-external LSAs (type 1 and type 2 metrics). */
    static byte[][] seeds(Ospf b) {
        int rid = ip("2.2.2.2");
        OspfPacket hello = new OspfPacket(OspfPacket.HELLO, rid, 0);
        hello.networkMask = ip("255.255.255.0");
        hello.helloInterval = 10;
        hello.deadInterval = 40;
        hello.options = OspfPacket.OPTION_E;
        hello.priority = 1;
        hello.designatedRouter = ip("10.5.0.2");
        hello.backupDesignatedRouter = ip("10.5.0.1");
        hello.neighbors = new int[] {ip("1.1.1.1")};
        Lsa router = Lsa.router(OspfPacket.OPTION_E, ip("9.9.9.9"), Lsa.INITIAL_SEQUENCE + 3, 0, List.of(
                new Lsa.Link(ip("10.5.0.2"), ip("10.5.0.9"), Lsa.TRANSIT, 1), new Lsa.Link(ip("172.16.9.0"), ip("255.255.255.0"), Lsa.STUB, 1),
                new Lsa.Link(ip("2.2.2.2"), ip("10.9.0.1"), Lsa.POINT_TO_POINT, 7)));
        Lsa network = Lsa.network(OspfPacket.OPTION_E, ip("10.5.0.2"), rid, Lsa.INITIAL_SEQUENCE + 9, ip("255.255.255.0"),
                new int[] {rid, ip("1.1.1.1"), ip("9.9.9.9")});
        Lsa external2 = Lsa.external(OspfPacket.OPTION_E, ip("203.0.113.0"), ip("9.9.9.9"), Lsa.INITIAL_SEQUENCE + 1, ip("255.255.255.0"), 20, true, 0, 64500);
        Lsa external1 = Lsa.external(OspfPacket.OPTION_E, ip("198.51.100.0"), rid, Lsa.INITIAL_SEQUENCE, ip("255.255.254.0"), 7, false, ip("10.5.0.7"), 0);
        List<Lsa> known = b.database();
        OspfPacket dd = new OspfPacket(OspfPacket.DB_DESCRIPTION, rid, 0);
        dd.mtu = 1500;
        dd.options = OspfPacket.OPTION_E;
        dd.ddFlags = OspfPacket.FLAG_I | OspfPacket.FLAG_M | OspfPacket.FLAG_MS;
        dd.ddSequence = 77;
        dd.lsas = List.of(router, network, external2.header());
        OspfPacket lsr = new OspfPacket(OspfPacket.LS_REQUEST, rid, 0);
        lsr.requests = List.of(known.get(0).key(), router.key());
        OspfPacket lsu = new OspfPacket(OspfPacket.LS_UPDATE, rid, 0);
        lsu.lsas = List.of(router, network, known.get(known.size() - 1), external2, external1);
        OspfPacket ack = new OspfPacket(OspfPacket.LS_ACK, rid, 0);
        ack.lsas = known;
        return new byte[][] {hello.encode(), dd.encode(), lsr.encode(), lsu.encode(), ack.encode()};
    }

    static byte[] mutate(Random rnd, byte[] seed) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(8)) {
            case 0 -> flip(rnd, b);                                                                     // fails the checksum
            case 1 -> { flip(rnd, b); repair(b); }                                                     // passes it: reaches the body checks
            case 2 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));                                  // truncated
            case 3 -> { b[2] = (byte) rnd.nextInt(256); b[3] = (byte) rnd.nextInt(256); repair(b); }  // the packet length
            case 4 -> { if (b.length > 28) { b[24 + rnd.nextInt(4)] = (byte) rnd.nextInt(256); repair(b); } }   // an LSA count, mask or MTU
            case 5 -> { b[1] = (byte) rnd.nextInt(8); repair(b); }                                     // another type
            case 6 -> { b = new byte[rnd.nextInt(200)]; rnd.nextBytes(b); }                             // noise
            default -> {                                                                                // an LSA's length or age, checksums repaired
                if (b.length >= 48) {
                    int at = 28 + rnd.nextInt(Math.max(1, b.length - 48));
                    b[at] = (byte) rnd.nextInt(256);
                }
                repair(b);
            }
        }
        return b;
    }

    private static void flip(Random rnd, byte[] b) {
        for (int k = rnd.nextInt(3) + 1; k > 0; k--) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
    }

    /** Recomputes the packet checksum over what its length field covers, when it can. */
    static void repair(byte[] b) {
        if (b.length < 24) return;
        int len = (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
        if (len < 24 || len > b.length) return;
        b[12] = 0;
        b[13] = 0;
        int s = Checksum.finish((long) Checksum.sum(b, 0, 16) + Checksum.sum(b, 24, len - 24));
        b[12] = (byte) (s >>> 8);
        b[13] = (byte) s;
    }
}
