package elvis.protocol.ipv4;

import elvis.link.FloodInterest;
import elvis.link.FloodKey;
import elvis.machine.LinkStateListener;
import elvis.machine.Nic;
import elvis.message.Message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An IPv4 interface: a device, the addresses configured on it (each with its prefix length), and
 * how it reaches neighbours. Addresses come and go ({@link #addAddress}, {@link #removeAddress}, what
 * DHCP will do); each change goes through {@link Ipv4}, which drops its cached routes and updates
 * its routing table's connected routes and the neighbour bindings. The first address is the
 * interface's primary one, the source of what it sends. Most interfaces have one address, kept
 * inline; further ones live in a small array.
 */
public final class Ipv4Interface implements LinkStateListener {
    private static final int NONE = -1;

    private final Nic device;
    private final NeighborResolution resolution;
    private int address, prefixLength = NONE;     // the primary address; prefixLength NONE: no address
    private Route connectedRoute;                 // the primary's, made on first use: routing must not allocate per packet
    private int[] more;                           // further addresses and prefix lengths, in pairs; null while none
    private Route[] moreRoutes;

    Ipv4Interface(Nic device, NeighborResolution resolution) {
        this.device = device;
        this.resolution = resolution;
    }

    /** The IPv4 this interface belongs to (not a field: a million interfaces would pay for it). */
    public Ipv4 ipv4() { return Ipv4.of(device.machine()); }
    public Nic device() { return device; }
    public NeighborResolution resolution() { return resolution; }

    /** The primary address, or 0 when the interface has none. */
    public int address() { return prefixLength == NONE ? 0 : address; }
    public int prefixLength() { return prefixLength == NONE ? 0 : prefixLength; }
    public int netmask() { return Ipv4Address.mask(prefixLength()); }
    public boolean hasAddress() { return prefixLength != NONE; }

    /** Every address with its prefix length, as "a.b.c.d/len", primary first. */
    public List<String> addresses() {
        List<String> all = new ArrayList<>();
        if (hasAddress()) all.add(Ipv4Address.format(address) + "/" + prefixLength);
        if (more != null) for (int i = 0; i < more.length; i += 2) all.add(Ipv4Address.format(more[i]) + "/" + more[i + 1]);
        return all;
    }

    /** The addresses besides the primary one, in the order they were added. */
    public int[] secondaryAddresses() {
        if (more == null) return new int[0];
        int[] all = new int[more.length / 2];
        for (int i = 0; i < all.length; i++) all[i] = more[2 * i];
        return all;
    }

    /** True when {@code ip} is one of this interface's addresses. */
    public boolean has(int ip) {
        if (prefixLength != NONE && address == ip) return true;
        if (more != null) for (int i = 0; i < more.length; i += 2) if (more[i] == ip) return true;
        return false;
    }

    /** Declares the {@link FloodKey#address} of each of this interface's addresses. */
    void declareAddresses(FloodInterest keys) {
        if (prefixLength != NONE) keys.want(FloodKey.address(address));
        if (more != null) for (int i = 0; i < more.length; i += 2) keys.want(FloodKey.address(more[i]));
    }

    /** True when {@code ip} is a broadcast address of one of this interface's subnets. */
    public boolean isBroadcast(int ip) {
        if (prefixLength != NONE && ip == (address | ~Ipv4Address.mask(prefixLength))) return true;
        if (more != null) for (int i = 0; i < more.length; i += 2) if (ip == (more[i] | ~Ipv4Address.mask(more[i + 1]))) return true;
        return false;
    }

    /** True when {@code ip} is on one of this interface's subnets. */
    public boolean onLink(int ip) {
        if (prefixLength != NONE && ((ip ^ address) & Ipv4Address.mask(prefixLength)) == 0) return true;
        if (more != null) for (int i = 0; i < more.length; i += 2) if (((ip ^ more[i]) & Ipv4Address.mask(more[i + 1])) == 0) return true;
        return false;
    }

    /** The route to the primary address's subnet (on link), or null when the interface has no address. */
    public Route connectedRoute() {
        if (prefixLength == NONE) return null;
        if (connectedRoute == null) connectedRoute = connected(address, prefixLength);
        return connectedRoute;
    }

    /** The route to the subnet of this interface's address {@code ip}, which it must have. */
    Route connectedRouteOf(int ip) {
        if (prefixLength != NONE && address == ip) return connectedRoute();
        for (int i = 0; i < more.length; i += 2) if (more[i] == ip) return moreRoutes[i / 2];
        throw new IllegalArgumentException(Ipv4Address.format(ip) + " is not on " + device.name());
    }

    /** The routes to every address's subnet, primary first. */
    List<Route> connectedRoutes() {
        List<Route> all = new ArrayList<>(1);
        if (prefixLength != NONE) all.add(connectedRoute());
        if (moreRoutes != null) all.addAll(Arrays.asList(moreRoutes));
        return all;
    }

    /** The most specific connected route matching {@code dst}, or null; {@code bestLength} bounds it from below. */
    Route connectedMatch(int dst, int bestLength) {
        Route best = null;
        if (prefixLength > bestLength && ((dst ^ address) & Ipv4Address.mask(prefixLength)) == 0) {
            best = connectedRoute();
            bestLength = prefixLength;
        }
        if (more != null) {
            for (int i = 0; i < more.length; i += 2) {
                if (more[i + 1] > bestLength && ((dst ^ more[i]) & Ipv4Address.mask(more[i + 1])) == 0) {
                    best = moreRoutes[i / 2];
                    bestLength = more[i + 1];
                }
            }
        }
        return best;
    }

    private Route connected(int ip, int length) {
        return new Route(ip & Ipv4Address.mask(length), length, 0, this, Origin.CONNECTED);
    }

    /** Adds address {@code ip}/{@code prefixLength}; the first becomes the primary one. */
    public void addAddress(int ip, int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) throw new IllegalArgumentException("prefix length must be 0..32: " + prefixLength);
        if (has(ip)) throw new IllegalArgumentException(Ipv4Address.format(ip) + " is already on " + device.name());
        if (this.prefixLength == NONE) {
            address = ip;
            this.prefixLength = prefixLength;
            connectedRoute = null;        // made when first routed through: a host may never need it
        } else {
            int n = more == null ? 0 : more.length;
            more = more == null ? new int[2] : Arrays.copyOf(more, n + 2);
            moreRoutes = moreRoutes == null ? new Route[1] : Arrays.copyOf(moreRoutes, n / 2 + 1);
            more[n] = ip;
            more[n + 1] = prefixLength;
            moreRoutes[n / 2] = connected(ip, prefixLength);
        }
        ipv4().addressChanged(this, ip, true, null);
    }

    /**
     * Removes address {@code ip}; false when the interface does not have it. When the primary goes,
     * the next address becomes primary.
     */
    public boolean removeAddress(int ip) {
        Route gone;
        if (prefixLength != NONE && address == ip) {
            gone = connectedRoute != null ? connectedRoute : connected(address, prefixLength);
            prefixLength = NONE;
            connectedRoute = null;
            if (more != null) {      // promote the next address
                address = more[0];
                prefixLength = more[1];
                connectedRoute = moreRoutes[0];
                shrink(0);
            }
        } else {
            int at = -1;
            if (more != null) for (int i = 0; i < more.length; i += 2) if (more[i] == ip) at = i;
            if (at < 0) return false;
            gone = moreRoutes[at / 2];
            shrink(at);
        }
        ipv4().addressChanged(this, ip, false, gone);
        return true;
    }

    private void shrink(int at) {
        if (more.length == 2) {
            more = null;
            moreRoutes = null;
            return;
        }
        int[] fewer = new int[more.length - 2];
        System.arraycopy(more, 0, fewer, 0, at);
        System.arraycopy(more, at + 2, fewer, at, fewer.length - at);
        Route[] fewerRoutes = new Route[moreRoutes.length - 1];
        System.arraycopy(moreRoutes, 0, fewerRoutes, 0, at / 2);
        System.arraycopy(moreRoutes, at / 2 + 1, fewerRoutes, at / 2, fewerRoutes.length - at / 2);
        more = fewer;
        moreRoutes = fewerRoutes;
    }

    /**
     * True while the link carries frames for this interface: its network and its port are up and, on
     * a point-to-point link, the far end's too (carrier).
     */
    public boolean isUp() { return device.network().carrier(device.port()); }

    @Override
    public void linkChanged(Nic device, boolean up) { ipv4().linkChanged(this, up); }

    /**
     * Joins multicast group {@code group} (224.0.0.0/4): datagrams to it arriving here are delivered,
     * and the device receives the group's MAC. False when already joined.
     */
    public boolean joinGroup(int group) { return ipv4().membership(this, group, true); }

    /** Leaves multicast group {@code group}; false when not joined. */
    public boolean leaveGroup(int group) { return ipv4().membership(this, group, false); }

    /** True when this interface has joined multicast group {@code group}. */
    public boolean inGroup(int group) { return ipv4().inGroup(this, group); }

    /** Hands {@code packet} to the neighbour {@code nextHop} through this interface's resolution. */
    void transmit(int nextHop, Message packet) { resolution.send(this, nextHop, packet); }

    @Override
    public String toString() { return device.name() + " " + addresses(); }
}
