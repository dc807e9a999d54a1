package elvis.routing.bgp;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import elvis.protocol.ipv4.RouteListener;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConfig;
import elvis.protocol.tcp.TcpConnection;
import elvis.routing.Prefix;
import elvis.routing.RoutingStats;
import elvis.routing.SourceAs;
import elvis.sim.RandomStream;
import elvis.sim.Simulator;
import elvis.sim.Timer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A BGP-4 speaker (RFC 4271, 4-octet AS numbers per RFC 6793): one {@link BgpSession} per configured
 * neighbour over our TCP on port 179, the Loc-RIB, and the routes it installs in the machine's table.
 *
 * <p>Routes learned from a neighbour pass AS_PATH loop detection and the import policy into that
 * neighbour's Adj-RIB-In; for each prefix that changed, the decision process ({@link BgpDecision},
 * §9.1.2) picks among the routes whose NEXT_HOP resolves through a non-BGP route (recursively: the
 * installed route goes to that route's gateway) and the speaker's own networks. The winner enters
 * the Loc-RIB, is installed as {@link Origin#EBGP} or {@link Origin#IBGP}, and is offered to every
 * established neighbour through the export policy: never back to where it came from, iBGP-learned
 * routes not to iBGP peers unless the policy reflects them, and towards eBGP peers with our AS
 * prepended, our address as NEXT_HOP, and no LOCAL_PREF, received MED or reflection attributes.
 * Towards iBGP peers we set NEXT_HOP to ourselves for routes learned over eBGP (next-hop-self, so an
 * IGP need not carry the border links) and always send LOCAL_PREF. Next hops are resolved again when
 * the table's other routes change, global routing's included (it says that they did, not which).
 * Runs in protocol context; a failure fails this application alone.
 */
public final class Bgp implements Application, SourceAs {
    public static final String NAME = "bgp";

    private final BgpConfig config;
    private final List<BgpSession> sessions = new ArrayList<>();
    private BgpPolicy policy;
    private BgpDecision decision = BgpDecision.STANDARD;
    private int routerId;

    private Machine machine;
    private Simulator sim;
    private Ipv4 ip;
    private Tcp tcp;
    private RandomStream random;
    private BgpAttributeCache cache;
    private RoutingStats stats;

    private final LinkedHashMap<Prefix, BgpRoute> originated = new LinkedHashMap<>();
    private final LinkedHashMap<Prefix, BgpRoute> locRib = new LinkedHashMap<>();
    private final LinkedHashMap<Prefix, Route> installed = new LinkedHashMap<>();
    /** NEXT_HOP -> how it resolves now (null when it does not), for the routes that use it. */
    private final LinkedHashMap<Integer, Resolution> nextHops = new LinkedHashMap<>();
    private final LinkedHashSet<Prefix> dirty = new LinkedHashSet<>();
    private final List<BgpRoute> candidates = new ArrayList<>();      // the decision's scratch list
    private boolean decideQueued, resolveQueued, started;
    private long decisions, installs, locRibChanges, lastChangeNs = -1;

    /** How a NEXT_HOP resolves: the gateway and interface packets leave by, and the IGP cost. */
    record Resolution(int gateway, Ipv4Interface iface, long cost) { }

    public Bgp(BgpConfig config) {
        this.config = config;
        this.policy = BgpPolicy.of(config);
        for (BgpNeighbor n : config.neighbors()) sessions.add(new BgpSession(this, n.address(), n.asn(), n.localAddress()));
    }

    /** Replaces the import/export policy (before the start, or the sessions' routes keep the old one's verdicts). */
    public Bgp policy(BgpPolicy policy) {
        this.policy = java.util.Objects.requireNonNull(policy);
        return this;
    }

    /** Replaces the decision process's choice (RFC 4271 §9.1.2.2 by default). */
    public Bgp decision(BgpDecision decision) {
        this.decision = java.util.Objects.requireNonNull(decision);
        return this;
    }

    public BgpConfig config() { return config; }
    public BgpPolicy policy() { return policy; }
    public long asn() { return config.asn(); }
    public int routerId() { return routerId; }
    public Machine machine() { return machine; }

    /** The neighbours, in configuration order. */
    public List<BgpSession> sessions() { return Collections.unmodifiableList(sessions); }

    /** The neighbour at {@code address}, or null. */
    public BgpSession session(int address) {
        for (BgpSession s : sessions) if (s.address() == address) return s;
        return null;
    }

    /** The Loc-RIB: the best route to each prefix, in the order prefixes first got one. */
    public Map<Prefix, BgpRoute> locRib() { return Collections.unmodifiableMap(locRib); }

    public BgpRoute best(Prefix p) { return locRib.get(p); }

    /** The origin AS of the best path to prefix/length (0: none, or originated here). */
    @Override
    public long sourceAs(int prefix, int length) {
        BgpRoute best = locRib.get(new Prefix(prefix, length));
        return best == null ? 0 : best.attributes().asPath().originAs();
    }

    /** How many times a Loc-RIB route changed (each step of path exploration counts), and when last (-1: never). */
    public long locRibChanges() { return locRibChanges; }
    public long lastChangeNs() { return lastChangeNs; }

    @Override
    public String name() { return NAME; }

    @Override
    public void start(Machine m) {
        machine = m;
        sim = m.sim();
        ip = Ipv4.of(m);
        tcp = Tcp.of(m);
        random = sim.random(m.name() + "/bgp");
        cache = BgpAttributeCache.of(sim);
        stats = RoutingStats.of(sim);
        routerId = config.routerId() != 0 ? config.routerId() : highestAddress();
        if (routerId == 0) throw new IllegalStateException("BGP on " + m.name() + " needs a router id or an interface address");
        started = true;
        tcp.listen(BgpMessage.PORT, 16, tcp.config().withNagle(false), this, this::accepted);
        ip.addRouteListener(new RouteListener() {
            @Override
            public void routeChanged(Route route, boolean added) {
                if (route.origin() != Origin.EBGP && route.origin() != Origin.IBGP) resolveLater();
            }

            @Override
            public void sourceChanged() { resolveLater(); }      // global routing's, after a link event anywhere in the AS
        });
        ip.addInterfaceListener((iface, up) -> guard(() -> interfaceChanged(iface, up)));
        for (Prefix p : config.networks()) announce(p);
        Redistribution.start(this, ip, config);
        for (BgpSession s : sessions) s.start();
    }

    private int highestAddress() {
        int best = 0;
        for (Ipv4Interface i : ip.interfaces()) if (Integer.compareUnsigned(i.address(), best) > 0) best = i.address();
        return best;
    }

    // ---------------------------------------------------------------- origination (network statements, events)

    /** Originates {@code p} (ORIGIN IGP, empty AS_PATH): a network statement, or an announcement event. */
    public void announce(Prefix p) { announce(p, PathAttributes.builder().build()); }

    /** Originates {@code p} with {@code attributes} (NEXT_HOP is replaced by ours per neighbour). */
    public void announce(Prefix p, PathAttributes attributes) {
        originated.put(p, new BgpRoute(p, intern(attributes), null, 0));
        changed(p);
    }

    /** Stops originating {@code p}. */
    public void withdraw(Prefix p) {
        if (originated.remove(p) != null) changed(p);
    }

    /** Administrative reset of every session (Cease 4): they come back after ConnectRetry. */
    public void resetSessions() { for (BgpSession s : sessions) s.reset(); }

    /** Stops the speaker: Cease (administrative shutdown) to every neighbour; its routes leave the table. */
    public void stop() { for (BgpSession s : sessions) s.stop(BgpError.ADMINISTRATIVE_SHUTDOWN); }

    // ---------------------------------------------------------------- services for sessions

    long now() { return sim.now(); }
    int holdTimeSeconds() { return (int) Math.min(0xFFFF, config.holdNs() / 1_000_000_000L); }
    long connectRetryNs() { return config.connectRetryNs(); }
    long mraiNs(boolean ebgp) { return ebgp ? config.mraiEbgpNs() : config.mraiIbgpNs(); }
    PathAttributes intern(PathAttributes a) { return cache.intern(a); }
    boolean isLocal(int address) { return ip.isLocal(address); }
    void sentMessage(int bytes) { stats.message(NAME, bytes); }

    /** RFC 4271 §10: jitter by a factor uniform in [0.75, 1]. */
    long jitter(long ns) { return ns - (long) (random.nextDouble() * (ns / 4)); }

    Timer timer(long delay, Runnable action) { return sim.timer(Math.max(0, delay), () -> guard(action)); }

    void afterEvent(Runnable action) { sim.afterEvent(() -> guard(action)); }

    void guard(Runnable code) { machine.guard(this, code); }

    TcpConnection connect(int localAddress, int address, ConnectionHandler handler) {
        return tcp.connect(localAddress, 0, address, BgpMessage.PORT, tcp.config().withNagle(false), this, handler);
    }

    private ConnectionHandler accepted(TcpConnection c) {
        BgpSession s = session(c.remoteIp());
        ConnectionHandler h = s == null ? null : s.accepted(c);
        if (h == null) c.abort();                  // not a neighbour, stopped, or already connecting in: refused
        return h;
    }

    /** Carrier lost on a point-to-point link: sessions running over it go down at once (fast external fallover). */
    private void interfaceChanged(Ipv4Interface iface, boolean up) {
        if (up) return;
        for (BgpSession s : sessions)
            if (s.isEstablished() && iface.address() == s.localAddress()) s.reset();
    }

    void sessionUp(BgpSession s) {
        for (Prefix p : locRib.keySet()) s.schedule(p);
    }

    void sessionDown(BgpSession s, List<Prefix> gone) {
        for (Prefix p : gone) changed(p);
    }

    /** {@code p}'s candidates changed: run the decision for it once this event is over. */
    void changed(Prefix p) {
        dirty.add(p);
        if (!decideQueued) {
            decideQueued = true;
            afterEvent(this::decideDirty);
        }
    }

    private void resolveLater() {
        if (!resolveQueued && started) {
            resolveQueued = true;
            afterEvent(this::resolveAgain);
        }
    }

    /** The table's other routes changed: prefixes whose NEXT_HOP now resolves differently are decided again. */
    private void resolveAgain() {
        resolveQueued = false;
        LinkedHashSet<Integer> moved = new LinkedHashSet<>();
        for (Map.Entry<Integer, Resolution> e : nextHops.entrySet()) {
            Resolution now = resolveNow(e.getKey());
            if (!java.util.Objects.equals(now, e.getValue())) {
                moved.add(e.getKey());
                e.setValue(now);
            }
        }
        if (moved.isEmpty()) return;
        for (BgpSession s : sessions)
            for (BgpRoute r : s.adjRibIn.values()) if (moved.contains(r.attributes().nextHop())) changed(r.prefix());
    }

    private void decideDirty() {
        decideQueued = false;
        List<Prefix> todo = new ArrayList<>(dirty);
        dirty.clear();
        for (Prefix p : todo) decide(p);
    }

    /** The decision process for one prefix (§9.1.2, §9.1.3): Loc-RIB, the table, the neighbours. */
    private void decide(Prefix p) {
        decisions++;
        List<BgpRoute> candidates = this.candidates;
        candidates.clear();
        if (originated.containsKey(p)) candidates.add(originated.get(p));
        for (BgpSession s : sessions) {
            BgpRoute r = s.adjRibIn.get(p);
            if (r == null) continue;
            Resolution res = resolve(r.attributes().nextHop());
            if (res == null) continue;                                     // §9.1.2.1: unresolvable, not a candidate
            if (res.cost != r.igpCost()) r = r.withIgpCost(res.cost);
            candidates.add(r);
        }
        int i = decision.best(candidates);
        BgpRoute best = i < 0 ? null : candidates.get(i);
        candidates.clear();
        BgpRoute old = locRib.get(p);
        if (best == null) locRib.remove(p);
        else locRib.put(p, best);
        install(p, best);
        if (same(old, best)) return;
        locRibChanges++;
        lastChangeNs = sim.now();
        for (BgpSession s : sessions) s.schedule(p);
    }

    private static boolean same(BgpRoute a, BgpRoute b) {
        return a == b || a != null && b != null && a.peer() == b.peer() && a.attributes().equals(b.attributes());
    }

    private Resolution resolve(int nextHop) {
        Resolution r = nextHops.get(nextHop);
        if (r != null || nextHops.containsKey(nextHop)) return r;
        r = resolveNow(nextHop);
        nextHops.put(nextHop, r);
        return r;
    }

    /** Through the table's non-BGP routes only, so BGP routes never resolve through each other. */
    private Resolution resolveNow(int nextHop) {
        if (ip.isLocal(nextHop)) return null;
        Route r = ip.lookupListed(nextHop);          // with its metric, a global route's too: §9.1.2.2 (e) compares them
        if (r == null || r.origin() == Origin.EBGP || r.origin() == Origin.IBGP) return null;
        if (r.iface() == null || !r.iface().isUp()) return null;
        return new Resolution(r.gateway() == 0 ? nextHop : r.gateway(), r.iface(), r.metric());
    }

    private void install(Prefix p, BgpRoute best) {
        Route now = null;
        if (best != null && !best.local()) {
            Resolution res = resolve(best.attributes().nextHop());
            now = new Route(p.address(), p.length(), res.gateway(), res.iface(), best.ebgp() ? Origin.EBGP : Origin.IBGP);
        }
        Route was = installed.get(p);
        if (java.util.Objects.equals(was, now)) return;
        if (was != null && (now == null || was.origin() != now.origin())) ip.setRoutes(p.address(), p.length(), was.origin(), List.of());
        if (now != null) {
            ip.setRoutes(p.address(), p.length(), now.origin(), List.of(now));
            installed.put(p, now);
        } else installed.remove(p);
        installs++;
        stats.tableChanged(machine);
    }

    /**
     * The attributes to advertise {@code p} to {@code to} with, or null: the export rules of RFC 4271
     * §9.1.3 and §9.2, the policy's verdict, and the eBGP/iBGP changes (§5.1).
     */
    PathAttributes exportTo(BgpSession to, Prefix p) {
        BgpRoute best = locRib.get(p);
        if (best == null || best.peer() == to) return null;
        if (best.ibgp() && !to.ebgp() && !policy.reflect(best, to)) return null;
        PathAttributes a = policy.onExport(to, best, best.attributes());
        if (a == null) return null;
        PathAttributes.Builder b = a.toBuilder();
        if (to.ebgp()) {
            b.asPath(a.asPath().prepend(config.asn())).nextHop(to.localAddress()).localPref(-1).originatorId(-1).clusterList();
            if (best.ebgp() && a.med() == best.attributes().med()) b.med(-1);   // §5.1.4: a received MED stays in its AS
        } else {
            if (best.local() || best.ebgp()) b.nextHop(to.localAddress());
            b.localPref(BgpDecision.localPref(a));
        }
        return intern(b.build());
    }

    // ---------------------------------------------------------------- results

    @Override
    public String summary() {
        int up = 0;
        for (BgpSession s : sessions) if (s.isEstablished()) up++;
        return "AS" + config.asn() + ": " + up + " of " + sessions.size() + " sessions established, " + locRib.size() + " prefixes";
    }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("asn", config.asn());
        r.put("router_id", elvis.protocol.ipv4.Ipv4Address.format(routerId));
        r.put("prefixes", locRib.size());
        r.put("installed", installed.size());
        r.put("decisions", decisions);
        r.put("loc_rib_changes", locRibChanges);
        r.put("last_change_s", lastChangeNs < 0 ? null : lastChangeNs / 1e9);
        List<Map<String, Object>> ns = new ArrayList<>();
        for (BgpSession s : sessions) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("neighbor", elvis.protocol.ipv4.Ipv4Address.format(s.address()));
            n.put("asn", s.asn());
            n.put("state", s.state().name());
            n.put("established", s.establishedCount());
            n.put("received_prefixes", s.adjRibIn.size());
            n.put("advertised_prefixes", s.adjRibOut.size());
            n.put("updates_sent", s.sent(BgpMessage.UPDATE));
            n.put("updates_received", s.received(BgpMessage.UPDATE));
            n.put("notifications_sent", s.sent(BgpMessage.NOTIFICATION));
            n.put("notifications_received", s.received(BgpMessage.NOTIFICATION));
            n.put("bytes_sent", s.bytesSent);
            ns.add(n);
        }
        r.put("neighbors", ns);
        return r;
    }
}
