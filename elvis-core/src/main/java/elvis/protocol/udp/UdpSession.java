package elvis.protocol.udp;

import elvis.machine.Application;
import elvis.message.Message;

/** A bound UDP port. */
public final class UdpSession {
    private final Udp udp;
    private final int localPort;
    final Application owner;
    final DatagramHandler handler;

    UdpSession(Udp udp, int localPort, Application owner, DatagramHandler handler) {
        this.udp = udp;
        this.localPort = localPort;
        this.owner = owner;
        this.handler = handler;
    }

    public int localPort() { return localPort; }

    /** Sends one datagram; false when the machine dropped it (no route, too big). */
    public boolean sendTo(int ip, int port, Message message) { return udp.send(localPort, ip, port, message); }

    public void close() { udp.unbind(this); }
}
