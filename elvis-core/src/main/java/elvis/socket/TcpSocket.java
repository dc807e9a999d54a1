package elvis.socket;

import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.ErrorReporter;
import elvis.protocol.tcp.CloseReason;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConfig;
import elvis.protocol.tcp.TcpConnection;
import elvis.protocol.tcp.TcpInfo;
import elvis.protocol.tcp.TcpListener;
import elvis.protocol.tcp.TcpState;
import elvis.protocol.tcp.TcpView;
import elvis.sim.Timer;

import java.util.ArrayDeque;

/**
 * The kernel's {@link StreamSocket}, over {@link elvis.protocol.tcp.Tcp}'s event API. TCP deposits data
 * and readiness here at once (its handler {@link ConnectionHandler#depositsOnly only deposits}); the
 * processes blocked on it are woken from the kernel's upcall drain. A listener hears of connections
 * from the drain too, so it may reset one that finds its accept queue full there and then.
 */
final class TcpSocket extends KernelSocket implements StreamSocket {
    private enum State { OPEN, BOUND, LISTENING, CONNECTING, CONNECTED }

    private static final int MAX_RECEIVE_BUFFER = 65535 << 14;   // RFC 7323's largest window

    private State state = State.OPEN;
    private int port;                        // local port; held in the machine's table unless accepted
    private boolean holdsPort;
    private int sendBuffer, receiveBuffer;   // 0 = the machine's TCP defaults
    private boolean noDelay, reuseAddress;
    private int lingerSeconds = -1;          // SO_LINGER; -1 = off

    private TcpListener listener;
    private ArrayDeque<TcpSocket> acceptQueue;
    private int backlog;

    private TcpConnection connection;
    private final Events events = new Events();
    private Timer connectTimer;
    private final ArrayDeque<Message> received = new ArrayDeque<>(2);
    private long receivedBytes, receiveLimit;
    private boolean paused, peerClosed, readShut, writeShut, gone;
    private Errno error;                     // pending, reported once (SO_ERROR)

    TcpSocket(Process owner) { super(owner); }

    // ---------------------------------------------------------------- options (take effect at once, as in BSD)

    /** SO_SNDBUF: bytes TCP may hold unacknowledged for this socket; a larger one lets a blocked send go on. */
    public void setSendBuffer(int bytes) {
        checkOpen();
        sendBuffer = bufferSize(bytes, Integer.MAX_VALUE);
        if (hasConnection()) {
            connection.setSendBuffer(bytes);
            ready();
        } else if (listener != null) {
            listener.setConfig(config());
        }
    }

    /**
     * SO_RCVBUF: bytes received but not yet read before the advertised window closes; a larger one
     * reopens it at once (up to RFC 7323's largest window, 65535·2^14 bytes).
     */
    public void setReceiveBuffer(int bytes) {
        checkOpen();
        receiveBuffer = bufferSize(bytes, MAX_RECEIVE_BUFFER);
        if (hasConnection()) {
            connection.setReceiveBuffer(bytes);
            receiveLimit = bytes;
            regulateReading();
        } else if (listener != null) {
            listener.setConfig(config());
        }
    }

    /** TCP_NODELAY: disables Nagle's algorithm; what it held back is sent at once. */
    public void setNoDelay(boolean on) {
        checkOpen();
        noDelay = on;
        if (hasConnection()) connection.setNagle(!on);
        else if (listener != null) listener.setConfig(config());
    }

    /**
     * SO_LINGER. On, {@link #close} resets the connection at once, discarding queued data, when
     * {@code seconds} is 0; otherwise it blocks until the peer has acknowledged all queued data and the
     * FIN, at most {@code seconds} of virtual time, after which it resets the connection and throws
     * EWOULDBLOCK. Off (the default), close returns at once and TCP delivers the rest in the background.
     */
    public void setLinger(boolean on, int seconds) {
        checkOpen();
        if (seconds < 0) throw fail(Errno.EINVAL, "linger of " + seconds + " s");
        lingerSeconds = on ? seconds : -1;
    }

    /** SO_REUSEADDR: lets bind take a port that connections (e.g. in TIME-WAIT) still use. */
    public void setReuseAddress(boolean on) {
        checkOpen();
        reuseAddress = on;
    }

    private int bufferSize(int bytes, int max) {
        if (bytes < 1 || bytes > max) throw fail(Errno.EINVAL, "buffer size " + bytes);
        return bytes;
    }

    private boolean hasConnection() { return connection != null && !gone; }

