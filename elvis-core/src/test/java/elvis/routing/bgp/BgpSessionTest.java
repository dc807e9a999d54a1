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

    @Test
    void aCollisionKeepsTheConnectionOfTheHigherIdentifier() {
        BgpLab lab = new BgpLab(4);
        lab.router("a", 65001);
        lab.router("b", 65002);
        lab.link("a", "b");
        lab.start();
        lab.runUntilSeconds(10);
        BgpSession ab = lab.bgp("a").sessions().get(0), ba = lab.bgp("b").sessions().get(0);
        assertThat(ab.state()).isEqualTo(BgpState.ESTABLISHED);
        assertThat(ba.state()).isEqualTo(BgpState.ESTABLISHED);
        // Both opened at time 0, so both connections reached OpenSent: one was closed.
        assertThat(ab.collisions() + ba.collisions()).isPositive();
        assertThat(lab.bgp("b").routerId()).isGreaterThan(lab.bgp("a").routerId());
        assertThat(ba.establishedOurs()).as("B, the higher identifier, keeps the connection it opened").isTrue();
        assertThat(ab.establishedOurs()).isFalse();
        // Both ends reach the same verdict and close A's connection with Cease, collision resolution.
        for (BgpSession s : java.util.List.of(ab, ba)) {
            assertThat(s.lastNotificationSent().code()).isEqualTo(BgpError.CEASE);
            assertThat(s.lastNotificationSent().subcode()).isEqualTo(BgpError.COLLISION_RESOLUTION);
        }
        lab.runUntilSeconds(400);
        assertThat(ab.establishedCount()).isEqualTo(1);
        lab.assertNoFailures();
    }

    @Test
    void aSessionResetWithdrawsAndThenConvergesAgain() {
        BgpLab lab = chain(5);
        lab.runUntilSeconds(60);
        assertThat(lab.path("c", "10.1.0.0/16")).isEqualTo("65002 65001");
        lab.sim.kernel().at(60 * S, lab.bgp("a")::resetSessions);
        lab.runUntilSeconds(61);
        assertThat(lab.bgp("a").best(Prefix.parse("10.3.0.0/16"))).isNull();
        assertThat(lab.lookup("a", "10.3.0.1")).isNull();
        assertThat(lab.path("c", "10.1.0.0/16")).as("withdrawn along the chain at once").isNull();
        BgpSession ab = lab.bgp("a").sessions().get(0);
        assertThat(ab.lastNotificationSent().code()).isEqualTo(BgpError.CEASE);
        assertThat(ab.lastNotificationSent().subcode()).isEqualTo(BgpError.ADMINISTRATIVE_RESET);
        lab.runUntilSeconds(60 + 120 + 40);                                      // ConnectRetry, then MRAI at most
        assertThat(lab.path("c", "10.1.0.0/16")).isEqualTo("65002 65001");
        assertThat(lab.path("a", "10.3.0.0/16")).isEqualTo("65002 4200000003");
        assertThat(ab.establishedCount()).isEqualTo(2);
        lab.assertNoFailures();
    }

    @Test
    void mraiPacesAnnouncementsAndWithdrawals() {
        BgpLab lab = chain(6);
        lab.runUntilSeconds(100);
        lab.sim.kernel().at(100 * S, () -> lab.bgp("a").announce(Prefix.parse("10.11.0.0/16")));
        lab.sim.kernel().at(101 * S, () -> lab.bgp("a").announce(Prefix.parse("10.12.0.0/16")));
        lab.runUntilSeconds(100.5);
        assertThat(lab.path("c", "10.11.0.0/16")).as("the first change after a quiet spell goes at once").isEqualTo("65002 65001");
        lab.runUntilSeconds(100 + 22.5 - 0.01);
        assertThat(lab.path("c", "10.12.0.0/16")).as("held by MRAI ≥ 22.5 s").isNull();
        lab.runUntilSeconds(100 + 60 + 1);
        assertThat(lab.path("c", "10.12.0.0/16")).isEqualTo("65002 65001");
        // Quiet until 200 s; a withdrawal right after an announcement waits for MRAI too (RFC 4271 §9.2.1.1).
        lab.sim.kernel().at(200 * S, () -> lab.bgp("a").announce(Prefix.parse("10.13.0.0/16")));
        lab.sim.kernel().at(201 * S, () -> lab.bgp("a").withdraw(Prefix.parse("10.11.0.0/16")));
        lab.runUntilSeconds(200 + 22.5 - 0.01);
        assertThat(lab.path("c", "10.13.0.0/16")).isEqualTo("65002 65001");
        assertThat(lab.path("c", "10.11.0.0/16")).as("the withdrawal waits").isEqualTo("65002 65001");
        lab.runUntilSeconds(200 + 60 + 1);
        assertThat(lab.path("c", "10.11.0.0/16")).isNull();
        lab.assertNoFailures();
    }

    /** AS 65001: r1 and r2 on a LAN with iBGP; r1 has eBGP to x (AS 65002), r2 to nobody else. */
    @Test
    void ibgpCarriesEbgpRoutesWithNextHopSelfAndInstallsThemAsIbgp() {
        BgpLab lab = new BgpLab(8);
        lab.router("x", 65002);
        lab.router("r1", 65001);
        lab.router("r2", 65001);
        lab.router("r3", 65001);
        lab.link("x", "r1");
        lab.lan("r1", "r2");
        lab.lan("r2", "r3");                                                   // no r1–r3 session: not a full mesh
        lab.network("x", "10.2.0.0/16");
        lab.network("r2", "10.5.0.0/16");
        lab.start();
        lab.runUntilSeconds(60);
        Route r = lab.lookup("r2", "10.2.0.1");
        assertThat(r.origin()).isEqualTo(Origin.IBGP);
        assertThat(r.gateway()).isEqualTo(lab.address("r1", 1));
        BgpRoute viaIbgp = lab.bgp("r2").best(Prefix.parse("10.2.0.0/16"));
        assertThat(viaIbgp.attributes().nextHop()).isEqualTo(lab.address("r1", 1));
        assertThat(viaIbgp.attributes().localPref()).isEqualTo(100);
        assertThat(lab.path("x", "10.5.0.0/16")).isEqualTo("65001");
        assertThat(lab.lookup("r1", "10.5.0.1").origin()).isEqualTo(Origin.IBGP);
        // r3 hears r2's own network but not what r2 learned over iBGP from r1 (RFC 4271 §9.2).
        assertThat(lab.bgp("r3").best(Prefix.parse("10.5.0.0/16"))).isNotNull();
        assertThat(lab.bgp("r3").best(Prefix.parse("10.2.0.0/16"))).isNull();
        lab.assertNoFailures();
    }

    /**
     * r1 and r2 in AS 65001 talk iBGP across m, a router without BGP, over static routes; r1 has
     * eBGP to x. r2's route to x's prefix has r1 as NEXT_HOP, which is not on r2's links: it is
     * installed through the static route's gateway (m), and leaves the table when that route goes.
     */
    @Test
    void ibgpNextHopsResolveRecursivelyThroughOtherRoutes() {
        BgpLab lab = new BgpLab(9);
        lab.router("x", 65002);
        lab.router("r1", 65001);
        lab.router("r2", 65001);
        elvis.machine.Machine m = lab.sim.machine("m");
        lab.sim.router(m);
        lab.link("x", "r1");
        var left = lab.sim.link("r1-m", elvis.link.LinkConfig.UNLIMITED.withDelay(BgpLab.MS), elvis.Simulation.Resolution.STATIC);
        var right = lab.sim.link("m-r2", elvis.link.LinkConfig.UNLIMITED.withDelay(BgpLab.MS), elvis.Simulation.Resolution.STATIC);
        lab.sim.connect(lab.machines.get("r1"), left, "10.9.1.1/24");
        lab.sim.connect(m, left, "10.9.1.2/24");
        lab.sim.connect(m, right, "10.9.2.2/24");
        lab.sim.connect(lab.machines.get("r2"), right, "10.9.2.1/24");
        lab.sim.route(lab.machines.get("r1"), "10.9.2.0/24", "10.9.1.2");
        lab.sim.route(lab.machines.get("r2"), "10.9.1.0/24", "10.9.2.2");
        lab.neighbors.get("r1").add(new BgpNeighbor(Ipv4Address.parse("10.9.2.1"), 65001));
        lab.neighbors.get("r2").add(new BgpNeighbor(Ipv4Address.parse("10.9.1.1"), 65001));
        lab.network("x", "10.2.0.0/16");
        lab.start();
        lab.runUntilSeconds(60);
        BgpRoute r = lab.bgp("r2").best(Prefix.parse("10.2.0.0/16"));
        assertThat(r.attributes().nextHop()).isEqualTo(Ipv4Address.parse("10.9.1.1"));   // r1, two hops away
        Route installed = lab.lookup("r2", "10.2.3.4");
        assertThat(installed.origin()).isEqualTo(Origin.IBGP);
        assertThat(installed.gateway()).as("through the static route's gateway").isEqualTo(Ipv4Address.parse("10.9.2.2"));
        // The static route towards r1 goes: the next hop no longer resolves, the route leaves at once.
        lab.sim.kernel().at(60 * S, () -> elvis.protocol.ipv4.Ipv4.of(lab.machines.get("r2"))
                .removeRoute(Ipv4Address.parse("10.9.1.0"), 24, Ipv4Address.parse("10.9.2.2")));
        lab.runUntilSeconds(60.001);
        assertThat(lab.bgp("r2").best(Prefix.parse("10.2.0.0/16"))).isNull();
        assertThat(lab.lookup("r2", "10.2.3.4")).isNull();
        assertThat(lab.bgp("r2").sessions().get(0).adjRibIn()).as("still learned, only unusable").containsKey(Prefix.parse("10.2.0.0/16"));
        lab.assertNoFailures();
    }
}
