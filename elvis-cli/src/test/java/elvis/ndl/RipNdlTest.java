package elvis.ndl;

import elvis.machine.Machine;
import elvis.routing.RoutingStats;
import elvis.routing.rip.Rip;
import elvis.routing.rip.RipConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The NDL application {@code rip}, its examples (the routing tutorial's lab 1, RIP half) and its errors. */
class RipNdlTest {
    static String example(String name) throws Exception { return Files.readString(Path.of("..", "examples", name)); }

    /** Runs to the file's {@code until}: RIP's regular updates never let the event queue empty. */
    static void run(SimulationBuilder.Built b) { b.simulation().runUntil(b.model().endNanos().getAsLong()); }

    static Rip rip(SimulationBuilder.Built b, String machine) { return (Rip) b.simulation().find(machine).applications().getFirst(); }

    @Test
    void theRingReRoutesAfterTheLinkFailureWhenTheOtherWayIsNextAdvertised() throws Exception {
        SimulationBuilder.Built b = DnsNdlTest.build(example("rip.ndl"));
        run(b);
        assertThat(rip(b, "r1").changes()).containsExactly(
                "0.005s 10.0.23.0/30 metric 2 via 10.0.12.2",
                "0.005s 10.0.45.0/30 metric 2 via 10.0.51.1",
                // Learnt from the first round of updates: a point-to-point link carries multicast whatever the far end
                // had joined when it was sent (it filters on arrival), so a router started before its neighbour no
                // longer loses its first update, and this route no longer waits for the 3.327 s update.
                "0.010s 10.0.34.0/30 metric 3 via 10.0.51.1",
                "4.194s 10.3.0.0/24 metric 3 via 10.0.12.2",
                "60.000s 10.0.12.0/30 unreachable (metric 16)",
                "60.000s 10.0.23.0/30 unreachable (metric 16)",
                "60.000s 10.3.0.0/24 unreachable (metric 16)",
                "78.523s 10.0.23.0/30 metric 4 via 10.0.51.1",
                "93.957s 10.3.0.0/24 metric 4 via 10.0.51.1");
        var ping = b.simulation().find("client").applications().getFirst().results();
        // lost: seq 1-5 (before 4.194 s) and 61-94 (60 s to 93.957 s); answered: the other 81
        assertThat(ping).containsEntry("transmitted", 120L).containsEntry("received", 81L);
        for (Machine m : b.simulation().machines()) assertThat(m.failures()).isEmpty();
        RoutingStats stats = RoutingStats.of(b.simulation().kernel());
        assertThat(stats.lastChangeNs()).isBetween(93_957_000_000L, 93_958_000_000L);   // the convergence after the failure
        assertThat(stats.protocols()).containsExactly("rip");
    }

    /**
     * The convergence after each event equals what the routers' own route listeners saw: from the event to the
     * last RIP route change before the next event. On rip.ndl as written (r1's port down at 60 s) and with the
     * whole r1 - r2 link down at 60 s and up at 100 s through [Events].
     */
    @Test
    void convergenceAfterEachEventIsTheLastRouteChangeTheRoutersSawBeforeTheNext() throws Exception {
        String written = example("rip.ndl");
        check(written, List.of(60L), List.of("start", "link r1-r2 port r1/eth1 down"));
        String events = written.replace(" down='60s'", "")
                + "[Events]\n  [Event at='60s' link='r1-r2' state='down']\n  [Event at='100s' link='r1-r2' state='up']\n";
        check(events, List.of(60L, 100L), List.of("start", "link r1-r2 down", "link r1-r2 up"));
    }

    private static void check(String ndl, List<Long> eventSeconds, List<String> labels) throws Exception {
        SimulationBuilder.Built b = DnsNdlTest.build(ndl);
        var kernel = b.simulation().kernel();
        List<Long> seen = new java.util.ArrayList<>();     // times of RIP route changes, any router
        for (Machine m : b.simulation().machines()) {
            elvis.protocol.ipv4.Ipv4 ip = m.existing(elvis.protocol.ipv4.Ipv4.KEY);
            if (ip != null && ip.isForwarding())
                ip.addRouteListener((r, added) -> { if (r.origin() == elvis.protocol.ipv4.Origin.RIP) seen.add(kernel.now()); });
        }
        run(b);
        List<RoutingStats.Convergence> c = RoutingStats.of(kernel).convergence();
        assertThat(c).extracting(RoutingStats.Convergence::what).containsExactlyElementsOf(labels);
        long end = b.model().endNanos().getAsLong();
        for (int e = 0; e < eventSeconds.size(); e++) {
            long at = eventSeconds.get(e) * 1_000_000_000L, until = e + 1 < eventSeconds.size() ? eventSeconds.get(e + 1) * 1_000_000_000L : end;
            long last = seen.stream().filter(t -> t >= at && t < until).mapToLong(Long::longValue).max().orElseThrow();
            assertThat(c.get(e + 1).atNs()).isEqualTo(at);
            assertThat(c.get(e + 1).convergenceNs()).as(labels.get(e + 1)).isEqualTo(last - at).isPositive();
        }
    }

    @Test
    void lab1TheTriangleCountsToInfinityOnlyWhenTheFailureCrossesARegularUpdate() throws Exception {
        String text = example("rip-count-to-infinity.ndl");
        SimulationBuilder.Built b = DnsNdlTest.build(text);
        run(b);
        List<String> climb = new java.util.ArrayList<>();
        for (String r : List.of("a", "b", "c"))
            for (String line : rip(b, r).changes()) if (line.contains("10.0.9.0/24 metric") && !line.startsWith("0.") && !line.startsWith("4.") && !line.startsWith("6."))
                climb.add(line.replaceAll(" via .*", "").replaceAll(".* metric ", r + " "));
        climb.sort(java.util.Comparator.comparingInt(s -> Integer.parseInt(s.substring(2))));
        assertThat(climb).containsExactly("b 3", "c 4", "a 5", "b 6", "c 7", "a 8", "b 9", "c 10", "a 11", "b 12", "c 13", "a 14", "b 15");
        assertThat(rip(b, "b").changes()).contains("120.690s 10.0.9.0/24 metric 3 via 10.0.1.1", "155.570s 10.0.9.0/24 unreachable (metric 16)");
        for (String r : List.of("a", "b", "c")) assertThat(rip(b, r).metric(0x0A00_0900, 24)).isEqualTo(16);

        SimulationBuilder.Built later = DnsNdlTest.build(text.replace("down='120.678s'", "down='120.681s'"));
        run(later);
        for (String r : List.of("a", "b", "c"))
            assertThat(rip(later, r).changes()).as(r).filteredOn(l -> Double.parseDouble(l.substring(0, l.indexOf('s'))) > 120 && l.contains("10.0.9.0/24 metric")).isEmpty();
    }

    @Test
    void argumentsMakeTheConfigurationAndBadOnesAreLocatedErrors() throws Exception {
        String net = """
                [Networks]
                  [Network id='lan' latency='1ms']
                    [IP subnet='10.0.0.0/24']
                [Machines]
                  [Machine name='r' router='true']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                """;
        SimulationBuilder.Built b = DnsNdlTest.build(net + "      [Application name='rip' update='10s' timeout='60s' garbage='40s' split_horizon='simple' redistribute_static='false']\n");
        RipConfig c = rip(b, "r").config();
        assertThat(c).isEqualTo(new RipConfig(10_000_000_000L, 60_000_000_000L, 40_000_000_000L, RipConfig.SplitHorizon.SIMPLE, java.util.Set.of(), 1, java.util.Set.of()));
        assertThat(rip(DnsNdlTest.build(net + "      [Application name='rip']\n"), "r").config()).isEqualTo(RipConfig.DEFAULT);
        assertThat(DnsNdlTest.errors(net + "      [Application name='rip' update='200s']\n")).singleElement().asString().startsWith("9:").contains("timeout");
        assertThat(DnsNdlTest.errors(net + "      [Application name='rip' split_horizon='poison']\n")).singleElement().asString().startsWith("9:").contains("split_horizon");
        assertThat(rip(DnsNdlTest.build(net + "      [Application name='rip' passive='eth0, eth3']\n"), "r").config().passive()).containsExactlyInAnyOrder(0, 3);
        assertThat(DnsNdlTest.errors(net + "      [Application name='rip' passive='lan']\n")).singleElement().asString().startsWith("9:")
                .contains("'lan' is not an interface name");
    }

    /** {@code redistribute} names the sources; the older {@code redistribute_static} still reads as it did, but not with it. */
    @Test
    void redistributeAndItsOlderSpellingRedistributeStatic() throws Exception {
        String net = """
                [Networks]
                  [Network id='lan' latency='1ms']
                    [IP subnet='10.0.0.0/24']
                [Machines]
                  [Machine name='r' router='true']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                """;
        RipConfig c = rip(DnsNdlTest.build(net + "      [Application name='rip' redistribute='bgp, static' redistribute_metric='3']\n"), "r").config();
        assertThat(c.redistribute()).containsExactly("bgp", "static");
        assertThat(c.redistributeMetric()).isEqualTo(3);
        assertThat(rip(DnsNdlTest.build(net + "      [Application name='rip' redistribute='']\n"), "r").config().redistribute()).isEmpty();
        assertThat(rip(DnsNdlTest.build(net + "      [Application name='rip' redistribute_static='true']\n"), "r").config()).isEqualTo(RipConfig.DEFAULT);
        assertThat(rip(DnsNdlTest.build(net + "      [Application name='rip' redistribute_static='false']\n"), "r").config().redistribute()).isEmpty();
        assertThat(DnsNdlTest.errors(net + "      [Application name='rip' redistribute='static' redistribute_static='true']\n")).singleElement().asString()
                .startsWith("9:").contains("not both");
        assertThat(DnsNdlTest.errors(net + "      [Application name='rip' redistribute='bgp,connected']\n")).singleElement().asString()
                .startsWith("9:").contains("cannot redistribute 'connected'");
        assertThat(DnsNdlTest.errors(net + "      [Application name='rip' redistribute_metric='16']\n")).singleElement().asString()
                .startsWith("9:").contains("redistribute_metric");
    }
}
