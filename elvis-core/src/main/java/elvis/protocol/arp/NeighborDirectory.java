package elvis.protocol.arp;

import elvis.util.LongIntMap;

import java.util.Arrays;

/**
 * The IPv4→MAC bindings of one network, filled in by the builder that knows every address. ARP
 * consults it instead of broadcasting, so a million hosts on one segment send no ARP at all
 * (broadcast resolution would cost N requests × N ports). One directory per network, not per host.
 */
public final class NeighborDirectory {
    private final LongIntMap slotByIp = new LongIntMap();
    private long[] macs = new long[8];

    public void add(int ip, long mac) {
        int slot = slotByIp.get(ip, -1);
        if (slot < 0) {
            slot = slotByIp.size();
            if (slot == macs.length) macs = Arrays.copyOf(macs, slot * 2);
            slotByIp.put(ip, slot);
        }
        macs[slot] = mac;
    }

    /** The MAC bound to {@code ip}, or -1. */
    public long lookup(int ip) {
        int slot = slotByIp.get(ip, -1);
        return slot < 0 ? -1 : macs[slot];
    }
}
