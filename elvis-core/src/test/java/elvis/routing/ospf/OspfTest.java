package elvis.routing.ospf;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The OSPF router's protocol behaviour, with RFC 2328's numbers: adjacency, timers, flooding, ageing, DR election. */
class OspfTest {
    static final long MS = 1_000_000, S = 1_000 * MS;

    static int ip(String s) { return Ipv4Address.parse(s); }

    static final OspfConfig D = OspfConfig.DEFAULT;

    /** RFC 2328's defaults with the given router id and interface overrides. */
    static OspfConfig config(int routerId, OspfConfig.Interface... overrides) {
        return new OspfConfig(routerId, 0, D.helloNs(), D.deadNs(), D.retransmitNs(), D.transmitDelayNs(), D.spfDelayNs(), D.spfHoldNs(),
                D.spfMaxHoldNs(), D.referenceBandwidth(), List.of(overrides));
    }

    /** eth{@code device}: a stub LAN of hosts, advertised at cost 1 with no hellos. */
    static OspfConfig.Interface passive(int device) { return new OspfConfig.Interface(device, 1, 1, true); }

    /** Routers r0..r(n-1) in a chain of point-to-point links 10.0.k.0/30, each with a stub LAN 192.168.i.0/24. */
    record Chain(Simulation sim, List<Machine> routers, List<Ospf> daemons, List<Network> links) { }

    static Chain chain(int n, LinkConfig link) { return chain(n, link, i -> config(ip("1.1.1." + (i + 1)), passive(0))); }

