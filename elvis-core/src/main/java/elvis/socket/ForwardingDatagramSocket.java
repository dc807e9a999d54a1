package elvis.socket;

import elvis.message.Message;

/**
 * A {@link DatagramSocket} that forwards every call to another: a module wrapping a machine's
 * {@link SocketFactory} subclasses it and overrides what it interposes on ({@link #send} and
 * {@link #sendto} both, to see every datagram sent). {@link #recv} goes through this socket's own
 * {@link #recvfrom}.
 */
public class ForwardingDatagramSocket extends ForwardingSocket<DatagramSocket> implements DatagramSocket {
    public ForwardingDatagramSocket(DatagramSocket delegate) { super(delegate); }

    @Override public void setReceiveBuffer(int bytes) { delegate.setReceiveBuffer(bytes); }
    @Override public void setTtl(int ttl) { delegate.setTtl(ttl); }
    @Override public void setReceiveErrors(boolean on) { delegate.setReceiveErrors(on); }
    @Override public SocketError recvError(long timeoutNs) { return delegate.recvError(timeoutNs); }
    @Override public void connect(int address, int port) { delegate.connect(address, port); }
    @Override public Datagram recvfrom(int max) { return delegate.recvfrom(max); }

    @Override public int send(Message data) { return delegate.send(data); }
    @Override public int sendto(Message data, int address, int port) { return delegate.sendto(data, address, port); }
}
