package elvis.routing.global;

import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import elvis.sim.Simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Global routing ({@code routing='global'}, ns-3's {@code Ipv4GlobalRouting} idea): shortest paths
 * computed centrally, from the whole topology, instead of by a protocol. Each router gets a route to
 * every network prefix it does not reach better by its own table, with every equal-cost next hop;
 * each host a default route to the first router on its first network that has one. After a link
 * goes down or up, the routes are computed again, once for all the events of that instant.
 *
 * <p>Memory stays near the tables used: the prefixes are numbered once for the simulation
 * ({@link PrefixIndex}); a router keeps two bytes per prefix, or fewer ({@link RouterTable}), and
 * shares its route objects among all prefixes that leave by the same next hops. Its routes are not
 * in its {@code RoutingTable}: the table consults them after its own, for a longer prefix only, since
 * {@link Origin#GLOBAL} is the least preferred origin. A route found there stands for its next hops:
 * its prefix is 0/0; {@link #routes} lists the real ones.
 */
public final class GlobalRouting {
    private final Simulator kernel;
    private final Topology topology;
    private final Predicate<Ipv4Interface> up;
    private final RouterTable[] tables;
    private final Route[] hostDefaults;
    private boolean pending;
    private int computations;

    GlobalRouting(Simulator kernel, Topology topology, Predicate<Ipv4Interface> up) {
        this.kernel = kernel;
        this.topology = topology;
        this.up = up;
        this.tables = new RouterTable[topology.routers.length];
        this.hostDefaults = new Route[topology.hosts.length];
    }

    /** Number of routers computed for. */
    int routers() { return topology.routers.length; }

    /** The index of router {@code m}, or -1. */
    int indexOf(Machine m) {
        for (int r = 0; r < topology.routers.length; r++) if (topology.routers[r] == m) return r;
        return -1;
    }

    /** How many times the routes were computed (the first, at build time, included). */
    public int computations() { return computations; }

    /** Computes every router's routes and every host's default; returns the machines whose routes changed. */
    List<Machine> compute() {
        computations++;
        List<Machine> changed = new ArrayList<>();
        ShortestPaths sp = new ShortestPaths(topology, up);
        int prefixes = topology.prefixes.size();
        for (int r = 0; r < tables.length; r++) {
            sp.from(r);
            RouterTable t = table(sp, prefixes);
            if (tables[r] == null ? !empty(t, prefixes) : !t.sameRoutes(tables[r], prefixes)) changed.add(topology.routers[r]);
            tables[r] = t;
        }
        for (int h = 0; h < hostDefaults.length; h++) {
            Route d = hostDefault(h);
            if (!java.util.Objects.equals(d, hostDefaults[h])) {
                hostDefaults[h] = d;
                changed.add(topology.hosts[h]);
            }
        }
        return changed;
    }

    private static boolean empty(RouterTable t, int prefixes) {
        for (int p = 0; p < prefixes; p++) if (t.group(p) != 0) return false;
        return true;
    }

    /** The compact table of the source {@code sp} was last computed from. */
    private RouterTable table(ShortestPaths sp, int prefixes) {
        char[] byPrefix = new char[prefixes];
        int[] groupOfSet = new int[sp.setCount()];
        List<Route[]> groups = new ArrayList<>();
        groups.add(null);
        Route[] adjRoutes = new Route[8];
        for (int p = 0; p < prefixes; p++) {
            int s = sp.prefixSet(p);
            if (s == 0) continue;
            if (s >= groupOfSet.length) groupOfSet = Arrays.copyOf(groupOfSet, Math.max(s + 1, groupOfSet.length * 2));
            if (groupOfSet[s] == 0) {
                int[] adj = sp.set(s);
                Route[] group = new Route[adj.length];
                for (int i = 0; i < adj.length; i++) {
                    int a = adj[i];
                    if (a >= adjRoutes.length) adjRoutes = Arrays.copyOf(adjRoutes, Math.max(a + 1, adjRoutes.length * 2));
                    if (adjRoutes[a] == null)
                        adjRoutes[a] = new Route(0, 0, sp.adjacencyGateway(a), sp.adjacencyInterface(a), Origin.GLOBAL);
                    group[i] = adjRoutes[a];
                }
                if (groups.size() > Character.MAX_VALUE) throw new IllegalStateException("more than 65,535 next-hop groups at one router");
                groupOfSet[s] = groups.size();
                groups.add(group);
            }
            byPrefix[p] = (char) groupOfSet[s];
        }
        return new RouterTable(groups.toArray(Route[][]::new), byPrefix);
    }

    /** Host {@code h}'s default route: to the first router up on the first of its networks that has one; null when none. */
    private Route hostDefault(int h) {
        for (int e = topology.hOff[h]; e < topology.hOff[h + 1]; e++) {
            Ipv4Interface own = topology.hIface[e];
            if (!up.test(own)) continue;
            int n = topology.hNet[e];
            for (int f = topology.nOff[n]; f < topology.nOff[n + 1]; f++) {
                if (up.test(topology.nIface[f])) return new Route(0, 0, topology.nIface[f].address(), own, Origin.GLOBAL);
            }
        }
        return null;
    }

    /** The default route computed for host machine {@code host}'s, or null. */
    Route hostDefault(Machine host) {
        for (int h = 0; h < topology.hosts.length; h++) if (topology.hosts[h] == host) return hostDefaults[h];
        return null;
    }

    /**
     * Router {@code r}'s global route to {@code dst} with a prefix longer than {@code longerThan}
     * bits (-1: any), the longest such; among equal-cost next hops, the one {@code flowHash} picks.
     * Null when none. Allocates nothing.
     */
    Route lookup(int r, int dst, int longerThan, int flowHash) {
        RouterTable t = tables[r];
        if (t == null) return null;
        PrefixIndex index = topology.prefixes;
        for (int i = 0, n = index.lengthCount(); i < n && index.lengthAt(i) > longerThan; i++) {
            int id = index.find(dst, i);
            if (id < 0) continue;
            int g = t.group(id);
            if (g == 0) continue;
            Route[] paths = t.groups[g];
            return paths.length == 1 ? paths[0] : paths[Integer.remainderUnsigned(flowHash, paths.length)];
        }
        return null;
    }

    /**
     * Router {@code r}'s global routes as a table would list them: one per prefix and next hop, with
     * the prefix's cost in hops as metric; computed now (for reports and tests, not for forwarding).
     */
    List<Route> routes(int r) {
        ShortestPaths sp = new ShortestPaths(topology, up);
        sp.from(r);
        List<Route> all = new ArrayList<>();
        PrefixIndex index = topology.prefixes;
        for (int p = 0; p < index.size(); p++) {
            int s = sp.prefixSet(p);
            if (s == 0) continue;
            for (int a : sp.set(s)) all.add(new Route(index.prefix(p), index.length(p), sp.adjacencyGateway(a), sp.adjacencyInterface(a),
                    Origin.GLOBAL, sp.distance(p)));
        }
        return all;
    }
}
