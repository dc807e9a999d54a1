package elvis.protocol.arp;

import elvis.link.Network;
import elvis.machine.Nic;
import elvis.message.Message;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.NeighborResolution;
import elvis.util.LongIntMap;

import java.util.Arrays;

/**
 * The IPv4→MAC bindings of one network, filled in as interfaces get and lose addresses. Interfaces
 * resolve through it instead of by ARP, so a million hosts on one segment send no ARP at all
 * (broadcast resolution would cost N requests × N ports). One directory per network, not per host.
 */
public final class NeighborDirectory implements NeighborResolution {
    private final LongIntMap slotByIp = new LongIntMap();
    private long[] macs = new long[8];
    // The slots of the last two addresses looked up (a pair talking fills both), so most frames skip
    // the hash table. An address keeps its slot for good, so these never go stale; -1: empty.
    private int recentIp, olderIp;
    private int recentSlot = -1, olderSlot = -1;

    /** Addresses bound. */
    public int size() { return slotByIp.size(); }

    public void add(int ip, long mac) {
        int slot = slotByIp.get(ip, -1);
        if (slot < 0) {
            slot = slotByIp.size();
            if (slot == macs.length) macs = Arrays.copyOf(macs, slot * 2);
            slotByIp.put(ip, slot);
        }
        macs[slot] = mac;
    }

    /** Forgets {@code ip}'s binding if it is to {@code mac} (an address removed from that interface). */
    public void remove(int ip, long mac) {
        int slot = slotByIp.get(ip, -1);
        if (slot >= 0 && macs[slot] == mac) macs[slot] = -1;
    }

    /** The MAC bound to {@code ip}, or -1. */
    public long lookup(int ip) {
        int slot;
        if (ip == recentIp && recentSlot >= 0) slot = recentSlot;
        else if (ip == olderIp && olderSlot >= 0) slot = olderSlot;
        else {
            slot = slotByIp.get(ip, -1);
            if (slot < 0) return -1;
            olderIp = recentIp;
            olderSlot = recentSlot;
            recentIp = ip;
            recentSlot = slot;
        }
        return macs[slot];
    }

    @Override
    public void send(Ipv4Interface iface, int nextHop, Message packet) {
        Nic device = iface.device();    // its upper is its machine's Ethernet: no lookup in the stack per packet
        Ethernet ethernet = device.upper() instanceof Ethernet e ? e : Ethernet.of(device.machine());
        if (nextHop == -1 || iface.isBroadcast(nextHop)) {
            ethernet.send(iface.device(), Network.BROADCAST, Ethernet.TYPE_IPV4, packet);
            return;
        }
        long mac = Ipv4Address.isMulticast(nextHop) ? Ipv4Address.multicastMac(nextHop) : lookup(nextHop);
        if (mac < 0) iface.device().machine().drop(ArpDrop.ARP_UNRESOLVED);
        else ethernet.send(iface.device(), mac, Ethernet.TYPE_IPV4, packet);
    }

    @Override
    public void addressChanged(Ipv4Interface iface, int address, boolean added) {
        if (added) add(address, iface.device().mac());
        else remove(address, iface.device().mac());
    }
}
