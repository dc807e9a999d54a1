package elvis.routing.ospf;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** A {@link Topology} built as a simulation: a machine running {@link Ospf} per router, a link or LAN per net, a stub LAN per router. */
final class OspfArea {
    static final long MS = 1_000_000, S = 1_000 * MS;

    final Simulation sim;
    final Topology topology;
    final Machine[] routers;
    final Ospf[] daemons;
    final List<Network> nets = new ArrayList<>();

    OspfArea(Topology t, long seed) {
        topology = t;
        sim = new Simulation(seed);
        routers = new Machine[t.routers];
        daemons = new Ospf[t.routers];
        List<List<OspfConfig.Interface>> ifs = new ArrayList<>();
        for (int i = 0; i < t.routers; i++) {
            routers[i] = sim.machine("r" + i);
            Network stub = sim.network("stub" + i, LinkConfig.UNLIMITED.withDelay(MS));
            sim.connect(routers[i], stub, Topology.stub(i) + 1, 24);
            ifs.add(new ArrayList<>(List.of(OspfTest.passive(0))));
        }
        for (int k = 0; k < t.nets.size(); k++) {
            Topology.Net n = t.nets.get(k);
            Network net = n.lan() ? sim.network("lan" + k, LinkConfig.UNLIMITED.withDelay(MS))
                    : sim.link("p2p" + k, LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.NONE);
            nets.add(net);
            for (Topology.Port p : n.ports) {
                Ipv4Interface iface = sim.connect(routers[p.router()], net, p.address(), n.length);
                ifs.get(p.router()).add(new OspfConfig.Interface(iface.device().index(), p.cost(), 1, false));
            }
        }
        for (int i = 0; i < t.routers; i++) {
            daemons[i] = new Ospf(OspfTest.config(Topology.routerId(i), ifs.get(i).toArray(OspfConfig.Interface[]::new)));
            routers[i].addApplication(daemons[i]);
        }
    }

    /** Takes net {@code k} down in the simulation (every port hears it) and in the topology. */
    void fail(int k) {
        topology.nets.get(k).up = false;
        nets.get(k).setUp(false);
    }

    /** Router {@code s}'s OSPF routes as SPF routes: cost and next hops (interface address, gateway), by prefix key. */
    Map<Long, Spf.Route> table(int s) {
        Map<Long, List<Route>> by = new TreeMap<>();
        for (Route r : Ipv4.of(routers[s]).routes()) if (r.origin() == Origin.OSPF) by.computeIfAbsent(Topology.key(r.prefix(), r.length()), k -> new ArrayList<>()).add(r);
        Map<Long, Spf.Route> out = new TreeMap<>();
        for (Map.Entry<Long, List<Route>> e : by.entrySet()) {
            TreeSet<Spf.NextHop> hops = new TreeSet<>();
            for (Route r : e.getValue()) hops.add(new Spf.NextHop(r.iface().address(), r.gateway()));
            Route first = e.getValue().get(0);
            out.put(e.getKey(), new Spf.Route(first.prefix(), first.length(), first.metric(), List.copyOf(hops)));
        }
        return out;
    }
}
