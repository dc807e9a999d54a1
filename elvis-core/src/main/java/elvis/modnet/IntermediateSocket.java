package elvis.modnet;

import elvis.message.Message;
import elvis.protocol.tcp.TcpInfo;
import elvis.protocol.tcp.TcpView;
import elvis.socket.Errno;
import elvis.socket.ErrnoException;
import elvis.socket.ForwardingStreamSocket;
import elvis.socket.PairSocket;
import elvis.socket.PollFd;
import elvis.socket.StreamSocket;

/**
 * A socket of a module chain: the application's (Sock_i_app) or a module's end. Data calls (send, recv,
 * shutdown) and readiness act on its own end of a {@link PairSocket}; every other call answers for, or
 * acts on, the connection's real socket, so the application sees the TCP connection it asked for
 * (ModNet's transparency rule). The application's socket forwards everything to the real socket until
 * the chain starts, when the real one is connected: before that it is a plain TCP socket (ENOTCONN, a
 * listener's accept, connect's errors). A module's last right end wraps the real socket itself.
 */
final class IntermediateSocket extends ForwardingStreamSocket {
    final ModNet modnet;
    final StreamSocket real;
    final Chain chain;                   // the application's socket: its chain; null for a module's end
    IntermediateSocket partner;          // the other end of this pair; null when this wraps the real socket
    ModulePair module;                   // the pair this is an end of, null for the application's socket
    boolean isLeft;                      // which end of {@link #module} it is
    YankRequest pendingYank;             // a deferred yank asked with dontWait, to collect later

    IntermediateSocket(ModNet modnet, StreamSocket end, StreamSocket real, Chain chain) {
        super(end);
        this.modnet = modnet;
        this.real = real;
        this.chain = chain;
    }

    static void connect(IntermediateSocket a, IntermediateSocket b) {
        a.partner = b;
        b.partner = a;
    }

    /** Data flows through the chain: the application's socket once its chain started; a module's end always. */
    private boolean started() { return chain == null || chain.started; }

    boolean wrapsReal() { return delegate == real; }

    /** Its own end: a pair end, or the real socket. */
    StreamSocket end() { return delegate; }

    // ---------------------------------------------------------------- on the intermediate

    @Override
    public int send(Message data) {
        if (!started()) return real.send(data);
        int n = delegate.send(data);
        if (module != null) module.sent(isLeft, n);
        return n;
    }

    @Override
    public Message recv(int max) { return started() ? delegate.recv(max) : real.recv(max); }

    @Override
    public void shutdown(How how) {
        if (started()) delegate.shutdown(how);
        else real.shutdown(how);
    }

    @Override
    public int readiness() {
        if (!started()) return real.readiness();
        YankRequest y = pendingYank;
        return y != null && y.isComplete() ? delegate.readiness() | PollFd.POLLYANK : delegate.readiness();
    }

    @Override
    public void setNonBlocking(boolean on) {
        delegate.setNonBlocking(on);
        if (!started()) real.setNonBlocking(on);          // connect and accept block on the real socket
    }

    @Override
    public void close() {
        if (chain != null && !chain.started) chain.closeUnstarted();
        else delegate.close();
    }

    @Override
    public Message yank(int max, YankOp op, YankLock lock, boolean dontWait) {
        if (!started() || wrapsReal()) return real.yank(max, op, lock, dontWait);
        if (module != null && isLeft) throw new ErrnoException(Errno.EOPNOTSUPP, "yank on a module's left end");
        return modnet.yank(this, max, op, lock, dontWait);
    }

    // ---------------------------------------------------------------- on the real socket

    @Override public void setSendBuffer(int bytes) { real.setSendBuffer(bytes); }
    @Override public void setReceiveBuffer(int bytes) { real.setReceiveBuffer(bytes); }
    @Override public void setNoDelay(boolean on) { real.setNoDelay(on); }

    @Override
    public void setLinger(boolean on, int seconds) {
        real.setLinger(on, seconds);
        if (!wrapsReal()) delegate.setLinger(on, seconds);     // a zero linger resets along the chain too
    }

    @Override public void setReuseAddress(boolean on) { real.setReuseAddress(on); }
    @Override public int localPort() { return real.localPort(); }
    @Override public void bind(int port) { real.bind(port); }
    @Override public int remoteAddress() { return real.remoteAddress(); }
    @Override public int remotePort() { return real.remotePort(); }
    @Override public TcpInfo info() { return real.info(); }
    @Override public TcpView inspect() { return real.inspect(); }
    @Override public Errno error() { return started() && !wrapsReal() ? delegate.error() : real.error(); }
    @Override public void listen(int backlog) { real.listen(backlog); }
    @Override public StreamSocket accept() { return real.accept(); }

    @Override
    public void connect(int address, int port, long timeoutNs) {
        real.connect(address, port, timeoutNs);
        if (chain != null) chain.start();
    }

    @Override
    public String toString() { return real.toString(); }
}
