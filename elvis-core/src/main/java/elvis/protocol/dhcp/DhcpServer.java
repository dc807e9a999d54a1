package elvis.protocol.dhcp;

import elvis.machine.Application;
import elvis.machine.DropCause;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.udp.InterfaceHandler;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DHCP server (RFC 2131 §4.3) on port 67 with one {@link DhcpPool} per subnet. A request is served
 * from the pool of its relay's address (giaddr), of the client's address (ciaddr) or, sent on the
 * link, of the interface it arrived on; a subnet without a pool gets no answer. DISCOVER: an OFFER of the client's address (the one it
 * holds, had last, asked for, or a free one), held for {@link #OFFER_HOLD_NS}; a full pool answers
 * nothing and counts it. REQUEST naming this server (option 54) with the offered address: ACK;
 * naming another server: the offer is withdrawn, no answer. REQUEST without option 54 (INIT-REBOOT,
 * RENEWING, REBINDING): ACK when the address is on the subnet and the client's or free, else NAK.
 * DECLINE marks the address bad for good; RELEASE frees it; leases and offers expire. INFORM gets
 * the options without a lease. Replies go per §4.1: to the relay (giaddr) on port 67; a NAK
 * broadcast; to ciaddr when the client has an address; broadcast when it set the B flag; else
 * unicast to chaddr and yiaddr without ARP, as real servers do.
 *
 * <p>Use: {@code machine.addApplication(new DhcpServer(DhcpPool.subnet(net, 24).leaseSeconds(600).router(gw)))}.
 * The server's own addresses and each pool's router are never handed out, nor, on the server's own
 * networks, an address another machine already has (see {@link #inUse}). Counters: {@link #results()}.
 */
public final class DhcpServer implements Application, InterfaceHandler {
    /** How long an offered address waits for the client's REQUEST. */
    public static final long OFFER_HOLD_NS = 60_000_000_000L;
    private static final long S = 1_000_000_000L;

    private final List<DhcpPool> pools = new ArrayList<>();
    private Machine machine;
    private UdpSession port;
    private long offers, acks, naks, declines, releases, informs, exhausted, dropped;

    public DhcpServer(DhcpPool... pools) { for (DhcpPool p : pools) add(p); }

    public DhcpServer add(DhcpPool pool) {
        pools.add(pool);
        if (pool.placed()) checkOverlaps();
        return this;
    }

    /** One pool per subnet: a request's subnet must name one pool. */
    private void checkOverlaps() {
        for (DhcpPool a : pools) {
            for (DhcpPool b : pools) {
                if (a != b && a.placed() && b.placed() && (a.contains(b.network) || b.contains(a.network)))
                    throw new IllegalArgumentException("DHCP pools " + describe(a) + " and " + describe(b) + " share a subnet");
            }
        }
    }

    private static String describe(DhcpPool p) {
        return elvis.protocol.ipv4.Ipv4Address.format(p.firstAddress()) + "-" + elvis.protocol.ipv4.Ipv4Address.format(p.lastAddress());
    }

    public List<DhcpPool> pools() { return List.copyOf(pools); }

    @Override
    public String name() { return "dhcp_server"; }

    @Override
    public void start(Machine m) {
        machine = m;
        for (DhcpPool p : pools) {                          // a range given alone: the subnet of the interface that holds it
            if (p.placed()) continue;
            for (Ipv4Interface i : Ipv4.of(m).interfaces()) {
                if (i.hasAddress() && i.onLink(p.firstAddress())) { p.onSubnet(i.address(), i.prefixLength()); break; }
            }
            if (!p.placed()) throw new IllegalStateException("DHCP pool " + describe(p) + " is on none of " + m.name()
                    + "'s networks: give its prefix length (first-last/len)");
        }
        checkOverlaps();
        for (Ipv4Interface i : Ipv4.of(m).interfaces()) {
            for (DhcpPool p : pools) {
                if (i.hasAddress()) p.reserve(i.address());
                if (p.router != 0) p.reserve(p.router);
            }
        }
        port = Udp.of(m).bind(DhcpMessage.SERVER_PORT, this, this);
    }

    /** Stops serving: port 67 closes (what follows gets ICMP port unreachable or nothing), leases are kept. */
    public void stop() {
        if (port != null) port.close();
        port = null;
    }

    public long offers() { return offers; }
    public long acks() { return acks; }
    public long naks() { return naks; }
    public long declines() { return declines; }
    public long releases() { return releases; }
    public long informs() { return informs; }
    /** DISCOVERs that found their pool full (and got no answer). */
    public long poolExhausted() { return exhausted; }
    public long dropped() { return dropped; }

    private void drop(DropCause cause) {
        dropped++;
        machine.drop(cause);
    }

    private DhcpPool poolFor(int ip) {
        for (DhcpPool p : pools) if (p.contains(ip)) return p;
        return null;
    }

    @Override
    public void datagram(Message data, int srcIp, int srcPort, Ipv4Interface iface) {
        if (port == null) return;                           // stopped within this instant
        DhcpMessage m = DhcpMessage.parse(data);
        if (m == null) { drop(DhcpDrop.DHCP_MALFORMED); return; }
        if (m.op != DhcpMessage.BOOTREQUEST || (m.giaddr == 0 && (iface == null || !iface.hasAddress()))) { drop(DhcpDrop.DHCP_NOT_EXPECTED); return; }
        // The relay's subnet, else the client's own address (renewing, releasing, informing: it may be
        // routed to us from afar), else the subnet of the link the request came in on.
        DhcpPool pool = poolFor(m.giaddr != 0 ? m.giaddr : m.ciaddr != 0 ? m.ciaddr : iface.address());
        if (pool == null) { drop(DhcpDrop.DHCP_NO_POOL); return; }
        int self = m.giaddr != 0 ? Ipv4.of(machine).sourceFor(m.giaddr) : iface.address();
        long now = machine.sim().now();
        pool.expire(now);
        long client = m.clientKey();
        switch (m.type) {
            case DhcpMessage.DISCOVER -> {
                int ip = pool.offer(client, m.requestedIp, now + OFFER_HOLD_NS);
                while (ip != -1 && m.giaddr == 0 && inUse(iface, ip, m.chaddr)) {   // a fixed address in the pool: never again
                    pool.decline(client, ip);
                    ip = pool.offer(client, 0, now + OFFER_HOLD_NS);
                }
                if (ip == -1) { exhausted++; return; }
                offers++;
                deliver(reply(m, DhcpMessage.OFFER, ip, pool, self), m, iface);
            }
            case DhcpMessage.REQUEST -> request(m, pool, client, self, now, iface);
            case DhcpMessage.DECLINE -> {
                if (m.serverId == self && pool.decline(client, m.requestedIp)) declines++;
                else drop(DhcpDrop.DHCP_NOT_EXPECTED);
            }
            case DhcpMessage.RELEASE -> {
                if (pool.free(client, m.ciaddr)) releases++;
                else drop(DhcpDrop.DHCP_NOT_EXPECTED);
            }
            case DhcpMessage.INFORM -> {
                informs++;
                DhcpMessage r = reply(m, DhcpMessage.ACK, 0, pool, self);
                r.leaseTime = r.renewalTime = r.rebindingTime = -1;   // no lease (§3.4)
                deliver(r, m, iface);
            }
            default -> drop(DhcpDrop.DHCP_NOT_EXPECTED);
        }
    }

    /**
     * Whether another machine already has {@code ip} on {@code iface}'s network: what dnsmasq's and
     * dhcpd's ping before an offer find out, asked here of the network's neighbour directory (one
     * lookup; nothing to ask on a network resolved by ARP).
     */
    private static boolean inUse(Ipv4Interface iface, int ip, long chaddr) {
        if (!(iface.resolution() instanceof elvis.protocol.arp.NeighborDirectory d)) return false;
        long mac = d.lookup(ip);
        return mac >= 0 && mac != chaddr;
    }

    private void request(DhcpMessage m, DhcpPool pool, long client, int self, long now, Ipv4Interface iface) {
        long leaseUntil = pool.leaseSeconds == DhcpMessage.INFINITE ? Long.MAX_VALUE : now + pool.leaseSeconds * S;
        if (m.serverId != 0) {                              // SELECTING
            if (m.serverId != self) {                       // the client chose another server
                pool.free(client, m.requestedIp);
                return;
            }
            if (m.ciaddr == 0 && pool.holds(client, m.requestedIp) && pool.lease(client, m.requestedIp, leaseUntil)) ack(m, m.requestedIp, pool, self, iface);
            else nak(m, self, iface);
            return;
        }
        int ip = m.ciaddr != 0 ? m.ciaddr : m.requestedIp;  // RENEWING/REBINDING, else INIT-REBOOT
        if (ip == 0) { drop(DhcpDrop.DHCP_NOT_EXPECTED); return; }
        if (pool.contains(ip) && pool.lease(client, ip, leaseUntil)) ack(m, ip, pool, self, iface);
        else nak(m, self, iface);
    }

    private void ack(DhcpMessage m, int ip, DhcpPool pool, int self, Ipv4Interface iface) {
        acks++;
        deliver(reply(m, DhcpMessage.ACK, ip, pool, self), m, iface);
    }

    private void nak(DhcpMessage m, int self, Ipv4Interface iface) {
        naks++;
        DhcpMessage r = DhcpMessage.of(DhcpMessage.BOOTREPLY, DhcpMessage.NAK, m.xid, m.chaddr);
        r.giaddr = m.giaddr;
        if (m.giaddr != 0) r.flags = DhcpMessage.BROADCAST_FLAG;   // the relay broadcasts it (§4.3.2)
        r.serverId = self;
        r.message = "address not available";
        deliver(r, m, iface);
    }

    private DhcpMessage reply(DhcpMessage m, int type, int yiaddr, DhcpPool pool, int self) {
        DhcpMessage r = DhcpMessage.of(DhcpMessage.BOOTREPLY, type, m.xid, m.chaddr);
        r.flags = m.flags;
        r.giaddr = m.giaddr;
        r.ciaddr = type == DhcpMessage.ACK ? m.ciaddr : 0;
        r.yiaddr = yiaddr;
        r.serverId = self;
        r.leaseTime = pool.leaseSeconds;
        r.renewalTime = pool.renewalSeconds;
        r.rebindingTime = pool.rebindingSeconds;
        r.hasSubnetMask = true;
        r.subnetMask = elvis.protocol.ipv4.Ipv4Address.mask(pool.prefixLength);
        if (pool.router != 0 && pool.contains(pool.router)) r.routers = new int[] {pool.router};
        else if (m.giaddr != 0) r.routers = new int[] {m.giaddr};   // a relayed subnet's gateway is, by default, its relay
        r.dnsServers = pool.dns;
        r.domainName = pool.domain;
        return r;
    }

    /** Sends {@code r}, the answer to {@code m}, the way RFC 2131 §4.1 says. */
    private void deliver(DhcpMessage r, DhcpMessage m, Ipv4Interface iface) {
        if (m.giaddr != 0) port.sendTo(m.giaddr, DhcpMessage.SERVER_PORT, r.toMessage());
        else if (iface == null) drop(DhcpDrop.DHCP_NOT_EXPECTED);
        else if (r.type == DhcpMessage.NAK || (m.ciaddr == 0 && m.broadcast()))
            RawSend.broadcast(iface, iface.address(), DhcpMessage.SERVER_PORT, DhcpMessage.CLIENT_PORT, r);
        else if (m.ciaddr != 0) port.sendTo(m.ciaddr, DhcpMessage.CLIENT_PORT, r.toMessage());
        else RawSend.send(iface, m.chaddr, iface.address(), DhcpMessage.SERVER_PORT, r.yiaddr, DhcpMessage.CLIENT_PORT, r);
    }

    @Override
    public String summary() {
        return offers + " offers, " + acks + " acks, " + naks + " naks, " + declines + " declines, " + releases + " releases, "
                + exhausted + " pool exhausted";
    }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("offers", offers);
        r.put("acks", acks);
        r.put("naks", naks);
        r.put("declines", declines);
        r.put("releases", releases);
        r.put("informs", informs);
        r.put("pool_exhausted", exhausted);
        r.put("drops", dropped);
        int leased = 0;
        for (DhcpPool p : pools) leased += p.leased();
        r.put("leases_active", leased);
        return r;
    }
}
