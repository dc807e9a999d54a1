package elvis.protocol.arp;

import elvis.link.Network;
import elvis.message.Message;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.NeighborResolution;

/**
 * No neighbour resolution, for a point-to-point link (or a tunnel): the one peer gets every frame,
 * so frames go to the broadcast address and nothing is looked up or asked. Stateless, shared.
 */
public final class NoResolution implements NeighborResolution {
    public static final NoResolution INSTANCE = new NoResolution();

    private NoResolution() { }

    @Override
    public void send(Ipv4Interface iface, int nextHop, Message packet) {
        Ethernet.of(iface.device().machine()).send(iface.device(), Network.BROADCAST, Ethernet.TYPE_IPV4, packet);
    }
}
