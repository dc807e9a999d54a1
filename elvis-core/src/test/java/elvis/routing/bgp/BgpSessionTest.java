package elvis.routing.bgp;

import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.routing.Prefix;
import elvis.routing.RoutingStats;
import org.junit.jupiter.api.Test;

import static elvis.routing.bgp.BgpLab.S;
import static org.assertj.core.api.Assertions.assertThat;

/** Sessions between speakers over our TCP: establishment, routes, timers, collisions, resets. */
class BgpSessionTest {

    /** A–B–C in ASes 65001, 65002, 65003, each originating one /16. */
    static BgpLab chain(long seed) {
        BgpLab lab = new BgpLab(seed);
        lab.router("a", 65001);
        lab.router("b", 65002);
        lab.router("c", 4_200_000_003L);
        lab.link("a", "b");
        lab.link("b", "c");
        lab.network("a", "10.1.0.0/16");
        lab.network("b", "10.2.0.0/16");
        lab.network("c", "10.3.0.0/16");
        return lab.start();
    }

    @Test
    void aChainEstablishesAndInstallsEbgpRoutesWithTheirPaths() {
        BgpLab lab = chain(1);
        lab.runUntilSeconds(60);
        for (Bgp b : lab.speakers.values())
            for (BgpSession s : b.sessions()) assertThat(s.state()).as(s.toString()).isEqualTo(BgpState.ESTABLISHED);
        assertThat(lab.path("a", "10.3.0.0/16")).isEqualTo("65002 4200000003");
        assertThat(lab.path("c", "10.1.0.0/16")).isEqualTo("65002 65001");
        assertThat(lab.path("b", "10.2.0.0/16")).isEmpty();                  // its own
        Route r = lab.lookup("a", "10.3.7.7");
        assertThat(r.origin()).isEqualTo(Origin.EBGP);
        assertThat(r.gateway()).isEqualTo(lab.address("b", 0));
        assertThat(r.prefix()).isEqualTo(Ipv4Address.parse("10.3.0.0"));
        assertThat(lab.lookup("b", "10.1.0.1").gateway()).isEqualTo(lab.address("a", 0));
        // A's route to 10.1/16 came back from B? Never: B does not send a route back to its source,
        // and C's copy of it would carry 65001 and be dropped as a loop.
        assertThat(lab.bgp("b").session(lab.address("a", 0)).adjRibOut()).doesNotContainKey(Prefix.parse("10.1.0.0/16"));
        assertThat(RoutingStats.of(lab.sim.kernel()).messages("bgp")).isPositive();
        lab.assertNoFailures();
    }

    @Test
    void keepalivesComeEveryThirdOfTheHoldTimeJittered() {
        BgpLab lab = chain(2);
        lab.runUntilSeconds(30);
        BgpSession s = lab.bgp("a").sessions().get(0);
        long before = s.sent(BgpMessage.KEEPALIVE);
        lab.runUntilSeconds(30 + 900);
        long n = s.sent(BgpMessage.KEEPALIVE) - before;
        // Every 30 s × U(0.75, 1): between 900/30 = 30 and 900/22.5 = 40 in 900 s.
        assertThat(n).isBetween(29L, 41L);
        assertThat(s.state()).isEqualTo(BgpState.ESTABLISHED);
    }

    @Test
    void holdTimerExpirySendsNotificationFourAndDropsTheRoutes() {
        BgpLab lab = new BgpLab(3);
        lab.router("a", 65001);
        lab.router("b", 65002);
        lab.lan("a", "b");
        lab.network("b", "10.2.0.0/16");
        lab.start();
        lab.runUntilSeconds(60);
        BgpSession ab = lab.bgp("a").sessions().get(0);
        assertThat(ab.state()).isEqualTo(BgpState.ESTABLISHED);
        assertThat(lab.lookup("a", "10.2.0.1").origin()).isEqualTo(Origin.EBGP);
        // B's switch port dies: B hears it (and resets), A hears nothing but silence.
        lab.links.get(0).setPortUp(1, false);
        // A last heard B at most one keepalive interval (30 s) before; the hold time is 90 s.
        lab.runUntilSeconds(60 + 90 - 30 - 0.001);
        assertThat(ab.state()).isEqualTo(BgpState.ESTABLISHED);
        lab.runUntilSeconds(60 + 90 + 0.001);
        assertThat(ab.state()).isNotEqualTo(BgpState.ESTABLISHED);
        assertThat(ab.lastNotificationSent().code()).isEqualTo(BgpError.HOLD_TIMER_EXPIRED);
        assertThat(lab.bgp("a").best(Prefix.parse("10.2.0.0/16"))).isNull();
        assertThat(lab.lookup("a", "10.2.0.1")).isNull();
        lab.assertNoFailures();
    }
}
