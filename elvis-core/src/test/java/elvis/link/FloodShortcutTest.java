package elvis.link;

import elvis.Simulation;
import elvis.machine.DropCause;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.icmp.Icmp;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;
import elvis.trace.Captures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flood shortcut: a switched network skips the ports whose machines would only count a discard
 * of a broadcast. The same scenarios with it on and off must give the same applications' view, the
 * same events, the same captures; only the documented counters differ.
 */
class FloodShortcutTest {
    static final long US = 1_000, MS = 1_000_000;
    static final LinkConfig LAN = LinkConfig.UNLIMITED.withDelay(5 * US);
    /** The discards a skipped copy would have counted: nothing else may differ. */
    static final Set<String> SKIPPABLE = Set.of("NO_PORT", "NOT_FOR_US", "UNKNOWN_PROTOCOL", "NO_INTERFACE");

    static int ip(String s) { return Ipv4Address.parse(s); }

    /** What one run showed: the applications' log, events, counters, and the capture of a watched LAN. */
    record Outcome(List<String> log, List<Long> eventTimes, Map<String, Long> drops, long offered, long skipped, byte[] capture) { }

    /**
     * 40 hosts on a LAN with real ARP, a router to a second LAN whose host is captured. Hosts 0-9
     * listen on UDP 520 (host 3 only from 2 to 4 ms), host 20 broadcasts to 520, to a closed port,
     * pings the subnet broadcast address; unicast traffic resolves by ARP; host 7's
     * port is down from 1 to 3 ms; a host gets a second address at 5 ms.
     */
    static Outcome run(boolean shortcut, Path dir) throws Exception {
        Simulation sim = new Simulation(7);
        LinkConfig lan = LAN.withFloodShortcut(shortcut);
        Network a = sim.network("a", lan, Simulation.Resolution.ARP);
        Network b = sim.network("b", lan, Simulation.Resolution.ARP);
        List<String> log = new ArrayList<>();
        Machine[] h = new Machine[40];
        for (int i = 0; i < h.length; i++) {
            h[i] = sim.machine("h" + i);
            sim.connect(h[i], a, "10.0.0." + (i + 1) + "/24");
            sim.route(h[i], "default", "10.0.0.254");
        }
        Machine r = sim.machine("r");
        sim.connect(r, a, "10.0.0.254/24");
        sim.connect(r, b, "10.0.1.254/24");
        sim.router(r);
        Machine far = sim.machine("far");
        sim.connect(far, b, "10.0.1.1/24");
        sim.route(far, "default", "10.0.1.254");
        var kernel = sim.kernel();
        for (int i = 0; i < 10; i++) {
            Machine m = h[i];
            if (i == 3) continue;
            Udp.of(m).bind(520, null, (d, src, port) -> log.add(kernel.now() + " " + m + " got " + d.length() + " from " + Ipv4Address.format(src)));
        }
        UdpSession[] late = new UdpSession[1];
        kernel.at(2 * MS, () -> late[0] = Udp.of(h[3]).bind(520, null, (d, src, port) -> log.add(kernel.now() + " h3 got " + d.length())));
        kernel.at(4 * MS, () -> late[0].close());
        Udp.of(far).bind(9, null, (d, src, port) -> log.add(kernel.now() + " far got " + d.length() + " from " + Ipv4Address.format(src)));
        a.portDownDuring(h[7].nic(0).port(), MS, 3 * MS);
        UdpSession sender = Udp.of(h[20]).bind(0, null, (d, src, port) -> log.add(kernel.now() + " h20 got " + d.length()));
        for (int k = 0; k < 8; k++) {
            long t = k * 700 * US;
            int n = k;
            kernel.at(t, () -> sender.sendTo(ip("10.0.0.255"), 520, Message.zeros(10 + n)));
            kernel.at(t + 10 * US, () -> sender.sendTo(ip("10.0.0.255"), 4444, Message.zeros(3)));
            kernel.at(t + 20 * US, () -> sender.sendTo(ip("10.0.0." + (n + 1)), 520, Message.zeros(5)));   // unicast: ARP first
            kernel.at(t + 30 * US, () -> sender.sendTo(ip("10.0.1.1"), 9, Message.zeros(7)));            // through the router
        }
        kernel.at(MS, () -> Icmp.of(h[25]).openEcho((type, code, from, seq, ttl, data) ->
                log.add(kernel.now() + " h25 echo " + type + " from " + Ipv4Address.format(from))).send(ip("10.0.0.255"), 1, Message.zeros(8), 64));
        kernel.at(5 * MS, () -> Ipv4.of(h[30]).iface(0).addAddress(ip("10.0.0.130"), 24));
        kernel.at(6 * MS, () -> sender.sendTo(ip("10.0.0.130"), 520, Message.zeros(9)));   // ARP for the new address, then port unreachable
        // RFC 826's merge: h20's request for h15 at 50 s refreshes h1's entry for h20 (learnt at 0), so
        // h1 still has it at 70 s and sends without asking.
        kernel.at(50_000 * MS, () -> sender.sendTo(ip("10.0.0.16"), 520, Message.zeros(4)));
        kernel.at(70_000 * MS, () -> Udp.of(h[1]).bind(0, null, (d, src, port) -> { }).sendTo(ip("10.0.0.21"), sender.localPort(), Message.zeros(6)));
        Path pcap = dir.resolve("far-" + shortcut + ".pcap");
        List<Long> eventTimes = new ArrayList<>();      // the time of every event, in dispatch order
        kernel.onProgress(1, () -> eventTimes.add(kernel.now()));
        try (Captures captures = new Captures(kernel, 65535)) {
            captures.machine(far, pcap);
            sim.run();
        }
        Map<String, Long> drops = new TreeMap<>();
        for (Machine m : sim.machines()) for (Map.Entry<DropCause, Long> e : m.drops().entrySet()) drops.merge(m + " " + e.getKey().name(), e.getValue(), Long::sum);
        assertThat(eventTimes).hasSize((int) kernel.eventsDispatched());
        return new Outcome(log, eventTimes, drops, a.stats().offered(), a.floodSkipped(), Files.readAllBytes(pcap));
    }

