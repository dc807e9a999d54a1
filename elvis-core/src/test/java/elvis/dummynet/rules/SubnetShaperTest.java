package elvis.dummynet.rules;

import elvis.Simulation;
import elvis.app.TcpBulkSend;
import elvis.app.TcpSink;
import elvis.dummynet.Dummynet;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The dummynet paper's example 2 (§2.3), its lines verbatim, on a router between client hosts
 * (10.0.1.0/24, 10.0.2.0/24) and a server (10.0.9.0/24), every wire 100 Mbit/s and 1 ms (R-DN-4's
 * check): each source /24 gets its own 1 Mbit/s pipe scheduled by QFQ, and within it each host's
 * ssh and DNS traffic (queue 1, weight 10) shares with the rest (queue 2, weight 4). The paper's
 * text prints queue 1's mask as {@code 0xfffffff} (seven digits, a typo beside queue 2's); we read
 * it as {@code 0xffffffff}, as docs/dummynet.md does. Rule 300 is ours: without it the default rule
 * would deny what the router sends on (one_pass only spares what leaves a pipe).
 *
 * <p>Rates are the IP bytes each flow gets through its pipe (what dummynet's {@code bw} counts),
 * over a 20 s window that starts 10 s in, when every TCP sender has left slow start and keeps its
 * queue backlogged. A bulk sender's acknowledged payload over the window, times 1500/1448 (every
 * segment is a full 1500-byte datagram: 20 bytes of IP, 20 of TCP, 12 of the RFC 7323 timestamp
 * option and 1448 of payload), is that IP rate.
 */
class SubnetShaperTest {
    static final long MS = 1_000_000, S = 1_000 * MS;
    static final long WINDOW_START = 10 * S, WINDOW_END = 190 * S;
    static final String EXAMPLE_2 = """
            ipfw pipe 5 config sched qfq mask src-ip 0xffffff00 bw 1 Mbit/s
            ipfw queue 1 config pipe 5 weight 10 mask src-ip 0xffffffff
            ipfw queue 2 config pipe 5 weight 4 mask src-ip 0xffffffff
            ipfw add 100 queue 1 in dst-port 22,53
            ipfw add 200 queue 2 in dst-port any
            ipfw add 300 allow ip from any to any
            """;
    static final int SERVER = Ipv4Address.parse("10.0.9.2");

    Simulation sim;
    Machine router, server;
    Network lan1, lan2;

    void build() {
        sim = new Simulation(16);
        LinkConfig wire = LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(MS);
        lan1 = sim.network("lan1", wire);
        lan2 = sim.network("lan2", wire);
        Network servers = sim.network("servers", wire);
        router = sim.machine("router");
        sim.connect(router, lan1, "10.0.1.1/24");
        sim.connect(router, lan2, "10.0.2.1/24");
        sim.connect(router, servers, "10.0.9.1/24");
        sim.router(router);
        server = sim.machine("server");
        sim.connect(server, servers, "10.0.9.2/24");
        sim.route(server, "default", "10.0.9.1");
        RuleSet rules = RuleSet.of(router);
        assertThat(Ipfw.load(EXAMPLE_2, rules, DummynetLines.of(Dummynet.of(sim.kernel())))).isEmpty();
        assertThat(rules.unresolved()).isEmpty();
        server.addApplication(new TcpSink(22, 0, false));
        server.addApplication(new TcpSink(80, 0, false));
    }

    Machine host(Network lan, String address) {
        Machine h = sim.machine("h" + address);
        sim.connect(h, lan, address + "/24");
        sim.route(h, "default", address.substring(0, address.lastIndexOf('.')) + ".1");
        return h;
    }

    /** A bulk TCP sender from {@code h} to the server's {@code port} from 1 ms on, more than the run can carry. */
    TcpBulkSend bulk(Machine h, int port) {
        TcpBulkSend s = new TcpBulkSend(SERVER, port, 100_000_000, MS);
        h.addApplication(s);
        return s;
    }

    /** Runs to the end of the window; returns each sender's IP rate in bit/s over the window. */
    double[] rates(TcpBulkSend... senders) {
        long[] atStart = new long[senders.length];
        sim.kernel().schedule(WINDOW_START, () -> { for (int i = 0; i < senders.length; i++) atStart[i] = senders[i].acknowledged(); });
        sim.runUntil(WINDOW_END);
        double[] r = new double[senders.length];
        for (int i = 0; i < senders.length; i++)
            r[i] = (senders[i].acknowledged() - atStart[i]) * 8e9 / (WINDOW_END - WINDOW_START) * 1500 / 1448;
        return r;
    }

    static void assertRate(double measured, double expected) {
        assertThat(measured).isCloseTo(expected, within(0.02 * expected));
    }

