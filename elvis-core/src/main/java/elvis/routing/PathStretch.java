package elvis.routing;

import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.Route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Path stretch: how much longer the forwarding tables' paths are than the shortest paths over the
 * interfaces that are up. For a deterministic sample of endpoints (hosts, or routers when there are
 * fewer than two hosts; at most {@code sample}, evenly spaced in machine order), every ordered pair's
 * packet is walked hop by hop through {@link Ipv4#lookup} to the destination's first address that is
 * up, and its hop count (links crossed) compared with a breadth-first search in which hosts do not
 * forward. Networks joined by a bridge (a machine without IPv4) are one link.
 */
public final class PathStretch {
    /**
     * @param endpoints    "hosts" or "routers"
     * @param pairs        ordered pairs measured (both ends up, connected by links that are up)
     * @param unreachable  those the tables did not deliver (no route, a dead end, or a loop)
     * @param disconnected pairs with both ends up but no path over the links that are up (not measured)
     * @param mean         mean over the delivered pairs of table hops / shortest hops (1 when none)
     * @param max          the largest such ratio (1 when none)
     */
    public record Result(String endpoints, long pairs, long unreachable, long disconnected, double mean, double max) {}

    private final List<Machine> nodes = new ArrayList<>();          // machines with IPv4
    private final Map<Machine, Integer> index = new IdentityHashMap<>();
    private final Map<Integer, Integer> owner = new HashMap<>();    // address -> node (looked up only, never iterated)
    private int[] nodeOff, nodeNet, netOff, netNode;                // node -> networks and network -> nodes, over up interfaces
    private int networks;

    private PathStretch(List<Machine> machines) {
        LinkLayers layers = new LinkLayers(machines);
        for (Machine m : machines) {
            if (m.existing(Ipv4.KEY) != null && m.nicCount() > 0) {
                index.put(m, nodes.size());
                nodes.add(m);
            }
        }
        networks = layers.count();
        List<List<Integer>> on = new ArrayList<>();
        for (int n = 0; n < networks; n++) on.add(new ArrayList<>(2));
        nodeOff = new int[nodes.size() + 1];
        List<Integer> nn = new ArrayList<>();
        for (int v = 0; v < nodes.size(); v++) {
            nodeOff[v] = nn.size();
            Machine m = nodes.get(v);
            Ipv4 ip = Ipv4.of(m);
            for (int k = 0; k < m.nicCount(); k++) {
                Ipv4Interface i = ip.interfaceOf(m.nic(k));
                if (i == null || !i.hasAddress()) continue;
                owner.putIfAbsent(i.address(), v);
                if (!i.isUp()) continue;
                int n = layers.of(m.nic(k).network());
                nn.add(n);
                on.get(n).add(v);
            }
        }
        nodeOff[nodes.size()] = nn.size();
        nodeNet = nn.stream().mapToInt(Integer::intValue).toArray();
        netOff = new int[networks + 1];
        List<Integer> nv = new ArrayList<>();
        for (int n = 0; n < networks; n++) {
            netOff[n] = nv.size();
            nv.addAll(on.get(n));
        }
        netOff[networks] = nv.size();
        netNode = nv.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Measures {@code machines} (a simulation's) as they are now, over at most {@code sample} endpoints. */
    public static Result measure(List<Machine> machines, int sample) {
        return new PathStretch(machines).measure(sample);
    }

    private Result measure(int sample) {
        List<Integer> hosts = new ArrayList<>(), routers = new ArrayList<>();
        for (int v = 0; v < nodes.size(); v++) {
            if (address(v) == 0) continue;                          // down: no interface up
            (Ipv4.of(nodes.get(v)).isForwarding() ? routers : hosts).add(v);
        }
        boolean byHosts = hosts.size() >= 2;
        List<Integer> all = byHosts ? hosts : routers;
        int[] ends = new int[Math.min(sample, all.size())];
        for (int i = 0; i < ends.length; i++) ends[i] = all.get((int) ((long) i * all.size() / ends.length));
        long pairs = 0, unreachable = 0, disconnected = 0;
        double sum = 0, max = 1;
        int[] dist = new int[nodes.size()];
        for (int s : ends) {
            shortest(s, dist);
            for (int d : ends) {
                if (d == s) continue;
                if (dist[d] < 0) { disconnected++; continue; }
                pairs++;
                int hops = walk(s, address(d));
                if (hops < 0) { unreachable++; continue; }
                double stretch = (double) hops / dist[d];
                sum += stretch;
                max = Math.max(max, stretch);
            }
        }
        long delivered = pairs - unreachable;
        return new Result(byHosts ? "hosts" : "routers", pairs, unreachable, disconnected, delivered == 0 ? 1 : sum / delivered, max);
    }

    /** Node {@code v}'s first address on an interface that is up, 0 when none is. */
    private int address(int v) {
        Machine m = nodes.get(v);
        Ipv4 ip = Ipv4.of(m);
        for (int k = 0; k < m.nicCount(); k++) {
            Ipv4Interface i = ip.interfaceOf(m.nic(k));
            if (i != null && i.hasAddress() && i.isUp()) return i.address();
        }
        return 0;
    }

    private boolean upWith(int v, int address) {
        for (Ipv4Interface i : Ipv4.of(nodes.get(v)).interfaces()) if (i.has(address)) return i.isUp();
        return false;
    }

    /** Hops from {@code s} to every node over up interfaces, -1 where none; only routers (and s) forward. */
    private void shortest(int s, int[] dist) {
        Arrays.fill(dist, -1);
        boolean[] netSeen = new boolean[networks];
        int[] queue = new int[nodes.size()];
        int head = 0, tail = 0;
        dist[s] = 0;
        queue[tail++] = s;
        while (head < tail) {
            int v = queue[head++];
            if (v != s && !Ipv4.of(nodes.get(v)).isForwarding()) continue;
            for (int e = nodeOff[v]; e < nodeOff[v + 1]; e++) {
                int n = nodeNet[e];
                if (netSeen[n]) continue;
                netSeen[n] = true;
                for (int f = netOff[n]; f < netOff[n + 1]; f++) {
                    int w = netNode[f];
                    if (dist[w] >= 0) continue;
                    dist[w] = dist[v] + 1;
                    queue[tail++] = w;
                }
            }
        }
    }

    /** Links crossed by a packet from {@code s} to {@code dst} following the tables, -1 when it is not delivered. */
    private int walk(int s, int dst) {
        int v = s;
        for (int hops = 0; hops <= nodes.size(); hops++) {
            Machine m = nodes.get(v);
            Ipv4 ip = Ipv4.of(m);
            for (Ipv4Interface i : ip.interfaces()) if (i.has(dst)) return hops;
            if (v != s && !ip.isForwarding()) return -1;             // a host that is not the destination
            Route r = ip.lookup(dst);
            if (r == null || r.iface() == null || !r.iface().isUp()) return -1;
            int hop = r.nextHop(dst);
            Integer next = owner.get(hop);
            if (next == null || !upWith(next, hop)) return -1;       // nobody there, or its interface is down
            v = next;
        }
        return -1;                                                   // a loop
    }
}
