package elvis.routing.global;

import elvis.machine.Machine;
import elvis.protocol.ipv4.InterfaceListener;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import elvis.protocol.ipv4.RouteSource;
import elvis.routing.RoutingStats;
import elvis.sim.Simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Global routing ({@code routing='global'}, ns-3's {@code Ipv4GlobalRouting} idea): shortest paths
 * computed centrally, from the whole topology, instead of by a protocol. Each router gets a route to
 * every network prefix of the others' (its own are its connected routes), with every equal-cost next hop;
 * each host a default route to the first router on its first network that has one. After a link
 * goes down or up, the routes are computed again, once for all the events of that instant.
 *
 * <p>Memory stays near the tables used: the prefixes are numbered once for the simulation
 * ({@link PrefixIndex}); a router keeps two bytes per prefix, or fewer ({@link RouterTable}), and
 * shares its route objects among all prefixes that leave by the same next hops. Its routes are not
 * in its {@code RoutingTable}: the table consults them after its own, for a longer prefix only, since
 * {@link Origin#GLOBAL} is the least preferred origin. A route found there stands for its next hops:
 * its prefix is 0/0; {@code Ipv4.routes()} lists the real ones.
 *
 * <p>Every machine's IPv4 tells it of its interfaces' link events; it recomputes in an event of
 * their instant scheduled after them, so a machine or a LAN going down, which takes many interfaces
 * at once, costs one computation. Each router or host whose routes changed counts as a table change
 * in {@link RoutingStats}. Addresses are read once, at {@link #install}.
 *
 * <p>A router's route listeners (BGP's, which resolves its NEXT_HOPs through these routes) hear after
 * each computation that changed some router's next hops that its routes changed
 * ({@link Ipv4#routeSourceChanged}), every router with a listener, not only those whose next hops
 * moved: a failure far away changes the costs of routers whose next hops stay. They then ask for the
 * route and its cost ({@link Ipv4#lookupListed}), computed from the tables without another search.
 * Without listeners, nothing is told and nothing kept.
 */
public final class GlobalRouting implements InterfaceListener {
    private final Simulator kernel;
    private final Topology topology;
    private final Predicate<Ipv4Interface> up;
    private final RouterTable[] tables;
    private final Route[] hostDefaults;
    private final Set<Machine> touched = Collections.newSetFromMap(new IdentityHashMap<>());   // interfaces changed since the last computation
    private final View[] views;
    private boolean[] routerChanged, hostChanged;               // by the last computation
    private boolean pending;
    private int computations, told;

    GlobalRouting(Simulator kernel, Topology topology, Predicate<Ipv4Interface> up) {
        this.kernel = kernel;
        this.topology = topology;
        this.up = up;
        this.tables = new RouterTable[topology.routers.length];
        this.hostDefaults = new Route[topology.hosts.length];
        this.views = new View[topology.routers.length];
        for (int r = 0; r < views.length; r++) views[r] = new View(r);
    }

    /**
     * Computes the routes of {@code machines} (a simulation's, once built: routers are those that
     * forward) and installs them, to be kept up to date from then on. One per simulation, and then no
     * other ({@link #installWithin}).
     */
    public static GlobalRouting install(Simulator kernel, List<Machine> machines) {
        Installed installed = kernel.extension(Installed.class, k -> new Installed());
        if (!installed.all.isEmpty()) throw new IllegalStateException("global routing is installed already");
        installed.whole = true;
        return start(kernel, installed, Topology.of(machines, m -> Ipv4.of(m).isForwarding()));
    }

    /**
     * Global routing among {@code routers} only (an autonomous system's): routes to the subnets of their
     * interfaces, over the networks between them; whatever lies beyond (another AS) is another protocol's.
     * Several per simulation over disjoint sets of routers, but not with {@link #install}.
     */
    public static GlobalRouting installWithin(Simulator kernel, List<Machine> routers) {
        Installed installed = kernel.extension(Installed.class, k -> new Installed());
        if (installed.whole) throw new IllegalStateException("global routing is installed for the whole simulation already");
        return start(kernel, installed, Topology.of(routers, m -> true));
    }

    private static GlobalRouting start(Simulator kernel, Installed installed, Topology topology) {
        GlobalRouting g = new GlobalRouting(kernel, topology, Ipv4Interface::isUp);
        installed.all.add(g);
        g.apply(g.compute(), false);
        for (int r = 0; r < g.views.length; r++) {
            Ipv4 ip = Ipv4.of(g.topology.routers[r]);
            ip.routeSource(g.views[r]);
            ip.addInterfaceListener(g);
        }
        for (Machine m : g.topology.hosts) Ipv4.of(m).addInterfaceListener(g);
        return g;
    }

    /** The simulation's global routings, in the order installed: none, one for the whole simulation, or one per AS. */
    public static List<GlobalRouting> installed(Simulator kernel) { return List.copyOf(kernel.extension(Installed.class, k -> new Installed()).all); }

    /** Where a kernel keeps its global routings (an extension cannot be asked for without being made). */
    private static final class Installed {
        final List<GlobalRouting> all = new ArrayList<>(1);
        boolean whole;
    }

    @Override
    public void interfaceChanged(Ipv4Interface iface, boolean up) {
        touched.add(iface.device().machine());
        if (pending) return;
        pending = true;
        kernel.schedule(0, () -> {
            pending = false;
            apply(compute(), true);
        });
    }

    /**
     * Installs what {@link #compute} found changed, and the defaults of hosts whose interfaces
     * changed (their table dropped the route through a dead interface); {@code views}: the routers
     * have their views already, whose caches must go.
     */
    private void apply(List<Machine> changed, boolean views) {
        RoutingStats stats = RoutingStats.of(kernel);
        for (Machine m : changed) stats.tableChanged(m);
        boolean moved = false;
        if (views) for (int r = 0; r < routerChanged.length; r++) {
            if (!routerChanged[r]) continue;
            Ipv4.of(topology.routers[r]).routeSource(this.views[r]);
            moved = true;
        }
        for (int h = 0; h < topology.hosts.length; h++) {
            if (!hostChanged[h] && !touched.contains(topology.hosts[h])) continue;
            Route d = hostDefaults[h];
            Ipv4.of(topology.hosts[h]).setRoutes(0, 0, Origin.GLOBAL, d == null ? List.of() : List.of(d));
        }
        touched.clear();
        // No cost moves unless some router's next hops do (a link on a shortest path is a first hop
        // of the router before it), so a computation that moved none tells no one.
        if (moved) for (Machine router : topology.routers) if (Ipv4.of(router).routeSourceChanged()) told++;
    }

    /** A router's view of its routes, for its routing table. */
    private final class View implements RouteSource {
        private final int router;

        View(int router) { this.router = router; }

        @Override
        public Route[] paths(int dst, int longerThan) { return GlobalRouting.this.paths(router, dst, longerThan); }

        @Override
        public Route route(int dst, int longerThan) { return GlobalRouting.this.route(router, dst, longerThan); }

        @Override
        public int size() { return count(router); }

        @Override
        public List<Route> routes() { return GlobalRouting.this.routes(router); }
    }

    /** Number of routers computed for. */
    int routers() { return topology.routers.length; }

    /** How many times the routes were computed (the first, at build time, included). */
    public int computations() { return computations; }

    /** How many times a router's route listeners heard that its routes changed (none without listeners). */
    int told() { return told; }

    /** Computes every router's routes and every host's default; returns the machines whose routes changed. */
    List<Machine> compute() {
        computations++;
        List<Machine> changed = new ArrayList<>();
        routerChanged = new boolean[tables.length];
        hostChanged = new boolean[hostDefaults.length];
        ShortestPaths sp = new ShortestPaths(topology, up);
        int prefixes = topology.prefixes.size();
        for (int r = 0; r < tables.length; r++) {
            sp.from(r);
            RouterTable t = table(sp, prefixes);
            if (tables[r] == null ? !empty(t, prefixes) : !t.sameRoutes(tables[r], prefixes)) {
                routerChanged[r] = true;
                changed.add(topology.routers[r]);
            }
            tables[r] = t;
        }
        for (int h = 0; h < hostDefaults.length; h++) {
            Route d = hostDefault(h);
            if (!java.util.Objects.equals(d, hostDefaults[h])) {
                hostDefaults[h] = d;
                hostChanged[h] = true;
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
            if (s == 0 || sp.distance(p) == 1) continue;            // unreachable, or on a network of its own: connected
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
     * Router {@code r}'s equal-cost routes to the longest prefix containing {@code dst} that is
     * longer than {@code longerThan} bits (-1: any); null when none. Allocates nothing.
     */
    Route[] paths(int r, int dst, int longerThan) {
        RouterTable t = tables[r];
        if (t == null) return null;
        long found = find(t, dst, longerThan);
        return found < 0 ? null : t.groups[(int) found];
    }

    /** Of the longest prefix containing {@code dst}, longer than {@code longerThan} bits, that {@code t} routes: its id, shifted by 32, and its group; -1 when none. */
    private long find(RouterTable t, int dst, int longerThan) {
        PrefixIndex index = topology.prefixes;
        for (int i = 0, n = index.lengthCount(); i < n && index.lengthAt(i) > longerThan; i++) {
            int id = index.find(dst, i);
            if (id < 0) continue;
            int g = t.group(id);
            if (g != 0) return (long) id << 32 | g;
        }
        return -1;
    }

    /** The first of {@link #paths}, with its real prefix and its cost in hops as metric, made now; null when none. */
    Route route(int r, int dst, int longerThan) {
        RouterTable t = tables[r];
        if (t == null) return null;
        long found = find(t, dst, longerThan);
        if (found < 0) return null;
        int p = (int) (found >>> 32);
        Route first = t.groups[(int) found][0];
        return new Route(topology.prefixes.prefix(p), topology.prefixes.length(p), first.gateway(), first.iface(), Origin.GLOBAL,
                Math.min(cost(r, p), Route.MAX_METRIC));
    }

    /**
     * Router {@code r}'s cost in hops to prefix {@code p}, which it routes, from the tables alone: the
     * first next hop of a shortest path is one hop nearer, so following first next hops walks a
     * shortest path, to the router that has {@code p} on a network of its own (no route there: 1 hop).
     */
    private int cost(int r, int p) {
        int hops = 1;
        for (int at = r; hops <= tables.length; hops++) {
            RouterTable t = tables[at];
            int g = t.group(p);
            if (g == 0) return hops;
            at = gatewayRouter(at, t.groups[g][0]);
        }
        throw new IllegalStateException("global routes to " + Ipv4Address.format(topology.prefixes.prefix(p)) + " loop");
    }

    /** The router whose address is the gateway of router {@code r}'s {@code route}, on the network of its interface. */
    private int gatewayRouter(int r, Route route) {
        for (int e = topology.rOff[r]; e < topology.rOff[r + 1]; e++) {
            if (topology.rIface[e] != route.iface()) continue;
            int n = topology.rNet[e];
            for (int f = topology.nOff[n]; f < topology.nOff[n + 1]; f++)
                if (topology.nIface[f].address() == route.gateway()) return topology.nRouter[f];
        }
        throw new IllegalStateException("no router at " + route);
    }

    /** As a table would pick among {@link #paths}: by {@code flowHash}. */
    Route lookup(int r, int dst, int longerThan, int flowHash) {
        Route[] paths = paths(r, dst, longerThan);
        return paths == null ? null : paths[Integer.remainderUnsigned(flowHash, paths.length)];
    }

    /** How many routes router {@code r} has: one per prefix and next hop. */
    int count(int r) {
        RouterTable t = tables[r];
        int n = 0;
        for (int p = 0, size = topology.prefixes.size(); p < size; p++) {
            int g = t.group(p);
            if (g != 0) n += t.groups[g].length;
        }
        return n;
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
            if (s == 0 || sp.distance(p) == 1) continue;
            for (int a : sp.set(s)) all.add(new Route(index.prefix(p), index.length(p), sp.adjacencyGateway(a), sp.adjacencyInterface(a),
                    Origin.GLOBAL, sp.distance(p)));
        }
        return all;
    }
}
