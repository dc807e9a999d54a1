package elvis;

import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
import elvis.app.TcpBulkSend;
import elvis.app.TcpSink;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.LinkDrop;
import elvis.link.Network;
import elvis.link.Pipe;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.parallel.PartitionRunner;
import elvis.parallel.ThreadedRun;
import elvis.protocol.arp.Arp;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.sim.Simulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof of the canonical event order: one run, once in one sequential kernel and once cut at a
 * point-to-point link into two partitions (two kernels on two threads, {@link ThreadedRun}'s
 * conservative windows), gives the same frames at the same times at every port, the same drops and
 * the same application results.
 *
 * <pre>
 *   a, a2 — lanA — ra ==cut (2 ms)== rb — lanB — b, b2
 * </pre>
 * TCP bulk transfers both ways and UDP streams both ways all start at time 0; the two LANs are
 * alike, so frames meet at the routers at equal instants.
 */
class PartitionedRunTest {
    private static final long MS = 1_000_000;

    /**
     * The cut link and the LANs. LOSSY: a lossy cut with a short queue. JITTERED: jitter (one event
     * per frame) and corruption. EXACT: no serialization anywhere and a's datagrams offset by half a
     * LAN delay, so datagrams cross the cut at whole milliseconds, the instants at which b2 sends:
     * same-instant ties between an arrival over the cut and the receiving side's own events. Ordered
     * by insertion (the pipe scheduling arrivals with {@code at}), this case fails: which partition
     * ran its part of a window first decides such a tie.
     */
    enum Case {
        LOSSY, JITTERED, EXACT;

        LinkConfig cut() {
            LinkConfig c = LinkConfig.UNLIMITED.withDelay(2 * MS);
            return switch (this) {
                case LOSSY -> c.withBandwidth(10_000_000).withLoss(0.01).withQueuePackets(8);
                case JITTERED -> c.withBandwidth(10_000_000).withJitter(MS / 2).withCorruption(0.002);
                case EXACT -> c;
            };
        }

        LinkConfig lan() {
            return this == EXACT ? LinkConfig.UNLIMITED.withDelay(MS / 2) : LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(MS / 10);
        }

        /** When a2 and b2 start sending, and how often. */
        long udpStart(boolean a) { return this == EXACT ? (a ? MS / 2 : 5 * MS / 2) : 0; }

        long udpInterval() { return this == EXACT ? 5 * MS : MS; }
    }

    /** What one side observes, in order: every frame sent, started, dropped or arrived, and the applications' results. */
    static final class Log implements FrameTap {
        final List<String> lines = new ArrayList<>();
        Simulator clock;

        void add(String s) { lines.add(clock.now() + " " + s); }

        @Override public void sent(Network n, int from, Message f) { add("sent " + n.portName(from) + " " + hash(f)); }
        @Override public void transmitting(Network n, int from, Message f, long start) { add("start " + n.portName(from) + " " + start + " " + hash(f)); }
        @Override public void dropped(Network n, int from, int to, Message f, LinkDrop cause, long t) { add("drop " + n.name() + " " + from + ">" + to + " " + cause + " " + t + " " + hash(f)); }
        @Override public void arrived(Network n, int port, Message f) { add("arrive " + n.portName(port) + " " + hash(f)); }

        private static long hash(Message f) { return Pipe.crc32(f) << 16 | f.length(); }
    }

    /** A tap on the cut link that tells each side's log of what happens at its end (ports 0 = ra, 1 = rb). */
    record CutTap(Log left, Log right) implements FrameTap {
        private Log at(int port) { return port == 0 ? left : right; }
        @Override public void sent(Network n, int from, Message f) { at(from).sent(n, from, f); }
        @Override public void transmitting(Network n, int from, Message f, long start) { at(from).transmitting(n, from, f, start); }
        @Override public void dropped(Network n, int from, int to, Message f, LinkDrop cause, long t) { at(from).dropped(n, from, to, f, cause, t); }
        @Override public void arrived(Network n, int port, Message f) { at(port).arrived(n, port, f); }
    }

    /** One side of the topology, built into {@code sim}: a LAN with two hosts and a router. */
    record Side(Simulation sim, Network lan, Machine host, Machine host2, Machine router, Log log) { }

    /** The cut link: one network in a sequential run, a half in each partition in a partitioned one. */
    record Built(Side left, Side right, List<Network> cut) { }

    static final int BULK = 200_000, DATAGRAMS = 150;

