package elvis.routing.global;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;

import java.util.ArrayList;
import java.util.List;

/**
 * A large routed network for the memory check: a ring of core routers each joined to the next two,
 * aggregation routers homed to two cores, access routers homed to one or two aggregation routers
 * (alternately), and behind each access router a LAN of hosts. Built straight through the
 * Simulation API, without applications.
 */
final class ScaledInternet {
    final Simulation sim = new Simulation(1);
    final List<Machine> routers = new ArrayList<>();
    int links, hosts;

    ScaledInternet(int cores, int aggregations, int accesses, int hostsPerLan) {
        List<Machine> core = new ArrayList<>(), agg = new ArrayList<>();
        for (int c = 0; c < cores; c++) core.add(router("c" + c));
        for (int c = 0; c < cores; c++) {
            link(core.get(c), core.get((c + 1) % cores));
            if (cores > 4) link(core.get(c), core.get((c + 2) % cores));
        }
        for (int a = 0; a < aggregations; a++) {
            Machine m = router("a" + a);
            agg.add(m);
            link(m, core.get(a % cores));
            link(m, core.get((a + 1) % cores));
        }
        for (int x = 0; x < accesses; x++) {
            Machine m = router("x" + x);
            link(m, agg.get(x % aggregations));
            if (x % 2 == 1) link(m, agg.get((x + 1) % aggregations));
            Network lan = sim.network("lan" + x, LinkConfig.UNLIMITED);
            int prefix = Ipv4Address.parse("20.0.0.0") + (x << 8);
            sim.connect(m, lan, prefix + 1, 24);
            for (int h = 0; h < hostsPerLan; h++) {
                sim.connect(sim.machine("h" + x + "_" + h), lan, prefix + 10 + h, 24);
                hosts++;
            }
        }
    }

    private Machine router(String name) {
        Machine m = sim.machine(name);
        sim.router(m);
        routers.add(m);
        return m;
    }

    private void link(Machine a, Machine b) {
        int k = links++;
        Network n = sim.link("l" + k, LinkConfig.UNLIMITED, Simulation.Resolution.STATIC);
        int prefix = Ipv4Address.parse("10.0.0.0") + (k << 2);
        sim.connect(a, n, prefix + 1, 30);
        sim.connect(b, n, prefix + 2, 30);
    }
}
