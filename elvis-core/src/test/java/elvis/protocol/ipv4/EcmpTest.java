package elvis.protocol.ipv4;

import elvis.Simulation;
import elvis.app.SendDatagrams;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Equal-cost multipath: a protocol's routes of equal origin and metric share a destination's flows
 * by a hash of source and destination; a flow keeps its path; static routes never share.
 */
class EcmpTest {
    private static final int DST = Ipv4Address.parse("10.0.2.9");

    private static Route ospf(int gateway, int metric) {
        return new Route(Ipv4Address.parse("10.0.2.0"), 24, gateway, null, Origin.OSPF, metric);
    }

    @Test
    void equalCostRoutesOfAProtocolShareByFlowHashAndStaticOnesDoNot() {
        RoutingTable t = new RoutingTable();
        Route a = ospf(1, 20), b = ospf(2, 20), worse = ospf(3, 30);
        t.add(worse);
        t.add(a);
        t.add(b);
        Set<Route> seen = new HashSet<>();
        for (int src = 0; src < 64; src++) {
            int h = RoutingTable.flowHash(src, DST);
            Route r = t.lookup(DST, h);
            assertThat(r).isIn(a, b).isSameAs(t.lookup(DST, h)).isSameAs(List.of(a, b).get(Integer.remainderUnsigned(h, 2)));
            seen.add(r);
        }
        assertThat(seen).containsExactlyInAnyOrder(a, b);
        assertThat(t.lookup(DST)).as("without a flow: the first path").isSameAs(a);
        t.remove(a);
        t.remove(b);
        assertThat(t.lookup(DST, 1)).as("a higher metric is no equal cost: only once alone").isSameAs(worse);

        RoutingTable statics = new RoutingTable();
        Route s1 = new Route(Ipv4Address.parse("10.0.2.0"), 24, 1, null, Origin.STATIC);
        Route s2 = new Route(Ipv4Address.parse("10.0.2.0"), 24, 2, null, Origin.STATIC);
        statics.add(s1);
        statics.add(s2);
        for (int h = 0; h < 16; h++) assertThat(statics.lookup(DST, h)).as("a second static route is a backup").isSameAs(s1);
    }

    @Test
    void aMultipathDestinationIsNotCachedSoEachFlowKeepsItsOwnPath() {
        RoutingTable t = new RoutingTable();
        Route a = ospf(1, 20), b = ospf(2, 20);
        t.add(a);
        t.add(b);
        int ha = -1, hb = -1;
        for (int src = 0; ha < 0 || hb < 0; src++) {
            int h = RoutingTable.flowHash(src, DST);
            if (t.lookup(DST, h) == a) ha = h; else hb = h;
        }
        assertThat(t.cachedLookup(DST, ha)).isSameAs(a);
        assertThat(t.cachedLookup(DST, hb)).isSameAs(b);
        assertThat(t.cachedLookup(DST, ha)).isSameAs(a);
    }

    /**
     * Twenty hosts behind r0 send five datagrams each to one host behind r1 and r2, which r0 reaches
     * by two equal-cost OSPF routes: both links carry traffic, each host's five datagrams take one of
     * them, and which one is the flow hash's choice.
     */
    @Test
    void forwardingSpreadsFlowsOverEqualCostLinks() {
        Simulation sim = new Simulation(7);
        Network lanA = sim.network("a", LinkConfig.UNLIMITED), lanB = sim.network("b", LinkConfig.UNLIMITED);
        Network l1 = sim.link("l1", LinkConfig.UNLIMITED, Simulation.Resolution.STATIC);
        Network l2 = sim.link("l2", LinkConfig.UNLIMITED, Simulation.Resolution.STATIC);
        Machine r0 = sim.machine("r0"), r1 = sim.machine("r1"), r2 = sim.machine("r2"), d = sim.machine("d");
        for (Machine r : List.of(r0, r1, r2)) sim.router(r);
        sim.connect(r0, lanA, "10.0.1.1/24");
        Ipv4Interface out1 = sim.connect(r0, l1, "10.9.1.1/30"), out2 = sim.connect(r0, l2, "10.9.2.1/30");
        sim.connect(r1, l1, "10.9.1.2/30");
        sim.connect(r2, l2, "10.9.2.2/30");
        sim.connect(r1, lanB, "10.0.2.1/24");
        sim.connect(r2, lanB, "10.0.2.2/24");
        sim.connect(d, lanB, "10.0.2.9/24");
        int net = Ipv4Address.parse("10.0.2.0");
        Route via1 = new Route(net, 24, Ipv4Address.parse("10.9.1.2"), out1, Origin.OSPF, 2);
        Route via2 = new Route(net, 24, Ipv4Address.parse("10.9.2.2"), out2, Origin.OSPF, 2);
        Ipv4.of(r0).setRoutes(net, 24, Origin.OSPF, List.of(via1, via2));
        int expectedOnL1 = 0;
        for (int h = 0; h < 20; h++) {
            Machine host = sim.machine("h" + h);
            int src = Ipv4Address.parse("10.0.1.0") + 10 + h;
            sim.connect(host, lanA, src, 24);
            sim.route(host, "default", "10.0.1.1");
            host.addApplication(new SendDatagrams(DST, 9, Message.ofUtf8("x"), 5, 1_000_000, 0));
            if (Integer.remainderUnsigned(RoutingTable.flowHash(src, DST), 2) == 0) expectedOnL1 += 5;
        }
        sim.run();
        long on1 = l1.stats().delivered(), on2 = l2.stats().delivered();
        assertThat(on1 + on2).isEqualTo(100);
        assertThat(on1).isEqualTo(expectedOnL1).isPositive().isLessThan(100);
        assertThat(on1 % 5).as("a flow never changes path").isZero();
    }
}
