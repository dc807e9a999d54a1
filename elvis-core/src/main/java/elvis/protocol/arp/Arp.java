package elvis.protocol.arp;

import elvis.link.FloodInterest;
import elvis.link.FloodKey;
import elvis.link.Network;
import elvis.machine.DeviceUpper;
import elvis.machine.FloodListener;
import elvis.machine.Machine;
import elvis.machine.Nic;
import elvis.machine.Protocol;
import elvis.machine.ProtocolKey;
import elvis.message.Message;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.ipv4.ErrorReporter;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.NeighborResolution;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * ARP (RFC 826) for IPv4 over Ethernet: requests, replies, a cache whose entries expire, and a short
 * queue of packets waiting for resolution. The {@link NeighborResolution} of interfaces on networks
 * that resolve by asking; it answers requests on every interface (those resolved through a
 * {@link NeighborDirectory} too).
 */
public final class Arp extends Protocol implements NeighborResolution, DeviceUpper, FloodListener {
    public static final ProtocolKey<Arp> KEY = new ProtocolKey<>("arp", Arp.class);
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

    private final Ethernet ethernet;

    public Arp(Machine machine) {
        super(machine);
        ethernet = Ethernet.of(machine);
    }

    /** {@code machine}'s ARP. */
    public static Arp of(Machine machine) { return machine.protocol(KEY); }

    /** Sends an IPv4 packet to next hop {@code ip} on {@code iface}, resolving its MAC first. */
    @Override
    public void send(Ipv4Interface iface, int ip, Message packet) {
        Nic nic = iface.device();
        if (ip == -1 || iface.isBroadcast(ip)) {
            ethernet.send(nic, Network.BROADCAST, Ethernet.TYPE_IPV4, packet);
            return;
        }
        if (Ipv4Address.isMulticast(ip)) {     // a group's MAC follows from its address (RFC 1112 §6.4): nothing to ask
            ethernet.send(nic, Ipv4Address.multicastMac(ip), Ethernet.TYPE_IPV4, packet);
            return;
        }
        long now = machine.sim().now();
        Entry e = cache().get(ip);
        if (e != null && e.mac >= 0 && e.expires > now) {
            ethernet.send(nic, e.mac, Ethernet.TYPE_IPV4, packet);
            return;
        }
        if (e == null || e.mac >= 0) {   // unknown or expired: start resolving
            e = new Entry();
            cache.put(ip, e);
        }
        if (e.pending == null) e.pending = new ArrayDeque<>(MAX_PENDING);
        if (e.pending.size() == MAX_PENDING) {   // keep the newest, as Linux does
            e.pending.poll();
            drop(ArpDrop.ARP_UNRESOLVED);
        }
        e.pending.add(packet);
        if (e.requestsSent == 0) request(iface, ip, e);
    }

    private void request(Ipv4Interface iface, int ip, Entry e) {
        e.requestsSent++;
        send(iface, REQUEST, Network.BROADCAST, 0, ip);
        machine.sim().schedule(RETRY_NS, () -> {
            if (cache.get(ip) != e || e.mac >= 0) return;   // resolved or replaced meanwhile
            if (e.requestsSent < MAX_REQUESTS) {
                request(iface, ip, e);
            } else {
                cache.remove(ip);
                // Nobody has the address: host unreachable about each waiting packet, as Linux does
                // (to its sender, this machine's own sockets included; ICMP decides whether to send).
                Ipv4 ipv4 = Ipv4.of(machine);
                for (Message packet : e.pending) {
                    drop(ArpDrop.ARP_UNRESOLVED);
                    ipv4.icmpError(ErrorReporter.DESTINATION_UNREACHABLE, ErrorReporter.HOST_UNREACHABLE, 0, packet, null);
                }
            }
        });
    }

    /** Handles a received ARP packet (RFC 826's merge, then reply to requests for our address). */
    @Override
    public void receive(Message p, Nic device) {
        if (p.length() < PACKET || p.u16(0) != 1 || p.u16(2) != Ethernet.TYPE_IPV4 || p.u8(4) != 6 || p.u8(5) != 4) {
            drop(ArpDrop.MALFORMED);
            return;
        }
        int op = p.u16(6);
        long senderMac = p.u48(8);
        int senderIp = p.i32(14);
        int targetIp = p.i32(24);
        if (op != REQUEST && op != REPLY) {
            drop(ArpDrop.MALFORMED);
            return;
        }
        Ipv4Interface iface = Ipv4.of(machine).interfaceOf(device);
        if (iface == null) return;   // no IPv4 on this device: nothing to learn or answer
        boolean forUs = iface.has(targetIp);
        Entry e = cache == null ? null : cache.get(senderIp);
        if (e != null || forUs) {
            if (e == null) cache().put(senderIp, e = new Entry());
            e.mac = senderMac;
            e.expires = machine.sim().now() + ENTRY_LIFETIME_NS;
            if (e.pending != null) {
                for (Message queued : e.pending) ethernet.send(device, senderMac, Ethernet.TYPE_IPV4, queued);
                e.pending = null;
            }
        }
        if (!forUs) return;
        if (op == REQUEST) send(iface, REPLY, senderMac, senderMac, senderIp, targetIp);
    }

    private void send(Ipv4Interface iface, int op, long dstMac, long targetMac, int targetIp) {
        send(iface, op, dstMac, targetMac, targetIp, iface.address());
    }

    /** Sends an ARP packet out of {@code iface} from our address {@code senderIp}. */
    private void send(Ipv4Interface iface, int op, long dstMac, long targetMac, int targetIp, int senderIp) {
        byte[] b = new byte[PACKET];
        b[1] = 1;                                   // hardware type: Ethernet
        b[2] = 0x08;                                // protocol type: IPv4
        b[4] = 6;
        b[5] = 4;
        b[7] = (byte) op;
        Ethernet.putMac(b, 8, iface.device().mac());
        Ipv4.putInt(b, 14, senderIp);
        Ethernet.putMac(b, 18, targetMac);
        Ipv4.putInt(b, 24, targetIp);
        ethernet.send(iface.device(), dstMac, Ethernet.TYPE_ARP, Message.wrap(b));
    }

    /** The cached MAC for {@code ip}, or -1 (for tests and inspection). */
    public long cached(int ip) {
        Entry e = cache == null ? null : cache.get(ip);
        return e == null || e.mac < 0 || e.expires <= machine.sim().now() ? -1 : e.mac;
    }

    private Map<Integer, Entry> cache() {
        if (cache == null) {
            cache = new HashMap<>();
            machine.floodInterestChanged();
        }
        return cache;
    }

    /**
     * Requests and replies for this machine's addresses are IPv4's to declare ({@link FloodKey#address});
     * once it keeps a cache, every ARP packet, since RFC 826's merge updates an entry for any sender.
     */
    @Override
    public boolean floodInterest(Nic device, FloodInterest keys) {
        if (cache != null) keys.want(FloodKey.ARP_ANY);
        return true;
    }
}
