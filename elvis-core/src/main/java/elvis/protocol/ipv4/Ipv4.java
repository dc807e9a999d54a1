package elvis.protocol.ipv4;

import elvis.link.FloodInterest;
import elvis.link.FloodKey;
import elvis.machine.DeviceUpper;
import elvis.machine.FloodListener;
import elvis.machine.Handlers;
import elvis.machine.Machine;
import elvis.machine.Nic;
import elvis.machine.Protocol;
import elvis.machine.ProtocolKey;
import elvis.machine.StackSpec;
import elvis.message.Checksum;
import elvis.message.Message;
import elvis.message.NetworkOrder;

import java.util.ArrayList;
import java.util.List;

/**
 * IPv4 (RFC 791) without options on send. A datagram larger than the outgoing MTU is fragmented,
 * on the send path and when forwarded, unless DF is set (then dropped with frag-needed, RFC 1191);
 * fragments for this machine are put back together by its {@link Reassembly}. Each device it uses
 * has an {@link Ipv4Interface} (addresses, neighbour resolution). Routing is longest-prefix match over the connected subnets and static
 * routes (a {@link RoutingTable}, made when a machine has more than connected routes); a machine
 * with forwarding on is a router: it decrements TTL and patches the header checksum incrementally
 * (RFC 1624). Received packets go to the protocol the stack puts over IPv4 with their protocol
 * number, then to any {@link #register registered} on this machine.
 */
public final class Ipv4 extends Protocol implements DeviceUpper, IpLayer, FloodListener {
    public static final ProtocolKey<Ipv4> KEY = new ProtocolKey<>("ipv4", Ipv4.class);
    public static final int HEADER = 20;
    public static final int DEFAULT_TTL = 64;
    /** The largest datagram, header included (the total length field's range). */
    public static final int MAX_DATAGRAM = 65_535;
    static final int DF = 0x4000, MF = 0x2000;           // flags, in the flags-and-offset word
    private static final int UDP = 17;          // IANA's number: an unused UDP answers port unreachable
    private static final int TCP = 6;           // IANA's number: an unused TCP is made to answer with a reset

    private final StackSpec.Demux stackUppers;  // the stack's protocol-number table, shared by its machines
    private RoutingTable table;                 // null while the interfaces' subnets are the only routes
    private boolean forwarding;
    private short nextId;
    // The way to the last destination, which the next packet nearly always shares; valid until the
    // interfaces, their addresses or the routes change (every change clears it).
    private int lastDst;
    private boolean lastValid;
    private Route lastRoute;
    private Ipv4Interface lastEgress;

    /** IP protocols registered on one machine alone, kept with the machine (rare: no field here). */
    private static final class Registered {
        final Handlers<IpUpper> handlers = new Handlers<>();
    }

    public Ipv4(Machine machine) {
        super(machine);
        stackUppers = machine.stack().demux(KEY);
    }

    /** {@code machine}'s IPv4. */
    public static Ipv4 of(Machine machine) { return machine.protocol(KEY); }

    /**
     * Configures IPv4 on {@code device} with address {@code ip}/{@code prefixLength}, reaching
     * neighbours through {@code resolution}.
     */
    public Ipv4Interface addInterface(Nic device, int ip, int prefixLength, NeighborResolution resolution) {
        if (prefixLength < 0 || prefixLength > 32) throw new IllegalArgumentException("prefix length must be 0..32: " + prefixLength);
        Ipv4Interface iface = addInterface(device, resolution);
        iface.addAddress(ip, prefixLength);
        return iface;
    }

    /**
     * Configures IPv4 on {@code device} without an address, for DHCP to give it one: until then it
     * sends only what its owner addresses from 0.0.0.0, and takes every datagram its device receives
     * (the link layer already checked they are for its MAC or broadcast), as a DHCP client must.
     */
    public Ipv4Interface addInterface(Nic device, NeighborResolution resolution) {
        if (device.machine() != machine) throw new IllegalArgumentException(device.name() + " is not a device of " + machine.name());
        if (device.networkLayer() != null) throw new IllegalArgumentException(device.name() + " already has an IPv4 interface");
        Ipv4Interface iface = new Ipv4Interface(device, resolution);
        device.networkLayer(iface);     // kept by the device: IPv4 holds no table of interfaces
        return iface;
    }

    /** The IPv4 interfaces, in the order of their devices. */
    public List<Ipv4Interface> interfaces() {
        List<Ipv4Interface> all = new ArrayList<>();
        for (int k = 0; k < machine.nicCount(); k++) if (iface(k) != null) all.add(iface(k));
        return all;
    }

    /** The IPv4 interface on {@code device}, or null. */
    public Ipv4Interface interfaceOf(Nic device) {
        return device.networkLayer() instanceof Ipv4Interface i ? i : null;
    }

    /** The interface of the machine's {@code index}th device (eth{@code index}), or null. */
    public Ipv4Interface iface(int index) { return index < machine.nicCount() ? interfaceOf(machine.nic(index)) : null; }