    private TcpConfig config() {
        TcpConfig c = Tcp.of(machine).config();
        if (sendBuffer > 0) c = c.withSendBuffer(sendBuffer);
        if (receiveBuffer > 0) c = c.withReceiveBuffer(receiveBuffer);
        if (noDelay) c = c.withNagle(false);
        return c;
    }

    // ---------------------------------------------------------------- calls

    @Override
    public int localPort() { return port; }

    /** The peer's address, or 0 when not connected. */
    public int remoteAddress() { return connection == null ? 0 : connection.remoteIp(); }

    public int remotePort() { return connection == null ? 0 : connection.remotePort(); }

    /** TCP_INFO: the connection's state and counters, or null without a connection. */
    public TcpInfo info() { return connection == null ? null : connection.info(); }

    /** The connection's live view, or null without a connection. */
    @Override
    public TcpView inspect() { return connection; }

    /**
     * ModNet's yank on the real socket: the last min({@code max}, unsent) never-transmitted bytes,
     * removed (YANK) or copied (PEEK), then the lock applied; a YANK wakes writers blocked on the
     * space it freed. Never blocks (there is no module to wait for), so {@code dontWait} changes
     * nothing; after the connection ended nothing is unsent and the result is empty.
     */
    @Override
    public Message yank(int max, YankOp op, YankLock lock, boolean dontWait) {
        checkOpen();
        if (max < 0) throw fail(Errno.EINVAL, "yank of " + max + " bytes");
        if (state != State.CONNECTED) throw fail(Errno.ENOTCONN, "yank");
        if (!hasConnection()) return Message.EMPTY;
        Message bytes = connection.yank(max, op == YankOp.YANK);
        if (lock != YankLock.NONE) connection.lockSending(lock == YankLock.LOCK);
        if (op == YankOp.YANK && !bytes.isEmpty()) ready();
        return bytes;
    }

    /** SO_ERROR: the pending error, cleared by reading it; null if none. */
    public Errno error() {
        Errno e = error;
        error = null;
        return e;
    }

    @Override
    public void bind(int port) {
        checkOpen();
        if (state != State.OPEN) throw fail(Errno.EINVAL, "bind: already bound");
        this.port = SocketTable.of(machine).bindTcp(port, reuseAddress, this);
        holdsPort = true;
        state = State.BOUND;
    }

    /** Accepts connections; at most {@code backlog} wait for {@link #accept}, later ones are reset. Binds an ephemeral port if unbound. */
    public void listen(int backlog) {
        checkOpen();
        if (state == State.CONNECTING || state == State.CONNECTED) throw fail(Errno.EINVAL, "listen on a connected socket");
        this.backlog = Math.max(1, backlog);
        if (state == State.LISTENING) return;
        if (state == State.OPEN) bind(0);
        try {
            listener = Tcp.of(machine).listen(port, this.backlog, config(), owner.owner(), this::arrived);
        } catch (IllegalStateException e) {
            throw fail(Errno.EADDRINUSE, "listen on port " + port);
        }
        acceptQueue = new ArrayDeque<>();
        state = State.LISTENING;
    }

    /** A handshake completed on the listener: queue the connection for accept, or reset it when the queue is full. */
    private ConnectionHandler arrived(TcpConnection c) {
        TcpSocket s = new TcpSocket(owner);
        s.port = port;
        s.sendBuffer = sendBuffer;
        s.receiveBuffer = receiveBuffer;
        s.noDelay = noDelay;
        s.lingerSeconds = lingerSeconds;
        s.attach(c);
        s.state = State.CONNECTED;
        if (acceptQueue.size() >= backlog) c.abort();        // called from the drain, not inside TCP: at once
        else acceptQueue.add(s);
        ready();
        return s.events;
    }

    /** Waits for a connection and returns it, as the machine's socket factory presents it, owned by the caller. */
    @Override
    public StreamSocket accept() {
        checkOpen();
        if (state != State.LISTENING) throw fail(Errno.EINVAL, "accept on a socket that does not listen");
        awaitUntil(() -> !acceptQueue.isEmpty());
        TcpSocket s = acceptQueue.poll();
        Process caller = owner.caller();
        s.owner = caller != null ? caller : owner;
        // The factory may present it through another kernel socket (a module chain's): that one is what the owner holds.
        StreamSocket presented = SocketFactory.of(machine).accepted(s);
        s.owner.adopt(presented);
        return presented;
    }

