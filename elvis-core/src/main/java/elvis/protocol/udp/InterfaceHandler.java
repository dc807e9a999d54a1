package elvis.protocol.udp;

import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Interface;

/**
 * A handler that must know which interface each datagram arrived on: a DHCP server or relay, whose
 * clients send from 0.0.0.0 to the limited broadcast, so that neither address says where they are
 * (ISC's dhcpd and dhcrelay use a raw socket per interface for the same reason). Its port is bound
 * as an {@link InterfaceSession}; every other port pays nothing for it.
 */
public interface InterfaceHandler extends DatagramHandler {
    /** A datagram from {@code srcIp}:{@code srcPort} arrived on {@code iface} (null when from no interface, in a test). */
    void datagram(Message data, int srcIp, int srcPort, Ipv4Interface iface);

    @Override
    default void datagram(Message data, int srcIp, int srcPort) { datagram(data, srcIp, srcPort, null); }
}
