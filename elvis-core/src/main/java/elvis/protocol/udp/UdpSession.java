package elvis.protocol.udp;

import elvis.machine.Application;
import elvis.machine.Session;
import elvis.message.Message;

/** A bound UDP port; {@link #push} sends to the default peer set with {@link #connect}. */
public final class UdpSession implements Session {
    private final Udp udp;
    private final int localPort;
    final Application owner;
    final DatagramHandler handler;
    private int remoteIp, remotePort;

    UdpSession(Udp udp, int localPort, Application owner, DatagramHandler handler) {
        this.udp = udp;
        this.localPort = localPort;
        this.owner = owner;
        this.handler = handler;
    }

    public int localPort() { return localPort; }

    /** Sets the peer that {@link #push} sends to. */
    public UdpSession connect(int ip, int port) {
        this.remoteIp = ip;
        this.remotePort = port;
        return this;
    }

    @Override
    public void push(Message message) { sendTo(remoteIp, remotePort, message); }

    /** Sends one datagram; false when the machine dropped it (no route, too big). */
    public boolean sendTo(int ip, int port, Message message) { return udp.send(localPort, ip, port, message); }

    public void close() { udp.unbind(this); }
}
