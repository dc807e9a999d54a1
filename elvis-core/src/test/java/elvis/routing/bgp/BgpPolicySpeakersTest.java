package elvis.routing.bgp;

import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.routing.Prefix;
import elvis.routing.Relationship;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static elvis.routing.bgp.BgpLab.MS;
import static elvis.routing.bgp.BgpLab.S;
import static org.assertj.core.api.Assertions.assertThat;

/** Route reflection (RFC 4456) and redistribution with the real speakers. */
class BgpPolicySpeakersTest {
    static BgpConfig config(BgpLab lab, String name, Set<String> redistribute) {
        return new BgpConfig(lab.asns.get(name), lab.routerIds.getOrDefault(name, 0), lab.neighbors.get(name), lab.networks.get(name),
                redistribute, 0, 90 * S, 120 * S, 30 * S, 5 * S);
    }

    /** Starts a speaker per router of {@code lab}, redistributing {@code redistribute} on {@code on}. */
    static void start(BgpLab lab, String on, Set<String> redistribute) {
        for (String name : lab.machines.keySet()) {
            Bgp b = new Bgp(config(lab, name, name.equals(on) ? redistribute : Set.of()));
            lab.speakers.put(name, b);
            lab.machines.get(name).addApplication(b);
        }
    }

    @Test
    void aReflectorPassesClientRoutesToAllAndNonClientRoutesToClientsOnly() {
        BgpLab lab = new BgpLab(11);
        String[] core = {"rr", "c1", "c2", "n1", "n2"};
        for (int i = 0; i < core.length; i++) {
            lab.router(core[i], 65000);
            lab.routerIds.put(core[i], Ipv4Address.parse("1.1.1." + (i + 1)));
        }
        Network lan = lab.sim.network("core", LinkConfig.UNLIMITED.withDelay(MS));
        int base = Ipv4Address.parse("10.0.0.0");
        for (int i = 0; i < core.length; i++) lab.sim.connect(lab.machines.get(core[i]), lan, base + 1 + i, 24);
        for (int i = 1; i < core.length; i++) {       // a star of iBGP sessions around the reflector, no full mesh
            boolean client = core[i].startsWith("c");
            lab.neighbors.get("rr").add(new BgpNeighbor(base + 1 + i, 65000, Relationship.NONE, client, null, null, 0));
            lab.neighbors.get(core[i]).add(new BgpNeighbor(base + 1, 65000));
        }
        lab.router("e1", 65100);
        lab.router("e2", 65200);
        lab.link("e1", "c1");
        lab.link("e2", "n1");
        lab.network("e1", "10.100.0.0/16");
        lab.network("e2", "10.200.0.0/16");
        start(lab, null, Set.of());
        lab.runUntilSeconds(120);

        Prefix fromClient = Prefix.parse("10.100.0.0/16"), fromNonClient = Prefix.parse("10.200.0.0/16");
        for (String r : List.of("c2", "n1", "n2")) assertThat(lab.bgp(r).best(fromClient)).as("%s hears the client's route", r).isNotNull();
        BgpRoute reflected = lab.bgp("c2").best(fromClient);
        assertThat(reflected.attributes().originatorId()).as("ORIGINATOR_ID: c1").isEqualTo(Ipv4Address.parse("1.1.1.2"));
        assertThat(reflected.attributes().clusterList()).as("CLUSTER_LIST: the reflector's router id").containsExactly(Ipv4Address.parse("1.1.1.1"));
        assertThat(lab.lookup("c2", "10.100.1.1").gateway()).as("c1's next hop kept").isEqualTo(base + 2);
        for (String r : List.of("c1", "c2")) assertThat(lab.bgp(r).best(fromNonClient)).as("%s hears the non-client's route", r).isNotNull();
        assertThat(lab.bgp("n2").best(fromNonClient)).as("never from one non-client to another").isNull();
        assertThat(lab.bgp("e2").best(fromClient).attributes().asPath().toString()).as("eBGP: no reflection attributes, our AS once")
                .isEqualTo("65000 65100");
        assertThat(lab.bgp("e2").best(fromClient).attributes().originatorId()).isEqualTo(-1);
        lab.assertNoFailures();
    }

    @Test
    void connectedAndStaticRoutesAreRedistributedWhileTheyLast() {
        BgpLab lab = new BgpLab(12);
        Machine a = lab.router("a", 65001);
        lab.router("b", 65002);
        lab.link("a", "b");
        Network lan = lab.sim.network("lan-a", LinkConfig.UNLIMITED);
        lab.sim.connect(a, lan, Ipv4Address.parse("10.9.0.1"), 24);
        lab.network("a", "10.7.0.0/16");
        start(lab, "a", Set.of("connected", "static"));
        Ipv4.of(a).addRoute(Ipv4Address.parse("10.8.0.0"), 16, Ipv4Address.parse("10.9.0.50"));
        lab.runUntilSeconds(60);

        BgpRoute connected = lab.bgp("b").best(Prefix.parse("10.9.0.0/24")), stat = lab.bgp("b").best(Prefix.parse("10.8.0.0/16"));
        assertThat(connected.attributes().origin()).as("ORIGIN INCOMPLETE").isEqualTo(PathAttributes.INCOMPLETE);
        assertThat(connected.attributes().asPath().toString()).isEqualTo("65001");
        assertThat(stat.attributes().origin()).isEqualTo(PathAttributes.INCOMPLETE);
        assertThat(lab.bgp("b").best(Prefix.parse("10.7.0.0/16")).attributes().origin()).as("a network statement stays IGP").isEqualTo(PathAttributes.IGP);

        Ipv4.of(a).removeRoute(Ipv4Address.parse("10.8.0.0"), 16, Ipv4Address.parse("10.9.0.50"));
        lab.runUntilSeconds(120);
        assertThat(lab.bgp("b").best(Prefix.parse("10.8.0.0/16"))).as("the static route left, so did its prefix").isNull();
        assertThat(lab.bgp("b").best(Prefix.parse("10.9.0.0/24"))).isNotNull();

        lan.setUp(false);
        lab.runUntilSeconds(180);
        assertThat(lab.bgp("b").best(Prefix.parse("10.9.0.0/24"))).as("the interface went down with its connected route").isNull();
        assertThat(lab.bgp("b").best(Prefix.parse("10.7.0.0/16"))).isNotNull();
        lan.setUp(true);
        lab.runUntilSeconds(240);
        assertThat(lab.bgp("b").best(Prefix.parse("10.9.0.0/24"))).as("and came back with it").isNotNull();
        lab.assertNoFailures();
    }
}