    /** The machine's first address (its first interface's primary), or 0. */
    public int address() {
        for (int k = 0; k < machine.nicCount(); k++) {
            Ipv4Interface i = iface(k);
            if (i != null && i.hasAddress()) return i.address();
        }
        return 0;
    }

    /**
     * An interface's address {@code ip} came or went ({@code gone}: the connected route it had):
     * the routing table, the route cache and the neighbours follow.
     */
    void addressChanged(Ipv4Interface iface, int ip, boolean added, Route gone) {
        if (table != null) {
            if (added) {
                if (iface.isUp()) tableAdd(iface.connectedRouteOf(ip));
            } else {
                tableRemove(gone);
            }
        }
        changed();
        iface.resolution().addressChanged(iface, ip, added);
        machine.floodInterestChanged();
    }

    /**
     * A router gets every broadcast (it may forward one addressed to a unicast destination), and so
     * does a machine with IP protocols of its own registered; otherwise a broadcast frame carrying a
     * datagram for one of this machine's addresses (on any device: the weak host model), which may
     * be answered even when no socket wants it (port unreachable). ARP requests for those addresses
     * share the key. An interface without an address takes datagrams to any address, so it wants
     * every one not to the limited broadcast.
     */
    @Override
    public boolean floodInterest(Nic device, FloodInterest keys) {
        if (forwarding || machine.existingExtension(Registered.class) != null) return false;
        Ipv4Interface own = interfaceOf(device);
        if (own != null && !own.hasAddress()) keys.want(FloodKey.UDP_DIRECTED);
        for (int k = 0; k < machine.nicCount(); k++) {
            Ipv4Interface i = iface(k);
            if (i != null) i.declareAddresses(keys);
        }
        return true;
    }

    /** Turns forwarding on or off; a router gets its routing table then, for the forwarding cache. */
    public void setForwarding(boolean on) {
        forwarding = on;
        if (on) table();
        machine.floodInterestChanged();
    }

    /** True when this machine forwards packets (a router). */
    public boolean isForwarding() { return forwarding; }

    /**
     * Routes kept outside the table (global routing's), consulted after it for longer prefixes;
     * call again with the same source when its routes change (the caches are emptied then).
     */
    public void routeSource(RouteSource source) {
        table().source(source);
        changed();
    }

    /** Hands packets of IP protocol {@code number} to {@code upper} on this machine alone (x-Kernel graph wiring). */
    public void register(int number, IpUpper upper) {
        if (stackUppers.slot(number) >= 0 || !machine.extension(Registered.class, m -> new Registered()).handlers.add(number, upper))
            throw new IllegalArgumentException("IP protocol " + number + " already has a receiver on " + machine.name());
        machine.floodInterestChanged();
    }

    /** The protocol that receives IP protocol {@code number} here, or null. */
    private IpUpper upper(int number) {
        IpUpper u = (IpUpper) machine.arrivalTarget(stackUppers.slot(number));
        if (u != null) return u;
        Registered r = machine.existingExtension(Registered.class);
        return r == null ? null : r.handlers.find(number);
    }

    /**
     * Adds a static route; {@code gateway} must be on the link of one of the machine's interfaces
     * (its subnet, or a prefix with an on-link route).
     */
    public void addRoute(int prefix, int length, int gateway) {
        tableAdd(staticRoute(prefix, length, gateway));
    }

    /**
     * Puts a static route to prefix/length via {@code gateway} in place of the static ones to that
     * prefix and length (on-link ones included); adds it when there are none. True when some were replaced.
     */
    public boolean replaceRoute(int prefix, int length, int gateway) {
        Route r = staticRoute(prefix, length, gateway);
        List<Route> before = table().routesTo(r.prefix(), r.length());
        boolean replaced = table.replace(r);
        changed();
        Ipv4Control c = control();
        if (c != null) {
            for (Route old : before) if (old.origin() == Origin.STATIC) tell(c, old, false);
            tell(c, r, true);
        }
        return replaced;
    }

    /**
     * Removes the static route to prefix/length via {@code gateway} (0: the on-link one) added first;
     * false when there is none. Connected routes come and go with their interfaces.
     */
    public boolean removeRoute(int prefix, int length, int gateway) {
        if (table == null) return false;
        for (Route r : table.routesTo(prefix, length)) {
            if (r.origin() == Origin.STATIC && r.gateway() == gateway) return tableRemove(r);
        }
        return false;
    }

    private Route staticRoute(int prefix, int length, int gateway) {
        Ipv4Interface out = null;
        for (int k = 0; k < machine.nicCount(); k++) {
            Ipv4Interface i = iface(k);
            if (i != null && i.onLink(gateway)) out = i;
        }
        if (out == null && table != null) {
            Route r = table().lookupOnLink(gateway);       // not a connected route: the interfaces said no
            if (r != null) out = r.iface();
        }
        if (out == null) throw new IllegalArgumentException("gateway " + Ipv4Address.format(gateway) + " is on none of "
                + machine.name() + "'s networks");
        return new Route(prefix & Ipv4Address.mask(length), length, gateway, out, Origin.STATIC);
    }

