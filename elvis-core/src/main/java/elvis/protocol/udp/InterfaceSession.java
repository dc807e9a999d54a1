package elvis.protocol.udp;

import elvis.machine.Application;
import elvis.machine.Upcalls;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Interface;

/**
 * The port of an {@link InterfaceHandler}: the arrival interface rides with the posted datagram as
 * its device index above the 16 bits of the source port, so the upcall carries nothing more.
 */
final class InterfaceSession extends UdpSession {
    InterfaceSession(Udp udp, int localPort, Application owner, DatagramHandler handler) { super(udp, localPort, owner, handler); }

    @Override
    void arrived(Message data, int srcIp, int srcPort, Ipv4Interface iface) {
        int device = iface == null ? 0 : iface.device().index() + 1;
        Upcalls.of(udp.machine().sim()).post(this, data, srcIp, device << 16 | srcPort);
    }

    @Override
    protected void run(Message data, int srcIp, int portAndDevice) {
        int device = portAndDevice >>> 16;
        Ipv4Interface iface = device == 0 ? null : udp.machine().nic(device - 1).networkLayer() instanceof Ipv4Interface i ? i : null;
        ((InterfaceHandler) handler).datagram(data, srcIp, portAndDevice & 0xFFFF, iface);
    }
}