    /**
     * Builds both sides, into {@code left} and {@code right} (the same simulation for the sequential
     * run). MAC addresses are given explicitly so both builds have the same frames.
     */
    static Built build(Simulation left, Simulation right, Case c) {
        Log leftLog = new Log(), rightLog = new Log();
        leftLog.clock = left.kernel();
        rightLog.clock = right.kernel();
        boolean cutInTwo = left != right;
        Network leftCut = left.link("cut", c.cut(), Simulation.Resolution.ARP);
        Network rightCut = cutInTwo ? right.link("cut", c.cut(), Simulation.Resolution.ARP) : leftCut;
        for (Network half : cutInTwo ? List.of(leftCut, rightCut) : List.of(leftCut)) half.addTap(new CutTap(leftLog, rightLog));
        // Each half has both ends, in the order of a whole build: routerA's NIC is port 0, routerB's port 1.
        if (cutInTwo) rightCut.attachRemote(routerMac(1) + 4, "routerA/eth1", 0);
        Side a = side(left, "A", 1, leftCut, c.lan(), leftLog);
        if (cutInTwo) leftCut.attachRemote(routerMac(2) + 4, "routerB/eth1", 1);
        Side b = side(right, "B", 2, rightCut, c.lan(), rightLog);
        left.route(a.router, "10.0.2.0/24", "10.0.0.2");
        right.route(b.router, "10.0.1.0/24", "10.0.0.1");

        int aIp = Ipv4Address.parse("10.0.1.2"), a2Ip = Ipv4Address.parse("10.0.1.3");
        int bIp = Ipv4Address.parse("10.0.2.2"), b2Ip = Ipv4Address.parse("10.0.2.3");
        a.host.addApplication(new TcpBulkSend(bIp, 5001, BULK, 0));
        b.host.addApplication(new TcpSink(5001, BULK, true));
        b.host.addApplication(new TcpBulkSend(aIp, 5002, BULK, 0));      // the same instant, the other way
        a.host.addApplication(new TcpSink(5002, BULK, true));
        Message payload = Message.ofUtf8("x".repeat(400));
        a.host2.addApplication(new SendDatagrams(b2Ip, 7, payload, DATAGRAMS, c.udpInterval(), c.udpStart(true)));
        b.host2.addApplication(new SendDatagrams(a2Ip, 7, payload, DATAGRAMS, c.udpInterval(), c.udpStart(false)));
        a.host2.addApplication(new CountDatagrams(7, DATAGRAMS, payload));
        b.host2.addApplication(new CountDatagrams(7, DATAGRAMS, payload));
        return new Built(a, b, cutInTwo ? List.of(leftCut, rightCut) : List.of(leftCut));
    }

    private static long routerMac(int subnet) { return 0x02_00_00_00_00_00L | subnet << 8; }

    private static Side side(Simulation sim, String name, int subnet, Network cut, LinkConfig config, Log log) {
        Network lan = sim.network("lan" + name, config, Simulation.Resolution.ARP);
        lan.addTap(log);
        Machine host = sim.machine("host" + name), host2 = sim.machine("host" + name + "2"), router = sim.machine("router" + name);
        long mac = routerMac(subnet);
        Ipv4.of(host).addInterface(host.addNic(lan, mac + 1), Ipv4Address.parse("10.0." + subnet + ".2"), 24, Arp.of(host));
        Ipv4.of(host2).addInterface(host2.addNic(lan, mac + 2), Ipv4Address.parse("10.0." + subnet + ".3"), 24, Arp.of(host2));
        Ipv4.of(router).addInterface(router.addNic(lan, mac + 3), Ipv4Address.parse("10.0." + subnet + ".1"), 24, Arp.of(router));
        Ipv4.of(router).addInterface(router.addNic(cut, mac + 4), Ipv4Address.parse("10.0.0." + subnet), 24, Arp.of(router));
        sim.router(router);
        sim.route(host, "default", "10.0." + subnet + ".1");
        sim.route(host2, "default", "10.0." + subnet + ".1");
        return new Side(sim, lan, host, host2, router, log);
    }

    /** Everything a side reports at the end: its log, then its applications' results and drop counters. */
    static List<String> results(Side s) {
        List<String> out = new ArrayList<>(s.log.lines);
        for (Machine m : List.of(s.host, s.host2, s.router)) {
            out.add(m.name() + " drops " + m.totalDrops() + " failures " + m.failures());
            for (var app : m.applications()) {
                out.add(m.name() + " " + app.name() + ": " + app.summary() + " finished " + app.finishedAtNs());
                if (app instanceof TcpSink sink) out.add("digest " + HexFormat.of().formatHex(sink.digest()) + " first " + sink.firstArrivalNs() + " last " + sink.lastArrivalNs());
                if (app instanceof CountDatagrams c) out.add("datagrams " + c.received() + " last " + c.lastArrivalNs());
            }
        }
        for (Pipe p : s.lan.activePipes()) out.add(stats(p));
        return out;
    }