    /**
     * Adds a route to addresses outside {@code iface}'s subnets that are nevertheless on its link (a
     * network whose addresses span several prefixes): packets to them go straight to the destination.
     * It is a static route with gateway 0.
     */
    public void addOnLinkRoute(int prefix, int length, Ipv4Interface iface) {
        tableAdd(new Route(prefix & Ipv4Address.mask(length), length, 0, iface, Origin.STATIC));
    }

    /**
     * Adds {@code route} as it is, of any origin: what a routing protocol installs. Its interface
     * must be one of this machine's, its prefix without host bits.
     */
    public void addRoute(Route route) {
        checkOwn(route);
        tableAdd(route);
    }

    /** Removes {@code route} (an equal one); false when the table has none. */
    public boolean removeRoute(Route route) {
        return table != null && tableRemove(route);
    }

    /** Removes every route of {@code origin}; returns how many went. */
    public int removeRoutes(Origin origin) {
        if (table == null) return 0;
        int n = 0;
        for (Route r : table.routes()) if (r.origin() == origin && tableRemove(r)) n++;
        return n;
    }

    /**
     * Makes {@code paths} the routes of {@code origin} to prefix/length, in place of the ones it had
     * (an empty list removes them; several paths of equal metric are equal-cost multipath). Only the
     * routes that differ are removed and added, so listeners hear of real changes alone.
     */
    public void setRoutes(int prefix, int length, Origin origin, List<Route> paths) {
        for (Route r : paths) {
            if (r.prefix() != prefix || r.length() != length || r.origin() != origin)
                throw new IllegalArgumentException(r + " is not a route of " + origin + " to " + Ipv4Address.format(prefix) + "/" + length);
            checkOwn(r);
        }
        if (table == null && paths.isEmpty()) return;
        for (Route old : table().routesTo(prefix, length)) if (old.origin() == origin && !paths.contains(old)) tableRemove(old);
        List<Route> now = table.routesTo(prefix, length);
        for (Route r : paths) if (!now.contains(r)) tableAdd(r);
    }

    private void checkOwn(Route r) {
        if (r.iface() == null || r.iface().device().machine() != machine)
            throw new IllegalArgumentException(r + ": the interface is not one of " + machine.name() + "'s");
        if (r.length() < 0 || r.length() > 32 || (r.prefix() & ~Ipv4Address.mask(r.length())) != 0)
            throw new IllegalArgumentException("not a route: " + r);
    }

    /** {@code listener} hears of every route added to or removed from this machine's table, from now on. */
    public void addRouteListener(RouteListener listener) {
        table();        // the table's changes are the ones heard: a host gets one now
        madeControl().routeListeners.add(listener);
    }

    /**
     * The route source's routes changed, in their paths or their costs: the route listeners hear it
     * ({@link RouteListener#sourceChanged}); true when there was one to hear it. The source calls it
     * after it has given itself again ({@link #routeSource}) where its next hops changed.
     */
    public boolean routeSourceChanged() {
        Ipv4Control c = control();
        if (c == null || c.routeListeners.isEmpty()) return false;
        for (RouteListener l : List.copyOf(c.routeListeners)) machine.protect("a route listener", l::sourceChanged);
        return true;
    }

    /** {@code listener} hears each interface's link going down or coming up, from now on. */
    public void addInterfaceListener(InterfaceListener listener) {
        madeControl().interfaceListeners.add(listener);
    }

    private Ipv4Control control() { return machine.existingExtension(Ipv4Control.class); }

    private Ipv4Control madeControl() { return machine.extension(Ipv4Control.class, m -> new Ipv4Control()); }

    private void tableAdd(Route r) {
        table().add(r);
        changed();
        Ipv4Control c = control();
        if (c != null) tell(c, r, true);
    }

    private boolean tableRemove(Route r) {
        if (!table.remove(r)) return false;
        changed();
        Ipv4Control c = control();
        if (c != null) tell(c, r, false);
        return true;
    }

    private void tell(Ipv4Control c, Route r, boolean added) {
        for (RouteListener l : List.copyOf(c.routeListeners)) machine.protect("a route listener", () -> l.routeChanged(r, added));
    }

    /**
     * {@code iface}'s link went down or came up: down, its connected routes and every route through
     * it leave the table (static ones are parked and return with the link; a protocol's are its to
     * re-learn); then the interface listeners hear of it.
     */
    void linkChanged(Ipv4Interface iface, boolean up) {
        RoutingTable t = table();
        Ipv4Control c = madeControl();
        if (up) {
            for (Route r : iface.connectedRoutes()) if (t.routesTo(r.prefix(), r.length()).indexOf(r) < 0) tableAdd(r);
            List<Route> parked = c.parked == null ? null : c.parked.remove(iface);
            if (parked != null) for (Route r : parked) tableAdd(r);
        } else {
            List<Route> parked = new ArrayList<>();
            for (Route r : t.routes()) {
                if (r.iface() != iface) continue;
                tableRemove(r);
                if (r.origin() == Origin.STATIC) parked.add(r);
            }
            if (!parked.isEmpty()) c.parked().put(iface, parked);
        }
        changed();
        for (InterfaceListener l : List.copyOf(c.interfaceListeners)) machine.protect("an interface listener", () -> l.interfaceChanged(iface, up));
    }

