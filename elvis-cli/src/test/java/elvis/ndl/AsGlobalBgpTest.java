package elvis.ndl;

import elvis.Simulation;
import elvis.app.ApplicationRegistry;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.Route;
import elvis.routing.Prefix;
import elvis.routing.bgp.Bgp;
import elvis.routing.bgp.BgpRoute;
import elvis.routing.global.GlobalRouting;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.ndl.NdlTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * BGP over igp='global' hears failures anywhere inside its AS: AS 65000 reaches AS 65100's prefix by two exits,
 * b1 (IGP cost 3 from the interior router i: i-r5-r1-b1) and b2 (cost 4: i-r2-r3-r4-b2), so i takes b1 by
 * hot potato (RFC 4271 §9.1.2.2 (e)). The link r5-r1, adjacent to neither i nor b1, fails at 200 s and returns
 * at 250 s, within the hold time (no iBGP session runs from an address on it): i must follow in the instant of
 * each event, as the data plane from the host h to d on AS 65100's LAN, without waiting for a session to time out.
 */
class AsGlobalBgpTest {
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;

    /** {@code DETOUR} is replaced by nothing or by a longer way from r5 to r1 (r5-r7-r8-r1). */
    static final String TWO_EXITS = """
            [Simulation seed='5']
            [AS asn='65000' igp='global' block='10.0.0.0/16']
              [Networks]
                [Network id='lan' latency='1ms']
                [Network id='i-r5' type='p2p' latency='1ms']
                [Network id='r5-r1' type='p2p' latency='1ms']
                [Network id='r1-b1' type='p2p' latency='1ms']
                [Network id='i-r2' type='p2p' latency='1ms']
                [Network id='r2-r3' type='p2p' latency='1ms']
                [Network id='r3-r4' type='p2p' latency='1ms']
                [Network id='r4-b2' type='p2p' latency='1ms']
                [Network id='r5-r7' type='p2p' latency='1ms']
                [Network id='r7-r8' type='p2p' latency='1ms']
                [Network id='r8-r1' type='p2p' latency='1ms']
              [Machines]
                [Machine name='h']
                  [Networks]
                    [Network id='lan']
                [Machine name='i' router='true']
                  [Networks]
                    [Network id='lan']
                    [Network id='i-r5']
                    [Network id='i-r2']
                [Machine name='r5' router='true']
                  [Networks]
                    [Network id='i-r5']
                    [Network id='r5-r1']
            DETOUR_R5
                [Machine name='r1' router='true']
                  [Networks]
                    [Network id='r1-b1']
                    [Network id='r5-r1']
            DETOUR_R1
                [Machine name='b1' router='true']
                  [Networks]
                    [Network id='r1-b1']
                [Machine name='r2' router='true']
                  [Networks]
                    [Network id='i-r2']
                    [Network id='r2-r3']
                [Machine name='r3' router='true']
                  [Networks]
                    [Network id='r2-r3']
                    [Network id='r3-r4']
                [Machine name='r4' router='true']
                  [Networks]
                    [Network id='r3-r4']
                    [Network id='r4-b2']
                [Machine name='b2' router='true']
                  [Networks]
                    [Network id='r4-b2']
            DETOUR_R78
            [AS asn='65100' igp='static' block='10.100.0.0/24']
              [Networks]
                [Network id='dlan' latency='1ms']
              [Machines]
                [Machine name='e1' router='true']
                  [Networks]
                    [Network id='dlan']
                [Machine name='e2' router='true']
                  [Networks]
                    [Network id='dlan']
                [Machine name='d']
                  [Networks]
                    [Network id='dlan']
            [Peerings]
              [Peering a='b1' b='e1' relationship='customer' latency='1ms']
              [Peering a='b2' b='e2' relationship='customer' latency='1ms']
            [Events]
              [Event at='200s' link='r5-r1' state='down']
              [Event at='250s' link='r5-r1' state='up']
            """;

    static final String PARTITION = TWO_EXITS.replace("DETOUR_R5\n", "").replace("DETOUR_R1\n", "").replace("DETOUR_R78\n", "")
            .replace("    [Network id='r5-r7' type='p2p' latency='1ms']\n", "")
            .replace("    [Network id='r7-r8' type='p2p' latency='1ms']\n", "")
            .replace("    [Network id='r8-r1' type='p2p' latency='1ms']\n", "");

    /** r5-r1 a LAN, where only r1's port fails: its subnet stays reachable through r5, so i's next hops all stay. */
    static final String DETOUR = TWO_EXITS
            .replace("[Network id='r5-r1' type='p2p' latency='1ms']", "[Network id='r5-r1' latency='1ms']")
            .replace("link='r5-r1' state=", "machine='r1' link='r5-r1' state=")
            .replace("DETOUR_R5\n", "        [Network id='r5-r7']\n")
            .replace("DETOUR_R1\n", "        [Network id='r8-r1']\n")
            .replace("DETOUR_R78\n", """
                    [Machine name='r7' router='true']
                      [Networks]
                        [Network id='r5-r7']
                        [Network id='r7-r8']
                    [Machine name='r8' router='true']
                      [Networks]
                        [Network id='r7-r8']
                        [Network id='r8-r1']
                """);