    @Test
    void oneHostsSshFlowGetsTenFourteenthsAndItsHttpFlowFourFourteenths() {
        build();
        Machine h = host(lan1, "10.0.1.10");
        double[] r = rates(bulk(h, 22), bulk(h, 80));
        assertRate(r[0], 1e6 * 10 / 14);
        assertRate(r[1], 1e6 * 4 / 14);
        System.out.printf("example 2 (a): ssh %.1f kbit/s, http %.1f kbit/s%n", r[0] / 1e3, r[1] / 1e3);
    }

    @Test
    void twoHostsOfOneSubnetShareItsMegabitEqually() {
        build();
        double[] r = rates(bulk(host(lan1, "10.0.1.10"), 80), bulk(host(lan1, "10.0.1.11"), 80));
        assertRate(r[0], 500_000);
        assertRate(r[1], 500_000);
        System.out.printf("example 2 (b): %.1f / %.1f kbit/s%n", r[0] / 1e3, r[1] / 1e3);
    }

    @Test
    void hostsInTwoSubnetsGetAMegabitEach() {
        build();
        double[] r = rates(bulk(host(lan1, "10.0.1.10"), 80), bulk(host(lan2, "10.0.2.10"), 80));
        assertRate(r[0], 1_000_000);
        assertRate(r[1], 1_000_000);
        System.out.printf("example 2 (c): %.1f / %.1f kbit/s%n", r[0] / 1e3, r[1] / 1e3);
    }

    /**
     * One-way delays of two-byte UDP datagrams (a sequence number) from {@code h} to the server's {@code port}: one at
     * {@code first}, then one every 250 ms from {@code from} to {@code to}.
     */
    List<Long> probe(Machine h, int port, long first, long from, long to) {
        List<Long> delays = new ArrayList<>();
        List<Long> sentAt = new ArrayList<>();
        Udp.of(server).bind(port, null, (data, ip, p) -> delays.add(sim.kernel().now() - sentAt.get(data.u16(0))));
        UdpSession s = Udp.of(h).bind(40_000 + port, null, (data, ip, p) -> {});
        List<Long> times = new ArrayList<>(List.of(first));
        for (long t = from; t < to; t += 250 * MS) times.add(t);
        for (long t : times)
            sim.kernel().schedule(t, () -> {
                s.sendTo(SERVER, port, Message.wrap(new byte[] {(byte) (sentAt.size() >> 8), (byte) sentAt.size()}));
                sentAt.add(sim.kernel().now());
            });
        return delays;
    }

    /**
     * QFQ's bound (Checconi, Rizzo, Valente, ToN 2013, the T-WFI): a packet of flow k waits at most
     * 3·σ_k/φ_k + 2·L/R beyond its own service, with σ_k the class's maximum packet (1500 bytes, as
     * dummynet's QFQ sizes every class), φ_k its guaranteed rate (10/14 of 1 Mbit/s: the DNS queue
     * against the host's weight-4 HTTP queue) and L/R one maximum packet at the link rate: 50.4 ms +
     * 24 ms = 74.4 ms. The HTTP queue (50 slots of 1500 bytes at the whole 1 Mbit/s, since it is
     * alone in queue 2) holds up to 600 ms. Measured: about 12 ms worst for DNS (the HTTP packet in
     * service), about 450 ms median behind the HTTP flow.
     */
    @Test
    void aDnsQueryBehindASaturatingHttpFlowWaitsWithinQfqsBound() {
        build();
        Machine h = host(lan1, "10.0.1.10");
        bulk(h, 80);
        List<Long> dns = probe(h, 53, 0, WINDOW_START, WINDOW_END);        // the first at 0, before the HTTP flow starts at 1 ms
        List<Long> http = probe(h, 9, 0, WINDOW_START + 125 * MS, WINDOW_END);   // queue 2, behind the HTTP flow
        sim.runUntil(WINDOW_END + S);
        long base = dns.remove(0);
        http.remove(0);
        assertThat(base).isBetween(2 * MS + 30 * 8 * 1_000, 3 * MS);   // two wires and the pipe's 240 µs for 30 bytes
        long bound = 3 * 1500 * 8 * 1_000 * 14 / 10 + 2 * 1500 * 8 * 1_000;
        assertThat(bound).isEqualTo(74_400_000);
        long worstDns = dns.stream().mapToLong(d -> d - base).max().orElseThrow();
        long medianHttp = http.stream().mapToLong(d -> d - base).sorted().toArray()[http.size() / 2];
        assertThat(dns).hasSize((int) ((WINDOW_END - WINDOW_START) / (250 * MS)));
        assertThat(worstDns).isLessThanOrEqualTo(bound);
        assertThat(medianHttp).isGreaterThan(bound).isGreaterThan(10 * worstDns);
        System.out.printf("example 2 (d): DNS worst queueing %.2f ms (bound %.1f ms), HTTP queue median %.1f ms%n",
                worstDns / 1e6, bound / 1e6, medianHttp / 1e6);
    }
}