    /** True when {@code iface} has joined multicast group {@code group}. */
    boolean inGroup(Ipv4Interface iface, int group) {
        Ipv4Control c = control();
        int[] joined = c == null || c.groups == null ? null : c.groups.get(iface);
        if (joined != null) for (int g : joined) if (g == group) return true;
        return false;
    }

    /** {@code iface} joins ({@code join}) or leaves {@code group}; false when that changes nothing. */
    boolean membership(Ipv4Interface iface, int group, boolean join) {
        if (!Ipv4Address.isMulticast(group)) throw new IllegalArgumentException(Ipv4Address.format(group) + " is not a multicast group");
        if (inGroup(iface, group) == join) return false;
        Ipv4Control c = madeControl();
        int[] joined = c.groups().getOrDefault(iface, new int[0]);
        long mac = Ipv4Address.multicastMac(group);
        boolean macShared = false;      // 32 groups share each MAC: the device leaves it with the last of them
        if (join) {
            joined = java.util.Arrays.copyOf(joined, joined.length + 1);
            joined[joined.length - 1] = group;
        } else {
            int[] fewer = new int[joined.length - 1];
            int k = 0;
            for (int g : joined) {
                if (g == group) continue;
                fewer[k++] = g;
                if (Ipv4Address.multicastMac(g) == mac) macShared = true;
            }
            joined = fewer;
        }
        if (joined.length == 0) c.groups().remove(iface); else c.groups().put(iface, joined);
        if (join) iface.device().network().join(iface.device().port(), mac);
        else if (!macShared) iface.device().network().leave(iface.device().port(), mac);
        return true;
    }

    /** Forgets the way to the last destination: the routes have changed. */
    private void changed() { lastValid = false; }

    /**
     * The routing table, made on first need: a machine with only connected routes (a host) has none
     * and answers from its interfaces. It holds every interface's connected routes, kept there as
     * addresses come and go, so one lookup answers for connected and other routes alike.
     */
    private RoutingTable table() {
        RoutingTable t = table;
        if (t == null) {
            table = t = new RoutingTable();
            for (int k = 0; k < machine.nicCount(); k++) {
                Ipv4Interface i = iface(k);
                if (i != null && i.isUp()) for (Route r : i.connectedRoutes()) t.add(r);
            }
        }
        return t;
    }

    /**
     * The routes, connected ones included, longest prefix first, then by prefix, then in the order
     * used (see {@link RoutingTable}); a {@link #routeSource route source}'s come after the table's
     * at the same prefix.
     */
    public List<Route> routes() {
        if (table != null && table.source() != null) {
            List<Route> all = new ArrayList<>(table.routes());
            all.addAll(table.source().routes());
            all.sort(RoutingTable.LISTING);
            return List.copyOf(all);
        }
        if (table != null) return table.routes();
        RoutingTable connected = new RoutingTable();
        for (int k = 0; k < machine.nicCount(); k++) {
            Ipv4Interface i = iface(k);
            if (i != null) for (Route r : i.connectedRoutes()) connected.add(r);
        }
        return connected.routes();
    }

    /** How many routes of each origin there are, by {@link Origin#ordinal()}, a route source's as {@link Origin#GLOBAL}: for reports. */
    public int[] routeCounts() {
        int[] counts = new int[Origin.values().length];
        if (table == null) {
            for (Route r : routes()) counts[r.origin().ordinal()]++;
            return counts;
        }
        for (Route r : table.routes()) counts[r.origin().ordinal()]++;
        if (table.source() != null) counts[Origin.GLOBAL.ordinal()] += table.source().size();
        return counts;
    }

    /**
     * Longest-prefix match over connected subnets and other routes; null when unroutable. At equal
     * prefix and length, static routes are preferred to connected ones, then the route added first.
     */
    public Route lookup(int dst) {
        if (table != null) return table.lookup(dst);
        Route connected = null;
        for (int k = 0; k < machine.nicCount(); k++) {
            Ipv4Interface i = iface(k);
            if (i == null) continue;
            Route r = i.connectedMatch(dst, connected == null ? -1 : connected.length());
            if (r != null) connected = r;
        }
        return connected;
    }

    /**
     * The route {@link #lookup} gives for {@code dst}, with its real prefix and metric even when a
     * {@link #routeSource route source} holds it (global routing's cost in hops, computed now): what a
     * protocol resolving a next hop through the IGP needs (BGP compares IGP costs); not per packet.
     */
    public Route lookupListed(int dst) { return table != null ? table.lookupListed(dst) : lookup(dst); }

    /** True when {@code ip} is one of this machine's addresses. */
    @Override
    public boolean isLocal(int ip) { return localInterface(ip) != null; }

    /** The interface that has address {@code ip}, or null. */
    private Ipv4Interface localInterface(int ip) {
        for (int k = 0, n = machine.nicCount(); k < n; k++) {    // per packet received: no detour
            if (machine.nic(k).networkLayer() instanceof Ipv4Interface i && i.has(ip)) return i;
        }
        return null;
    }