    @Test
    void onAndOffGiveTheSameRunButForTheDocumentedCounters(@TempDir Path dir) throws Exception {
        Outcome on = run(true, dir), off = run(false, dir);
        assertThat(on.log()).isEqualTo(off.log());
        assertThat(on.log()).anyMatch(s -> s.contains("h3 got")).anyMatch(s -> s.contains("far got")).anyMatch(s -> s.contains("h9 got 17"))
                .contains("70000005000 h20 got 6");
        assertThat(on.eventTimes()).isEqualTo(off.eventTimes());
        assertThat(on.capture()).isEqualTo(off.capture());
        assertThat(off.skipped()).isZero();
        assertThat(on.skipped()).isPositive();
        // Each skipped copy is one frame fewer offered and delivered on the LAN's pipes ...
        assertThat(off.offered() - on.offered()).isEqualTo(on.skipped());
        // ... and at most one discard fewer on its machine, of a documented cause (ARP not for us counts nothing).
        long fewer = 0;
        for (Map.Entry<String, Long> e : off.drops().entrySet()) {
            long diff = e.getValue() - on.drops().getOrDefault(e.getKey(), 0L);
            assertThat(diff).as(e.getKey()).isNotNegative();
            if (diff > 0) assertThat(SKIPPABLE).as(e.getKey()).contains(e.getKey().substring(e.getKey().indexOf(' ') + 1));
            fewer += diff;
        }
        for (String k : on.drops().keySet()) assertThat(off.drops()).containsKey(k);
        assertThat(fewer).isPositive().isLessThanOrEqualTo(on.skipped());
    }

