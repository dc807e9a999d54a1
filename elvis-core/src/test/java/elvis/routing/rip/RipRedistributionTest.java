package elvis.routing.rip;

import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Origin;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static elvis.routing.rip.RipTest.MS;
import static elvis.routing.rip.RipTest.S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What RIP redistributes and at which metric, and a router that reboots cold when its machine goes down and up. */
class RipRedistributionTest {
    static final int EXT = (192 << 24) + (0 << 16) + (2 << 8);            // 192.0.2.0/24, behind r1's LAN

    @Test
    void staticRoutesAreRedistributedByDefaultAtMetricOneOrAtTheConfiguredMetricOrNotAtAll() {
        assertThat(learnt(RipConfig.DEFAULT)).as("default: static at 1, one more hop at r0").isEqualTo(2);
        assertThat(learnt(RipConfig.DEFAULT.withRedistribution(Set.of("static"), 5))).isEqualTo(6);
        assertThat(learnt(RipConfig.DEFAULT.withRedistribution(Set.of(), 1))).isEqualTo(RipMessage.INFINITY);
        assertThatThrownBy(() -> RipConfig.DEFAULT.withRedistribution(Set.of("connected"), 1)).hasMessageContaining("cannot redistribute 'connected'");
        assertThatThrownBy(() -> RipConfig.DEFAULT.withRedistribution(Set.of("static"), 16)).hasMessageContaining("1..15");
    }

    /** r0's metric for a static route of r1's when r1 runs {@code config}. */
    static int learnt(RipConfig config) {
        RipTest.Topology t = new RipTest.Topology(5, 2, RipConfig.DEFAULT, config);
        t.link(0, 1, MS);
        Ipv4.of(t.routers.get(1)).addRoute(EXT, 24, (10 << 24) + (1 << 16) + 9);
        t.sim.runUntil(40 * S);
        return t.rips.get(0).metric(EXT, 24);
    }

    @Test
    void aRouterWhoseMachineGoesDownForgetsEverythingAndStartsAfreshWhenItComesBack() {
        RipTest.Topology t = new RipTest.Topology(6, 3, RipConfig.DEFAULT);
        t.link(0, 1, MS);
        t.link(1, 2, MS);
        t.sim.runUntil(100 * S);
        Rip r1 = t.rips.get(1);
        assertThat(r1.reachable()).as("3 LANs and 2 links").isEqualTo(5);
        t.sim.kernel().at(100 * S, () -> t.sim.setMachineUp(t.routers.get(1), false));
        t.sim.runUntil(101 * S);
        assertThat(r1.reachable()).as("nothing kept while down").isZero();
        assertThat(Ipv4.of(t.routers.get(1)).routes()).noneMatch(r -> r.origin() == Origin.RIP);
        long sent = r1.messagesSent();
        t.sim.runUntil(150 * S);
        assertThat(r1.messagesSent()).as("no update while down").isEqualTo(sent);
        t.sim.kernel().at(150 * S, () -> t.sim.setMachineUp(t.routers.get(1), true));
        t.sim.runUntil(150 * S + 1);
        assertThat(r1.reachable()).as("a cold start knows its own networks alone").isEqualTo(3);
        t.sim.runUntil(152 * S);
        assertThat(r1.reachable()).as("the neighbours' answers to its requests (§3.9.1)").isEqualTo(5);
        // r1's first triggered update (its own networks) went out at once; the next, with r2's LAN, 1 to 5 s later (§3.10.1).
        t.sim.runUntil(156 * S);
        assertThat(t.rips.get(0).metric((10 << 24) + (2 << 16), 24)).isEqualTo(3);
        for (var m : t.routers) assertThat(m.failures()).isEmpty();
    }
}
