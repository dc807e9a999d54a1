package elvis.protocol.ipv4;

import elvis.machine.Drop;
import elvis.machine.Machine;
import elvis.machine.Nic;
import elvis.machine.Protocol;
import elvis.message.Checksum;
import elvis.message.Message;

import java.util.Arrays;
import java.util.List;

/**
 * IPv4 (RFC 791) without options on send and without fragmentation (DF is set; a packet larger
 * than the MTU is dropped and counted). Routing is longest-prefix match over the connected subnets
 * and static routes (a {@link RoutingTable}, made when a machine has more than connected routes); a
 * machine with forwarding on is a router: it decrements TTL and patches the header checksum
 * incrementally (RFC 1624).
 */
public final class Ipv4 extends Protocol {
    public static final int HEADER = 20;
    public static final int DEFAULT_TTL = 64;

    private RoutingTable table;                 // null while the interfaces' subnets are the only routes
    private boolean forwarding;
    private int[] upperNumbers = new int[0];
    private IpUpper[] uppers = new IpUpper[0];
    private short nextId;
    // The way to the last destination, which the next packet nearly always shares; valid while the
    // interfaces are as they were (they are only ever added) and the routes too (every change clears it).
    private int lastDst, lastNics = -1;
    private Route lastRoute;
    private Nic lastEgress;

    public Ipv4(Machine machine) { super(machine); }

    /** Turns forwarding on or off; a router gets its routing table then, for the forwarding cache. */
    public void setForwarding(boolean on) {
        forwarding = on;
        if (on) table();
    }

    /** Attaches an upper protocol for IP protocol number {@code number} (x-Kernel graph wiring). */
    public void register(int number, IpUpper upper) {
        upperNumbers = Arrays.copyOf(upperNumbers, upperNumbers.length + 1);
        uppers = Arrays.copyOf(uppers, uppers.length + 1);
        upperNumbers[upperNumbers.length - 1] = number;
        uppers[uppers.length - 1] = upper;
    }

    /**
     * Adds a static route; {@code gateway} must be on the link of one of the machine's interfaces
     * (its subnet, or a prefix with an on-link route).
     */
    public void addRoute(int prefix, int length, int gateway) {
        Route r = staticRoute(prefix, length, gateway);
        table().add(r);
        changed();
    }

    /**
     * Puts a static route to prefix/length via {@code gateway} in place of the static ones to that
     * prefix and length (on-link ones included); adds it when there are none. True when some were replaced.
     */
    public boolean replaceRoute(int prefix, int length, int gateway) {
        Route r = staticRoute(prefix, length, gateway);
        boolean replaced = table().replace(r);
        changed();
        return replaced;
    }

    /**
     * Removes the static route to prefix/length via {@code gateway} (0: the on-link one) added first;
     * false when there is none. Connected routes come and go with their interfaces.
     */
    public boolean removeRoute(int prefix, int length, int gateway) {
        if (table == null) return false;
        for (Route r : table.routesTo(prefix, length)) {
            if (r.origin() == Origin.STATIC && r.gateway() == gateway) {
                table.remove(r);
                changed();
                return true;
            }
        }
        return false;
    }

    private Route staticRoute(int prefix, int length, int gateway) {
        Nic out = null;
        for (int i = 0; i < machine.nicCount(); i++) if (machine.nic(i).onLink(gateway)) out = machine.nic(i);
        if (out == null && table != null) {
            Route r = table().lookupOnLink(gateway);       // not a connected route: the interfaces said no
            if (r != null) out = r.nic();
        }
        if (out == null) throw new IllegalArgumentException("gateway " + Ipv4Address.format(gateway) + " is on none of "
                + machine.name() + "'s networks");
        return new Route(prefix & Ipv4Address.mask(length), length, gateway, out, Origin.STATIC);
    }

    /**
     * Adds a route to addresses outside {@code nic}'s subnet that are nevertheless on its link (a
     * network whose addresses span several prefixes): packets to them go straight to the destination.
     * It is a static route with gateway 0.
     */
    public void addOnLinkRoute(int prefix, int length, Nic nic) {
        table().add(new Route(prefix & Ipv4Address.mask(length), length, 0, nic, Origin.STATIC));
        changed();
    }

