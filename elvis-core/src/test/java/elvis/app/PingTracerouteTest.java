package elvis.app;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.icmp.Icmp;
import elvis.protocol.icmp.IcmpConfig;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.socket.DatagramSocket;
import elvis.socket.ErrnoException;
import elvis.socket.Process;
import elvis.testing.RouterChain;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PingTracerouteTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final LinkConfig HOP = LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(10 * MS);

    static Machine[] chain(Simulation sim, List<LinkConfig> hops) {
        return RouterChain.build(sim, hops, Collections.nCopies(hops.size(), Simulation.Resolution.STATIC));
    }

    static int ip(String s) { return Ipv4Address.parse(s); }

    @Test
    void pingAcrossTwoRoutersMeasuresSixtyMillisecondsPlusSerialization() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim, Collections.nCopies(3, HOP));
        Ping ping = new Ping(ip("10.0.2.2"), 3, S, 56, 64, 10 * S);
        n[0].addApplication(ping);
        sim.run();
        long rtt = 6 * (10 * MS + HOP.transmissionNs(14 + 20 + 8 + 56));    // 98-byte frames, three links each way
        for (int k = 0; k < 3; k++) assertThat(ping.rtt(k)).isEqualTo(rtt);
        String time = Ping.time(rtt);
        assertThat(time).isEqualTo("60.4");
        assertThat(ping.output()).containsExactly(
                "PING 10.0.2.2 (10.0.2.2) 56(84) bytes of data.",
                "64 bytes from 10.0.2.2: icmp_seq=1 ttl=62 time=60.4 ms",
                "64 bytes from 10.0.2.2: icmp_seq=2 ttl=62 time=60.4 ms",
                "64 bytes from 10.0.2.2: icmp_seq=3 ttl=62 time=60.4 ms",
                "",
                "--- 10.0.2.2 ping statistics ---",
                "3 packets transmitted, 3 received, 0% packet loss, time 2000ms",
                "rtt min/avg/max/mdev = 60.470/60.470/60.470/0.000 ms");
        assertThat(ping.goalMet()).isTrue();
        assertThat(ping.results()).containsEntry("received", 3L).containsEntry("loss", 0.0);
    }

    @Test
    void lossOnOneLinkBothWaysLosesOneMinusPointEightSquaredOfThePings() {
        Simulation sim = new Simulation(7);
        Machine[] n = chain(sim, List.of(HOP, HOP.withLoss(0.2), HOP));
        int pings = 10_000;
        Ping ping = new Ping(ip("10.0.2.2"), pings, 10 * MS, 56, 64, S);
        n[0].addApplication(ping);
        sim.run();
        double expected = 1 - 0.8 * 0.8, sigma = Math.sqrt(expected * (1 - expected) / pings);
        double loss = (ping.transmitted() - ping.received()) / (double) ping.transmitted();
        assertThat(ping.transmitted()).isEqualTo(pings);
        assertThat(Math.abs(loss - expected)).as("loss %s", loss).isLessThanOrEqualTo(3 * sigma);
    }

    @Test
    void pingReportsTimeExceededFromTheRouterWhereTheTtlRanOut() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim, Collections.nCopies(3, HOP));
        Ping ping = new Ping(ip("10.0.2.2"), 1, S, 56, 2, S);
        n[0].addApplication(ping);
        sim.run();
        assertThat(ping.output()).contains("From 10.0.1.2 icmp_seq=1 Time to live exceeded",
                "1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms");
    }

    @Test
    void tracerouteListsEachRouterThenTheDestination() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim, Collections.nCopies(3, HOP));
        Traceroute t = new Traceroute(ip("10.0.2.2"), 30, 3, 5 * S);
        n[0].addApplication(t);
        sim.run();
        long probe = 14 + 60, error = 14 + 20 + 8 + 20 + 8;         // frames: a probe, an error quoting it
        String hop1 = String.format("%.3f", (20 * MS + HOP.transmissionNs((int) probe) + HOP.transmissionNs((int) error)) / 1e6);
        assertThat(t.output()).hasSize(4);
        assertThat(t.output().get(0)).isEqualTo("traceroute to 10.0.2.2 (10.0.2.2), 30 hops max, 60 byte packets");
        assertThat(t.output().get(1)).isEqualTo(" 1  10.0.0.2 (10.0.0.2)  " + hop1 + " ms  " + hop1 + " ms  " + hop1 + " ms");
        assertThat(t.output().get(2)).startsWith(" 2  10.0.1.2 (10.0.1.2)  ");
        assertThat(t.output().get(3)).startsWith(" 3  10.0.2.2 (10.0.2.2)  ");
        assertThat(t.reached()).isTrue();
    }

    @Test
    void aRateLimitedRouterShowsStars() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim, Collections.nCopies(3, HOP));
        Icmp.of(n[2]).config(IcmpConfig.DEFAULT.withRateLimit(1, 1));   // one error a second
        Traceroute t = new Traceroute(ip("10.0.2.2"), 30, 3, 100 * MS);
        n[0].addApplication(t);
        sim.run();
        assertThat(t.output().get(1)).doesNotContain("*");
        assertThat(t.output().get(2)).matches(" 2  10\\.0\\.1\\.2 \\(10\\.0\\.1\\.2\\)  \\d+\\.\\d{3} ms \\* \\*");
        assertThat(t.output().get(3)).startsWith(" 3  10.0.2.2 (10.0.2.2)");
    }

    @Test
    void aConnectedUdpSocketFailsWithEconnrefusedAfterAPortUnreachable() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim, Collections.nCopies(3, HOP));
        List<String> seen = new ArrayList<>();
        Process.spawn(n[0], null, p -> {
            DatagramSocket s = p.datagramSocket();
            s.connect(ip("10.0.2.2"), 9);
            s.send(Message.ofUtf8("anyone?"));
            elvis.socket.PollFd fd = new elvis.socket.PollFd(s, elvis.socket.PollFd.POLLIN);
            p.poll(Process.FOREVER, fd);
            seen.add("poll " + fd.revents());
            try {
                s.recv(100);
            } catch (ErrnoException e) {
                seen.add(e.errno() + " at " + p.now() / MS + " ms");
            }
            s.send(Message.ofUtf8("again"));    // the error was reported once
            seen.add("sent again");
        });
        sim.run();
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).as("readable with an error").isEqualTo("poll " + (elvis.socket.PollFd.POLLIN | elvis.socket.PollFd.POLLERR));
        assertThat(seen.get(1)).as("one round trip after the send").startsWith("ECONNREFUSED at 60");
    }

    @Test
    void aDeadEndStopsTracerouteWithoutReachingTheDestination() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim, Collections.nCopies(3, HOP));
        elvis.protocol.ipv4.Ipv4.of(n[1]).removeRoute(ip("10.0.2.0"), 24, ip("10.0.1.2"));
        Traceroute t = new Traceroute(ip("10.0.2.2"), 30, 3, S);
        n[0].addApplication(t);
        sim.run();
        assertThat(t.output()).hasSize(3);
        assertThat(t.output().get(2)).matches(" 2  10\\.0\\.0\\.2 \\(10\\.0\\.0\\.2\\)(  \\d+\\.\\d{3} ms !N){3}");
        assertThat(t.reached()).isFalse();
        assertThat(t.goalMet()).isFalse();
    }

    @Test
    void withoutARouteFromTheHostPingAndTracerouteSaySoAndEnd() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim, Collections.nCopies(3, HOP));
        elvis.protocol.ipv4.Ipv4.of(n[0]).removeRoute(0, 0, ip("10.0.0.2"));
        Ping ping = new Ping(ip("10.0.2.2"), 2, S, 56, 64, S);
        Traceroute t = new Traceroute(ip("10.0.2.2"), 30, 3, S);
        n[0].addApplication(ping);
        n[0].addApplication(t);
        sim.run();
        assertThat(n[0].failures()).isEmpty();
        assertThat(ping.output()).contains("ping: sendmsg: Network is unreachable", "2 packets transmitted, 0 received, 100% packet loss, time 1000ms");
        assertThat(t.output()).containsExactly("traceroute to 10.0.2.2 (10.0.2.2), 30 hops max, 60 byte packets", "send failed: Network is unreachable");
    }

    @Test
    void anAddressNobodyAnswersArpForIsHostUnreachable() {
        Simulation sim = new Simulation(1);
        elvis.link.Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.ARP);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        Ping ping = new Ping(ip("10.0.0.99"), 1, S, 56, 64, 10 * S);
        a.addApplication(ping);
        sim.run();
        // Three ARP requests a second apart, then the machine tells itself (Linux prints the same).
        assertThat(ping.output()).contains("From 10.0.0.1 icmp_seq=1 Destination Host Unreachable");
        assertThat(Icmp.of(a).sent(3, 1)).isEqualTo(1);
    }
}