    /**
     * The source address this machine uses towards {@code dst}, the one {@link #send} writes (transport
     * checksums cover it), or 0 when unroutable.
     */
    @Override
    public int sourceFor(int dst) {
        resolve(dst);
        return lastEgress == null ? 0 : lastEgress.address();
    }

    /**
     * The MTU of the way to {@code dst} (what TCP's MSS must fit): the interface's a packet to it
     * leaves by, or the smaller path MTU learnt from frag-needed (RFC 1191) while it lasts; 0 when unroutable.
     */
    @Override
    public int mtuFor(int dst) {
        resolve(dst);
        if (lastEgress == null) return 0;
        int mtu = lastEgress.device().mtu();
        PathMtuCache learnt = machine.existingExtension(PathMtuCache.class);
        return learnt == null ? mtu : learnt.mtu(dst, mtu, machine.sim().now());
    }

    /** Sets {@code lastRoute} and {@code lastEgress} for {@code dst}, looking them up only for a new destination. */
    private void resolve(int dst) {
        if (dst == lastDst && lastValid) return;
        Route route = lookup(dst);
        lastEgress = egress(dst, route);
        // A limited broadcast leaves by the route's interface but never to its gateway (RFC 1122 §3.3.6);
        // so does a datagram to a group, to the group's MAC (RFC 1112 §6.4).
        lastRoute = dst == -1 || Ipv4Address.isMulticast(dst) ? null : route;
        lastDst = dst;
        lastValid = true;
    }

    /**
     * The interface a packet to {@code dst} leaves by: the local one that has that address, else the
     * route's; a limited broadcast without a route leaves by the first. Null when unroutable.
     */
    private Ipv4Interface egress(int dst, Route route) {
        Ipv4Interface local = localInterface(dst);
        if (local != null) return local;
        if (route != null) return route.iface();
        if (dst != -1) return null;
        for (int k = 0; k < machine.nicCount(); k++) {
            Ipv4Interface i = iface(k);
            if (i != null) return i;
        }
        return null;
    }

    /** Sends {@code payload} to {@code dst} as IP protocol {@code protocol}; false when it was dropped here. */
    public boolean send(int dst, int protocol, Message payload) { return send(0, dst, protocol, payload); }

    /**
     * As {@link #send(int, int, Message)}, from this machine's address {@code src} (0: the outgoing
     * interface's). A TCP connection keeps the address its peer knows it by, whichever interface the
     * route leaves through (the weak host model, RFC 1122 §3.3.4.2); its checksum covers that address.
     */
    @Override
    public boolean send(int src, int dst, int protocol, Message payload) { return send(src, dst, protocol, payload, DEFAULT_OPTIONS); }

    /**
     * As {@link #send(int, int, int, Message)} with {@link IpLayer#send(int, int, int, Message, int) options}
     * (TTL, DF). A datagram larger than the outgoing MTU leaves in fragments, unless DF is set: then
     * it is dropped and reported as frag-needed with that MTU (RFC 1191).
     */
    @Override
    public boolean send(int src, int dst, int protocol, Message payload, int options) {
        resolve(dst);
        return send(lastEgress, lastRoute, src, dst, protocol, payload, options);
    }

    /**
     * Sends {@code payload} out of {@code out} straight to {@code dst}, with no route lookup: what a
     * routing protocol sends to its neighbours (to a multicast group, with TTL 1) before any route
     * exists. The firewall sees it as any output; it is fragmented when larger than the MTU.
     */
    @Override
    public boolean sendVia(Ipv4Interface out, int src, int dst, int protocol, Message payload, int options) {
        if (out.device().machine() != machine) throw new IllegalArgumentException(out + " is not an interface of " + machine.name());
        return send(out, null, src, dst, protocol, payload, options);
    }

    /**
     * Sends {@code payload} out of {@code iface} (null: unroutable) to {@code route}'s next hop (null:
     * to {@code dst} itself). The header is built here, in the one method every datagram sent passes
     * through: with it in a method of its own the JIT inlined less, and scale low ran about 10% slower.
     */
    private boolean send(Ipv4Interface iface, Route route, int src, int dst, int protocol, Message payload, int options) {
        if (iface == null) {
            drop(Ipv4Drop.NO_ROUTE);
            return false;
        }
        int total = HEADER + payload.length();
        int ttl = options & 0xFF;
        int flags = (options & DONT_FRAGMENT) != 0 ? DF : 0;
        int ecn = (options >>> 16) & 3;
        byte[] h = new byte[HEADER];
        h[0] = 0x45;
        h[1] = (byte) ecn;
        NetworkOrder.put16(h, 2, total);
        short id = nextId++;
        NetworkOrder.put16(h, 4, id);
        h[6] = (byte) (flags >>> 8);
        h[8] = (byte) ttl;
        h[9] = (byte) protocol;
        int source = src != 0 ? src : iface.address();
        putInt(h, 12, source);
        putInt(h, 16, dst);
        // The header's 16-bit words, summed from the values just written instead of read back.
        int sum = Checksum.fold(0x4500L + ecn + total + (id & 0xFFFF) + flags + (ttl << 8 | (protocol & 0xFF))
                + Checksum.addInt(Checksum.addInt(0, source), dst));
        int ck = Checksum.finish(sum);
        NetworkOrder.put16(h, 10, ck);
        Message packet = payload.prepend(h, Checksum.fold((long) sum + ck));
        int mtu = iface.device().mtu();
        int nextHop = route != null ? route.nextHop(dst) : dst;
        if (total <= mtu && !iface.has(dst)) {              // the common case: fits, leaves by the wire
            if (iface.device().packetFilter() instanceof Ipv4Filter f && !f.output(packet, iface, nextHop, null)) return true;
            iface.transmit(nextHop, packet);
            return true;
        }
        if (total > MAX_DATAGRAM) {                          // no MTU is larger: checked only past the compare above
            drop(Ipv4Drop.TOO_BIG);
            return false;
        }
        if (iface.has(dst)) {   // loopback: never touches the wire (no MTU), delivered in a later event of this instant
            machine.sim().schedule(0, () -> machine.protect("loopback delivery", () -> receive(packet, iface)));
            return true;
        }
        // The firewall sees the whole datagram, before fragmentation (as ipfw in ip_output).
        if (iface.device().packetFilter() instanceof Ipv4Filter f && !f.output(packet, iface, nextHop, null)) return true;
        return fragment(packet, HEADER, mtu, iface, nextHop, null);
    }