    /** Forgets the way to the last destination: the routes have changed. */
    private void changed() { lastNics = -1; }

    /**
     * The routing table, made on first need: a machine with only connected routes (a host) has none
     * and answers from its interfaces. It holds every interface's connected route, added here as
     * interfaces appear, so one lookup answers for connected and other routes alike.
     */
    private RoutingTable table() {
        RoutingTable t = table;
        if (t == null) table = t = new RoutingTable();
        int nics = machine.nicCount();
        if (t.connectedNics() != nics) {
            for (int i = t.connectedNics(); i < nics; i++) t.add(machine.nic(i).connectedRoute());
            t.connectedNics(nics);
        }
        return t;
    }

    /** The routes, connected ones included, longest prefix first, then by prefix, then in the order used (see {@link RoutingTable}). */
    public List<Route> routes() {
        if (table != null) return table().routes();
        RoutingTable connected = new RoutingTable();
        for (int i = 0; i < machine.nicCount(); i++) connected.add(machine.nic(i).connectedRoute());
        return connected.routes();
    }

    /**
     * Longest-prefix match over connected subnets and other routes; null when unroutable. At equal
     * prefix and length, static routes are preferred to connected ones, then the route added first.
     */
    public Route lookup(int dst) {
        if (table != null) return table().lookup(dst);
        Nic connected = null;
        int bestLen = -1;
        for (int i = 0; i < machine.nicCount(); i++) {
            Nic nic = machine.nic(i);
            if (nic.onLink(dst) && nic.prefixLength() > bestLen) { connected = nic; bestLen = nic.prefixLength(); }
        }
        return connected != null ? connected.connectedRoute() : null;
    }

    /** True when {@code ip} is one of this machine's addresses. */
    public boolean isLocal(int ip) { return localNic(ip) != null; }

    /** The interface that has address {@code ip}, or null. */
    private Nic localNic(int ip) {
        for (int i = 0; i < machine.nicCount(); i++) if (machine.nic(i).address() == ip) return machine.nic(i);
        return null;
    }

    /**
     * The source address this machine uses towards {@code dst}, the one {@link #send} writes (transport
     * checksums cover it), or 0 when unroutable.
     */
    public int sourceFor(int dst) {
        resolve(dst);
        return lastEgress == null ? 0 : lastEgress.address();
    }

    /** The MTU of the interface a packet to {@code dst} leaves by (what TCP's MSS must fit), or 0 when unroutable. */
    public int mtuFor(int dst) {
        resolve(dst);
        return lastEgress == null ? 0 : lastEgress.network().config().mtu();
    }

    /** Sets {@code lastRoute} and {@code lastEgress} for {@code dst}, looking them up only for a new destination. */
    private void resolve(int dst) {
        if (dst == lastDst && lastNics == machine.nicCount()) return;
        lastRoute = lookup(dst);
        lastEgress = egress(dst, lastRoute);
        lastDst = dst;
        lastNics = machine.nicCount();
    }

    /**
     * The interface a packet to {@code dst} leaves by: the local one that has that address, else the
     * route's; a limited broadcast without a route leaves by the first. Null when unroutable.
     */
    private Nic egress(int dst, Route route) {
        if (machine.nicCount() == 0 || (route == null && dst != -1)) return null;
        Nic local = localNic(dst);
        return local != null ? local : route != null ? route.nic() : machine.nic(0);
    }

    /** Sends {@code payload} to {@code dst} as IP protocol {@code protocol}; false when it was dropped here. */
    public boolean send(int dst, int protocol, Message payload) { return send(0, dst, protocol, payload); }

