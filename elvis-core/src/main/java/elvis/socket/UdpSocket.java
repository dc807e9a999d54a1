package elvis.socket;

import elvis.protocol.udp.Udp;
import elvis.message.Message;
import elvis.protocol.ipv4.ErrorReporter;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.udp.DatagramHandler;
import elvis.protocol.udp.UdpSession;

import java.util.ArrayDeque;

/**
 * The kernel's {@link DatagramSocket}, over {@link elvis.protocol.udp.Udp}: UDP deposits each datagram
 * here at once (its handler {@link DatagramHandler#depositsOnly only deposits}); the processes blocked
 * on it are woken from the kernel's upcall drain. A datagram that would overflow the receive buffer is
 * dropped and counted ({@link Drop#SOCKET_BUFFER}).
 */
final class UdpSocket extends KernelSocket implements DatagramSocket, DatagramHandler {
    /** Errors kept for {@link #recvError} before more are dropped, as Linux bounds the error queue by the receive buffer. */
    private static final int ERROR_QUEUE_LIMIT = 64;
    private UdpSession session;
    private int peerAddress, peerPort;       // set by connect; port 0 = not connected
    private final ArrayDeque<Datagram> queue = new ArrayDeque<>(2);
    private long queuedBytes;
    private int receiveBuffer = DEFAULT_RECEIVE_BUFFER;
    private int ttl = Ipv4.DEFAULT_TTL;
    private Errno pendingError;              // an ICMP error for the connected peer, for the next call (Linux's sk_err)
    private ArrayDeque<SocketError> errorQueue;   // IP_RECVERR on: every ICMP error, for recvError; null when off

    UdpSocket(Process owner) { super(owner); }

    /** SO_RCVBUF: bytes of datagrams kept for {@link #recvfrom}. */
    public void setReceiveBuffer(int bytes) {
        checkOpen();
        if (bytes < 1) throw fail(Errno.EINVAL, "buffer size " + bytes);
        receiveBuffer = bytes;
    }

    @Override
    public void setTtl(int ttl) {
        checkOpen();
        if (ttl < 1 || ttl > 255) throw fail(Errno.EINVAL, "IP_TTL " + ttl);
        this.ttl = ttl;
    }

    @Override
    public int localPort() { return session == null ? 0 : session.localPort(); }

    @Override
    public void bind(int port) {
        checkOpen();
        if (session != null) throw fail(Errno.EINVAL, "bind: already bound");
        if (port < 0 || port > 65535) throw fail(Errno.EINVAL, "bind to port " + port);
        try {
            session = Udp.of(machine).bind(port, owner.owner(), this);
        } catch (IllegalStateException e) {
            throw fail(Errno.EADDRINUSE, "bind to port " + port);
        }
    }

    /** Sets the default destination and accepts datagrams from it alone; binds an ephemeral port if unbound. */
    public void connect(int address, int port) {
        checkOpen();
        if (port < 1 || port > 65535) throw fail(Errno.EINVAL, "connect to port " + port);
        if (session == null) bind(0);
        peerAddress = address;
        peerPort = port;
    }

    /** Sends to the connected peer; EDESTADDRREQ if not connected. */
    public int send(Message data) {
        checkOpen();
        if (peerPort == 0) throw fail(Errno.EDESTADDRREQ, "send");
        return sendto(data, peerAddress, peerPort);
    }

    /** Sends one datagram (binding an ephemeral port if unbound) and returns its length; UDP never blocks. */
    public int sendto(Message data, int address, int port) {
        checkOpen();
        if (port < 1 || port > 65535) throw fail(Errno.EINVAL, "sendto port " + port);
        if (data.length() > MAX_PAYLOAD) throw fail(Errno.EMSGSIZE, "sendto of " + data.length() + " bytes");
        if (session == null) bind(0);
        reportPendingError();
        if (!session.sendTo(address, port, data, ttl)) throw fail(Errno.ENETUNREACH, "sendto " + Ipv4Address.format(address));
        return data.length();
    }