    /**
     * Sends on a datagram an {@link Ipv4Filter} held on its way out (a dummynet pipe let it go):
     * it leaves by {@code out} to {@code nextHop}, in fragments if it no longer fits, without
     * passing the filter again (ipfw's one_pass).
     */
    public void reinjectOutput(Message packet, Ipv4Interface out, int nextHop, Ipv4Interface in) {
        int mtu = out.device().mtu();
        if (packet.length() <= mtu) out.transmit(nextHop, packet);
        else fragment(packet, (packet.u8(0) & 0xF) * 4, mtu, out, nextHop, in);
    }

    /**
     * Takes back a received datagram an {@link Ipv4Filter} held on its way in: it is delivered or
     * forwarded as if it had just passed the filter (ipfw's one_pass: not filtered on the way in again).
     */
    public void reinjectInput(Message packet, Ipv4Interface in) {
        afterFilter(packet, (packet.u8(0) & 0xF) * 4, in);
    }

    /**
     * Sends {@code packet} (header of {@code ihl} bytes, ready to leave) to {@code nextHop} through
     * {@code out} in fragments that fit {@code mtu} (RFC 791 §3.2), or, when it has DF set, drops it
     * and reports frag-needed (RFC 1191). {@code in}: where a forwarded packet came from, null for
     * one of ours. Fragments share the payload; each has its own header: total length, MF and offset
     * (in 8-byte units, added to the packet's own: a fragment may be fragmented again), checksum.
     * Options are copied into later fragments only when their copy flag says so.
     */
    private boolean fragment(Message packet, int ihl, int mtu, Ipv4Interface out, int nextHop, Ipv4Interface in) {
        int flagsOffset = packet.u16(6);
        if ((flagsOffset & DF) != 0) {
            drop(Ipv4Drop.FRAG_NEEDED);
            icmpError(ErrorReporter.DESTINATION_UNREACHABLE, ErrorReporter.FRAGMENTATION_NEEDED, mtu, packet, in);
            return false;
        }
        if (mtu - ihl < 8) {               // not even 8 bytes of data fit: no MTU of IPv4 (at least 68) is that small
            drop(Ipv4Drop.TOO_BIG);
            return false;
        }
        Message data = packet.slice(ihl);
        int length = data.length();
        int offset = flagsOffset & 0x1FFF;
        if (offset + (length - 1) / 8 > 0x1FFF) {   // a forwarded fragment reaching past 65,535 bytes: no offset can say where its pieces go
            drop(Ipv4Drop.FRAGMENT_MALFORMED);
            return false;
        }
        boolean moreAfter = (flagsOffset & MF) != 0;
        byte[] firstHeader = packet.slice(0, ihl).toByteArray();
        byte[] laterHeader = ihl == HEADER ? firstHeader : copiedOptions(firstHeader);
        for (int at = 0; at < length; ) {
            byte[] template = at == 0 ? firstHeader : laterHeader;
            int n = Math.min((mtu - template.length) & ~7, length - at);
            // Each fragment owns its header; the last may take the template itself, no other needs it then.
            byte[] h = at + n == length ? template : template.clone();
            boolean last = at + n == length && !moreAfter;
            int total = h.length + n;
            int fo = (last ? 0 : MF) | (offset + at / 8);
            h[2] = (byte) (total >>> 8);
            h[3] = (byte) total;
            h[6] = (byte) (fo >>> 8);
            h[7] = (byte) fo;
            h[10] = h[11] = 0;
            int sum = Checksum.sum(h, 0, h.length);
            int ck = Checksum.finish(sum);
            h[10] = (byte) (ck >>> 8);
            h[11] = (byte) ck;
            out.transmit(nextHop, data.slice(at, n).prepend(h, Checksum.fold((long) sum + ck)));
            at += n;
        }
        return true;
    }