    @Override
    public void connect(int address, int port, long timeoutNs) {
        checkOpen();
        switch (state) {
            case CONNECTED -> throw fail(gone ? Errno.EINVAL : Errno.EISCONN, "connect");
            case CONNECTING -> throw fail(Errno.EALREADY, "connect");
            case LISTENING -> throw fail(Errno.EINVAL, "connect on a listening socket");
            case OPEN -> bind(0);
            case BOUND -> { }
        }
        if (port < 1 || port > 65535) throw fail(Errno.EINVAL, "connect to port " + port);
        long deadline = owner.deadline(timeoutNs);
        try {
            attach(Tcp.of(machine).connect(this.port, address, port, config(), owner.owner(), events));
        } catch (IllegalStateException e) {
            throw fail(Errno.EADDRINUSE, "connect from port " + this.port);
        }
        state = State.CONNECTING;
        error = null;
        if (deadline != Long.MAX_VALUE) connectTimer = machine.sim().timer(deadline - machine.sim().now(), this::connectTimedOut);
        if (nonBlocking) throw fail(Errno.EINPROGRESS, "connect to " + Ipv4Address.format(address) + ":" + port);
        awaitUntil(() -> state != State.CONNECTING);
        if (state != State.CONNECTED) throw fail(error(), "connect to " + Ipv4Address.format(address) + ":" + port);
    }

    private void attach(TcpConnection c) {
        connection = c;
        receiveLimit = receiveBuffer > 0 ? receiveBuffer : Tcp.of(machine).config().receiveBuffer();
    }

    private void connectTimedOut() {
        if (state != State.CONNECTING) return;
        error = Errno.ETIMEDOUT;
        connection.abort();
    }

    /**
     * Queues as much of {@code data} as the send buffer takes, waiting until it takes at least one
     * byte; returns the count. EPIPE after {@link #shutdown} or once the connection is gone.
     */
    public int send(Message data) {
        Process waiter = null;
        try {
            while (true) {
                checkWritable();
                int n = connection.send(data);
                if (n > 0 || data.isEmpty()) return n;
                if (waiter == null) waiter = startWaiting();
                await(waiter, Long.MAX_VALUE);
            }
        } finally {
            if (waiter != null) stopWaiting(waiter);
        }
    }

    private void checkWritable() {
        checkOpen();
        if (state != State.CONNECTED) throw fail(Errno.ENOTCONN, "send");
        if (error != null) throw fail(error(), "send");
        if (writeShut || gone) throw fail(Errno.EPIPE, "send");
    }

    /**
     * Returns the next at most {@code max} bytes received, waiting for some; an empty message means
     * the peer closed (end of stream). ENOTCONN unless connected; ECONNRESET once after a reset.
     */
    public Message recv(int max) {
        checkOpen();
        if (max < 0) throw fail(Errno.EINVAL, "recv of " + max + " bytes");
        if (state != State.CONNECTED) throw fail(Errno.ENOTCONN, "recv");
        Process waiter = null;
        try {
            while (true) {
                if (receivedBytes > 0) return take(max);
                if (error != null) throw fail(error(), "recv");
                if (peerClosed || readShut || gone || max == 0) return Message.EMPTY;
                if (waiter == null) waiter = startWaiting();
                await(waiter, Long.MAX_VALUE);
            }
        } finally {
            if (waiter != null) stopWaiting(waiter);
        }
    }

    private Message take(int max) {
        Message out = takeFrom(received, max);
        receivedBytes -= out.length();
        regulateReading();
        return out;
    }

    /** Lets TCP deliver while less than the receive buffer waits here, and stops it (closing its window) at the limit. */
    private void regulateReading() {
        if (gone) return;
        if (paused && receivedBytes < receiveLimit) {
            paused = false;
            connection.resumeReading();
        } else if (!paused && receivedBytes >= receiveLimit) {
            paused = true;
            connection.pauseReading();
        }
    }

    /** Half or full close of the connection (SHUT_RD, SHUT_WR, SHUT_RDWR). */
    public void shutdown(How how) {
        checkOpen();
        if (state != State.CONNECTED) throw fail(Errno.ENOTCONN, "shutdown");
        if (how != How.WRITE) {
            readShut = true;
            received.clear();
            receivedBytes = 0;
        }
        if (how != How.READ && !writeShut) {
            writeShut = true;
            if (!gone) connection.shutdownOutput();
        }
        ready();
    }

