package elvis.dummynet.rules;

import elvis.Simulation;
import elvis.app.Ping;
import elvis.dummynet.Dummynet;
import elvis.dummynet.PipeConfig;
import elvis.link.LinkConfig;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.testing.RouterChain;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classifier at a machine's IPv4 input, output and forwarding, handing packets to dummynet
 * pipes that only delay them.
 */
class Ipv4HookTest {
    static final long MS = 1_000_000;

    /** Declares pipes N with no bandwidth limit and a delay of N ms, for each N. */
    static Dummynet pipes(Simulation sim, int... numbers) {
        Dummynet engine = Dummynet.of(sim.kernel());
        for (int n : numbers) engine.configure(PipeConfig.defaults(Integer.toString(n)).withDelayNs(n * MS));
        return engine;
    }

    /** n0 - n1 (router) - n2, 1 ms per link; pings from n0 to n2. */
    private static Ping ping(Simulation sim, Machine[] n) {
        Ping ping = new Ping(Ipv4Address.parse(RouterChain.lastAddress(2)), 3, 100 * MS, 56, 64, 1000 * MS);
        n[0].addApplication(ping);
        sim.run();
        return ping;
    }

    private static Machine[] chain(Simulation sim) {
        LinkConfig hop = LinkConfig.UNLIMITED.withDelay(MS);
        return RouterChain.build(sim, List.of(hop, hop), List.of(Simulation.Resolution.STATIC, Simulation.Resolution.STATIC));
    }

    @Test
    void withoutRulesThePingTakesTheLinksTime() {
        Simulation sim = new Simulation(1);
        Ping p = ping(sim, chain(sim));
        assertThat(p.received()).isEqualTo(3);
        assertThat(p.rtt(0)).isEqualTo(4 * MS);
    }

    @Test
    void pipesOnAHostsOutputAndInputAddTheirTimeEachWay() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        Dummynet engine = pipes(sim, 10, 5);
        RuleSet r = RuleSet.of(n[0]);
        assertThat(Ipfw.load("""
                ipfw add 100 pipe 10 icmp from any to any out
                ipfw add 200 pipe 5 icmp from any to any in
                ipfw add 300 allow ip from any to any
                """, r, Ipfw.NO_OBJECTS)).isEmpty();
        Ping p = ping(sim, n);
        assertThat(p.received()).isEqualTo(3);
        assertThat(p.rtt(0)).isEqualTo((4 + 10 + 5) * MS);
        assertThat(engine.pipe("10").totals().packetsOut()).isEqualTo(3);
        assertThat(engine.pipe("5").totals().packetsOut()).isEqualTo(3);
        // one_pass: a packet the pipe let go is not classified again, so each rule counted each packet once
        assertThat(r.rules().subList(0, 3).stream().map(Rule::packets).toList()).containsExactly(3L, 3L, 0L);
    }

    @Test
    void aRouterClassifiesAForwardedPacketOnceInAndOnceOut() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        pipes(sim, 3, 7);
        RuleSet r = RuleSet.of(n[1]);
        assertThat(Ipfw.load("""
                add 100 pipe 3 ip from 10.0.0.1 to any in recv eth0
                add 200 pipe 7 ip from any to 10.0.0.1 out xmit eth0
                add 300 count ip from any to any
                add 400 allow ip from any to any
                """, r, Ipfw.NO_OBJECTS)).isEmpty();
        Ping p = ping(sim, n);
        assertThat(p.rtt(0)).isEqualTo((4 + 3 + 7) * MS);
        // the request: rule 100 in, then 300 out; the reply: 300 in, then 200 out
        assertThat(r.rules().subList(0, 4).stream().map(Rule::packets).toList()).containsExactly(3L, 3L, 6L, 6L);
    }

    @Test
    void denyDropsAndCountsAndTheDefaultRuleDeniesWhatNoRuleAllows() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        RuleSet r = RuleSet.of(n[1]);
        assertThat(Ipfw.load("add 100 deny icmp from any to any dst-ip 10.0.1.2", r, Ipfw.NO_OBJECTS)).isEmpty();
        Ping p = ping(sim, n);
        assertThat(p.received()).isZero();
        assertThat(n[1].drops("IPFW_DENY")).isEqualTo(3);
        assertThat(r.rules().getFirst().packets()).isEqualTo(3);

        Simulation sim2 = new Simulation(1);
        Machine[] m = chain(sim2);
        RuleSet.of(m[1]).defaultAllow(true);
        assertThat(Ipfw.load("add 100 deny udp from any to any", RuleSet.of(m[1]), Ipfw.NO_OBJECTS)).isEmpty();
        assertThat(ping(sim2, m).received()).isEqualTo(3);
    }

    @Test
    void aRuleNamingAnUndeclaredPipeIsReportedAndItsPacketsDroppedWithTheirOwnCause() {
        Simulation sim = new Simulation(1);
        Machine[] n = chain(sim);
        pipes(sim, 2);
        RuleSet r = RuleSet.of(n[0]);
        assertThat(Ipfw.load("add 100 pipe 1 ip from any to any\nadd 200 pipe 2 ip from any to any", r, Ipfw.NO_OBJECTS)).isEmpty();
        assertThat(r.unresolved()).extracting(Rule::number).containsExactly(100);
        assertThat(ping(sim, n).received()).isZero();
        assertThat(n[0].drops("NO_PIPE")).isEqualTo(3);
    }
}
