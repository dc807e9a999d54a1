package elvis.protocol.arp;

import elvis.link.Network;
import elvis.machine.Nic;
import elvis.message.Message;
import elvis.protocol.ethernet.Ethernet;
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
        int slot = slotByIp.get(ip, -1);
        return slot < 0 ? -1 : macs[slot];
    }

    @Override
    public void send(Ipv4Interface iface, int nextHop, Message packet) {
        Nic device = iface.device();    // its upper is its machine's Ethernet: no lookup in the stack per packet
        Ethernet ethernet = device.upper() instanceof Ethernet e ? e : Ethernet.of(device.machine());
        if (nextHop == -1 || iface.isBroadcast(nextHop)) {
            ethernet.send(iface.device(), Network.BROADCAST, Ethernet.TYPE_IPV4, packet);
            return;
        }
        long mac = lookup(nextHop);
        if (mac < 0) iface.device().machine().drop(ArpDrop.ARP_UNRESOLVED);
        else ethernet.send(iface.device(), mac, Ethernet.TYPE_IPV4, packet);
    }

    @Override
    public void addressChanged(Ipv4Interface iface, int address, boolean added) {
        if (added) add(address, iface.device().mac());
        else remove(address, iface.device().mac());
    }
}