    /**
     * As {@link #send(int, int, Message)}, from this machine's address {@code src} (0: the outgoing
     * interface's). A TCP connection keeps the address its peer knows it by, whichever interface the
     * route leaves through (the weak host model, RFC 1122 §3.3.4.2); its checksum covers that address.
     */
    public boolean send(int src, int dst, int protocol, Message payload) {
        resolve(dst);
        Route route = lastRoute;
        Nic nic = lastEgress;
        if (nic == null) {
            machine.drop(Drop.NO_ROUTE);
            return false;
        }
        int total = HEADER + payload.length();
        if (total > nic.network().config().mtu()) {
            machine.drop(Drop.TOO_BIG);
            return false;
        }
        byte[] h = new byte[HEADER];
        h[0] = 0x45;
        h[2] = (byte) (total >>> 8);
        h[3] = (byte) total;
        short id = nextId++;
        h[4] = (byte) (id >>> 8);
        h[5] = (byte) id;
        h[6] = 0x40;                         // DF: we never fragment
        h[8] = (byte) DEFAULT_TTL;
        h[9] = (byte) protocol;
        int source = src != 0 ? src : nic.address();
        putInt(h, 12, source);
        putInt(h, 16, dst);
        // The header's 16-bit words, summed from the values just written instead of read back.
        int sum = Checksum.fold(0x4500L + total + (id & 0xFFFF) + 0x4000 + (DEFAULT_TTL << 8 | (protocol & 0xFF))
                + Checksum.addInt(Checksum.addInt(0, source), dst));
        int ck = Checksum.finish(sum);
        h[10] = (byte) (ck >>> 8);
        h[11] = (byte) ck;
        Message packet = payload.prepend(h, Checksum.fold((long) sum + ck));
        if (nic.address() == dst) {   // loopback: never touches the wire, delivered in a later event of this instant
            machine.sim().schedule(0, () -> machine.protect("loopback delivery", () -> receive(packet, nic)));
        } else {
            machine.arp().sendIpv4(nic, route != null ? route.nextHop(dst) : dst, packet);
        }
        return true;
    }

    /** Validates a received packet, then delivers it up, forwards it, or drops it with a counted cause. */
    public void receive(Message p, Nic nic) {
        int len = p.length();
        int first = len < HEADER ? 0 : p.u16(0);                // version, IHL, TOS
        if ((first >>> 12) != 4) { machine.drop(Drop.MALFORMED); return; }
        int ihl = ((first >>> 8) & 0xF) * 4;
        int total = p.u16(2);
        if (ihl < HEADER || total < ihl || total > len) { machine.drop(Drop.MALFORMED); return; }
        if (!Checksum.verifies(p.onesSum(0, ihl))) { machine.drop(Drop.IP_CHECKSUM); return; }
        if (total < len) p = p.slice(0, total);              // strip Ethernet padding
        if ((p.u16(6) & 0x3FFF) != 0) { machine.drop(Drop.FRAGMENT); return; }
        int src = p.i32(12), dst = p.i32(16);
        if (isLocal(dst) || dst == -1 || dst == (nic.address() | ~nic.netmask())) {
            int protocol = p.u16(8) & 0xFF;
            for (int i = 0; i < upperNumbers.length; i++) {
                if (upperNumbers[i] == protocol) { uppers[i].receive(p.slice(ihl), src, dst, nic); return; }
            }
            machine.drop(Drop.UNKNOWN_PROTOCOL);
        } else if (forwarding) {
            forward(p, ihl, dst);
        } else {
            machine.drop(Drop.NOT_FOR_US);
        }
    }

    private void forward(Message p, int ihl, int dst) {
        int ttl = p.u8(8);
        if (ttl <= 1) { machine.drop(Drop.TTL_EXCEEDED); return; }
        Route route = table().cachedLookup(dst);
        if (route == null) { machine.drop(Drop.NO_ROUTE); return; }
        if (p.length() > route.nic().network().config().mtu()) { machine.drop(Drop.TOO_BIG); return; }
        byte[] h = p.slice(0, ihl).toByteArray();
        int oldWord = (ttl << 8) | p.u8(9);
        h[8] = (byte) (ttl - 1);
        int ck = Checksum.update(p.u16(10), oldWord, oldWord - 0x100);
        h[10] = (byte) (ck >>> 8);
        h[11] = (byte) ck;
        machine.arp().sendIpv4(route.nic(), route.nextHop(dst), p.slice(ihl).prepend(h));
    }

    public static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