    @Test
    void theIndexFollowsSocketsAddressesAndForwarding() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LAN);
        Machine m = sim.machine("m"), other = sim.machine("o");
        Ipv4Interface iface = sim.connect(m, lan, "10.0.0.1/24");
        sim.connect(other, lan, "10.0.0.2/24");
        int port = m.nic(0).port();
        long rip = FloodKey.udpPort(520);
        assertThat(lan.floodReaches(port, rip)).isFalse();
        assertThat(lan.floodReaches(port, FloodKey.address(ip("10.0.0.1")))).isTrue();
        UdpSession s = Udp.of(m).bind(520, null, (d, src, p) -> { });
        assertThat(lan.floodReaches(port, rip)).isTrue();
        assertThat(lan.floodReaches(other.nic(0).port(), rip)).isFalse();
        s.close();
        assertThat(lan.floodReaches(port, rip)).isFalse();
        iface.addAddress(ip("10.0.0.9"), 24);
        assertThat(lan.floodReaches(port, FloodKey.address(ip("10.0.0.9")))).isTrue();
        iface.removeAddress(ip("10.0.0.1"));
        assertThat(lan.floodReaches(port, FloodKey.address(ip("10.0.0.1")))).isFalse();
        lan.setPortUp(port, false);
        lan.setPortUp(port, true);
        assertThat(lan.floodReaches(port, FloodKey.address(ip("10.0.0.9")))).isTrue();
        assertThat(lan.floodReaches(port, FloodKey.UDP_DIRECTED)).isFalse();
        iface.removeAddress(ip("10.0.0.9"));    // without an address it takes datagrams to any address
        assertThat(lan.floodReaches(port, FloodKey.UDP_DIRECTED)).isTrue();
        assertThat(lan.floodReaches(other.nic(0).port(), FloodKey.UDP_DIRECTED)).isFalse();
        sim.router(m);
        assertThat(lan.floodReaches(port, rip)).isTrue();     // a router gets every broadcast
        assertThat(lan.floodReaches(port, FloodKey.ARP_ANY)).isTrue();
    }

    @Test
    void aMachineWhoseDropsAreTracedGetsEveryBroadcast() {
        Simulation sim = new Simulation(1);
        List<String> traced = new ArrayList<>();
        elvis.sim.trace.Tracing.of(sim.kernel()).subscribe(new elvis.sim.trace.Glob("watched/drop"), new elvis.sim.trace.TraceSink() {
            @Override public void value(long t, elvis.sim.trace.TraceSource s, long v) { }
            @Override public void text(long t, elvis.sim.trace.TraceSource s, String v) { traced.add(v); }
        });
        Network lan = sim.network("lan", LAN);
        Machine[] m = new Machine[3];
        String[] names = {"sender", "watched", "other"};
        for (int i = 0; i < m.length; i++) {
            m[i] = sim.machine(names[i]);
            sim.connect(m[i], lan, "10.0.0." + (i + 1) + "/24");
        }
        sim.kernel().at(0, () -> Udp.of(m[0]).bind(0, null, (d, src, p) -> { }).sendTo(ip("10.0.0.255"), 999, Message.zeros(1)));
        sim.run();
        assertThat(lan.floodSkipped()).isEqualTo(1);                 // "other" only
        assertThat(traced).containsExactly("unknown_protocol");    // the watched machine never made UDP: IPv4 counts it
        assertThat(m[1].totalDrops()).isEqualTo(1);
        assertThat(m[2].totalDrops()).isZero();
    }

    @Test
    void aPortThatJoinsAfterTheIndexIsMadeIsAskedToo() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LAN);
        Machine first = sim.machine("first");
        sim.connect(first, lan, "10.0.0.1/24");
        assertThat(lan.floodReaches(first.nic(0).port(), FloodKey.udpPort(68))).isFalse();   // makes the index
        Machine late = sim.machine("late");
        Ipv4.of(late);
        Udp.of(late).bind(68, null, (d, src, p) -> { });
        sim.connect(late, lan, "10.0.0.2/24");
        assertThat(lan.floodReaches(late.nic(0).port(), FloodKey.udpPort(68))).isTrue();
    }

    @Test
    void aBroadcastCostsOnlyItsReceiversWhateverTheNetworksSize() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LAN);
        int n = 20_000;
        Machine server = sim.machine("server");
        sim.connect(server, lan, "10.0.0.1/16");
        List<Long> got = new ArrayList<>();
        Udp.of(server).bind(67, null, (d, src, p) -> got.add(sim.kernel().now()));
        Machine last = null;
        for (int i = 0; i < n; i++) {
            last = sim.machine("c" + i);
            sim.connect(last, lan, ip("10.0.1.0") + i, 16);
        }
        Machine client = last;
        sim.kernel().at(0, () -> Udp.of(client).bind(68, null, (d, src, p) -> { }).sendTo(-1, 67, Message.zeros(300)));
        sim.run();
        assertThat(got).containsExactly(5 * US);
        assertThat(lan.floodSkipped()).isEqualTo(n - 1);
        assertThat(lan.activePipes()).hasSize(1);              // only the server's port carried the frame
        assertThat(sim.kernel().eventsDispatched()).isEqualTo(2);    // the send, and the flood
    }

    @Test
    void aTapOrAnOwnPortConfigurationTurnsSkippingOffWhereItMustBe() {
        Simulation sim = new Simulation(1);
        Network lan = sim.network("lan", LAN);
        Machine[] m = new Machine[4];
        for (int i = 0; i < m.length; i++) {
            m[i] = sim.machine("m" + i);
            sim.connect(m[i], lan, "10.0.0." + (i + 1) + "/24");
        }
        lan.configurePort(m[3].nic(0).port(), LAN.withBandwidth(1_000_000_000));   // its own pipe: offered as before
        sim.kernel().at(0, () -> Udp.of(m[0]).bind(0, null, (d, src, p) -> { }).sendTo(-1, 999, Message.zeros(1)));
        sim.runUntil(MS);
        assertThat(lan.floodSkipped()).isEqualTo(2);
        assertThat(lan.pipe(m[3].nic(0).port()).stats().offered()).isEqualTo(1);
        List<Integer> arrived = new ArrayList<>();
        lan.addTap(new FrameTap() {
            @Override public void arrived(Network n, int port, Message frame) { arrived.add(port); }
        });
        sim.kernel().at(2 * MS, () -> Udp.of(m[1]).bind(0, null, (d, src, p) -> { }).sendTo(-1, 999, Message.zeros(1)));
        sim.run();
        assertThat(lan.floodSkipped()).isEqualTo(2);
        assertThat(arrived).containsExactly(0, 2, 3);
    }
}