    /** The next datagram, its data cut to {@code max} bytes, waiting for one. */
    public Datagram recvfrom(int max) {
        checkOpen();
        if (max < 0) throw fail(Errno.EINVAL, "recv of " + max + " bytes");
        awaitUntil(() -> !queue.isEmpty() || pendingError != null);
        reportPendingError();
        Datagram d = queue.poll();
        queuedBytes -= d.data().length();
        return d.data().length() <= max ? d : new Datagram(d.data().slice(0, max), d.address(), d.port());
    }

    /** UDP's handler: deposits the datagram and marks the socket, nothing more. */
    @Override
    public boolean depositsOnly() { return true; }

    @Override
    public void datagram(Message data, int address, int port) {
        if (peerPort != 0 && (address != peerAddress || port != peerPort)) return;   // connected: others are ignored
        if (queuedBytes + data.length() > receiveBuffer) {
            machine.drop(SocketDrop.SOCKET_BUFFER);
            return;
        }
        queue.add(new Datagram(data, address, port));
        queuedBytes += data.length();
        ready();
    }

    @Override
    public void setReceiveErrors(boolean on) {
        checkOpen();
        errorQueue = on ? (errorQueue != null ? errorQueue : new ArrayDeque<>(2)) : null;
    }

    @Override
    public SocketError recvError(long timeoutNs) {
        checkOpen();
        if (errorQueue == null) throw fail(Errno.EINVAL, "recvError without IP_RECVERR");
        long deadline = owner.deadline(timeoutNs);
        if (errorQueue.isEmpty() && timeoutNs != 0) {
            Process p = startWaiting();
            try {
                while (errorQueue != null && errorQueue.isEmpty() && machine.sim().now() < deadline) await(p, deadline);
            } finally {
                stopWaiting(p);
            }
        }
        return errorQueue == null ? null : errorQueue.poll();
    }

    /**
     * Linux's rules for a UDP socket's ICMP errors: with IP_RECVERR each goes to the error queue;
     * without, a connected socket takes the hard ones about its peer (port, protocol unreachable,
     * administratively prohibited) and fails its next call with them; the rest are ignored.
     */
    @Override
    public void unreachable(int type, int code, int reporter, int dstIp, int dstPort) {
        if (errorQueue != null) {
            if (errorQueue.size() == ERROR_QUEUE_LIMIT) {
                machine.drop(SocketDrop.SOCKET_BUFFER);
                return;
            }
            errorQueue.add(new SocketError(type, code, reporter, dstIp, dstPort, machine.sim().now()));
            ready();
            return;
        }
        if (peerPort == 0 || dstIp != peerAddress || dstPort != peerPort || type != ErrorReporter.DESTINATION_UNREACHABLE) return;
        Errno e = switch (code) {
            case ErrorReporter.PORT_UNREACHABLE -> Errno.ECONNREFUSED;
            case ErrorReporter.PROTOCOL_UNREACHABLE -> Errno.ENOPROTOOPT;
            case ErrorReporter.ADMIN_PROHIBITED -> Errno.EHOSTUNREACH;
            default -> null;
        };
        if (e == null) return;
        pendingError = e;
        ready();
    }

    private void reportPendingError() {
        Errno e = pendingError;
        if (e == null) return;
        pendingError = null;
        throw fail(e, "ICMP error from " + Ipv4Address.format(peerAddress) + ":" + peerPort);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (session != null) session.close();
        queue.clear();
        released();
        ready();
    }

    @Override
    public int readiness() {
        if (closed) return PollFd.POLLNVAL;
        int events = queue.isEmpty() ? PollFd.POLLOUT : PollFd.POLLOUT | PollFd.POLLIN;
        if (pendingError != null) events |= PollFd.POLLIN | PollFd.POLLERR;       // a recv returns the error at once
        if (errorQueue != null && !errorQueue.isEmpty()) events |= PollFd.POLLERR;
        return events;
    }

    @Override
    public String toString() { return "udp " + machine.name() + ":" + localPort(); }
}
