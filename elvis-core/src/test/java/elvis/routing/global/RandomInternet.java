package elvis.routing.global;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A random routed topology for the global-routing tests, with the test's own record of who is on
 * which network (the oracle reads this, never the code under test): routers joined by point-to-point
 * links (a random spanning tree plus extra links, so there are cycles and equal-cost paths) and by a
 * few transit LANs, and stub LANs of hosts behind one or two routers.
 */
final class RandomInternet {
    /** A network as the test built it: its prefix and the interfaces on it, routers' and hosts'. */
    record Net(Network network, int prefix, int length, List<Ipv4Interface> routerIfaces, List<Integer> routers, List<Ipv4Interface> hostIfaces) { }

    final Simulation sim;
    final List<Machine> routers = new ArrayList<>();
    final List<Machine> hosts = new ArrayList<>();
    final List<Net> nets = new ArrayList<>();

    RandomInternet(long seed, int routerCount, int extraLinks, int transitLans, int stubLans, int hostsPerStub) {
        Random rnd = new Random(seed);
        sim = new Simulation(seed);
        for (int r = 0; r < routerCount; r++) {
            Machine m = sim.machine("r" + r);
            sim.router(m);
            routers.add(m);
        }
        int links = 0;
        for (int r = 1; r < routerCount; r++) link(rnd.nextInt(r), r, links++);
        for (int k = 0; k < extraLinks; k++) {
            int a = rnd.nextInt(routerCount), b = rnd.nextInt(routerCount);
            if (a != b) link(a, b, links++);
        }
        for (int k = 0; k < transitLans; k++) {
            Network n = sim.network("transit" + k, LinkConfig.UNLIMITED);
            Net net = new Net(n, Ipv4Address.parse("10.128.0.0") + (k << 8), 24, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            int members = 2 + rnd.nextInt(3);
            for (int j = 0; j < members; j++) {
                int r = rnd.nextInt(routerCount);
                if (net.routers().contains(r)) continue;
                net.routers().add(r);
                net.routerIfaces().add(sim.connect(routers.get(r), n, net.prefix() + net.routers().size(), 24));
            }
            nets.add(net);
        }
        for (int k = 0; k < stubLans; k++) {
            Network n = sim.network("stub" + k, LinkConfig.UNLIMITED);
            Net net = new Net(n, Ipv4Address.parse("10.192.0.0") + (k << 8), 24, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            int gateways = 1 + rnd.nextInt(2);
            for (int j = 0; j < gateways; j++) {
                int r = rnd.nextInt(routerCount);
                if (net.routers().contains(r)) continue;
                net.routers().add(r);
                net.routerIfaces().add(sim.connect(routers.get(r), n, net.prefix() + net.routers().size(), 24));
            }
            for (int h = 0; h < hostsPerStub; h++) {
                Machine m = sim.machine("h" + k + "_" + h);
                hosts.add(m);
                net.hostIfaces().add(sim.connect(m, n, net.prefix() + 100 + h, 24));
            }
            nets.add(net);
        }
    }

    private void link(int a, int b, int k) {
        Network n = sim.link("l" + k, LinkConfig.UNLIMITED, Simulation.Resolution.STATIC);
        int prefix = Ipv4Address.parse("10.0.0.0") + (k << 2);
        Net net = new Net(n, prefix, 30, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        net.routers().add(a);
        net.routerIfaces().add(sim.connect(routers.get(a), n, prefix + 1, 30));
        net.routers().add(b);
        net.routerIfaces().add(sim.connect(routers.get(b), n, prefix + 2, 30));
        nets.add(net);
    }
}
