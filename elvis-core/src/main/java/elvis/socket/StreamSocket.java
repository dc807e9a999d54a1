package elvis.socket;

import elvis.message.Message;
import elvis.protocol.tcp.TcpInfo;
import elvis.protocol.tcp.TcpView;

/**
 * A TCP socket with BSD semantics over {@link elvis.protocol.tcp.Tcp}'s event API. Data is never
 * copied: {@link #recv} returns slices of the received segments and {@link #send} queues a slice of
 * the caller's message. Received data waits in the socket; beyond the receive buffer, TCP stops
 * delivering and its advertised window closes, so a slow reader slows the sender as in a real stack.
 * Made by {@link Process#streamSocket()} through the machine's {@link SocketFactory}.
 */
public interface StreamSocket extends Socket {
    /** How {@link #shutdown} closes the connection. */
    enum How { READ, WRITE, BOTH }

    /** SO_SNDBUF: bytes TCP may hold unacknowledged for this socket; a larger one lets a blocked send go on. */
    void setSendBuffer(int bytes);

    /**
     * SO_RCVBUF: bytes received but not yet read before the advertised window closes; a larger one
     * reopens it at once (up to RFC 7323's largest window, 65535·2^14 bytes).
     */
    void setReceiveBuffer(int bytes);

    /** TCP_NODELAY: disables Nagle's algorithm; what it held back is sent at once. */
    void setNoDelay(boolean on);

    /**
     * SO_LINGER. On, {@link #close} resets the connection at once, discarding queued data, when
     * {@code seconds} is 0; otherwise it blocks until the peer has acknowledged all queued data and the
     * FIN, at most {@code seconds} of virtual time, after which it resets the connection and throws
     * EWOULDBLOCK. Off (the default), close returns at once and TCP delivers the rest in the background.
     */
    void setLinger(boolean on, int seconds);

    /** SO_REUSEADDR: lets bind take a port that connections (e.g. in TIME-WAIT) still use. */
    void setReuseAddress(boolean on);

    /** What a {@link #yank} does with the bytes it selects (ModNet's YANK and PEEK). */
    enum YankOp { YANK, PEEK }

    /** What a {@link #yank} does to transmission afterwards (ModNet's YANK_LOCK, YANK_UNLOCK, YANK_NONE). */
    enum YankLock { LOCK, UNLOCK, NONE }

    /**
     * Revocation (ModNet's {@code modnet_yank}): selects the last min({@code max}, unsent) bytes queued
     * on this socket that TCP has never transmitted, so the caller can cut the unsent data at an offset
     * it chose after a PEEK. YANK removes them (the receiver then gets the stream up to the cut followed
     * by whatever is sent next, with no gap); PEEK returns the same bytes and leaves them queued. A byte
     * transmitted once (below SND.MAX), even unacknowledged or being retransmitted, is never returned
     * or removed. LOCK stops transmission of new data (retransmissions go on) until a later UNLOCK, so
     * a PEEK and the YANK after it see the same bytes. On a module chain's intermediate socket the
     * request goes to the next module, which reconstructs its input into a bounded yank buffer: the
     * result may be partial, EOPNOTSUPP if that module does not take yanks, EAGAIN with
     * {@code dontWait} instead of blocking. EOPNOTSUPP on sockets that cannot yank.
     */
    default Message yank(int max, YankOp op, YankLock lock, boolean dontWait) {
        throw new ErrnoException(Errno.EOPNOTSUPP, "yank");
    }

    /**
     * A live, read-only view of the real TCP connection under this socket (ModNet's mapped socket
     * state), also from any intermediate socket of a module chain; null without a connection.
     */
    default TcpView inspect() { return null; }

    /** The peer's address, or 0 when not connected. */
    int remoteAddress();

    int remotePort();

    /** TCP_INFO: the connection's state and counters, or null without a connection. */
    TcpInfo info();

    /** SO_ERROR: the pending error, cleared by reading it; null if none. */
    Errno error();

    /** Accepts connections; at most {@code backlog} wait for {@link #accept}, later ones are reset. Binds an ephemeral port if unbound. */
    void listen(int backlog);

    /** Waits for a connection and returns it as a new socket owned by the caller. */
    StreamSocket accept();

    default void connect(int address, int port) { connect(address, port, Process.FOREVER); }

    /**
     * Opens a connection to address:port (binding an ephemeral port if unbound), waiting at most
     * {@code timeoutNs} of virtual time ({@link Process#FOREVER}: until TCP gives up) before ETIMEDOUT.
     * Non-blocking, it throws EINPROGRESS; poll for {@link PollFd#POLLOUT} and read {@link #error}.
     */
    void connect(int address, int port, long timeoutNs);

    /**
     * Queues as much of {@code data} as the send buffer takes, waiting until it takes at least one
     * byte; returns the count. EPIPE after {@link #shutdown} or once the connection is gone.
     */
    int send(Message data);

    /** Sends all of {@code data}, waiting for buffer space as needed (in non-blocking mode, EAGAIN may follow a partial send). */
    default void sendAll(Message data) {
        while (!data.isEmpty()) data = data.slice(send(data));
    }

    /**
     * Returns the next at most {@code max} bytes received, waiting for some; an empty message means
     * the peer closed (end of stream). ENOTCONN unless connected; ECONNRESET once after a reset.
     */
    Message recv(int max);

    /** recv with MSG_WAITALL: exactly {@code n} bytes, or fewer only when the stream ends first. */
    default Message recvAll(int n) {
        Message all = Message.EMPTY;
        while (all.length() < n) {
            Message m = recv(n - all.length());
            if (m.isEmpty()) break;
            all = all.concat(m);
        }
        return all;
    }

    /** Half or full close of the connection (SHUT_RD, SHUT_WR, SHUT_RDWR). */
    void shutdown(How how);

    /**
     * Closes the socket: a FIN follows queued data, or a RST if received data was left unread
     * (RFC 1122 §4.2.2.13). With {@link #setLinger SO_LINGER} the close may reset at once or wait.
     */
    @Override
    void close();
}
