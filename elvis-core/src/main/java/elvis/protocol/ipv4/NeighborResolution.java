package elvis.protocol.ipv4;

import elvis.message.Message;

/**
 * How an IPv4 interface reaches a next hop on its link: finds the link-layer address and frames
 * the packet (ARP; a pre-resolved directory; nothing at all on a point-to-point link or a tunnel,
 * where every frame goes to the one peer). IPv4 knows only this interface, not ARP nor Ethernet.
 */
public interface NeighborResolution {
    /** Sends {@code packet} out of {@code iface} to the neighbour that has address {@code nextHop} (or broadcast). */
    void send(Ipv4Interface iface, int nextHop, Message packet);

    /** {@code iface} now has {@code address} (true) or no longer has it (false): update what neighbours learn. */
    default void addressChanged(Ipv4Interface iface, int address, boolean added) { }
}
