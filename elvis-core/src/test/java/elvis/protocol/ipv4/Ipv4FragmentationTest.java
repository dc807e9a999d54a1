package elvis.protocol.ipv4;

import elvis.Simulation;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.machine.Protocol;
import elvis.machine.ProtocolKey;
import elvis.machine.StackSpec;
import elvis.machine.StackSpec.Creation;
import elvis.message.Checksum;
import elvis.message.Message;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.arp.Arp;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpSegment;
import elvis.protocol.udp.Udp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** IPv4 fragmentation (RFC 791) on hosts and routers, DF, and reassembly (RFC 815) with its timer and memory bound. */
class Ipv4FragmentationTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int A = ip("10.0.0.1"), B = ip("10.0.0.2");

    static int ip(String s) { return Ipv4Address.parse(s); }

    /**
     * Stands at IP protocol 1 in place of ICMP (a stack of the test's own, as docs/adding-a-protocol.md
     * shows) and records what IPv4 asks ICMP to report: "type/code/info" (" local" for one of the
     * machine's own sends), the datagram to quote, and when.
     */
    static final class Errors extends Protocol implements IpUpper, ErrorReporter {
        static final ProtocolKey<Errors> KEY = new ProtocolKey<>("errors", Errors.class);
        static final StackSpec STACK = StackSpec.builder()
                .add(Ethernet.KEY, Ethernet::new, Creation.EAGER)
                .add(Ipv4.KEY, Ipv4::new, Creation.EAGER).over(Ethernet.KEY, Ethernet.TYPE_IPV4)
                .add(Arp.KEY, Arp::new, Creation.ON_DEMAND).over(Ethernet.KEY, Ethernet.TYPE_ARP)
                .add(KEY, Errors::new, Creation.EAGER).over(Ipv4.KEY, ErrorReporter.PROTOCOL)
                .add(Udp.KEY, Udp::new, Creation.ON_LOCAL_USE).over(Ipv4.KEY, Udp.PROTOCOL)
                .add(Tcp.KEY, Tcp::new, Creation.ON_LOCAL_USE).over(Ipv4.KEY, TcpSegment.PROTOCOL)
                .build();
        final List<String> calls = new ArrayList<>();
        final List<Message> quoted = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        RuntimeException toThrow;

        Errors(Machine m) { super(m); }

        static Errors on(Machine m) { return m.protocol(KEY); }

        @Override
        public void receive(Message datagram, int headerLength, int src, int dst, Ipv4Interface iface) { }

        @Override
        public void report(int type, int code, int info, Message datagram, Ipv4Interface in) {
            if (toThrow != null) throw toThrow;
            calls.add(type + "/" + code + "/" + info + (in == null ? " local" : ""));
            quoted.add(datagram);
            times.add(machine.sim().now());
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** The IPv4 packets sent from {@code port} of {@code network} (the Ethernet header removed). */
    static List<Message> ipPacketsFrom(Network network, int port) {
        List<Message> packets = new ArrayList<>();
        network.addTap(new FrameTap() {
            @Override public void sent(Network n, int fromPort, Message f) {
                if (fromPort == port && f.u16(12) == 0x0800) {
                    Message p = f.slice(Ethernet.HEADER);
                    packets.add(p.slice(0, p.u16(2)));
                }
            }
        });
        return packets;
    }

    /** Two hosts a (10.0.0.1) and b (10.0.0.2) on one LAN of MTU {@code mtu}. */
    record Lan(Simulation sim, Machine a, Machine b, Network lan, List<Message> fromA, List<Message> atB) {
        static Lan build(int mtu) {
            Simulation sim = new Simulation(1);
            Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS).withMtu(mtu));
            Machine a = sim.machine("a", Errors.STACK), b = sim.machine("b", Errors.STACK);
            Ipv4Interface ai = sim.connect(a, lan, "10.0.0.1/24");
            sim.connect(b, lan, "10.0.0.2/24");
            List<Message> atB = new ArrayList<>();
            Udp.of(b).bind(9, null, (d, s, p) -> atB.add(d));
            return new Lan(sim, a, b, lan, ipPacketsFrom(lan, ai.device().port()), atB);
        }

        void sendAt(long t, byte[] data) { sim.kernel().at(t, () -> Udp.of(a).bind(0, null, (d, s, p) -> { }).sendTo(B, 9, Message.wrap(data))); }
    }

    /** The fragments a 4,000-byte UDP datagram (3,992 bytes of {@code data}) leaves a 1,500-byte MTU in. */
    static List<Message> fragmentsOf(byte[] data) {
        Lan n = Lan.build(1500);
        n.sendAt(0, data);
        n.sim().run();
        return n.fromA();
    }

    @Test
    void aFourThousandByteUdpDatagramLeavesAFifteenHundredByteMtuAsThreeFragments() {
        byte[] data = randomBytes(3992, 1);
        Lan n = Lan.build(1500);
        n.sendAt(0, data);
        n.sim().run();
        List<Message> f = n.fromA();
        assertThat(f).hasSize(3);
        int[] totals = {1500, 1500, 1060}, offsets = {0, 185, 370}, mf = {1, 1, 0};
        int id = f.get(0).u16(4);
        Message udp = Message.EMPTY;
        for (int k = 0; k < 3; k++) {
            Message p = f.get(k);
            assertThat(p.u8(0)).isEqualTo(0x45);
            assertThat(p.u16(2)).as("total length of fragment " + k).isEqualTo(totals[k]);
            assertThat(p.u16(4)).as("identification").isEqualTo(id);
            assertThat(p.u16(6) >>> 13).as("flags of fragment " + k).isEqualTo(mf[k]);       // DF clear, MF
            assertThat(p.u16(6) & 0x1FFF).as("offset of fragment " + k).isEqualTo(offsets[k]);
            assertThat(p.u8(9)).isEqualTo(Udp.PROTOCOL);
            assertThat(Checksum.of(p.toByteArray(), 0, 20)).as("header checksum").isZero();
            udp = udp.concat(p.slice(20));
        }
        assertThat(udp.length()).isEqualTo(4000);
        assertThat(udp.u16(4)).as("UDP length").isEqualTo(4000);
        assertThat(udp.slice(8).toByteArray()).isEqualTo(data);
        assertThat(n.atB()).hasSize(1);
        assertThat(n.atB().get(0).toByteArray()).isEqualTo(data);
        assertThat(n.a().totalDrops() + n.b().totalDrops()).isZero();
    }

    @Test
    void fragmentsShareThePayloadInsteadOfCopyingIt() {
        byte[] data = randomBytes(3992, 2);
        Lan n = Lan.build(1500);
        n.sendAt(0, data);
        n.sim().run();
        Message second = n.fromA().get(1).slice(20);
        List<byte[]> arrays = new ArrayList<>();
        second.forEachSlice((array, offset, length) -> arrays.add(array));
        assertThat(arrays).hasSize(1);
        assertThat(arrays.get(0)).isSameAs(data);          // the application's array itself
    }

    /** A receiver b alone, fed IPv4 packets at chosen times; what its port 9 gets is recorded. */
    record Receiver(Simulation sim, Machine b, Ipv4Interface iface, List<Message> got, Errors errors) {
        static Receiver build(Ipv4Config config) {
            Simulation sim = new Simulation(1);
            Network lan = sim.network("lan", LinkConfig.UNLIMITED);
            Machine b = sim.machine("b", Errors.STACK);
            Ipv4Interface i = sim.connect(b, lan, "10.0.0.2/24");
            Ipv4.of(b).config(config);
            List<Message> got = new ArrayList<>();
            Udp.of(b).bind(9, null, (d, s, p) -> got.add(d));
            return new Receiver(sim, b, i, got, Errors.on(b));
        }

        void feed(long t, Message packet) { sim.kernel().at(t, () -> Ipv4.of(b).receive(packet, iface)); }

        Reassembly reassembly() { return Ipv4.of(b).reassembly(); }
    }

    @Test
    void fragmentsArrivingReorderedOrDuplicatedAreReassembled() {
        byte[] data = randomBytes(3992, 3);
        List<Message> f = fragmentsOf(data);
        Receiver r = Receiver.build(Ipv4Config.DEFAULT);
        int[] order = {2, 0, 2, 0, 1, 1};       // the second 1 comes after completion: a new datagram, which times out
        for (int k = 0; k < order.length; k++) r.feed(k * MS, f.get(order[k]));
        r.sim().run();
        assertThat(r.got()).hasSize(1);
        assertThat(r.got().get(0).toByteArray()).isEqualTo(data);
        assertThat(r.b().drops(Ipv4Drop.FRAGMENT_DUPLICATE)).isEqualTo(2);
        assertThat(r.b().drops(Ipv4Drop.REASSEMBLY_TIMEOUT)).isEqualTo(1);
        assertThat(r.errors().calls).isEmpty();              // the leftover had no first fragment
        assertThat(r.reassembly().memory()).isZero();
    }

    @Test
    void aDatagramTheApplicationResendsIsDeliveredAndTheIncompleteOneTimesOutWithTimeExceeded() {
        byte[] data = randomBytes(3992, 4);
        Lan n = Lan.build(1500);
        n.sendAt(0, data);
        n.sendAt(10 * MS, data);
        n.sim().run();
        List<Message> f = n.fromA();
        assertThat(f).hasSize(6);
        assertThat(f.get(0).u16(4)).isNotEqualTo(f.get(3).u16(4));  // a new identification
        Receiver r = Receiver.build(Ipv4Config.DEFAULT);
        r.feed(0, f.get(0));
        r.feed(MS, f.get(2));                   // the middle one is lost
        for (int k = 3; k < 6; k++) r.feed(10 * MS + k, f.get(k));
        r.sim().run();
        assertThat(r.got()).hasSize(1);
        assertThat(r.got().get(0).toByteArray()).isEqualTo(data);
        assertThat(r.errors().calls).containsExactly("11/1/0");
        assertThat(r.errors().times).containsExactly(30 * S);       // 30 s after its first fragment came
        assertThat(r.errors().quoted.get(0)).isSameAs(f.get(0));     // the first fragment, header and all
        assertThat(r.b().drops(Ipv4Drop.REASSEMBLY_TIMEOUT)).isEqualTo(1);
        assertThat(r.reassembly().memory()).isZero();
        assertThat(r.reassembly().pending()).isZero();
    }

    @Test
    void withoutTheFirstFragmentTheTimeoutSendsNothingAndTheTimeoutIsAParameter() {
        List<Message> f = fragmentsOf(randomBytes(3992, 5));
        Receiver r = Receiver.build(Ipv4Config.DEFAULT.withReassemblyTimeout(5 * S));
        r.feed(0, f.get(1));
        r.feed(MS, f.get(2));
        r.sim().run();
        assertThat(r.sim().kernel().now()).isEqualTo(5 * S);
        assertThat(r.got()).isEmpty();
        assertThat(r.errors().calls).isEmpty();
        assertThat(r.b().drops(Ipv4Drop.REASSEMBLY_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void aFailureInTheReassemblyTimerFailsTheMachineNotTheRun() {
        List<Message> f = fragmentsOf(randomBytes(3992, 13));
        Simulation sim = new Simulation(1);
        Machine b = sim.machine("b", Errors.STACK);
        Ipv4Interface i = sim.connect(b, sim.network("lan", LinkConfig.UNLIMITED), "10.0.0.2/24");
        Errors.on(b).toThrow = new IllegalStateException("boom");
        sim.kernel().at(0, () -> Ipv4.of(b).receive(f.get(0), i));
        sim.run();
        assertThat(b.failures()).hasSize(1);
        assertThat(b.drops(Ipv4Drop.REASSEMBLY_TIMEOUT)).isEqualTo(1);
        assertThat(Ipv4.of(b).reassembly().memory()).isZero();
    }

    /** {@code p} with a new flags-and-offset word, total length {@code total} (its data cut), and a right checksum. */
    static Message rewrite(Message p, int flagsOffset, int total) {
        byte[] b = p.slice(0, Math.min(total, p.length())).toByteArray();
        if (b.length < total) b = java.util.Arrays.copyOf(b, total);
        b[2] = (byte) (total >>> 8);
        b[3] = (byte) total;
        b[6] = (byte) (flagsOffset >>> 8);
        b[7] = (byte) flagsOffset;
        b[10] = b[11] = 0;
        int ck = Checksum.of(b, 0, 20);
        b[10] = (byte) (ck >>> 8);
        b[11] = (byte) ck;
        return Message.wrap(b);
    }

    @Test
    void anOverlappingFragmentDiscardsTheWholeDatagram() {
        List<Message> f = fragmentsOf(randomBytes(3992, 6));
        Receiver r = Receiver.build(Ipv4Config.DEFAULT);
        r.feed(0, f.get(0));
        r.feed(1, rewrite(f.get(1), 0x2000 | 100, 20 + 1480));    // offset 800: inside the first
        r.feed(2, f.get(1));
        r.feed(3, f.get(2));
        r.sim().run();
        assertThat(r.got()).isEmpty();
        assertThat(r.b().drops(Ipv4Drop.FRAGMENT_OVERLAP)).isEqualTo(1);
        // The rest start a datagram again that never completes (its first fragment went with the discard).
        assertThat(r.b().drops(Ipv4Drop.REASSEMBLY_TIMEOUT)).isEqualTo(1);
        assertThat(r.errors().calls).isEmpty();
    }

    @Test
    void fragmentsThatCannotBelongToADatagramAreCountedDrops() {
        List<Message> f = fragmentsOf(randomBytes(3992, 7));
        Receiver r = Receiver.build(Ipv4Config.DEFAULT);
        r.feed(0, rewrite(f.get(0), 0x2000, 20 + 1001));          // MF with a length not a multiple of 8
        r.feed(1, rewrite(f.get(0), 0x2000 | 8190, 20 + 1480));    // past 65,535 bytes (the ping of death)
        r.feed(2, f.get(2));                                       // the last: the datagram is 4,000 bytes
        r.feed(3, rewrite(f.get(1), 0x2000 | 500, 20 + 8));        // begins beyond that end with MF
        r.sim().run();
        assertThat(r.b().drops(Ipv4Drop.FRAGMENT_MALFORMED)).isEqualTo(3);
        assertThat(r.got()).isEmpty();
    }

    @Test
    void theReassemblyMemoryBoundHoldsUnderAFloodOfFragments() {
        List<Message> f = fragmentsOf(randomBytes(3992, 8));
        long bound = 100_000;
        Receiver r = Receiver.build(Ipv4Config.DEFAULT.withReassemblyMemory(bound));
        long[] peak = {0};
        for (int k = 0; k < 1000; k++) {
            byte[] b = f.get(0).toByteArray();
            b[4] = (byte) (k >>> 8);        // a new identification: a new datagram each
            b[5] = (byte) k;
            Message p = rewrite(Message.wrap(b), 0x2000, 1500);
            r.sim().kernel().at(k, () -> {
                Ipv4.of(r.b()).receive(p, r.iface());
                peak[0] = Math.max(peak[0], r.reassembly().memory());
            });
        }
        r.sim().run();
        long each = 1500 + Reassembly.FRAGMENT_OVERHEAD, held = bound / each;
        assertThat(peak[0]).isEqualTo(held * each).isLessThanOrEqualTo(bound);
        assertThat(r.b().drops(Ipv4Drop.REASSEMBLY_MEMORY)).isEqualTo(1000 - held);
        assertThat(r.b().drops(Ipv4Drop.REASSEMBLY_TIMEOUT)).isEqualTo(held);
        assertThat(r.reassembly().memory()).isZero();
    }

    @Test
    void aDatagramWithDfLargerThanTheMtuIsDroppedAndReportedAsFragNeeded() {
        Lan n = Lan.build(1500);
        Errors errors = Errors.on(n.a());
        boolean[] sent = {true};
        n.sim().kernel().at(0, () -> sent[0] = Ipv4.of(n.a()).send(0, B, Udp.PROTOCOL, Message.zeros(1481),
                IpLayer.DEFAULT_OPTIONS | IpLayer.DONT_FRAGMENT));
        n.sim().kernel().at(1, () -> Ipv4.of(n.a()).send(0, B, Udp.PROTOCOL, Message.zeros(1480), 7 | IpLayer.DONT_FRAGMENT));
        n.sim().run();
        assertThat(sent[0]).isFalse();
        assertThat(n.a().drops(Ipv4Drop.FRAG_NEEDED)).isEqualTo(1);
        assertThat(errors.calls).containsExactly("3/4/1500 local");
        assertThat(errors.quoted.get(0).length()).isEqualTo(1501);
        assertThat(n.fromA()).hasSize(1);                        // the one that fits leaves whole, with DF and TTL 7
        assertThat(n.fromA().get(0).u16(6)).isEqualTo(0x4000);
        assertThat(n.fromA().get(0).u8(8)).isEqualTo(7);
        assertThat(Checksum.of(n.fromA().get(0).toByteArray(), 0, 20)).isZero();
    }

    /** a —(MTU 1500)— r —(MTU {@code rightMtu})— b. */
    record Path(Simulation sim, Machine a, Machine r, Machine b, List<Message> fromR, List<Message> atB) {
        static Path build(int rightMtu) {
            Simulation sim = new Simulation(1);
            Network left = sim.network("left", LinkConfig.UNLIMITED.withDelay(MS));
            Network right = sim.network("right", LinkConfig.UNLIMITED.withDelay(MS).withMtu(rightMtu));
            Machine a = sim.machine("a", Errors.STACK), r = sim.machine("r", Errors.STACK), b = sim.machine("b", Errors.STACK);
            sim.connect(a, left, "10.0.1.10/24");
            sim.connect(r, left, "10.0.1.1/24");
            Ipv4Interface rRight = sim.connect(r, right, "10.0.2.1/24");
            sim.connect(b, right, "10.0.2.10/24");
            sim.router(r);
            sim.route(a, "default", "10.0.1.1");
            sim.route(b, "default", "10.0.2.1");
            List<Message> atB = new ArrayList<>();
            Udp.of(b).bind(9, null, (d, s, p) -> atB.add(d));
            return new Path(sim, a, r, b, ipPacketsFrom(right, rRight.device().port()), atB);
        }
    }

    @Test
    void aRouterFragmentsPacketsAndFragmentsForALinkWithASmallerMtu() {
        Path n = Path.build(1000);
        byte[] data = randomBytes(3992, 9);
        n.sim().kernel().at(0, () -> Udp.of(n.a()).bind(0, null, (d, s, p) -> { }).sendTo(ip("10.0.2.10"), 9, Message.wrap(data)));
        n.sim().run();
        // 1,480-byte fragments become 976 + 504 each; the last (1,040) becomes 976 + 64.
        List<String> seen = new ArrayList<>();
        for (Message p : n.fromR()) {
            assertThat(p.length()).isLessThanOrEqualTo(1000);
            assertThat(p.u8(8)).as("TTL").isEqualTo(63);
            assertThat(Checksum.of(p.toByteArray(), 0, 20)).isZero();
            seen.add((p.u16(6) & 0x1FFF) * 8 + "+" + (p.length() - 20) + ((p.u16(6) & 0x2000) != 0 ? " MF" : ""));
        }
        assertThat(seen).containsExactly("0+976 MF", "976+504 MF", "1480+976 MF", "2456+504 MF", "2960+976 MF", "3936+64");
        assertThat(n.atB()).hasSize(1);
        assertThat(n.atB().get(0).toByteArray()).isEqualTo(data);
        assertThat(n.a().totalDrops() + n.r().totalDrops() + n.b().totalDrops()).isZero();
    }

    @Test
    void aRouterDropsAPacketWithDfThatDoesNotFitAndReportsTheNextHopMtu() {
        Path n = Path.build(1000);
        Errors errors = Errors.on(n.r());
        n.sim().kernel().at(0, () -> Ipv4.of(n.a()).send(0, ip("10.0.2.10"), Udp.PROTOCOL, Message.zeros(1400),
                IpLayer.DEFAULT_OPTIONS | IpLayer.DONT_FRAGMENT));
        n.sim().run();
        assertThat(n.fromR()).isEmpty();
        assertThat(n.r().drops(Ipv4Drop.FRAG_NEEDED)).isEqualTo(1);
        assertThat(errors.calls).containsExactly("3/4/1000");
        Message quoted = errors.quoted.get(0);
        assertThat(quoted.u8(8)).as("quoted as it arrived, TTL not yet lowered").isEqualTo(64);
        assertThat(quoted.length()).isEqualTo(1420);
    }

    /** A UDP datagram to b (10.0.2.10) from a with IP options {@code options} (a multiple of 4 bytes) and {@code data}, checksums right. */
    static Message withOptions(byte[] options, byte[] data) {
        int ihl = 20 + options.length, total = ihl + 8 + data.length;
        byte[] b = new byte[total];
        b[0] = (byte) (0x40 | ihl / 4);
        b[2] = (byte) (total >>> 8);
        b[3] = (byte) total;
        b[8] = 64;
        b[9] = (byte) Udp.PROTOCOL;
        Ipv4.putInt(b, 12, ip("10.0.1.10"));
        Ipv4.putInt(b, 16, ip("10.0.2.10"));
        System.arraycopy(options, 0, b, 20, options.length);
        b[ihl + 1] = 1;                                            // source port 1, destination port 9, no UDP checksum
        b[ihl + 3] = 9;
        b[ihl + 4] = (byte) ((8 + data.length) >>> 8);
        b[ihl + 5] = (byte) (8 + data.length);
        System.arraycopy(data, 0, b, ihl + 8, data.length);
        int ck = Checksum.of(b, 0, ihl);
        b[10] = (byte) (ck >>> 8);
        b[11] = (byte) ck;
        return Message.wrap(b);
    }

    @Test
    void aRouterCopiesOnlyOptionsWithTheCopyFlagIntoLaterFragments() {
        Path n = Path.build(1000);
        byte[] data = randomBytes(2500, 12);
        // Record route (7, not copied, 7 bytes), NOP, stream identifier (136, copied, 4 bytes): 12 bytes.
        byte[] options = {7, 7, 4, 0, 0, 0, 0, 1, (byte) 136, 4, 0x12, 0x34};
        Ipv4 r = Ipv4.of(n.r());
        n.sim().kernel().at(0, () -> r.receive(withOptions(options, data), r.iface(0)));
        n.sim().run();
        List<Message> f = n.fromR();
        assertThat(f).hasSize(3);
        assertThat(f.get(0).u8(0) & 0xF).as("first: every option").isEqualTo(8);
        assertThat(f.get(0).slice(20, 12).toByteArray()).isEqualTo(options);
        for (Message later : f.subList(1, 3)) {
            assertThat(later.u8(0) & 0xF).as("later: the copied option alone, padded").isEqualTo(6);
            assertThat(later.slice(20, 4).toByteArray()).isEqualTo(new byte[] {(byte) 136, 4, 0x12, 0x34});
            assertThat(Checksum.of(later.toByteArray(), 0, 24)).isZero();
        }
        assertThat(n.atB()).hasSize(1);
        assertThat(n.atB().get(0).toByteArray()).isEqualTo(data);
    }

    @Test
    void aRouterDropsAFragmentItWouldHaveToSplitPastTheLargestOffset() {
        Path n = Path.build(1000);
        Ipv4 r = Ipv4.of(n.r());
        Message tooFar = rewrite(withOptions(new byte[0], new byte[1472]), 0x2000 | 8100, 1500);   // 64,800 + 1,480 bytes
        n.sim().kernel().at(0, () -> r.receive(tooFar, r.iface(0)));
        n.sim().run();
        assertThat(n.fromR()).isEmpty();
        assertThat(n.r().drops(Ipv4Drop.FRAGMENT_MALFORMED)).isEqualTo(1);
    }

    /** Random bytes and real fragments with mutated headers (checksums fixed, so they reach reassembly), seeded. */
    @Test
    void randomAndMutatedFragmentsAreCountedDropsOrDeliveredNeverAnExceptionAndTheBoundHolds() {
        byte[] data = randomBytes(3992, 10);
        List<Message> f = fragmentsOf(data);
        long bound = 50_000;
        Receiver r = Receiver.build(Ipv4Config.DEFAULT.withReassemblyMemory(bound).withReassemblyTimeout(S));
        SplittableRandom rnd = new SplittableRandom(11);
        long[] peak = {0};
        int n = Integer.getInteger("fuzz.fragments", 20_000);      // CI's slice; -Dfuzz.fragments=1000000 for the 10^6
        for (int k = 0; k < n; k++) {
            Message p;
            if (rnd.nextInt(4) == 0) {                               // random bytes
                p = Message.wrap(randomBytes(rnd.nextInt(1, 1500), rnd.nextLong()));
            } else {                                                 // a real fragment with header fields mutated, checksum fixed
                byte[] b = f.get(rnd.nextInt(3)).toByteArray();
                b[4] = (byte) rnd.nextInt(4);                        // few identifications: datagrams collide
                int fo = rnd.nextInt(3) == 0 ? rnd.nextInt(0x10000) : ((b[6] & 0xFF) << 8 | (b[7] & 0xFF)) + rnd.nextInt(-2, 3);
                int total = rnd.nextInt(3) == 0 ? rnd.nextInt(20, b.length + 1) : b.length;
                p = rewrite(Message.wrap(b), fo & 0xFFFF, total);
            }
            Message packet = p;
            r.sim().kernel().at(k * 1000L, () -> {
                Ipv4.of(r.b()).receive(packet, r.iface());
                peak[0] = Math.max(peak[0], r.reassembly().memory());
            });
        }
        for (int k = 0; k < 3; k++) r.feed(n * 1000L + 2 * S + k, f.get(k));    // and, once the rest timed out, a good datagram goes through
        r.sim().run();
        assertThat(r.b().failures()).isEmpty();
        assertThat(peak[0]).isLessThanOrEqualTo(bound);
        assertThat(r.got()).isNotEmpty();
        assertThat(r.got().get(r.got().size() - 1).toByteArray()).isEqualTo(data);
        assertThat(r.reassembly().memory()).isZero();
        assertThat(r.b().drops(Ipv4Drop.FRAGMENT_OVERLAP) + r.b().drops(Ipv4Drop.FRAGMENT_MALFORMED)).isPositive();
    }
}