    /** The chain with router i configured by {@code configs}. */
    static Chain chain(int n, LinkConfig link, java.util.function.IntFunction<OspfConfig> configs) {
        Simulation sim = new Simulation(7);
        List<Machine> rs = new ArrayList<>();
        List<Ospf> ds = new ArrayList<>();
        List<Network> links = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Machine m = sim.machine("r" + i);
            sim.connect(m, sim.network("stub" + i, LinkConfig.UNLIMITED), ip("192.168." + i + ".1"), 24);
            rs.add(m);
        }
        for (int i = 0; i + 1 < n; i++) {
            Network l = sim.link("l" + i, link, Simulation.Resolution.NONE);
            sim.connect(rs.get(i), l, ip("10.0." + i + ".1"), 30);
            sim.connect(rs.get(i + 1), l, ip("10.0." + i + ".2"), 30);
            links.add(l);
        }
        for (int i = 0; i < n; i++) {
            Ospf o = new Ospf(configs.apply(i));
            rs.get(i).addApplication(o);
            ds.add(o);
        }
        return new Chain(sim, rs, ds, links);
    }

    static List<Route> ospfRoutes(Machine m) {
        return Ipv4.of(m).routes().stream().filter(r -> r.origin() == Origin.OSPF).toList();
    }

    @Test
    void pointToPointNeighboursGoFullAndInstallEachOthersStubs() {
        Chain c = chain(3, LinkConfig.UNLIMITED.withDelay(MS));
        c.sim().runUntil(35 * S);
        assertThat(c.daemons().get(1).neighbors()).containsExactly("r1/eth1 1.1.1.1 Full", "r1/eth2 1.1.1.3 Full");
        assertThat(c.daemons().get(0).interfaceStates()).containsExactly("Passive", "Point-to-point");
        // Hellos at 0, 10, 20 and 30 s on each of r1's two links (§9.5: every HelloInterval); none on its passive stub LAN.
        assertThat(c.daemons().get(1).sent(OspfPacket.HELLO)).isEqualTo(8);
        assertThat(c.daemons().get(0).database()).extracting(l -> l.type).containsExactly(Lsa.ROUTER, Lsa.ROUTER, Lsa.ROUTER);
        List<Route> r0 = ospfRoutes(c.routers().get(0));
        assertThat(r0).extracting(Route::toString).containsExactly(
                "10.0.1.0/30 via 10.0.0.2 (ospf metric 2)", "192.168.1.0/24 via 10.0.0.2 (ospf metric 2)", "192.168.2.0/24 via 10.0.0.2 (ospf metric 3)");
        for (Machine m : c.routers()) assertThat(m.failures()).isEmpty();
    }

    @Test
    void aNeighbourThatFallsSilentOnALanIsDeclaredDeadAfterTheDeadInterval() {
        Simulation sim = new Simulation(3);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.1.0.1/24");
        sim.connect(b, lan, "10.1.0.2/24");
        Ospf oa = new Ospf(config(ip("1.1.1.1"))), ob = new Ospf(config(ip("2.2.2.2")));
        a.addApplication(oa);
        b.addApplication(ob);
        sim.runUntil(95 * S);
        assertThat(oa.neighbors()).containsExactly("a/eth0 2.2.2.2 Full");
        lan.setPortUp(1, false);                     // b's port: a hears nothing, and is not told (§10.3 InactivityTimer)
        sim.runUntil(129 * S);                       // b's last hello reached a at 90.001 s
        assertThat(oa.neighbors()).containsExactly("a/eth0 2.2.2.2 Full");
        sim.runUntil(131 * S);
        assertThat(oa.neighbors()).isEmpty();
        assertThat(oa.interfaceStates()).containsExactly("DR");
    }

    @Test
    void drElectionTakesPriorityThenRouterIdNeverPriorityZeroAndDoesNotPreempt() {
        Simulation sim = new Simulation(4);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
        String[] names = {"a", "b", "c", "d", "late"};
        int[] priorities = {1, 1, 0, 2, 5};
        List<Ospf> ds = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            Machine m = sim.machine(names[i]);
            sim.connect(m, lan, ip("10.2.0." + (i + 1)), 24);
            int prio = priorities[i];
            Ospf o = new Ospf(config(ip((i + 1) + "." + (i + 1) + "." + (i + 1) + "." + (i + 1)), new OspfConfig.Interface(0, 0, prio, false)));
            m.addApplication(o);
            ds.add(o);
        }
        lan.setPortUp(4, false);                     // "late", the highest priority, joins after the election
        sim.runUntil(60 * S);
        // d has the highest priority; of a and b (priority 1) b has the higher router id; c (priority 0) is never chosen.
        for (int i = 0; i < 4; i++) {
            assertThat(ds.get(i).designatedRouter(0)).as(names[i]).isEqualTo(ip("10.2.0.4"));
            assertThat(ds.get(i).backupDesignatedRouter(0)).as(names[i]).isEqualTo(ip("10.2.0.2"));
        }
        assertThat(ds.get(2).interfaceStates()).containsExactly("DROther");
        assertThat(ds.get(0).neighbors()).containsExactly("a/eth0 2.2.2.2 Full", "a/eth0 3.3.3.3 2-Way", "a/eth0 4.4.4.4 Full");
        lan.setPortUp(4, true);
        sim.runUntil(120 * S);
        assertThat(ds.get(4).designatedRouter(0)).as("no preemption by a later, higher-priority router").isEqualTo(ip("10.2.0.4"));
        assertThat(ds.get(4).interfaceStates()).containsExactly("DROther");
        lan.setPortUp(3, false);                     // the DR dies silently: the BDR takes over after the dead interval
        sim.runUntil(200 * S);
        assertThat(ds.get(1).interfaceStates()).containsExactly("DR");
        assertThat(ds.get(0).designatedRouter(0)).isEqualTo(ip("10.2.0.2"));
        assertThat(ds.get(0).backupDesignatedRouter(0)).as("the new BDR: the highest priority left").isEqualTo(ip("10.2.0.5"));
        // While adjacencies re-form, an update can reach a router that is not yet exchanging with its
        // sender (a counted OSPF_NO_NEIGHBOR, as §13 discards it); nothing is malformed or refused.
        for (Machine m : sim.machines()) {
            assertThat(m.drops(OspfDrop.OSPF_MALFORMED) + m.drops(OspfDrop.OSPF_REJECTED)).as(m.name()).isZero();
            assertThat(m.failures()).isEmpty();
        }
    }

    @Test
    void ownLsasAreRefreshedEveryThirtyMinutesAndAnUnreachableRoutersLsaIsFlushedAtMaxAge() {
        Chain c = chain(2, LinkConfig.UNLIMITED.withDelay(MS));
        c.sim().runUntil(60 * S);
        int seq = own(c.daemons().get(0)).seq;
        c.sim().runUntil(1799 * S);
        assertThat(own(c.daemons().get(0)).seq).as("no refresh before LSRefreshTime").isEqualTo(seq);
        c.sim().runUntil(1861 * S);
        assertThat(own(c.daemons().get(0)).seq).as("refreshed at 30 min").isEqualTo(seq + 1);
        assertThat(own(c.daemons().get(0)).age).isLessThan(62);
        c.links().get(0).setUp(false);
        Lsa r1 = c.daemons().get(0).database().stream().filter(l -> l.advRouter == ip("1.1.1.2")).findFirst().orElseThrow();
        long r1Born = c.sim().kernel().now() - r1.age * S;
        c.sim().runUntil(r1Born + 3590 * S);
        assertThat(c.daemons().get(0).database()).extracting(l -> l.advRouter).contains(ip("1.1.1.2"));
        c.sim().runUntil(r1Born + 3610 * S);
        assertThat(c.daemons().get(0).database()).as("flushed at MaxAge (§14)").extracting(l -> l.advRouter).doesNotContain(ip("1.1.1.2"));
    }

    private static Lsa own(Ospf o) {
        return o.database().stream().filter(l -> l.advRouter == o.routerId() && l.type == Lsa.ROUTER).findFirst().orElseThrow();
    }

    @Test
    void anUnacknowledgedUpdateIsSentAgainEveryRxmtIntervalUntilItsAckGetsThrough() {
        Chain c = chain(2, LinkConfig.UNLIMITED.withDelay(MS));
        c.sim().runUntil(60 * S);
        Network link = c.links().get(0);
        List<long[]> updates = new ArrayList<>();         // r1's updates to r0: time, destination
        link.addTap(new elvis.link.FrameTap() {
            @Override public void transmitting(Network n, int fromPort, elvis.message.Message f, long startNs) {
                if (fromPort == 1 && f.u8(23) == OspfPacket.PROTOCOL && f.u8(14 + 20 + 1) == OspfPacket.LS_UPDATE) updates.add(new long[] {startNs, f.u32(30)});
            }
        });
        long before = c.daemons().get(1).retransmissions();
        boolean[] dropAcks = {true};                       // r0's acknowledgements are lost until 72 s
        c.routers().get(0).packetFilter(new elvis.protocol.ipv4.Ipv4Filter() {
            @Override public boolean input(elvis.message.Message p, elvis.protocol.ipv4.Ipv4Interface in) { return true; }
            @Override public boolean output(elvis.message.Message p, elvis.protocol.ipv4.Ipv4Interface out, int nextHop, elvis.protocol.ipv4.Ipv4Interface in) {
                return !(dropAcks[0] && p.u8(9) == OspfPacket.PROTOCOL && p.u8(21) == OspfPacket.LS_ACK);
            }
        });
        Network stub = c.sim().networks().stream().filter(n -> n.name().equals("stub1")).findFirst().orElseThrow();
        stub.setUp(false);                                 // r1's router LSA changes: flooded to r0 at 60 s
        c.sim().runUntil(72 * S);
        dropAcks[0] = false;
        c.sim().runUntil(90 * S);
        // The flood to AllSPFRouters, then the same LSA to r0 itself every RxmtInterval (5 s) until r0's ack arrives.
        assertThat(updates).extracting(u -> u[0] - 60 * S).containsExactly(0L, 5 * S, 10 * S, 15 * S);
        assertThat(updates).extracting(u -> (int) u[1]).containsExactly(OspfPacket.ALL_SPF_ROUTERS, ip("10.0.0.1"), ip("10.0.0.1"), ip("10.0.0.1"));
        assertThat(c.daemons().get(1).retransmissions() - before).isEqualTo(3);
    }

    @Test
    void spfRunsAtOnceAfterAQuietSpellThenHoldsChangesThatKeepComing() {
        Chain c = chain(5, LinkConfig.UNLIMITED.withDelay(MS));
        c.sim().runUntil(100 * S);
        Ospf r0 = c.daemons().get(0);
        long runs = r0.spfRuns(), t = c.sim().kernel().now();
        for (int i = 1; i <= 4; i++) {                     // r1..r4 lose their stub LANs 10 ms apart
            Network stub = c.sim().networks().get(i);
            c.sim().kernel().at(t + (i - 1) * 10 * MS, () -> stub.setUp(false));
        }
        c.sim().runUntil(t + 40 * MS);
        // r1's LSA arrives at 1 ms and SPF runs at once; r2's at 12 ms finds the 50 ms hold running.
        assertThat(r0.spfRuns() - runs).isEqualTo(1);
        assertThat(ospfRoutes(c.routers().get(0))).extracting(Route::prefix).contains(ip("192.168.4.0"));
        c.sim().runUntil(t + 60 * MS);
        // One more run, at 51 ms, takes in r2's, r3's and r4's LSAs together.
        assertThat(r0.spfRuns() - runs).isEqualTo(2);
        assertThat(ospfRoutes(c.routers().get(0))).extracting(Route::prefix).noneMatch(p -> (p & 0xFFFF0000) == ip("192.168.0.0"));
    }

    @Test
    void theSameSeedGivesTheSameRunBitForBit() {
        List<String> runs = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            OspfArea area = new OspfArea(Topology.random(new java.util.Random(5), 30, 20), 5);
            area.sim.runUntil(90 * S);
            area.fail(3);
            area.sim.runUntil(150 * S);
            StringBuilder b = new StringBuilder();
            for (Ospf o : area.daemons) b.append(o.results()).append(o.database()).append('\n');
            elvis.routing.RoutingStats st = elvis.routing.RoutingStats.of(area.sim.kernel());
            b.append(st.lastChangeNs()).append(' ').append(st.changes()).append(' ').append(st.messages("ospf")).append(' ').append(st.bytes("ospf"));
            runs.add(b.toString());
        }
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
    }

    @Test
    void onALossyChainLostUpdatesAreRecoveredAndTheRoutesComplete() {
        Chain c = chain(4, LinkConfig.UNLIMITED.withDelay(MS).withLoss(0.3));
        c.sim().runUntil(300 * S);
        long retransmitted = 0;
        for (Ospf o : c.daemons()) retransmitted += o.retransmissions();
        assertThat(retransmitted).as("losses recovered by retransmission").isPositive();
        List<Route> r0 = ospfRoutes(c.routers().get(0));
        assertThat(r0).extracting(Route::prefix).contains(ip("192.168.3.0"));
    }
}
