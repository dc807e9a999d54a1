package elvis.protocol.arp;

import elvis.link.Network;
import elvis.machine.Drop;
import elvis.machine.Machine;
import elvis.machine.Nic;
import elvis.machine.Protocol;
import elvis.message.Message;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.ipv4.Ipv4;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * ARP (RFC 826) for IPv4 over Ethernet: requests, replies, a cache whose entries expire, and a short
 * queue of packets waiting for resolution. When the interface has a {@link NeighborDirectory},
 * neighbours are pre-resolved and no request is ever sent.
 */
public final class Arp extends Protocol {
    public static final int PACKET = 28;
    public static final long ENTRY_LIFETIME_NS = 60_000_000_000L;
    public static final long RETRY_NS = 1_000_000_000L;
    public static final int MAX_REQUESTS = 3;
    /**
     * Packets held for a neighbour being resolved: Linux's unres_qlen default since 3.3 (101; the
     * older 3 lost bursts, such as many senders reaching one host through a router at once).
     */
    public static final int MAX_PENDING = 101;
    private static final int REQUEST = 1, REPLY = 2;

    private Map<Integer, Entry> cache;   // created on first use

    /** A cache slot: resolved (mac ≥ 0) or waiting for a reply with queued packets. */
    private static final class Entry {
        long mac = -1;
        long expires;
        int requestsSent;
        ArrayDeque<Message> pending;
    }

    public Arp(Machine machine) { super(machine); }

    /** Sends an IPv4 packet to next hop {@code ip} on {@code nic}, resolving its MAC first. */
    public void sendIpv4(Nic nic, int ip, Message packet) {
        if (ip == -1 || ip == (nic.address() | ~nic.netmask())) {
            machine.ethernet().send(nic, Network.BROADCAST, Ethernet.TYPE_IPV4, packet);
            return;
        }
        NeighborDirectory dir = nic.directory();
        if (dir != null) {
            long mac = dir.lookup(ip);
            if (mac < 0) machine.drop(Drop.ARP_UNRESOLVED);
            else machine.ethernet().send(nic, mac, Ethernet.TYPE_IPV4, packet);
            return;
        }
        long now = machine.sim().now();
        Entry e = cache().get(ip);
        if (e != null && e.mac >= 0 && e.expires > now) {
            machine.ethernet().send(nic, e.mac, Ethernet.TYPE_IPV4, packet);
            return;
        }
        if (e == null || e.mac >= 0) {   // unknown or expired: start resolving
            e = new Entry();
            cache.put(ip, e);
        }
        if (e.pending == null) e.pending = new ArrayDeque<>(MAX_PENDING);
        if (e.pending.size() == MAX_PENDING) {   // keep the newest, as Linux does
            e.pending.poll();
            machine.drop(Drop.ARP_UNRESOLVED);
        }
        e.pending.add(packet);
        if (e.requestsSent == 0) request(nic, ip, e);
    }

    private void request(Nic nic, int ip, Entry e) {
        e.requestsSent++;
        send(nic, REQUEST, Network.BROADCAST, 0, ip);
        machine.sim().schedule(RETRY_NS, () -> {
            if (cache.get(ip) != e || e.mac >= 0) return;   // resolved or replaced meanwhile
            if (e.requestsSent < MAX_REQUESTS) {
                request(nic, ip, e);
            } else {
                cache.remove(ip);
                for (int i = 0; i < e.pending.size(); i++) machine.drop(Drop.ARP_UNRESOLVED);
            }
        });
    }

    /** Handles a received ARP packet (RFC 826's merge, then reply to requests for our address). */
    public void receive(Message p, Nic nic) {
        if (p.length() < PACKET || p.u16(0) != 1 || p.u16(2) != Ethernet.TYPE_IPV4 || p.u8(4) != 6 || p.u8(5) != 4) {
            machine.drop(Drop.MALFORMED);
            return;
        }
        int op = p.u16(6);
        long senderMac = p.u48(8);
        int senderIp = p.i32(14);
        int targetIp = p.i32(24);
        if (op != REQUEST && op != REPLY) {
            machine.drop(Drop.MALFORMED);
            return;
        }
        boolean forUs = targetIp == nic.address();
        Entry e = cache == null ? null : cache.get(senderIp);
        if (e != null || forUs) {
            if (e == null) cache().put(senderIp, e = new Entry());
            e.mac = senderMac;
            e.expires = machine.sim().now() + ENTRY_LIFETIME_NS;
            if (e.pending != null) {
                for (Message queued : e.pending) machine.ethernet().send(nic, senderMac, Ethernet.TYPE_IPV4, queued);
                e.pending = null;
            }
        }
        if (!forUs) return;
        if (op == REQUEST) send(nic, REPLY, senderMac, senderMac, senderIp);
    }

    private void send(Nic nic, int op, long dstMac, long targetMac, int targetIp) {
        byte[] b = new byte[PACKET];
        b[1] = 1;                                   // hardware type: Ethernet
        b[2] = 0x08;                                // protocol type: IPv4
        b[4] = 6;
        b[5] = 4;
        b[7] = (byte) op;
        Ethernet.putMac(b, 8, nic.mac());
        Ipv4.putInt(b, 14, nic.address());
        Ethernet.putMac(b, 18, targetMac);
        Ipv4.putInt(b, 24, targetIp);
        machine.ethernet().send(nic, dstMac, Ethernet.TYPE_ARP, Message.wrap(b));
    }

    /** The cached MAC for {@code ip}, or -1 (for tests and inspection). */
    public long cached(int ip) {
        Entry e = cache == null ? null : cache.get(ip);
        return e == null || e.mac < 0 || e.expires <= machine.sim().now() ? -1 : e.mac;
    }

    private Map<Integer, Entry> cache() {
        if (cache == null) cache = new HashMap<>();
        return cache;
    }
}
