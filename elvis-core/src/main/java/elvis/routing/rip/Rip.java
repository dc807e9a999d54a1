package elvis.routing.rip;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.InterfaceListener;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import elvis.protocol.ipv4.RouteListener;
import elvis.protocol.udp.InterfaceHandler;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;
import elvis.routing.RoutingStats;
import elvis.sim.RandomStream;
import elvis.sim.Simulator;
import elvis.sim.Timer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A RIP version 2 router (RFC 2453) on every addressed interface of its machine: UDP port 520,
 * updates multicast to 224.0.0.9 with TTL 1 out of each interface (no route lookup), hop counts as
 * metrics, 16 meaning unreachable.
 *
 * <ul>
 * <li>Its own networks: the connected routes of its table, advertised at metric 1, and the routes of
 * the origins it redistributes (static ones by default; BGP's with their origin AS as route tag,
 * §4.2, {@link elvis.routing.Redistribute#AS_TRANS} when it needs 4 octets), at the configured
 * metric, followed as they come and go (route listener).
 * <li>Start (§3.9.1): joins 224.0.0.9 on every interface and asks each for the neighbours' whole tables.
 * <li>Input (§3.9.2): only version 2 without authentication; a response must come from port 520,
 * from an address on the network it arrived on and not from one of ours; each entry needs family
 * 2, a metric of 1 to 16, a contiguous mask, no host bits, and a destination outside nets 0 (but for
 * the default route), 127 and 224 and up. Anything else is a counted {@link RipDrop}. The metric
 * adds the interface cost (1), capped at 16; a route is taken when new, shorter, or from the router
 * it came from before; a next hop on the arrival network is used (§4.4), else the sender.
 * <li>Timers (§3.8): a regular update every 30 s ± 5 s; a route not refreshed for 180 s goes to
 * metric 16 and leaves the forwarding table; 120 s later (garbage collection, during which it is
 * advertised at 16) it is forgotten. One sweep timer per router serves every route's deadline.
 * <li>Triggered updates (§3.10.1): the routes changed by one event go out at the end of it; the
 * next triggered update then waits a random 1 to 5 s and carries everything changed meanwhile.
 * <li>Output (§3.10.2): split horizon as configured (poisoned reverse by default: a route learnt on
 * an interface goes back out of it at metric 16); at most 25 entries per message.
 * <li>Interfaces: one going down takes the routes learnt through it to metric 16; one coming up
 * asks for its neighbours' tables.
 * <li>Its machine going down is a reboot ({@link #machineDown}): it stops and forgets every route;
 * when the machine is back it starts afresh.
 * </ul>
 * Learnt routes are installed as {@link Origin#RIP} with their metric through {@link Ipv4#setRoutes};
 * each install or removal is reported to {@link RoutingStats}, each message sent as protocol "rip".
 */
public final class Rip implements Application, InterfaceHandler, InterfaceListener, RouteListener {
    public static final String PROTOCOL = "rip";
    /** Every interface costs one hop. */
    static final int COST = 1;
    private static final long S = 1_000_000_000L;

    private final RipConfig config;
    private final java.util.Set<Origin> redistributed;
    /** The database, in (prefix, length) order, so that updates list routes the same way every run. */
    private final TreeMap<Long, Entry> routes = new TreeMap<>();
    private Machine machine;
    private Simulator sim;
    private Ipv4 ipv4;
    private UdpSession port;
    private RandomStream random;
    private RoutingStats stats;
    private Timer periodic, sweep, hold;
    private boolean triggerDue, triggerPending;
    /** Each change of a learnt route, one line per change, when asked for ({@link #logChanges}). */
    private List<String> log;
    private long sent, received, periodicUpdates, triggeredUpdates, requestsAnswered, installs, removals;

    /** One route of the database: a network, its metric, and where it goes. */
    static final class Entry {
        final int prefix, length;
        int metric = RipMessage.INFINITY, gateway, from, tag;
        Ipv4Interface iface;
        /** How many connected (and redistributed) routes of the table reach this network: ours while above 0. */
        int local;
        boolean installed;
        /** The route-change flag of §3.10.1. */
        boolean changed;
        /** When the timeout (metric below 16) or the garbage collection (metric 16) ends, in ns. */
        long deadline = Long.MAX_VALUE;

        Entry(int prefix, int length) {
            this.prefix = prefix;
            this.length = length;
        }
    }

    public Rip(RipConfig config) {
        this.config = config;
        this.redistributed = elvis.routing.Redistribute.origins(config.redistribute(), RipConfig.SOURCES);
    }

    public Rip() { this(RipConfig.DEFAULT); }

    public RipConfig config() { return config; }

    /** Keeps a line per change of a learnt route (time, network, metric, gateway) for the results' "output". */
    public Rip logChanges() {
        log = new ArrayList<>();
        return this;
    }

    /** The change lines, when {@link #logChanges kept}. */
    public List<String> changes() { return log == null ? List.of() : List.copyOf(log); }

    private void log(Entry e) {
        if (log == null) return;
        String at = String.format(java.util.Locale.ROOT, "%.3fs ", sim.now() / 1e9), net = Ipv4Address.format(e.prefix) + "/" + e.length;
        log.add(at + net + (e.metric < RipMessage.INFINITY ? " metric " + e.metric + " via " + Ipv4Address.format(e.gateway) : " unreachable (metric 16)"));
    }

    @Override
    public String name() { return PROTOCOL; }

    @Override
    public void start(Machine m) {
        machine = m;
        sim = m.sim();
        ipv4 = Ipv4.of(m);
        random = sim.random(m.name() + "/rip");
        stats = RoutingStats.of(sim);
        ipv4.addRouteListener(this);
        ipv4.addInterfaceListener(this);
        boot();
    }

    /** A cold start: the port, the table's own networks, requests for the neighbours' tables, the first regular update. */
    private void boot() {
        port = Udp.of(machine).bind(RipMessage.PORT, this, this);
        for (Route r : ipv4.routes()) routeChanged(r, true);
        for (Ipv4Interface i : ipv4.interfaces()) if (i.hasAddress() && !passive(i)) i.joinGroup(RipMessage.GROUP);
        sim.afterEvent(() -> machine.guard(this, () -> {           // once the neighbours starting now have joined too
            for (Ipv4Interface i : ipv4.interfaces()) if (i.hasAddress() && i.isUp() && !passive(i) && port != null) askForTables(i);
        }));
        schedulePeriodic();
    }

    /** The machine crashed: the router stops, forgets every route and takes its routes out of the table. */
    @Override
    public void machineDown() { stop(); }

    /** The machine is back: the router starts as on a cold boot. */
    @Override
    public void machineUp() {
        if (port == null && machine != null) boot();
    }

    /** Stops the router: no more messages, and its routes leave the forwarding table. */
    public void stop() {
        if (port == null) return;
        port.close();
        port = null;
        for (Timer t : new Timer[] {periodic, sweep, hold}) if (t != null) t.cancel();
        for (Ipv4Interface i : ipv4.interfaces()) i.leaveGroup(RipMessage.GROUP);
        for (Entry e : routes.values()) if (e.installed) uninstall(e);
        routes.clear();
        triggerDue = triggerPending = false;
    }

    // ---- input ----

    @Override
    public void datagram(Message data, int srcIp, int srcPort, Ipv4Interface iface) {
        if (port == null) return;
        received++;
        RipMessage m = RipMessage.parse(data);
        if (m == null) { machine.drop(RipDrop.RIP_MALFORMED); return; }
        if (m.version() != RipMessage.VERSION) { machine.drop(RipDrop.RIP_VERSION); return; }
        if (m.authenticated()) { machine.drop(RipDrop.RIP_AUTHENTICATION); return; }
        if (iface == null || !iface.hasAddress()) { machine.drop(RipDrop.RIP_NOT_NEIGHBOR); return; }
        if (passive(iface)) { machine.drop(RipDrop.RIP_PASSIVE); return; }
        if (ipv4.isLocal(srcIp)) { machine.drop(RipDrop.RIP_OWN_ADDRESS); return; }
        if (m.command() == RipMessage.REQUEST) request(m, srcIp, srcPort, iface);
        else response(m, srcIp, srcPort, iface);
    }

    /** §3.9.1: the whole table (with split horizon, as an update out of {@code iface}) or the metrics of the entries asked for. */
    private void request(RipMessage m, int src, int srcPort, Ipv4Interface iface) {
        if (m.entries().isEmpty()) return;
        requestsAnswered++;
        List<RipMessage.Entry> out = new ArrayList<>();
        if (m.isWholeTableRequest()) {
            for (Entry e : routes.values()) {
                RipMessage.Entry a = advertised(e, iface);
                if (a == null) continue;
                out.add(a);
                if (out.size() == RipMessage.MAX_ENTRIES) { reply(out, src, srcPort); out.clear(); }
            }
            if (!out.isEmpty()) reply(out, src, srcPort);
            return;
        }
        for (RipMessage.Entry q : m.entries()) {
            Entry e = q.afi() == RipMessage.AFI_INET ? routes.get(key(q.address(), Integer.bitCount(q.mask()))) : null;
            out.add(new RipMessage.Entry(q.afi(), q.tag(), q.address(), q.mask(), q.nextHop(), e == null ? RipMessage.INFINITY : e.metric));
        }
        reply(out, src, srcPort);
    }

    private void reply(List<RipMessage.Entry> entries, int dst, int dstPort) {
        RipMessage r = RipMessage.response(entries);
        if (port.sendTo(dst, dstPort, r.toMessage())) count(r);
    }

    /** §3.9.2. */
    private void response(RipMessage m, int src, int srcPort, Ipv4Interface iface) {
        if (srcPort != RipMessage.PORT) { machine.drop(RipDrop.RIP_NOT_FROM_PORT); return; }
        if (!iface.onLink(src)) { machine.drop(RipDrop.RIP_NOT_NEIGHBOR); return; }
        for (RipMessage.Entry r : m.entries()) {
            int length = validLength(r);
            if (length < 0) { machine.drop(RipDrop.RIP_BAD_ENTRY); continue; }
            int metric = Math.min(r.metric() + COST, RipMessage.INFINITY);
            int gateway = r.nextHop() != 0 && iface.onLink(r.nextHop()) && !ipv4.isLocal(r.nextHop()) ? r.nextHop() : src;
            long k = key(r.address(), length);
            Entry e = routes.get(k);
            if (e == null) {
                if (metric == RipMessage.INFINITY) continue;
                e = new Entry(r.address(), length);
                routes.put(k, e);
                take(e, metric, src, gateway, iface, r.tag());
            } else if (e.local > 0) {
                continue;                                           // our own network
            } else if (e.from == src && e.iface == iface) {        // the router we have it from
                if (metric != e.metric || gateway != e.gateway) take(e, metric, src, gateway, iface, r.tag());
                else if (metric < RipMessage.INFINITY) setDeadline(e, sim.now() + config.timeoutNs());
            } else if (metric < e.metric) {
                take(e, metric, src, gateway, iface, r.tag());
            }
        }
    }

    /** The entry's prefix length when §3.9.2's checks pass, else -1. */
    static int validLength(RipMessage.Entry r) {
        if (r.afi() != RipMessage.AFI_INET || r.metric() < 1 || r.metric() > RipMessage.INFINITY) return -1;
        int length = Integer.bitCount(r.mask());
        if (r.mask() != Ipv4Address.mask(length) || (r.address() & ~r.mask()) != 0) return -1;
        int first = r.address() >>> 24;
        if (first == 0 && length > 0 || first == 127 || first >= 224) return -1;
        return length;
    }

    /** Takes a new metric and path for {@code e}: installs it, or at 16 starts its deletion (§3.8). */
    private void take(Entry e, int metric, int from, int gateway, Ipv4Interface iface, int tag) {
        if (metric >= RipMessage.INFINITY) {
            if (e.metric < RipMessage.INFINITY) unreachable(e);     // deletion starts only when the metric first becomes 16
            return;
        }
        e.metric = metric;
        e.from = from;
        e.gateway = gateway;
        e.iface = iface;
        e.tag = tag;
        changed(e);
        install(e);
        log(e);
        setDeadline(e, sim.now() + config.timeoutNs());
    }

    /** Metric 16: out of the forwarding table, advertised at 16 until garbage collection ends. */
    private void unreachable(Entry e) {
        if (e.installed) uninstall(e);
        e.metric = RipMessage.INFINITY;
        log(e);
        changed(e);
        setDeadline(e, sim.now() + config.garbageNs());
    }

    private void install(Entry e) {
        ipv4.setRoutes(e.prefix, e.length, Origin.RIP, List.of(new Route(e.prefix, e.length, e.gateway, e.iface, Origin.RIP, e.metric)));
        e.installed = true;
        installs++;
        stats.tableChanged(machine);
    }

    private void uninstall(Entry e) {
        ipv4.setRoutes(e.prefix, e.length, Origin.RIP, List.of());
        e.installed = false;
        removals++;
        stats.tableChanged(machine);
    }

    // ---- our own networks ----

    /** A connected or redistributed route entered or left the table: one of our networks. */
    @Override
    public void routeChanged(Route r, boolean added) {
        if (port == null || !(r.origin() == Origin.CONNECTED || redistributed.contains(r.origin()))) return;
        machine.guard(this, () -> {
            long k = key(r.prefix(), r.length());
            Entry e = routes.get(k);
            if (added) {
                if (e == null) routes.put(k, e = new Entry(r.prefix(), r.length()));
                if (e.local++ > 0) return;
                if (e.installed) uninstall(e);
                e.metric = r.origin() == Origin.CONNECTED ? COST : config.redistributeMetric();
                e.from = e.gateway = 0;
                long as = elvis.routing.Redistribute.sourceAs(machine, r);
                e.tag = as <= 0xFFFF ? (int) as : elvis.routing.Redistribute.AS_TRANS;
                e.iface = r.iface();
                e.deadline = Long.MAX_VALUE;
                changed(e);
            } else if (e != null && e.local > 0 && --e.local == 0) {
                unreachable(e);
            }
        });
    }

    // ---- timers ----

    /** Sets {@code e}'s deadline, and the sweep's when this one is earlier. */
    private void setDeadline(Entry e, long deadline) {
        e.deadline = deadline;
        if (sweep != null && sweep.pending() && sweep.dueTime() <= deadline) return;
        if (sweep != null) sweep.cancel();
        sweep = sim.timer(deadline - sim.now(), () -> machine.guard(this, this::sweep));
    }

    /** Ends the timeouts and garbage collections now due, then waits for the next deadline. */
    private void sweep() {
        long now = sim.now(), next = Long.MAX_VALUE;
        sweep = null;
        for (var it = routes.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.local > 0) continue;
            if (e.deadline <= now) {
                if (e.metric == RipMessage.INFINITY) {
                    it.remove();                                    // garbage collected
                    continue;
                }
                unreachable(e);                                     // timed out: garbage collection starts
            }
            next = Math.min(next, e.deadline);
        }
        if (next != Long.MAX_VALUE && (sweep == null || sweep.dueTime() > next)) {
            if (sweep != null) sweep.cancel();
            sweep = sim.timer(next - now, () -> machine.guard(this, this::sweep));
        }
    }

    private void schedulePeriodic() {
        long jitter = (long) (config.updateNs() * RipConfig.UPDATE_JITTER);
        long delay = config.updateNs() - jitter + random.nextLong(2 * jitter + 1);
        periodic = sim.timer(delay, () -> machine.guard(this, () -> {
            periodicUpdates++;
            update(false);
            triggerPending = false;                                 // the regular update carried every change
            schedulePeriodic();
        }));
    }

    private void changed(Entry e) {
        e.changed = true;
        if (triggerDue || port == null) return;
        triggerDue = true;
        sim.afterEvent(() -> machine.guard(this, this::trigger));   // one update for all the changes of this event
    }

    /** §3.10.1: a triggered update now, unless one went out less than 1–5 s ago: then when that time is up. */
    private void trigger() {
        triggerDue = false;
        if (port == null) return;
        if (hold != null && hold.pending()) { triggerPending = true; return; }
        triggeredUpdates++;
        update(true);
        hold = sim.timer(S + random.nextLong(4 * S + 1), () -> machine.guard(this, () -> {
            if (triggerPending) {
                triggerPending = false;
                trigger();
            }
        }));
    }

    // ---- output ----

    /** Sends the table (or only its changed routes) out of every interface that is up, then clears the change flags. */
    private void update(boolean onlyChanged) {
        for (Ipv4Interface out : ipv4.interfaces()) {
            if (!out.hasAddress() || !out.isUp() || passive(out)) continue;
            List<RipMessage.Entry> entries = new ArrayList<>();
            for (Entry e : routes.values()) {
                if (onlyChanged && !e.changed) continue;
                RipMessage.Entry a = advertised(e, out);
                if (a == null) continue;
                entries.add(a);
                if (entries.size() == RipMessage.MAX_ENTRIES) { multicast(out, entries); entries.clear(); }
            }
            if (!entries.isEmpty()) multicast(out, entries);
        }
        for (Entry e : routes.values()) e.changed = false;
    }

    /** {@code e} as advertised out of {@code out} under split horizon (§3.4.3), or null when left out. */
    private RipMessage.Entry advertised(Entry e, Ipv4Interface out) {
        int metric = e.metric;
        if (e.local == 0 && e.iface == out) {
            switch (config.splitHorizon()) {
                case SIMPLE -> { return null; }
                case POISONED_REVERSE -> metric = RipMessage.INFINITY;
                case NONE -> { }
            }
        }
        return new RipMessage.Entry(RipMessage.AFI_INET, e.tag, e.prefix, Ipv4Address.mask(e.length), 0, metric);
    }

    private void multicast(Ipv4Interface out, List<RipMessage.Entry> entries) {
        RipMessage m = RipMessage.response(entries);
        if (port.sendVia(out, RipMessage.GROUP, RipMessage.PORT, m.toMessage(), 1)) count(m);
    }

    private void askForTables(Ipv4Interface i) {
        RipMessage request = RipMessage.wholeTableRequest();
        if (port.sendVia(i, RipMessage.GROUP, RipMessage.PORT, request.toMessage(), 1)) count(request);
    }

    private void count(RipMessage m) {
        sent++;
        stats.message(PROTOCOL, m.length());
    }

    // ---- interfaces ----

    @Override
    public void interfaceChanged(Ipv4Interface iface, boolean up) {
        if (port == null || !iface.hasAddress()) return;
        machine.guard(this, () -> {
            if (up) {
                if (passive(iface)) return;
                askForTables(iface);
                return;
            }
            for (Entry e : routes.values()) if (e.local == 0 && e.iface == iface && e.metric < RipMessage.INFINITY) unreachable(e);
        });
    }

    /** Whether {@code i} is one of the configuration's passive interfaces (a few devices: no index kept). */
    private boolean passive(Ipv4Interface i) {
        if (config.passive().isEmpty()) return false;
        for (int k : config.passive()) if (k < machine.nicCount() && machine.nic(k) == i.device()) return true;
        return false;
    }

    private static long key(int prefix, int length) { return Integer.toUnsignedLong(prefix) << 6 | length; }

    // ---- what it knows ----

    /** The routes with a metric below 16, its own networks included. */
    public int reachable() {
        int n = 0;
        for (Entry e : routes.values()) if (e.metric < RipMessage.INFINITY) n++;
        return n;
    }

    /** This router's metric for prefix/length: 16 when unknown or unreachable. */
    public int metric(int prefix, int length) {
        Entry e = routes.get(key(prefix, length));
        return e == null ? RipMessage.INFINITY : e.metric;
    }

    /** Whether the database holds prefix/length at all (a route at 16 is held until garbage collection ends). */
    boolean knows(int prefix, int length) { return routes.containsKey(key(prefix, length)); }

    /** When this router sends its next regular update: what a test times a failure against. */
    long nextPeriodicNs() { return periodic.dueTime(); }

    public long messagesSent() { return sent; }
    public long messagesReceived() { return received; }
    public long periodicUpdates() { return periodicUpdates; }
    public long triggeredUpdates() { return triggeredUpdates; }

    @Override
    public String summary() {
        return reachable() + " routes, " + sent + " messages sent, " + received + " received, " + triggeredUpdates + " triggered updates";
    }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("routes", reachable());
        r.put("messages_sent", sent);
        r.put("messages_received", received);
        r.put("periodic_updates", periodicUpdates);
        r.put("triggered_updates", triggeredUpdates);
        r.put("requests_answered", requestsAnswered);
        r.put("routes_installed", installs);
        r.put("routes_removed", removals);
        long drops = 0;
        if (machine != null) for (RipDrop c : RipDrop.values()) drops += machine.drops(c);
        r.put("drops", drops);
        if (log != null) r.put("output", List.copyOf(log));
        return r;
    }
}
