package elvis.protocol.udp;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.machine.Upcall;
import elvis.machine.Upcalls;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Interface;

/**
 * A bound UDP port. A datagram that arrives is posted to the kernel's {@link Upcalls} and handed to
 * the application from its drain, in arrival order, never from inside UDP; the socket layer's
 * handler, which only deposits, takes it at once.
 */
public sealed class UdpSession extends Upcall permits InterfaceSession {
    final Udp udp;
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
    public boolean sendTo(int ip, int port, Message message) { return udp.send(localPort, ip, port, message, Ipv4.DEFAULT_TTL); }

    /** As {@link #sendTo(int, int, Message)} with IP TTL {@code ttl} (a socket's IP_TTL). */
    public boolean sendTo(int ip, int port, Message message, int ttl) { return udp.send(localPort, ip, port, message, ttl); }

    /**
     * Sends one datagram out of interface {@code out} straight to {@code ip} (a neighbour or a
     * multicast group), from that interface's address, with no route lookup: how a routing protocol
     * talks to its link. False when the machine dropped it.
     */
    public boolean sendVia(Ipv4Interface out, int ip, int port, Message message, int ttl) {
        return udp.sendVia(out, localPort, ip, port, message, ttl);
    }

    public void close() { udp.unbind(this); }

    /** A datagram arrived on {@code iface} (which only an {@link InterfaceSession} keeps). */
    void arrived(Message data, int srcIp, int srcPort, Ipv4Interface iface) {
        if (handler.depositsOnly()) handler.datagram(data, srcIp, srcPort);
        else Upcalls.of(udp.machine().sim()).post(this, data, srcIp, srcPort);
    }

    @Override
    protected void run(Message data, int srcIp, int srcPort) { handler.datagram(data, srcIp, srcPort); }

    @Override
    protected Machine machine() { return udp.machine(); }

    @Override
    protected Application application() { return owner; }
}