    /** A header for fragments after the first: {@code header}'s base and the options whose copy flag is set (RFC 791 §3.1). */
    private static byte[] copiedOptions(byte[] header) {
        byte[] kept = new byte[header.length];
        System.arraycopy(header, 0, kept, 0, HEADER);
        int n = HEADER;
        for (int i = HEADER; i < header.length; ) {
            int type = header[i] & 0xFF;
            if (type == 0) break;                                           // end of options
            int len = type == 1 ? 1 : (i + 1 < header.length ? header[i + 1] & 0xFF : 0);
            if (len < 1 || (type != 1 && len < 2) || i + len > header.length) break;    // malformed: copy no further
            if ((type & 0x80) != 0) {
                System.arraycopy(header, i, kept, n, len);
                n += len;
            }
            i += len;
        }
        int ihl = (n + 3) & ~3;                                             // padded with end-of-options zeros
        byte[] h = java.util.Arrays.copyOf(kept, ihl);
        h[0] = (byte) (0x40 | ihl / 4);
        return h;
    }

    /** A packet arrives on {@code device}. */
    @Override
    public void receive(Message packet, Nic device) {
        Ipv4Interface iface = interfaceOf(device);
        if (iface == null) drop(Ipv4Drop.NO_INTERFACE);
        else receive(packet, iface);
    }

    /** Validates a received packet, then delivers it up, forwards it, or drops it with a counted cause. */
    public void receive(Message p, Ipv4Interface iface) {
        int len = p.length();
        int first = len < HEADER ? 0 : p.u16(0);                // version, IHL, TOS
        if ((first >>> 12) != 4) { drop(Ipv4Drop.MALFORMED); return; }
        int ihl = ((first >>> 8) & 0xF) * 4;
        int total = p.u16(2);
        if (ihl < HEADER || total < ihl || total > len) { drop(Ipv4Drop.MALFORMED); return; }
        if (!Checksum.verifies(p.onesSum(0, ihl))) { drop(Ipv4Drop.IP_CHECKSUM); return; }
        if (total < len) p = p.slice(0, total);              // strip Ethernet padding
        if (iface.device().packetFilter() instanceof Ipv4Filter f && !f.input(p, iface)) return;
        afterFilter(p, ihl, iface);
    }

    /** Delivers up, forwards or drops a checked datagram the firewall (if any) let in. */
    private void afterFilter(Message p, int ihl, Ipv4Interface iface) {
        int src = p.i32(12), dst = p.i32(16);
        if (iface.has(dst) || isLocal(dst) || dst == -1 || iface.isBroadcast(dst)) deliver(p, ihl, src, dst, iface);
        else if (Ipv4Address.isMulticast(dst)) multicast(p, ihl, src, dst, iface);
        else if (forwarding) forward(p, ihl, src, dst, iface);
        else if (!iface.hasAddress()) deliver(p, ihl, src, dst, iface);   // a DHCP offer unicast to the address it offers
        else drop(Ipv4Drop.NOT_FOR_US);
    }

    /** A datagram to a group: delivered where its interface joined the group, never forwarded (no multicast routing). */
    private void multicast(Message p, int ihl, int src, int dst, Ipv4Interface iface) {
        if (inGroup(iface, dst)) deliver(p, ihl, src, dst, iface);
        else drop(Ipv4Drop.MULTICAST_NOT_JOINED);
    }

    /** Hands a datagram for this machine (reassembled first when a fragment) to the protocol above. */
    private void deliver(Message p, int ihl, int src, int dst, Ipv4Interface iface) {
        Message datagram = p;
        if ((p.u16(6) & 0x3FFF) != 0) {                      // MF or an offset: a fragment
            Message payload = reassembly().add(p, ihl, src, dst, iface);
            if (payload == null) return;                    // held, or dropped and counted
            datagram = p.slice(0, ihl).concat(payload);     // the last fragment's header: the upper reads addresses, TTL, protocol
        }
        int number = p.u8(9);
        IpUpper upper = upper(number);
        // A segment for a TCP this machine never used: TCP is made to answer it with a reset, as any
        // host with TCP does (RFC 9293 §3.10.7.1), rather than leave the peer retrying for minutes.
        if (upper == null && number == TCP) upper = (IpUpper) machine.protocolToAnswer(stackUppers.slot(TCP));
        if (upper == null) {
            drop(Ipv4Drop.UNKNOWN_PROTOCOL);
            unknownProtocol(number, datagram, iface);
        } else {
            upper.receive(datagram, ihl, src, dst, iface);
        }
    }