    /**
     * Closes the socket: a FIN follows queued data, or a RST if received data was left unread
     * (RFC 1122 §4.2.2.13). With {@link #setLinger SO_LINGER} the close may reset at once or wait.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (connectTimer != null) connectTimer.cancel();
        if (listener != null) {
            listener.close();
            for (TcpSocket s : acceptQueue) s.connection.abort();
            acceptQueue.clear();
        }
        TcpConnection closing = null;
        if (hasConnection()) {
            connection.lockSending(false);                   // a yank's lock ends with the socket: no one could release it
            if (receivedBytes > 0 || lingerSeconds == 0) connection.abort();
            else {
                connection.close();
                if (lingerSeconds > 0) closing = connection;
            }
        }
        if (holdsPort) SocketTable.of(machine).releaseTcp(port);
        released();
        ready();
        if (closing != null) linger(closing);
    }

    /**
     * Blocks the caller until the peer acknowledged our FIN, or resets the connection once the linger
     * time has passed and throws EWOULDBLOCK, as BSD's close does. A caller that cannot block (event
     * code, non-blocking mode, a process ending or killed) returns at once and TCP finishes the close.
     */
    private void linger(TcpConnection c) {
        Process p = owner.caller();
        if (p == null || nonBlocking || !p.canBlock()) return;
        long deadline = p.deadline(lingerSeconds * 1_000_000_000L);
        enlist(p);
        try {
            while (finUnacknowledged(c.state()) && p.now() < deadline) p.park(deadline);
        } finally {
            stopWaiting(p);
        }
        if (finUnacknowledged(c.state())) {
            c.abort();
            throw fail(Errno.EWOULDBLOCK, "close: linger time passed, connection reset");
        }
    }

    private static boolean finUnacknowledged(TcpState s) {
        return s == TcpState.FIN_WAIT_1 || s == TcpState.CLOSING || s == TcpState.LAST_ACK;
    }

    @Override
    public int readiness() {
        if (closed) return PollFd.POLLNVAL;
        int r = error != null ? PollFd.POLLERR : 0;
        if (state == State.LISTENING) {
            if (!acceptQueue.isEmpty()) r |= PollFd.POLLIN;
        } else if (state == State.CONNECTED) {
            if (receivedBytes > 0 || peerClosed || readShut || gone) r |= PollFd.POLLIN;
            if (gone) r |= PollFd.POLLHUP;
            else if (!writeShut && connection.writableBytes() > 0) r |= PollFd.POLLOUT;
        }
        return r;
    }

    @Override
    public String toString() {
        return "tcp " + machine.name() + ":" + port + (connection == null ? ""
                : "->" + Ipv4Address.format(connection.remoteIp()) + ":" + connection.remotePort());
    }

    /** TCP's events for this socket's connection: they deposit into the socket and mark it, nothing more. */
    private final class Events implements ConnectionHandler {
        @Override
        public boolean depositsOnly() { return true; }

        @Override
        public void connected(TcpConnection c) {
            if (connectTimer != null) connectTimer.cancel();
            state = State.CONNECTED;
            ready();
        }

        @Override
        public void data(TcpConnection c, Message data) {
            if (readShut || closed) return;
            received.add(data);
            receivedBytes += data.length();
            regulateReading();
            ready();
        }

        @Override
        public void writable(TcpConnection c) { ready(); }

        @Override
        public void finAcked(TcpConnection c) { ready(); }     // a lingering close may return

        @Override
        public void peerClosed(TcpConnection c) {
            peerClosed = true;
            ready();
        }

        @Override
        public void closed(TcpConnection c, CloseReason reason) {
            if (connectTimer != null) connectTimer.cancel();
            if (state == State.CONNECTING) {         // the handshake failed: the socket may connect again
                state = State.BOUND;
                connection = null;
                if (error == null) error = switch (reason) {
                    case TIMEOUT -> timedOut(c);
                    case REFUSED, RESET -> Errno.ECONNREFUSED;
                    case NORMAL, ABORTED -> Errno.ECONNABORTED;
                };
            } else {
                gone = true;
                if (error == null && !closed) error = switch (reason) {
                    case RESET -> Errno.ECONNRESET;
                    case TIMEOUT -> timedOut(c);
                    case NORMAL, ABORTED, REFUSED -> null;
                };
            }
            ready();
        }
    }

    /** A timeout's error: the soft ICMP error the connection heard, if any, as Linux reports sk_err_soft; else ETIMEDOUT. */
    private static Errno timedOut(TcpConnection c) {
        int soft = c.softError();
        if (soft < 0) return Errno.ETIMEDOUT;
        return (soft >>> 8) == ErrorReporter.DESTINATION_UNREACHABLE && (soft & 0xFF) == ErrorReporter.NET_UNREACHABLE
                ? Errno.ENETUNREACH : Errno.EHOSTUNREACH;
    }
}
