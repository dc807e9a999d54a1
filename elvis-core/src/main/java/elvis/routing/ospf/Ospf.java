package elvis.routing.ospf;

import elvis.machine.Application;
import elvis.machine.DropCause;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.InterfaceListener;
import elvis.protocol.ipv4.IpUpper;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import elvis.protocol.ipv4.RouteListener;
import elvis.routing.Redistribute;
import elvis.routing.RoutingStats;
import elvis.sim.Simulator;
import elvis.sim.Timer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OSPFv2 router for one area (RFC 2328) over IP protocol 89. Interfaces are point-to-point when
 * their link is, broadcast otherwise (§9: Waiting, DR and BDR election §9.4, DROther); neighbours go
 * from Down to Full (§10) through a master/slave database exchange; LSAs are flooded reliably (§13)
 * with retransmission lists and delayed or direct acknowledgements; the router originates its router
 * LSA and, as DR, the network LSA (§12.4), no more often than MinLSInterval, refreshes them every
 * LSRefreshTime and flushes what reaches MaxAge (§14). SPF (§16.1, with equal-cost paths) runs
 * throttled like FRR's (initial delay, then a hold time that doubles up to a maximum while changes
 * keep coming), and its routes are installed as {@link Origin#OSPF} through {@link Ipv4#setRoutes}.
 *
 * <p>As an AS boundary router ({@link OspfConfig#redistribute}) it follows the table's routes of the
 * redistributed origins and originates an AS-external LSA per prefix (§12.4.4: forwarding address 0,
 * the configured metric and type, the source AS as route tag), sets the E bit in its router LSA,
 * refreshes them like its other LSAs and flushes one when its last route leaves. Other routers' type 5
 * LSAs become {@link Origin#OSPF_EXTERNAL} routes (§16.4, {@link Spf}).
 *
 * <p>Its machine going down is a reboot ({@link #machineDown}): neighbours, database, timers and
 * routes are lost; it starts afresh when the machine comes back, and the neighbours' copies of its
 * old LSAs are outdone or flushed when they come back to it (§13.4).
 * Everything runs in protocol context; a malformed or unacceptable packet is a counted drop.
 */
public final class Ospf implements Application, IpUpper, InterfaceListener, RouteListener {
    static final long S = 1_000_000_000L, MS = 1_000_000L;
    /** Within this of each other, two instances of one LSA are too close (MinLSArrival, Appendix B). */
    static final long MIN_LS_ARRIVAL = S, MIN_LS_INTERVAL = 5 * S;
    /** The delayed acknowledgement, well below the retransmission interval (§13.5). */
    static final long ACK_DELAY = S;
    private static final int IP_HEADER = 20;

    private final OspfConfig config;
    private Machine machine;
    private Simulator sim;
    private Ipv4 ipv4;
    private RoutingStats stats;
    private int routerId;
    private final List<OspfInterface> interfaces = new ArrayList<>();
    private final TreeMap<LsaKey, Entry> database = new TreeMap<>();
    /** What SPF installed last, by prefix key, so that only changes reach the table. */
    private TreeMap<Long, List<Route>> installed = new TreeMap<>(Long::compareUnsigned);
    private Timer sweep, spfTimer, routerLsaTimer, externalTimer;
    private long lastSpfNs = Long.MIN_VALUE / 2, spfHoldNs, lastRouterLsaNs = Long.MIN_VALUE / 2;
    /** Whether it runs: false before its start and while its machine is down. */
    private boolean running;
    /** The origins it redistributes; per prefix key the table's routes of them; the prefixes changed since the last reconciliation. */
    private final java.util.Set<Origin> redistributed;
    private final TreeMap<Long, List<Route>> externals = new TreeMap<>(Long::compareUnsigned);
    private final java.util.TreeSet<Long> pendingExternals = new java.util.TreeSet<>(Long::compareUnsigned);
    private final long[] sent = new long[6], received = new long[6];
    private long spfRuns, originated, retransmitted, drops;

    /** An LSA in the database and when it was installed: its age is its age then plus the time since. */
    private record Entry(Lsa lsa, long installedNs) { }

    public Ospf(OspfConfig config) {
        this.config = config;
        this.redistributed = Redistribute.origins(config.redistribute(), OspfConfig.SOURCES);
    }

    @Override
    public String name() { return "ospf"; }

    public int routerId() { return routerId; }

    public OspfConfig config() { return config; }

    @Override
    public void start(Machine m) {
        machine = m;
        sim = m.sim();
        ipv4 = Ipv4.of(m);
        stats = RoutingStats.of(sim);
        routerId = config.routerId() != 0 ? config.routerId() : highestAddress();
        ipv4.setForwarding(true);
        ipv4.register(OspfPacket.PROTOCOL, this);
        ipv4.addInterfaceListener(this);
        if (!redistributed.isEmpty()) ipv4.addRouteListener(this);
        boot();
    }

    /** A cold start: the interfaces as they are now, the redistributed routes of the table, our first LSAs. */
    private void boot() {
        running = true;
        if (!redistributed.isEmpty()) {
            for (Route r : ipv4.routes()) routeChanged(r, true);
        }
        for (Ipv4Interface i : ipv4.interfaces()) {
            if (!i.hasAddress()) continue;
            OspfConfig.Interface o = override(i.device().index());
            int cost = o != null && o.cost() > 0 ? o.cost() : defaultCost(i);
            OspfInterface oi = new OspfInterface(i, i.device().network().isPointToPoint(), cost, o == null ? 1 : o.priority(), o != null && o.passive());
            interfaces.add(oi);
            if (i.isUp()) interfaceUp(oi);
        }
        originateRouterLsa();
    }

    /** The machine crashed: everything it knew is lost, nothing more is sent, and its routes leave the table. */
    @Override
    public void machineDown() {
        if (!running) return;
        running = false;
        for (OspfInterface oi : interfaces) {
            for (OspfNeighbor n : oi.neighbors.values()) killNeighbor(n);
            for (Timer t : new Timer[] {oi.hello, oi.waitTimer, oi.ackTimer}) cancel(t);
            oi.ip.leaveGroup(OspfPacket.ALL_SPF_ROUTERS);
            oi.ip.leaveGroup(OspfPacket.ALL_D_ROUTERS);
        }
        interfaces.clear();
        for (Timer t : new Timer[] {sweep, spfTimer, routerLsaTimer, externalTimer}) cancel(t);
        database.clear();
        externals.clear();
        pendingExternals.clear();
        for (Long k : installed.keySet()) ipv4.setRoutes((int) (k >>> 6), (int) (k & 63), installed.get(k).getFirst().origin(), List.of());
        if (!installed.isEmpty()) stats.tableChanged(machine);
        installed = new TreeMap<>(Long::compareUnsigned);
        lastSpfNs = lastRouterLsaNs = Long.MIN_VALUE / 2;
        spfHoldNs = 0;
    }

    /** The machine is back: the router starts as on a cold boot. */
    @Override
    public void machineUp() {
        if (running || machine == null) return;
        boot();
    }

    private OspfConfig.Interface override(int device) {
        for (OspfConfig.Interface o : config.interfaces()) if (o.device() == device) return o;
        return null;
    }

    /** Reference bandwidth over the link's, at least 1 (an unlimited link costs 1). */
    private int defaultCost(Ipv4Interface i) {
        long bw = i.device().network().config().bandwidthBps();
        return bw <= 0 ? 1 : (int) Math.max(1, Math.min(0xFFFF, config.referenceBandwidth() / bw));
    }

    private int highestAddress() {
        int best = 0;
        for (Ipv4Interface i : ipv4.interfaces()) if (i.hasAddress() && Integer.compareUnsigned(i.address(), best) > 0) best = i.address();
        return best;
    }

    // ---------------------------------------------------------------- interfaces (§9)

    @Override
    public void interfaceChanged(Ipv4Interface iface, boolean up) {
        if (!running) return;
        machine.guard(this, () -> {
            for (OspfInterface oi : interfaces) {
                if (oi.ip != iface) continue;
                if (up && oi.state == OspfInterface.DOWN) interfaceUp(oi);
                else if (!up && oi.state != OspfInterface.DOWN) interfaceDown(oi);
            }
        });
    }

    private void interfaceUp(OspfInterface oi) {
        if (oi.passive) {                                   // advertised as a stub, no hellos, no neighbours
            oi.state = OspfInterface.DR_OTHER;
            scheduleRouterLsa();
            return;
        }
        oi.ip.joinGroup(OspfPacket.ALL_SPF_ROUTERS);
        if (oi.pointToPoint) oi.state = OspfInterface.POINT_TO_POINT;
        else if (oi.priority == 0) oi.state = OspfInterface.DR_OTHER;
        else {
            oi.state = OspfInterface.WAITING;
            oi.waitTimer = sim.timer(config.deadNs(), () -> guarded(() -> { if (oi.state == OspfInterface.WAITING) elect(oi); }));
        }
        sendHello(oi);
        scheduleRouterLsa();
    }

    private void interfaceDown(OspfInterface oi) {
        for (OspfNeighbor n : List.copyOf(oi.neighbors.values())) killNeighbor(n);
        oi.neighbors.clear();
        cancel(oi.hello);
        cancel(oi.waitTimer);
        cancel(oi.ackTimer);
        oi.delayedAcks.clear();
        boolean wasDr = oi.state == OspfInterface.DR;
        oi.state = OspfInterface.DOWN;
        oi.dr = oi.bdr = 0;
        oi.ip.leaveGroup(OspfPacket.ALL_SPF_ROUTERS);
        oi.ip.leaveGroup(OspfPacket.ALL_D_ROUTERS);
        if (wasDr) networkLsa(oi);
        scheduleRouterLsa();
    }

    private void sendHello(OspfInterface oi) {
        OspfPacket h = packet(OspfPacket.HELLO);
        h.networkMask = oi.pointToPoint ? 0 : oi.ip.netmask();
        h.helloInterval = (int) (config.helloNs() / S);
        h.options = OspfPacket.OPTION_E;
        h.priority = oi.priority;
        h.deadInterval = (int) (config.deadNs() / S);
        h.designatedRouter = oi.dr;
        h.backupDesignatedRouter = oi.bdr;
        List<OspfNeighbor> seen = new ArrayList<>();
        for (OspfNeighbor n : oi.neighbors.values()) if (n.state >= OspfNeighbor.INIT) seen.add(n);
        h.neighbors = new int[seen.size()];
        for (int k = 0; k < seen.size(); k++) h.neighbors[k] = seen.get(k).routerId;
        send(oi, OspfPacket.ALL_SPF_ROUTERS, h);
        oi.hello = sim.timer(config.helloNs(), () -> guarded(() -> { if (oi.state != OspfInterface.DOWN) sendHello(oi); }));
    }

    /** The DR and BDR election (§9.4), run on the interface events that call for it. */
    private void elect(OspfInterface oi) {
        cancel(oi.waitTimer);
        int oldDr = oi.dr, oldBdr = oi.bdr, self = oi.address();
        int[] chosen = electOnce(oi, oi.dr, oi.bdr);
        // Step 4: when the router itself became or stopped being DR or BDR, once more with its new declaration.
        if ((chosen[0] == self) != (oldDr == self) || (chosen[1] == self) != (oldBdr == self)) chosen = electOnce(oi, chosen[0], chosen[1]);
        oi.dr = chosen[0];
        oi.bdr = chosen[1];
        oi.state = oi.dr == self ? OspfInterface.DR : oi.bdr == self ? OspfInterface.BACKUP : OspfInterface.DR_OTHER;
        if (oi.isDrOrBackup()) oi.ip.joinGroup(OspfPacket.ALL_D_ROUTERS);
        else oi.ip.leaveGroup(OspfPacket.ALL_D_ROUTERS);
        if (oi.dr != oldDr || oi.bdr != oldBdr) {
            for (OspfNeighbor n : List.copyOf(oi.neighbors.values())) if (n.state >= OspfNeighbor.TWO_WAY) adjacencyOk(n);
            networkLsa(oi);
            scheduleRouterLsa();
        }
    }

    /** Steps 2 and 3 of §9.4 with the router declaring {@code selfDr} and {@code selfBdr}: the new DR and BDR addresses. */
    private int[] electOnce(OspfInterface oi, int selfDr, int selfBdr) {
        record Candidate(int rid, int addr, int prio, boolean dr, boolean bdr) { }
        List<Candidate> c = new ArrayList<>();
        int self = oi.address();
        if (oi.priority > 0) c.add(new Candidate(routerId, self, oi.priority, selfDr == self, selfBdr == self));
        for (OspfNeighbor n : oi.neighbors.values())
            if (n.state >= OspfNeighbor.TWO_WAY && n.priority > 0) c.add(new Candidate(n.routerId, n.address, n.priority, n.declaresDr(), n.declaresBdr()));
        java.util.Comparator<Candidate> better = java.util.Comparator.<Candidate>comparingInt(Candidate::prio)
                .thenComparing(Candidate::rid, Integer::compareUnsigned);
        Candidate bdr = c.stream().filter(x -> !x.dr && x.bdr).max(better)
                .orElseGet(() -> c.stream().filter(x -> !x.dr).max(better).orElse(null));
        Candidate dr = c.stream().filter(Candidate::dr).max(better).orElse(bdr);
        // With no declared DR the new BDR becomes DR too (step 3); the next election, once it declares itself DR, picks another BDR.
        return new int[] {dr == null ? 0 : dr.addr, bdr == null ? 0 : bdr.addr};
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public void receive(Message datagram, int headerLength, int src, int dst, Ipv4Interface iface) {
        if (running) machine.guard(this, () -> accept(datagram.slice(headerLength), src, dst, iface));
    }

    private void accept(Message m, int src, int dst, Ipv4Interface iface) {
        OspfInterface oi = find(iface);
        OspfPacket p = OspfPacket.parse(m);
        if (p == null) { drop(OspfDrop.OSPF_MALFORMED); return; }
        if (oi == null || oi.state == OspfInterface.DOWN || oi.passive || p.areaId != config.area() || p.auType != 0 || p.routerId == routerId
                || (dst == OspfPacket.ALL_D_ROUTERS && !oi.isDrOrBackup())
                || (!oi.pointToPoint && !oi.ip.onLink(src))) {
            drop(OspfDrop.OSPF_REJECTED);
            return;
        }
        received[p.type]++;
        if (p.type == OspfPacket.HELLO) { hello(oi, p, src); return; }
        OspfNeighbor n = oi.neighbors.get(src);
        if (n == null || n.routerId != p.routerId) { drop(OspfDrop.OSPF_NO_NEIGHBOR); return; }
        switch (p.type) {
            case OspfPacket.DB_DESCRIPTION -> databaseDescription(n, p);
            case OspfPacket.LS_REQUEST -> linkStateRequest(n, p);
            case OspfPacket.LS_UPDATE -> linkStateUpdate(n, p);
            default -> linkStateAck(n, p);
        }
    }

    private OspfInterface find(Ipv4Interface iface) {
        for (OspfInterface oi : interfaces) if (oi.ip == iface) return oi;
        return null;
    }

    /** §10.5. */
    private void hello(OspfInterface oi, OspfPacket p, int src) {
        if ((!oi.pointToPoint && p.networkMask != oi.ip.netmask()) || p.helloInterval != config.helloNs() / S
                || p.deadInterval != config.deadNs() / S || (p.options & OspfPacket.OPTION_E) == 0) {
            drop(OspfDrop.OSPF_REJECTED);
            return;
        }
        OspfNeighbor n = oi.neighbors.get(src);
        if (n == null) {
            n = new OspfNeighbor(oi, src);
            oi.neighbors.put(src, n);
        }
        int oldPriority = n.priority, oldDr = n.dr, oldBdr = n.bdr;
        boolean known = n.state > OspfNeighbor.DOWN;
        n.routerId = p.routerId;
        n.priority = p.priority;
        n.dr = p.designatedRouter;
        n.bdr = p.backupDesignatedRouter;
        // HelloReceived
        if (n.state == OspfNeighbor.DOWN) n.state = OspfNeighbor.INIT;
        cancel(n.inactivity);
        OspfNeighbor nn = n;
        n.inactivity = sim.timer(config.deadNs(), () -> guarded(() -> inactive(nn)));
        boolean seesUs = false;
        for (int r : p.neighbors) if (r == routerId) { seesUs = true; break; }
        if (!seesUs) {
            if (n.state >= OspfNeighbor.TWO_WAY) {          // 1-WayReceived
                toState(n, OspfNeighbor.INIT);
                n.clearLists();
                neighborChange(oi);
                scheduleRouterLsa();
            }
            return;
        }
        boolean change = false;
        if (n.state == OspfNeighbor.INIT) {                 // 2-WayReceived
            toState(n, OspfNeighbor.TWO_WAY);
            adjacencyOk(n);
            change = true;
        }
        if (oi.pointToPoint) return;
        if (known && oldPriority != n.priority) change = true;
        if (oi.state == OspfInterface.WAITING && ((n.declaresDr() && n.bdr == 0) || n.declaresBdr())) {
            elect(oi);                                      // BackupSeen
            return;
        }
        if (known && ((n.declaresDr() != (oldDr == n.address)) || (n.declaresBdr() != (oldBdr == n.address)))) change = true;
        if (change) neighborChange(oi);
    }

    private void neighborChange(OspfInterface oi) {
        if (oi.state == OspfInterface.DR || oi.state == OspfInterface.BACKUP || oi.state == OspfInterface.DR_OTHER) elect(oi);
    }

    private void inactive(OspfNeighbor n) {
        OspfInterface oi = n.iface;
        boolean wasTwoWay = n.state >= OspfNeighbor.TWO_WAY;
        killNeighbor(n);
        oi.neighbors.remove(n.address);
        if (wasTwoWay && !oi.pointToPoint) neighborChange(oi);
        if (oi.state == OspfInterface.DR) networkLsa(oi);
        scheduleRouterLsa();
    }

    private void killNeighbor(OspfNeighbor n) {
        n.clearLists();
        cancel(n.inactivity);
        n.state = OspfNeighbor.DOWN;
    }

    private void toState(OspfNeighbor n, int state) {
        boolean wasFull = n.state == OspfNeighbor.FULL;
        n.state = state;
        if (wasFull != (state == OspfNeighbor.FULL)) {
            scheduleRouterLsa();
            if (n.iface.state == OspfInterface.DR) networkLsa(n.iface);
        }
    }

    /** Whether to become adjacent (§10.4): always on point-to-point; on a LAN when either end is DR or BDR. */
    private static boolean adjacent(OspfNeighbor n) {
        OspfInterface oi = n.iface;
        return oi.pointToPoint || oi.isDrOrBackup() || oi.dr == n.address || oi.bdr == n.address;
    }

    /** The AdjOK? event. */
    private void adjacencyOk(OspfNeighbor n) {
        boolean want = adjacent(n);
        if (n.state == OspfNeighbor.TWO_WAY && want) startExchange(n);
        else if (n.state >= OspfNeighbor.EX_START && !want) {
            n.clearLists();
            toState(n, OspfNeighbor.TWO_WAY);
        }
    }

    // ---------------------------------------------------------------- database exchange (§10.6, §10.8)

    private void startExchange(OspfNeighbor n) {
        n.clearLists();
        toState(n, OspfNeighbor.EX_START);
        n.master = true;
        n.ddSequence = (int) (sim.now() / MS) ^ routerId;    // §10.8: unique, time of day
        sendDd(n, OspfPacket.FLAG_I | OspfPacket.FLAG_M | OspfPacket.FLAG_MS, List.of());
    }

    private void databaseDescription(OspfNeighbor n, OspfPacket p) {
        OspfInterface oi = n.iface;
        if (p.mtu > oi.ip.device().mtu()) { drop(OspfDrop.OSPF_REJECTED); return; }
        if (n.state == OspfNeighbor.INIT) {                 // its DD shows it hears us: 2-WayReceived (§10.6)
            toState(n, OspfNeighbor.TWO_WAY);
            adjacencyOk(n);
        }
        boolean dup = n.lastFlags == p.ddFlags && n.lastOptions == p.options && n.lastSequence == p.ddSequence;
        switch (n.state) {
            case OspfNeighbor.DOWN, OspfNeighbor.INIT, OspfNeighbor.TWO_WAY -> drop(OspfDrop.OSPF_NO_NEIGHBOR);
            case OspfNeighbor.EX_START -> {
                int all = OspfPacket.FLAG_I | OspfPacket.FLAG_M | OspfPacket.FLAG_MS;
                if ((p.ddFlags & all) == all && p.lsas.isEmpty() && Integer.compareUnsigned(p.routerId, routerId) > 0) {
                    n.master = false;                       // we are the slave
                    n.ddSequence = p.ddSequence;
                    negotiationDone(n, p);
                    sendSlaveDd(n, p);
                } else if ((p.ddFlags & (OspfPacket.FLAG_I | OspfPacket.FLAG_MS)) == 0 && p.ddSequence == n.ddSequence
                        && Integer.compareUnsigned(p.routerId, routerId) < 0) {
                    negotiationDone(n, p);                  // we are the master
                    masterAccepts(n, p);
                }                                           // else: the other side's bid to be master, which we win: ignored

            }
            case OspfNeighbor.EXCHANGE -> {
                if (dup) {
                    if (!n.master) resend(n);               // the slave answers a repeated DD again; the master ignores it
                    return;
                }
                if (((p.ddFlags & OspfPacket.FLAG_MS) != 0) == n.master || (p.ddFlags & OspfPacket.FLAG_I) != 0
                        || (n.lastFlags >= 0 && p.options != n.lastOptions)) { sequenceMismatch(n); return; }
                if (n.master && p.ddSequence == n.ddSequence) masterAccepts(n, p);
                else if (!n.master && p.ddSequence == n.ddSequence + 1) {
                    n.ddSequence = p.ddSequence;
                    sendSlaveDd(n, p);
                } else sequenceMismatch(n);
            }
            default -> {                                    // Loading, Full: only a duplicate is acceptable
                if (!dup) sequenceMismatch(n);
                else if (!n.master) resend(n);
            }
        }
    }

    private void negotiationDone(OspfNeighbor n, OspfPacket p) {
        cancel(n.ddRetransmit);
        toState(n, OspfNeighbor.EXCHANGE);
        for (Entry e : database.values()) {
            Lsa now = current(e);
            if (now.age >= Lsa.MAX_AGE) n.retransmit.put(now.key(), now);   // §10.3: MaxAge LSAs go on the retransmission list
            else n.summary.add(now.header());
        }
        if (!n.retransmit.isEmpty()) armUpdateRetransmit(n);
    }

    /** The master took the slave's DD of our sequence number: its headers, then our next DD or the end. */
    private void masterAccepts(OspfNeighbor n, OspfPacket p) {
        remember(n, p);
        if (!takeHeaders(n, p)) return;
        boolean weHadMore = n.lastSentDd == null || (n.lastSentDd.ddFlags & OspfPacket.FLAG_M) != 0;
        if (!weHadMore && (p.ddFlags & OspfPacket.FLAG_M) == 0 && n.summary.isEmpty()) {
            cancel(n.ddRetransmit);
            exchangeDone(n);
            return;
        }
        n.ddSequence++;
        sendDd(n, OspfPacket.FLAG_MS, nextChunk(n));
    }

    private void sendSlaveDd(OspfNeighbor n, OspfPacket p) {
        remember(n, p);
        if (!takeHeaders(n, p)) return;
        sendDd(n, 0, nextChunk(n));
        if ((p.ddFlags & OspfPacket.FLAG_M) == 0 && (n.lastSentDd.ddFlags & OspfPacket.FLAG_M) == 0) exchangeDone(n);
    }

    private void remember(OspfNeighbor n, OspfPacket p) {
        n.lastFlags = p.ddFlags;
        n.lastOptions = p.options;
        n.lastSequence = p.ddSequence;
    }

    /** Adds what the neighbour has and we lack or hold older to its request list; false after a sequence mismatch. */
    private boolean takeHeaders(OspfNeighbor n, OspfPacket p) {
        for (Lsa h : p.lsas) {
            if (!known(h.type)) { sequenceMismatch(n); return false; }
            Entry e = database.get(h.key());
            if (e == null || h.compareInstance(e.lsa, h.age, age(e)) > 0) n.requests.put(h.key(), h);
        }
        return true;
    }

    private List<Lsa> nextChunk(OspfNeighbor n) {
        int room = (n.iface.ip.device().mtu() - IP_HEADER - OspfPacket.HEADER - 8) / Lsa.HEADER;
        List<Lsa> chunk = new ArrayList<>();
        while (!n.summary.isEmpty() && chunk.size() < room) chunk.add(n.summary.poll());
        return chunk;
    }

    private void sendDd(OspfNeighbor n, int flags, List<Lsa> headers) {
        OspfPacket d = packet(OspfPacket.DB_DESCRIPTION);
        d.mtu = n.iface.ip.device().mtu();
        d.options = OspfPacket.OPTION_E;
        d.ddFlags = flags | (n.state == OspfNeighbor.EX_START || !n.summary.isEmpty() ? OspfPacket.FLAG_M : 0);
        d.ddSequence = n.ddSequence;
        d.lsas = headers;
        n.lastSentDd = d;
        resend(n);
    }

    /** Sends the last DD again; the master keeps doing so every RxmtInterval until answered. */
    private void resend(OspfNeighbor n) {
        send(n.iface, n.address, n.lastSentDd);
        cancel(n.ddRetransmit);
        if (n.master && (n.state == OspfNeighbor.EX_START || n.state == OspfNeighbor.EXCHANGE)) {
            n.ddRetransmit = sim.timer(config.retransmitNs(), () -> guarded(() -> { retransmitted++; resend(n); }));
        }
    }

    private void sequenceMismatch(OspfNeighbor n) {
        drop(OspfDrop.OSPF_NO_NEIGHBOR);
        startExchange(n);
    }

    private void exchangeDone(OspfNeighbor n) {
        if (n.requests.isEmpty()) toState(n, OspfNeighbor.FULL);
        else {
            toState(n, OspfNeighbor.LOADING);
            sendRequests(n);
        }
    }

    private void sendRequests(OspfNeighbor n) {
        cancel(n.requestRetransmit);
        if (n.requests.isEmpty() || n.state < OspfNeighbor.EXCHANGE) return;
        int room = (n.iface.ip.device().mtu() - IP_HEADER - OspfPacket.HEADER) / 12;
        OspfPacket r = packet(OspfPacket.LS_REQUEST);
        List<LsaKey> keys = new ArrayList<>();
        for (LsaKey k : n.requests.keySet()) { if (keys.size() == room) break; keys.add(k); }
        r.requests = keys;
        send(n.iface, n.address, r);
        n.requestRetransmit = sim.timer(config.retransmitNs(), () -> guarded(() -> { retransmitted++; sendRequests(n); }));
    }

    /** §10.7. */
    private void linkStateRequest(OspfNeighbor n, OspfPacket p) {
        if (n.state < OspfNeighbor.EXCHANGE) { drop(OspfDrop.OSPF_NO_NEIGHBOR); return; }
        List<Lsa> answer = new ArrayList<>();
        for (LsaKey k : p.requests) {
            Entry e = database.get(k);
            if (e == null) { sequenceMismatch(n); return; }       // BadLSReq
            answer.add(current(e));
        }
        sendUpdate(n.iface, n.address, answer);
    }

    // ---------------------------------------------------------------- flooding (§13)

    private void linkStateUpdate(OspfNeighbor n, OspfPacket p) {
        if (n.state < OspfNeighbor.EXCHANGE) { drop(OspfDrop.OSPF_NO_NEIGHBOR); return; }
        OspfInterface oi = n.iface;
        for (Lsa lsa : p.lsas) {
            if (!known(lsa.type)) { drop(OspfDrop.OSPF_BAD_LSA); continue; }
            LsaKey key = lsa.key();
            Entry e = database.get(key);
            if (lsa.age >= Lsa.MAX_AGE && e == null && noExchangeGoingOn()) {
                directAck(n, lsa);                          // step 4
                continue;
            }
            int cmp = e == null ? 1 : lsa.compareInstance(e.lsa, lsa.age, age(e));
            if (cmp > 0) {                                  // step 5: newer
                if (e != null && sim.now() - e.installedNs < MIN_LS_ARRIVAL) continue;
                boolean floodedBack = flood(lsa, n);
                install(lsa);
                // §13.5: flooding back out is the acknowledgement; a BDR acknowledges only what the DR sent.
                if (!floodedBack && !(oi.state == OspfInterface.BACKUP && oi.dr != n.address)) delayedAck(oi, lsa);
                satisfyRequest(n, lsa);
                if (lsa.advRouter == routerId) selfOriginated(lsa);
            } else if (n.requests.containsKey(key)) {       // step 6
                sequenceMismatch(n);
                return;
            } else if (cmp == 0) {                          // step 7: the same instance
                if (n.retransmit.remove(key) != null) {     // an implied acknowledgement
                    if (oi.state == OspfInterface.BACKUP && oi.dr == n.address) delayedAck(oi, lsa);
                } else directAck(n, lsa);
            } else {                                        // step 8: ours is newer
                Lsa mine = current(e);
                if (!(mine.age >= Lsa.MAX_AGE && mine.seq == Lsa.MAX_SEQUENCE)) sendUpdate(oi, n.address, List.of(mine));
            }
        }
        if (n.state == OspfNeighbor.LOADING && n.requests.isEmpty()) toState(n, OspfNeighbor.FULL);
    }

    /** The LSA types of one area without stub areas: router, network and AS-external. */
    private static boolean known(int type) { return type == Lsa.ROUTER || type == Lsa.NETWORK || type == Lsa.AS_EXTERNAL; }

    private boolean noExchangeGoingOn() {
        for (OspfInterface oi : interfaces)
            for (OspfNeighbor n : oi.neighbors.values())
                if (n.state == OspfNeighbor.EXCHANGE || n.state == OspfNeighbor.LOADING) return false;
        return true;
    }

    private void satisfyRequest(OspfNeighbor n, Lsa lsa) {
        Lsa wanted = n.requests.get(lsa.key());
        if (wanted != null && lsa.compareInstance(wanted, lsa.age, wanted.age) >= 0) {
            n.requests.remove(lsa.key());
            if (n.requests.isEmpty()) cancel(n.requestRetransmit);
        }
    }

    /**
     * Floods {@code lsa} out of every interface (§13.3), {@code from} the neighbour it came from (null
     * when we originated it); answers whether it went back out of the interface it came in on.
     */
    private boolean flood(Lsa lsa, OspfNeighbor from) {
        boolean back = false;
        for (OspfInterface oi : interfaces) {
            if (oi.state == OspfInterface.DOWN) continue;
            boolean added = false;
            for (OspfNeighbor n : oi.neighbors.values()) {
                if (n.state < OspfNeighbor.EXCHANGE) continue;
                if (n.state != OspfNeighbor.FULL) {
                    Lsa wanted = n.requests.get(lsa.key());
                    if (wanted != null) {
                        int c = lsa.compareInstance(wanted, lsa.age, wanted.age);
                        if (c < 0) continue;
                        n.requests.remove(lsa.key());
                        if (c == 0) {
                            if (n.state == OspfNeighbor.LOADING && n.requests.isEmpty()) toState(n, OspfNeighbor.FULL);
                            continue;
                        }
                    }
                }
                if (n == from) continue;
                n.retransmit.put(lsa.key(), lsa);
                armUpdateRetransmit(n);
                added = true;
            }
            if (!added) continue;
            if (from != null && from.iface == oi && (from.address == oi.dr || from.address == oi.bdr)) continue;
            if (from != null && from.iface == oi && oi.state == OspfInterface.BACKUP) continue;
            if (from != null && from.iface == oi) back = true;
            int dst = oi.pointToPoint || oi.isDrOrBackup() ? OspfPacket.ALL_SPF_ROUTERS : OspfPacket.ALL_D_ROUTERS;
            sendUpdate(oi, dst, List.of(lsa));
        }
        return back;
    }

    /** Sends {@code lsas} in as few updates as fit the interface's MTU, each aged by InfTransDelay. */
    private void sendUpdate(OspfInterface oi, int dst, List<Lsa> lsas) {
        int room = oi.ip.device().mtu() - IP_HEADER - OspfPacket.HEADER - 4, used = 0;
        List<Lsa> batch = new ArrayList<>();
        int delay = (int) (config.transmitDelayNs() / S);
        for (Lsa l : lsas) {
            if (!batch.isEmpty() && used + l.length > room) {
                update(oi, dst, batch);
                batch = new ArrayList<>();
                used = 0;
            }
            batch.add(l.withAge(Math.min(Lsa.MAX_AGE, l.age + delay)));
            used += l.length;
        }
        if (!batch.isEmpty()) update(oi, dst, batch);
    }

    private void update(OspfInterface oi, int dst, List<Lsa> batch) {
        OspfPacket u = packet(OspfPacket.LS_UPDATE);
        u.lsas = batch;
        send(oi, dst, u);
    }

    private void armUpdateRetransmit(OspfNeighbor n) {
        if (n.updateRetransmit != null && n.updateRetransmit.pending()) return;
        n.updateRetransmit = sim.timer(config.retransmitNs(), () -> guarded(() -> {
            if (n.retransmit.isEmpty() || n.state < OspfNeighbor.EXCHANGE) return;
            List<Lsa> again = new ArrayList<>();
            for (LsaKey k : n.retransmit.keySet()) {
                Entry e = database.get(k);
                again.add(e == null ? n.retransmit.get(k) : current(e));
            }
            retransmitted += again.size();
            sendUpdate(n.iface, n.address, again);
            armUpdateRetransmit(n);
        }));
    }

    private void linkStateAck(OspfNeighbor n, OspfPacket p) {
        if (n.state < OspfNeighbor.EXCHANGE) { drop(OspfDrop.OSPF_NO_NEIGHBOR); return; }
        for (Lsa h : p.lsas) {
            Lsa pending = n.retransmit.get(h.key());
            if (pending != null && h.seq == pending.seq && h.checksum == pending.checksum) n.retransmit.remove(h.key());
        }
        if (n.retransmit.isEmpty()) cancel(n.updateRetransmit);
    }

    private void directAck(OspfNeighbor n, Lsa lsa) {
        OspfPacket a = packet(OspfPacket.LS_ACK);
        a.lsas = List.of(lsa.header());
        send(n.iface, n.address, a);
    }

    private void delayedAck(OspfInterface oi, Lsa lsa) {
        oi.delayedAcks.add(lsa.header());
        if (oi.ackTimer != null && oi.ackTimer.pending()) return;
        oi.ackTimer = sim.timer(ACK_DELAY, () -> guarded(() -> {
            if (oi.delayedAcks.isEmpty() || oi.state == OspfInterface.DOWN) return;
            int room = (oi.ip.device().mtu() - IP_HEADER - OspfPacket.HEADER) / Lsa.HEADER;
            for (int from = 0; from < oi.delayedAcks.size(); from += room) {
                OspfPacket a = packet(OspfPacket.LS_ACK);
                a.lsas = List.copyOf(oi.delayedAcks.subList(from, Math.min(oi.delayedAcks.size(), from + room)));
                send(oi, oi.pointToPoint || oi.isDrOrBackup() ? OspfPacket.ALL_SPF_ROUTERS : OspfPacket.ALL_D_ROUTERS, a);
            }
            oi.delayedAcks.clear();
        }));
    }

    // ---------------------------------------------------------------- database (§13.2, §14)

    private int age(Entry e) {
        return (int) Math.min(Lsa.MAX_AGE, e.lsa.age + (sim.now() - e.installedNs) / S);
    }

    /** The entry's LSA with its age now. */
    private Lsa current(Entry e) {
        int a = age(e);
        return a == e.lsa.age ? e.lsa : e.lsa.withAge(a);
    }

    private void install(Lsa lsa) {
        Entry old = database.put(lsa.key(), new Entry(lsa, sim.now()));
        for (OspfInterface oi : interfaces)
            for (OspfNeighbor n : oi.neighbors.values())
                if (n.retransmit.get(lsa.key()) instanceof Lsa r && r != lsa && !r.sameContents(lsa)) n.retransmit.remove(lsa.key());
        boolean changed = old == null || !old.lsa.sameContents(lsa) || (old.lsa.age >= Lsa.MAX_AGE) != (lsa.age >= Lsa.MAX_AGE);
        if (changed) scheduleSpf();
        armSweep();
    }

    /** A newer instance of one of our own LSAs came back (§13.4): outdo it, or flush it when we no longer originate it. */
    private void selfOriginated(Lsa lsa) {
        if (lsa.type == Lsa.ROUTER) originateRouterLsaNow(lsa.seq);
        else if (lsa.type == Lsa.AS_EXTERNAL) {
            long k = prefixKey(lsa.id & lsa.mask, Integer.bitCount(lsa.mask));
            if (externals.containsKey(k) && lsa.age < Lsa.MAX_AGE) originateExternal(k, lsa.id, lsa.seq);
            else if (lsa.age < Lsa.MAX_AGE) flush(lsa);
        } else {
            OspfInterface owner = null;
            for (OspfInterface oi : interfaces) if (oi.address() == lsa.id && oi.state == OspfInterface.DR) owner = oi;
            if (owner != null) networkLsa(owner, lsa.seq);
            else if (lsa.age < Lsa.MAX_AGE) flush(lsa);
        }
    }

    private void flush(Lsa lsa) {
        Lsa dead = lsa.withAge(Lsa.MAX_AGE);
        install(dead);
        flood(dead, null);
    }

    /** One timer per router: it fires when the next LSA reaches MaxAge or one of ours is due for refresh. */
    private void armSweep() {
        long next = Long.MAX_VALUE;
        for (Entry e : database.values()) {
            int limit = e.lsa.advRouter == routerId ? Lsa.LS_REFRESH_TIME : Lsa.MAX_AGE;
            long due = age(e) >= limit ? sim.now() + config.retransmitNs() : e.installedNs + (limit - e.lsa.age) * S;
            next = Math.min(next, due);
        }
        if (next == Long.MAX_VALUE || (sweep != null && sweep.pending() && sweep.dueTime() <= next)) return;
        cancel(sweep);
        sweep = sim.timer(Math.max(0, next - sim.now()), () -> guarded(this::ageDatabase));
    }

    private void ageDatabase() {
        List<Lsa> refresh = new ArrayList<>(), expired = new ArrayList<>(), gone = new ArrayList<>();
        for (Entry e : database.values()) {
            int a = age(e);
            if (e.lsa.advRouter == routerId && a >= Lsa.LS_REFRESH_TIME && a < Lsa.MAX_AGE) refresh.add(e.lsa);
            else if (a >= Lsa.MAX_AGE) (e.lsa.age >= Lsa.MAX_AGE ? gone : expired).add(e.lsa);
        }
        for (Lsa l : expired) flush(l);                    // reached MaxAge here: flood it so all remove it
        for (Lsa l : gone) {                                // flushed earlier: removed once acknowledged everywhere
            if (onAnyRetransmitList(l.key()) || !noExchangeGoingOn()) continue;
            database.remove(l.key());
        }
        for (Lsa l : refresh) {
            if (l.type == Lsa.ROUTER) originateRouterLsaNow(l.seq);
            else if (l.type == Lsa.AS_EXTERNAL) originateExternal(prefixKey(l.id & l.mask, Integer.bitCount(l.mask)), l.id, l.seq);
            else for (OspfInterface oi : interfaces) if (oi.address() == l.id) networkLsa(oi, l.seq);
        }
        sweep = null;
        armSweep();
    }

    private boolean onAnyRetransmitList(LsaKey k) {
        for (OspfInterface oi : interfaces) for (OspfNeighbor n : oi.neighbors.values()) if (n.retransmit.containsKey(k)) return true;
        return false;
    }

    // ---------------------------------------------------------------- origination (§12.4)

    /** Re-originates our router LSA, no sooner than MinLSInterval after the last one. */
    private void scheduleRouterLsa() {
        if (machine == null || (routerLsaTimer != null && routerLsaTimer.pending())) return;
        long wait = lastRouterLsaNs + MIN_LS_INTERVAL - sim.now();
        if (wait <= 0) routerLsaTimer = sim.timer(0, () -> guarded(this::originateRouterLsa));   // after this event's other changes
        else routerLsaTimer = sim.timer(wait, () -> guarded(this::originateRouterLsa));
    }

    private void originateRouterLsa() { originateRouterLsaNow(Integer.MIN_VALUE); }

    /** Our router LSA as the interfaces now are; a new instance when it differs, or above {@code beatSeq} when that is set. */
    private void originateRouterLsaNow(int beatSeq) {
        List<Lsa.Link> links = new ArrayList<>();
        for (OspfInterface oi : interfaces) {
            if (oi.state == OspfInterface.DOWN) continue;
            int mask = oi.ip.netmask(), net = oi.address() & mask;
            if (oi.pointToPoint) {
                for (OspfNeighbor n : oi.full()) links.add(new Lsa.Link(n.routerId, oi.address(), Lsa.POINT_TO_POINT, oi.cost));
                links.add(new Lsa.Link(net, mask, Lsa.STUB, oi.cost));
            } else if (oi.state != OspfInterface.WAITING && oi.dr != 0
                    && (oi.state == OspfInterface.DR ? !oi.full().isEmpty() : oi.neighbors.get(oi.dr) instanceof OspfNeighbor d && d.state == OspfNeighbor.FULL)) {
                links.add(new Lsa.Link(oi.dr, oi.address(), Lsa.TRANSIT, oi.cost));
            } else links.add(new Lsa.Link(net, mask, Lsa.STUB, oi.cost));
        }
        Entry e = database.get(new LsaKey(Lsa.ROUTER, routerId, routerId));
        int flags = externals.isEmpty() ? 0 : Lsa.FLAG_E;       // an AS boundary router while it originates AS-external LSAs
        if (beatSeq == Integer.MIN_VALUE && e != null && e.lsa.age < Lsa.MAX_AGE && e.lsa.links.equals(links) && e.lsa.flags == flags) return;
        int seq = nextSeq(e, beatSeq);
        lastRouterLsaNs = sim.now();
        Lsa lsa = Lsa.router(OspfPacket.OPTION_E, routerId, seq, flags, links);
        originated++;
        install(lsa);
        flood(lsa, null);
    }

    private static int nextSeq(Entry e, int beatSeq) {
        int seq = e == null ? Lsa.INITIAL_SEQUENCE : e.lsa.seq + 1;
        if (beatSeq != Integer.MIN_VALUE && seq <= beatSeq) seq = beatSeq + 1;
        return seq;
    }

    private void networkLsa(OspfInterface oi) { networkLsa(oi, Integer.MIN_VALUE); }

    /** As DR with a full neighbour: the network LSA listing the attached routers; otherwise our old one is flushed. */
    private void networkLsa(OspfInterface oi, int beatSeq) {
        LsaKey key = new LsaKey(Lsa.NETWORK, oi.address(), routerId);
        Entry e = database.get(key);
        List<OspfNeighbor> full = oi.full();
        if (oi.state != OspfInterface.DR || full.isEmpty()) {
            if (e != null && e.lsa.age < Lsa.MAX_AGE) flush(current(e));
            return;
        }
        int[] attached = new int[full.size() + 1];
        attached[0] = routerId;
        for (int k = 0; k < full.size(); k++) attached[k + 1] = full.get(k).routerId;
        java.util.Arrays.sort(attached, 1, attached.length);
        if (beatSeq == Integer.MIN_VALUE && e != null && e.lsa.age < Lsa.MAX_AGE && java.util.Arrays.equals(e.lsa.attached, attached)
                && e.lsa.mask == oi.ip.netmask()) return;
        Lsa lsa = Lsa.network(OspfPacket.OPTION_E, oi.address(), routerId, nextSeq(e, beatSeq), oi.ip.netmask(), attached);
        originated++;
        install(lsa);
        flood(lsa, null);
    }

    // ---------------------------------------------------------------- AS-external LSAs (§12.4.4)

    /** A route of the table entered or left: one of a redistributed origin changes what we originate, after this event. */
    @Override
    public void routeChanged(Route r, boolean added) {
        if (!running || !redistributed.contains(r.origin())) return;
        long k = prefixKey(r.prefix(), r.length());
        boolean wasAsbr = !externals.isEmpty();
        List<Route> now = externals.computeIfAbsent(k, x -> new ArrayList<>(1));
        if (added) now.add(r);
        else now.remove(r);
        if (now.isEmpty()) externals.remove(k);
        if (wasAsbr != !externals.isEmpty()) scheduleRouterLsa();
        pendingExternals.add(k);
        scheduleExternals(0);
    }

    private void scheduleExternals(long delay) {
        if (externalTimer != null && externalTimer.pending() && externalTimer.dueTime() <= sim.now() + delay) return;
        cancel(externalTimer);
        externalTimer = sim.timer(delay, () -> guarded(this::syncExternals));
    }

    /**
     * Makes our AS-external LSAs follow the prefixes changed since the last time: originates the
     * missing ones, flushes those no longer redistributed; one originated less than MinLSInterval ago
     * waits for it (§12.4) and stays pending.
     */
    private void syncExternals() {
        long wait = Long.MAX_VALUE;
        for (var it = pendingExternals.iterator(); it.hasNext(); ) {
            long k = it.next();
            Entry e = ownExternal(k);
            boolean live = e != null && age(e) < Lsa.MAX_AGE;
            if (!externals.containsKey(k)) {
                if (live) flush(current(e));
            } else if (!live || e.lsa.tag != externalTag(k)) {
                if (e != null && sim.now() - e.installedNs < MIN_LS_INTERVAL) {
                    wait = Math.min(wait, e.installedNs + MIN_LS_INTERVAL - sim.now());
                    continue;
                }
                originateExternal(k, e != null ? e.lsa.id : externalId(k), Integer.MIN_VALUE);
            }
            it.remove();
        }
        if (wait != Long.MAX_VALUE) scheduleExternals(wait);
    }

    /** Our AS-external LSA for prefix key {@code k}, under the network's id or, after Appendix E, with its host bits set; null when none. */
    private Entry ownExternal(long k) {
        int prefix = (int) (k >>> 6), mask = Ipv4Address.mask((int) (k & 63));
        for (int id : new int[] {prefix, prefix | ~mask}) {
            Entry e = database.get(new LsaKey(Lsa.AS_EXTERNAL, id, routerId));
            if (e != null && e.lsa.mask == mask) return e;
        }
        return null;
    }

    /** The link-state id for prefix key {@code k}: the network, or with its host bits set when another of our prefixes has it (Appendix E). */
    private int externalId(long k) {
        int prefix = (int) (k >>> 6), mask = Ipv4Address.mask((int) (k & 63));
        return database.containsKey(new LsaKey(Lsa.AS_EXTERNAL, prefix, routerId)) ? prefix | ~mask : prefix;
    }

    /** A new instance of our AS-external LSA for prefix key {@code k} under link-state id {@code id}, above {@code beatSeq} when set. */
    private void originateExternal(long k, int id, int beatSeq) {
        Entry e = database.get(new LsaKey(Lsa.AS_EXTERNAL, id, routerId));
        Lsa lsa = Lsa.external(OspfPacket.OPTION_E, id, routerId, nextSeq(e, beatSeq), Ipv4Address.mask((int) (k & 63)),
                config.externalMetric(), config.externalType2(), 0, externalTag(k));
        originated++;
        install(lsa);
        flood(lsa, null);
    }

    /** The external route tag for prefix key {@code k}: the AS its first redistributed route comes from, else 0. */
    private int externalTag(long k) {
        List<Route> routes = externals.get(k);
        return routes == null ? 0 : (int) Redistribute.sourceAs(machine, routes.getFirst());
    }

    private static long prefixKey(int prefix, int length) { return (prefix & 0xFFFF_FFFFL) << 6 | length; }

    // ---------------------------------------------------------------- SPF (§16) and the routing table

    /** Runs SPF after the throttle's wait: the initial delay when quiet, else a hold that doubles up to the maximum. */
    private void scheduleSpf() {
        if (spfTimer != null && spfTimer.pending()) return;
        long since = sim.now() - lastSpfNs, wait;
        if (since >= Math.max(spfHoldNs, config.spfHoldNs())) {
            spfHoldNs = config.spfHoldNs();
            wait = config.spfDelayNs();
        } else {
            wait = Math.max(config.spfDelayNs(), spfHoldNs - since);
            spfHoldNs = Math.min(2 * spfHoldNs, config.spfMaxHoldNs());
        }
        spfTimer = sim.timer(wait, () -> guarded(this::runSpf));
    }

    private void runSpf() {
        lastSpfNs = sim.now();
        spfRuns++;
        List<Lsa> lsas = new ArrayList<>(database.size());
        for (Entry e : database.values()) if (age(e) < Lsa.MAX_AGE) lsas.add(e.lsa);
        TreeMap<Long, List<Route>> now = new TreeMap<>(Long::compareUnsigned);
        for (Spf.Route r : Spf.compute(routerId, lsas)) {
            List<Route> paths = new ArrayList<>();
            Origin origin = r.external() ? Origin.OSPF_EXTERNAL : Origin.OSPF;
            for (Spf.NextHop h : r.nextHops()) {
                Ipv4Interface out = null;
                for (OspfInterface oi : interfaces) if (oi.address() == h.iface() && oi.state != OspfInterface.DOWN) out = oi.ip;
                if (out != null) paths.add(new Route(r.prefix(), r.length(), h.gateway(), out, origin, Math.min(r.cost(), Route.MAX_METRIC)));
            }
            if (!paths.isEmpty()) now.put(prefixKey(r.prefix(), r.length()), List.copyOf(paths));
        }
        boolean changed = false;
        for (Map.Entry<Long, List<Route>> old : installed.entrySet()) {
            List<Route> next = now.get(old.getKey());
            Origin was = old.getValue().getFirst().origin();
            if (next != null && next.getFirst().origin() == was) continue;
            ipv4.setRoutes((int) (old.getKey() >>> 6), (int) (old.getKey() & 63), was, List.of());   // gone, or now of the other origin
            changed = true;
        }
        for (Map.Entry<Long, List<Route>> r : now.entrySet()) {
            if (r.getValue().equals(installed.get(r.getKey()))) continue;
            ipv4.setRoutes((int) (r.getKey() >>> 6), (int) (r.getKey() & 63), r.getValue().getFirst().origin(), r.getValue());
            changed = true;
        }
        installed = now;
        if (changed) stats.tableChanged(machine);
    }

    // ---------------------------------------------------------------- sending, counting, results

    private OspfPacket packet(int type) { return new OspfPacket(type, routerId, config.area()); }

    private void send(OspfInterface oi, int dst, OspfPacket p) {
        byte[] b = p.encode();
        sent[p.type]++;
        stats.message("ospf", IP_HEADER + b.length);
        ipv4.sendVia(oi.ip, oi.address(), dst, OspfPacket.PROTOCOL, Message.wrap(b), 1);
    }

    private void drop(DropCause cause) {
        drops++;
        machine.drop(cause);
    }

    private void guarded(Runnable r) { machine.guard(this, r); }

    private static void cancel(Timer t) { if (t != null) t.cancel(); }

    /** The LSAs in the database now, in key order, with their current ages. */
    public List<Lsa> database() {
        List<Lsa> l = new ArrayList<>(database.size());
        for (Entry e : database.values()) l.add(current(e));
        return l;
    }

    /** Neighbour router ids and states by interface, for tests and results: "eth0 2.2.2.2 Full". */
    public List<String> neighbors() {
        List<String> l = new ArrayList<>();
        for (OspfInterface oi : interfaces) for (OspfNeighbor n : oi.neighbors.values()) l.add(oi.ip.device().name() + " " + n);
        return l;
    }

    /** The state of each interface, "Point-to-point", "DR", "Backup", "DROther", "Waiting", "Passive" or "Down", in interface order. */
    public List<String> interfaceStates() {
        List<String> l = new ArrayList<>();
        for (OspfInterface oi : interfaces) l.add(oi.stateName());
        return l;
    }

    /** The DR's address on each interface (0: none), in interface order. */
    public int designatedRouter(int index) { return interfaces.get(index).dr; }

    public int backupDesignatedRouter(int index) { return interfaces.get(index).bdr; }

    public long sent(int type) { return sent[type]; }

    public long received(int type) { return received[type]; }

    public long spfRuns() { return spfRuns; }

    public long retransmissions() { return retransmitted; }

    public long dropped() { return drops; }

    @Override
    public String summary() {
        int full = 0;
        for (OspfInterface oi : interfaces) full += oi.full().size();
        return "router " + Ipv4Address.format(routerId) + ", " + full + " full neighbours, " + database.size() + " LSAs, "
                + installed.size() + " routes, " + spfRuns + " SPF runs";
    }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("router_id", Ipv4Address.format(routerId));
        r.put("neighbors", neighbors());
        r.put("lsas", database.size());
        r.put("routes", installed.size());
        r.put("spf_runs", spfRuns);
        r.put("lsas_originated", originated);
        r.put("retransmissions", retransmitted);
        Map<String, Object> s = new LinkedHashMap<>();
        for (int t = 1; t <= 5; t++) s.put(OspfPacket.typeName(t), sent[t]);
        r.put("sent", s);
        r.put("dropped", drops);
        return r;
    }
}