    private void forward(Message p, int ihl, int src, int dst, Ipv4Interface in) {
        int ttl = p.u8(8);
        if (ttl <= 1) {
            drop(Ipv4Drop.TTL_EXCEEDED);
            icmpError(ErrorReporter.TIME_EXCEEDED, ErrorReporter.TTL_EXCEEDED, 0, p, in);
            return;
        }
        Route route = table().cachedLookup(dst, src);
        if (route == null) {
            drop(Ipv4Drop.NO_ROUTE);
            icmpError(ErrorReporter.DESTINATION_UNREACHABLE, ErrorReporter.NET_UNREACHABLE, 0, p, in);
            return;
        }
        int mtu = route.iface().device().mtu();
        boolean fits = p.length() <= mtu;
        // With DF, the error quotes the packet as it arrived, before its TTL changes.
        if (!fits && (p.u16(6) & DF) != 0) { fragment(p, ihl, mtu, route.iface(), route.nextHop(dst), in); return; }
        byte[] h = p.slice(0, ihl).toByteArray();
        int oldWord = (ttl << 8) | p.u8(9);
        h[8] = (byte) (ttl - 1);
        int ck = Checksum.update(p.u16(10), oldWord, oldWord - 0x100);
        h[10] = (byte) (ck >>> 8);
        h[11] = (byte) ck;
        Message out = p.slice(ihl).prepend(h);
        if (route.iface().device().packetFilter() instanceof Ipv4Filter f && !f.output(out, route.iface(), route.nextHop(dst), in)) return;
        if (fits) route.iface().transmit(route.nextHop(dst), out);
        else fragment(out, ihl, mtu, route.iface(), route.nextHop(dst), in);
    }

    /** The reassembly state, made when the first fragment for this machine arrives. */
    Reassembly reassembly() {
        return machine.extension(Reassembly.class, m -> new Reassembly(this, config().reassemblyTimeoutNs(), config().reassemblyMemory()));
    }

    /** A machine's own parameters, kept as an extension: most machines have the defaults and pay nothing. */
    private static final class Settings {
        Ipv4Config config = Ipv4Config.DEFAULT;
    }

    /** This machine's IPv4 parameters. */
    public Ipv4Config config() {
        Settings s = machine.existingExtension(Settings.class);
        return s == null ? Ipv4Config.DEFAULT : s.config;
    }

    /** Sets this machine's IPv4 parameters; reassembly takes them when the first fragment arrives. */
    public Ipv4 config(Ipv4Config config) {
        machine.extension(Settings.class, m -> new Settings()).config = java.util.Objects.requireNonNull(config);
        return this;
    }

    /**
     * Hands a control message about a packet this machine sent to the protocol that sent it: what
     * ICMP calls on an error (destination unreachable, time exceeded). {@code info} is the 32 bits
     * after the ICMP checksum (for frag-needed, type 3 code 4, the next-hop MTU in the low 16, RFC
     * 1191, or 0 from an older router). {@code quoted} is the offending packet as the error quotes
     * it: its IPv4 header and at least 8 bytes beyond. A frag-needed lowers the path MTU to the
     * quoted destination before the protocol hears of it, so that {@link #mtuFor} already answers
     * with the new value. False when it names no protocol here or is too short to read.
     */
    public boolean controlMessage(int type, int code, int info, int reporter, Message quoted) {
        if (quoted.length() < HEADER || (quoted.u8(0) >>> 4) != 4) return false;
        int ihl = (quoted.u8(0) & 0xF) * 4;
        if (ihl < HEADER || quoted.length() < ihl + 8) return false;
        if (type == ErrorReporter.DESTINATION_UNREACHABLE && code == ErrorReporter.FRAGMENTATION_NEEDED) {      // the path's, whichever protocol sent it
            int dst = quoted.i32(16), current = mtuFor(dst);
            if (current > 0) machine.extension(PathMtuCache.class, m -> new PathMtuCache())
                    .learn(dst, info & 0xFFFF, quoted.u16(2), current, machine.sim().now(), config().pmtuAgeNs());
        }
        IpUpper upper = upper(quoted.u8(9));
        if (upper == null) return false;
        upper.controlMessage(type, code, info, reporter, quoted);
        return true;
    }

    /**
     * Reports error {@code type}/{@code code} about {@code datagram} (a whole IPv4 datagram, header
     * first) that arrived on {@code in} (null: one this machine sent) through the stack's
     * {@link ErrorReporter} (ICMP), made now if the stack makes it on demand; nothing when the stack
     * has none. {@code info} is the error's second word (the next-hop MTU of a fragmentation-needed).
     */
    @Override
    public void icmpError(int type, int code, int info, Message datagram, Ipv4Interface in) {
        if (upper(ErrorReporter.PROTOCOL) instanceof ErrorReporter r) r.report(type, code, info, datagram, in);
    }

    /**
     * The error for a datagram of a protocol nobody here receives: protocol unreachable, unless the
     * stack has the protocol and this machine never used it, so nothing listens: port unreachable for
     * UDP (RFC 1122 §4.1.3.1). TCP never gets here when the stack has it: it is made to send a reset.
     */
    private void unknownProtocol(int number, Message p, Ipv4Interface iface) {
        if (stackUppers.slot(number) < 0)
            icmpError(ErrorReporter.DESTINATION_UNREACHABLE, ErrorReporter.PROTOCOL_UNREACHABLE, 0, p, iface);
        else if (number == UDP)
            icmpError(ErrorReporter.DESTINATION_UNREACHABLE, ErrorReporter.PORT_UNREACHABLE, 0, p, iface);
    }

    public static void putInt(byte[] b, int at, int v) { NetworkOrder.put32(b, at, v); }
}