    static final Prefix DEST = Prefix.parse("10.100.0.0/24");

    private static Simulation build(String text) throws Exception {
        NdlResult r = parse(text);
        assertThat(r.errors()).as(r.render()).isEmpty();
        return SimulationBuilder.build(r.simulation().orElseThrow(), ApplicationRegistry.load()).simulation();
    }

    private static Machine machine(Simulation sim, String name) {
        return sim.machines().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private static Bgp bgp(Simulation sim, String name) {
        return machine(sim, name).applications().stream().filter(a -> a instanceof Bgp).map(a -> (Bgp) a).findFirst().orElseThrow();
    }

    /** The machine whose interface has {@code address}. */
    private static String owner(Simulation sim, int address) {
        for (Machine m : sim.machines()) for (Ipv4Interface i : Ipv4.of(m).interfaces()) if (i.address() == address) return m.name();
        return "?";
    }

    /** i's best route to AS 65100: the exit (the border router owning its NEXT_HOP) and the IGP cost to it. */
    private static String exitOf(Simulation sim) {
        BgpRoute best = bgp(sim, "i").best(DEST);
        return best == null ? "none" : owner(sim, best.attributes().nextHop()) + " cost " + best.igpCost();
    }

    /** The routers a packet from h to d passes, by the tables (flow hash 0), ending at d; or where it stops. */
    private static List<String> path(Simulation sim) {
        int dst = Ipv4.of(machine(sim, "d")).interfaces().getFirst().address();
        List<String> names = new ArrayList<>();
        Machine at = machine(sim, "h");
        for (int hop = 0; hop < 32; hop++) {
            Route r = Ipv4.of(at).lookup(dst);
            if (r == null || !r.iface().isUp()) {
                names.add("no route at " + at.name());
                return names;
            }
            String next = owner(sim, r.nextHop(dst));
            names.add(next);
            if (next.equals("d") || next.equals("?")) return names;
            at = machine(sim, next);
        }
        names.add("loop");
        return names;
    }

    /** {@code ip}'s global routes without their costs: prefix and gateway. */
    private static List<String> nextHops(Ipv4 ip) {
        return ip.routes().stream().filter(r -> r.origin() == elvis.protocol.ipv4.Origin.GLOBAL)
                .map(r -> Ipv4Address.format(r.prefix()) + "/" + r.length() + " via " + Ipv4Address.format(r.gateway())).toList();
    }

    /** b1 cut off with r1 when r5-r1 fails: its NEXT_HOP no longer resolves at i, which takes b2 in that very instant. */
    @Test
    void anUnreachableNextHopIsDroppedForTheOtherExitAtOnce() throws Exception {
        Simulation sim = build(PARTITION);
        assertThat(GlobalRouting.installed(sim.kernel())).hasSize(1);
        sim.runUntil(200 * S - 1);
        assertThat(exitOf(sim)).isEqualTo("b1 cost 3");
        assertThat(path(sim)).containsExactly("i", "r5", "r1", "b1", "e1", "d");
        sim.runUntil(200 * S + MS);
        assertThat(exitOf(sim)).as("hold timer still running on the session with b1").isEqualTo("b2 cost 4");
        assertThat(path(sim)).containsExactly("i", "r2", "r3", "r4", "b2", "e2", "d");
        sim.runUntil(250 * S + MS);
        assertThat(exitOf(sim)).isEqualTo("b1 cost 3");
        assertThat(path(sim)).containsExactly("i", "r5", "r1", "b1", "e1", "d");
    }

    /**
     * With the detour r5-r7-r8-r1, b1 stays reachable from i when r1's port on r5-r1 fails, by the same next hops
     * (i's table does not change at all, only its costs): cost 5 to b1, more than b2's 4, so hot potato takes b2;
     * when the port returns, b1 again.
     */
    @Test
    void aCostChangeElsewhereFlipsTheHotPotatoChoice() throws Exception {
        Simulation sim = build(DETOUR);
        Ipv4 i = Ipv4.of(machine(sim, "i"));
        sim.runUntil(200 * S - 1);
        assertThat(exitOf(sim)).isEqualTo("b1 cost 3");
        int b1 = bgp(sim, "i").best(DEST).attributes().nextHop();
        assertThat(i.lookupListed(b1).metric()).isEqualTo(3);
        List<String> before = nextHops(i);
        sim.runUntil(200 * S + MS);
        assertThat(nextHops(i)).as("i's global next hops").isEqualTo(before);
        assertThat(i.lookupListed(b1).metric()).isEqualTo(5);
        assertThat(exitOf(sim)).isEqualTo("b2 cost 4");
        assertThat(path(sim)).containsExactly("i", "r2", "r3", "r4", "b2", "e2", "d");
        sim.runUntil(250 * S + MS);
        assertThat(exitOf(sim)).isEqualTo("b1 cost 3");
        assertThat(path(sim)).containsExactly("i", "r5", "r1", "b1", "e1", "d");
        for (Machine m : sim.machines()) assertThat(m.failures()).as(m.name()).isEmpty();
    }
}