    static String stats(Pipe p) {
        var s = p.stats();
        return p.name() + " offered " + s.offered() + " delivered " + s.delivered() + " queue " + s.droppedQueue()
                + " loss " + s.droppedLoss() + " corrupted " + s.corrupted() + " bytes " + s.bytesDelivered();
    }

    /** The cut link's pipes by name, a half's counters added to the other's (the sender counts what it sends, the receiver what arrives). */
    static List<String> cutStats(List<Network> halves) {
        java.util.Map<String, elvis.link.PipeStats> byName = new java.util.TreeMap<>();
        for (Network half : halves) for (Pipe p : half.activePipes()) byName.computeIfAbsent(p.name(), k -> new elvis.link.PipeStats()).add(p.stats());
        List<String> out = new ArrayList<>();
        byName.forEach((name, s) -> out.add(name + " offered " + s.offered() + " delivered " + s.delivered() + " queue " + s.droppedQueue()
                + " loss " + s.droppedLoss() + " corrupted " + s.corrupted() + " bytes " + s.bytesDelivered()));
        return out;
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void aRunCutInTwoPartitionsMatchesTheSequentialRunExactly(Case c) throws InterruptedException {
        Simulation one = new Simulation(5);
        Built seq = build(one, one, c);
        one.run();

        Simulation left = new Simulation(5), right = new Simulation(5);
        Built par = build(left, right, c);
        List<PartitionRunner.Outcome> outcomes = new ThreadedRun(List.of(left, right), Long.MAX_VALUE).run();
        left.shutdown();
        right.shutdown();

        assertThat(outcomes.getFirst().windows()).isGreaterThan(50);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.endTime()).isEqualTo(one.kernel().now()));
        assertThat(left.kernel().now()).isEqualTo(one.kernel().now());
        assertThat(results(par.left())).containsExactlyElementsOf(results(seq.left()));
        assertThat(results(par.right())).containsExactlyElementsOf(results(seq.right()));
        assertThat(cutStats(par.cut())).containsExactlyElementsOf(cutStats(seq.cut())).hasSize(2);
        assertThat(outcomes.get(0).events() + outcomes.get(1).events()).isEqualTo(one.kernel().eventsDispatched());

        // The run is the one meant: both transfers and streams complete, the cut link dropped frames
        // (or corrupted them), and frames crossing the cut met other events of the routers' instants.
        for (Side s : List.of(seq.left(), seq.right())) {
            for (var app : s.host.applications()) assertThat(app.goalMet()).as(s.host + " " + app.name()).isTrue();
            for (var app : s.host2.applications()) if (app instanceof CountDatagrams counter) assertThat(counter.received()).isGreaterThan(DATAGRAMS / 2);
        }
        var cut = seq.cut().getFirst().stats();
        if (c == Case.LOSSY) assertThat(cut.droppedLoss() + cut.droppedQueue()).isPositive();
        if (c == Case.JITTERED) assertThat(cut.corrupted()).isPositive();
        assertThat(coincidences(results(seq.right()))).isPositive();
    }

    /** Arrival keys come from link names: two links with one name would tie, and are refused. */
    @org.junit.jupiter.api.Test
    void twoPointToPointLinksWithOneNameAreRefused() {
        Simulation sim = new Simulation(1);
        sim.link("uplink", LinkConfig.UNLIMITED, Simulation.Resolution.STATIC);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sim.link("uplink", LinkConfig.UNLIMITED, Simulation.Resolution.STATIC))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two point-to-point links are called uplink");
    }

    /** Instants at which a frame arrived at rb over the cut link and something else happened on rb's side. */
    private static long coincidences(List<String> log) {
        java.util.Map<String, int[]> byTime = new java.util.HashMap<>();     // time -> {cut arrivals, other lines}
        for (String line : log) {
            String[] w = line.split(" ");
            if (w.length < 3 || !w[0].matches("\\d+")) continue;
            byTime.computeIfAbsent(w[0], t -> new int[2])[w[1].equals("arrive") && w[2].equals("routerB/eth1") ? 0 : 1]++;
        }
        return byTime.values().stream().filter(c -> c[0] > 0 && c[1] > 0).count();
    }
}
