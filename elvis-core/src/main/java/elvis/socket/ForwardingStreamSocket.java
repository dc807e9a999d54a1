package elvis.socket;

import elvis.message.Message;
import elvis.protocol.tcp.TcpInfo;
import elvis.protocol.tcp.TcpView;

/**
 * A {@link StreamSocket} that forwards every call to another: a module wrapping a machine's
 * {@link SocketFactory} subclasses it and overrides what it interposes on (send and recv to count or
 * transform bytes, close to record it...). {@link #sendAll} and {@link #recvAll} go through this
 * socket's own {@link #send} and {@link #recv}.
 */
public class ForwardingStreamSocket extends ForwardingSocket<StreamSocket> implements StreamSocket {
    public ForwardingStreamSocket(StreamSocket delegate) { super(delegate); }

    @Override public void setSendBuffer(int bytes) { delegate.setSendBuffer(bytes); }
    @Override public void setReceiveBuffer(int bytes) { delegate.setReceiveBuffer(bytes); }
    @Override public void setNoDelay(boolean on) { delegate.setNoDelay(on); }
    @Override public void setLinger(boolean on, int seconds) { delegate.setLinger(on, seconds); }
    @Override public void setReuseAddress(boolean on) { delegate.setReuseAddress(on); }
    @Override public int remoteAddress() { return delegate.remoteAddress(); }
    @Override public int remotePort() { return delegate.remotePort(); }
    @Override public TcpInfo info() { return delegate.info(); }
    @Override public Errno error() { return delegate.error(); }
    @Override public void listen(int backlog) { delegate.listen(backlog); }
    @Override public StreamSocket accept() { return delegate.accept(); }
    @Override public void connect(int address, int port, long timeoutNs) { delegate.connect(address, port, timeoutNs); }
    @Override public int send(Message data) { return delegate.send(data); }
    @Override public Message recv(int max) { return delegate.recv(max); }
    @Override public void shutdown(How how) { delegate.shutdown(how); }
    @Override public Message yank(int max, YankOp op, YankLock lock, boolean dontWait) { return delegate.yank(max, op, lock, dontWait); }
    @Override public TcpView inspect() { return delegate.inspect(); }
}
