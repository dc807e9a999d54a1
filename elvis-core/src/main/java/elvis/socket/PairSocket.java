package elvis.socket;

import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.TcpInfo;

import java.util.ArrayDeque;

/**
 * One end of an in-memory connected pair of stream sockets on one machine, the analog of a UNIX-domain
 * {@code socketpair}: what one end sends, the other receives, in order, by reference (messages are
 * never copied). Each direction holds at most a bounded number of unread bytes, so a writer ahead of
 * its reader blocks (backpressure). The blocking discipline, non-blocking mode and poll readiness are
 * the kernel's, as for TCP sockets. {@link #shutdown} WRITE gives the other end one end of stream;
 * {@link #close} with unread data, or {@link #abort}, resets the other end (ECONNRESET after what it
 * has queued, at once for a send), as TCP does. Address calls have nothing to act on: bind, listen and
 * accept fail with EINVAL, connect with EISCONN, addresses are 0, {@link #info} is null. ModNet builds
 * its intermediate sockets from these; {@link Process#socketPair} gives a process one.
 */
public final class PairSocket extends KernelSocket implements StreamSocket {
    /** The default bound of each direction: Linux's default socket buffer (net.core.wmem_default). */
    public static final int DEFAULT_BUFFER = 212_992;

    private PairSocket peer;
    private final ArrayDeque<Message> queue = new ArrayDeque<>(2);    // sent by the peer, unread
    private int queued, capacity;
    private boolean endOfStream, peerGone, readShut, writeShut, lingerZero;
    private Errno error;                     // pending, reported once (SO_ERROR)

    private PairSocket(Machine machine, Process owner, int capacity) {
        super(machine, owner);
        this.capacity = capacity;
    }

    /**
     * A connected pair on {@code machine}, held by no process: for event code, which watches them with
     * {@link SocketWatch}, and processes, which block on them as on any socket. Each direction holds
     * at most {@code bufferBytes} unread.
     */
    public static PairSocket[] open(Machine machine, int bufferBytes) { return open(machine, null, bufferBytes); }

    static PairSocket[] open(Machine machine, Process owner, int bufferBytes) {
        if (bufferBytes < 1) throw new IllegalArgumentException("pair buffer must be at least 1 byte: " + bufferBytes);
        PairSocket a = new PairSocket(machine, owner, bufferBytes), b = new PairSocket(machine, owner, bufferBytes);
        a.peer = b;
        b.peer = a;
        return new PairSocket[] {a, b};
    }

    /** The other end. */
    public PairSocket peer() { return peer; }

    /** Bytes received and not yet read (FIONREAD). */
    public int available() { return queued; }

    /** Whether the other end shut down writing or closed, and everything it sent has been read: a recv returns end of stream. */
    public boolean atEndOfStream() { return queued == 0 && (endOfStream || peerGone); }

    // ---------------------------------------------------------------- options

    /** Bounds the direction this end sends into (SO_SNDBUF of a UNIX socket). */
    @Override
    public void setSendBuffer(int bytes) {
        checkOpen();
        if (bytes < 1) throw fail(Errno.EINVAL, "buffer size " + bytes);
        peer.capacity = bytes;
        ready();
    }

    /** Bounds the direction this end receives from. */
    @Override
    public void setReceiveBuffer(int bytes) {
        checkOpen();
        if (bytes < 1) throw fail(Errno.EINVAL, "buffer size " + bytes);
        capacity = bytes;
        peer.ready();
    }

    /** Nothing to delay: accepted and without effect, as on a UNIX socket. */
    @Override public void setNoDelay(boolean on) { checkOpen(); }

    @Override public void setReuseAddress(boolean on) { checkOpen(); }

    /** Only a zero linger has an effect: {@link #close} then resets the other end. */
    @Override
    public void setLinger(boolean on, int seconds) {
        checkOpen();
        if (seconds < 0) throw fail(Errno.EINVAL, "linger of " + seconds + " s");
        lingerZero = on && seconds == 0;
    }

    // ---------------------------------------------------------------- calls without an address

    @Override public int localPort() { return 0; }
    @Override public int remoteAddress() { return 0; }
    @Override public int remotePort() { return 0; }
    @Override public TcpInfo info() { return null; }

    @Override public void bind(int port) { checkOpen(); throw fail(Errno.EINVAL, "bind on a socket pair"); }
    @Override public void listen(int backlog) { checkOpen(); throw fail(Errno.EINVAL, "listen on a socket pair"); }
    @Override public StreamSocket accept() { checkOpen(); throw fail(Errno.EINVAL, "accept on a socket pair"); }
    @Override public void connect(int address, int port, long timeoutNs) { checkOpen(); throw fail(Errno.EISCONN, "connect on a socket pair"); }

    @Override
    public Errno error() {
        Errno e = error;
        error = null;
        return e;
    }

    // ---------------------------------------------------------------- data

    @Override
    public int send(Message data) {
        Process waiter = null;
        try {
            while (true) {
                checkOpen();
                if (error != null) throw fail(error(), "send");
                if (writeShut || peerGone || peer.readShut) throw fail(Errno.EPIPE, "send");
                int room = peer.capacity - peer.queued;
                if (room > 0 || data.isEmpty()) {
                    int n = Math.min(room, data.length());
                    if (n > 0) peer.deposit(n == data.length() ? data : data.slice(0, n));
                    return n;
                }
                if (waiter == null) waiter = startWaiting();
                await(waiter, Long.MAX_VALUE);
            }
        } finally {
            if (waiter != null) stopWaiting(waiter);
        }
    }

    private void deposit(Message m) {
        queue.add(m);
        queued += m.length();
        ready();
    }

    @Override
    public Message recv(int max) {
        checkOpen();
        if (max < 0) throw fail(Errno.EINVAL, "recv of " + max + " bytes");
        Process waiter = null;
        try {
            while (true) {
                if (queued > 0 && max > 0) return take(max);
                if (error != null) throw fail(error(), "recv");
                if (endOfStream || peerGone || readShut || max == 0) return Message.EMPTY;
                if (waiter == null) waiter = startWaiting();
                await(waiter, Long.MAX_VALUE);
            }
        } finally {
            if (waiter != null) stopWaiting(waiter);
        }
    }

    private Message take(int max) {
        Message out = takeFrom(queue, max);
        queued -= out.length();
        peer.ready();                        // the writer has room again
        return out;
    }

    /**
     * The last at most {@code max} bytes received and not yet read, removed when {@code remove}: the
     * newest data of this direction, where a yank through a module chain starts.
     */
    public Message unreadTail(int max, boolean remove) {
        int n = Math.min(Math.max(max, 0), queued);
        if (n == 0) return Message.EMPTY;
        Message all = Message.EMPTY;
        for (Message m : queue) all = all.isEmpty() ? m : all.concat(m);
        Message tail = all.slice(queued - n);
        if (remove) {
            Message keep = all.slice(0, queued - n);
            queue.clear();
            if (!keep.isEmpty()) queue.add(keep);
            queued -= n;
            peer.ready();
        }
        return tail;
    }

    @Override
    public void shutdown(How how) {
        checkOpen();
        if (how != How.WRITE && !readShut) {
            readShut = true;
            queue.clear();
            queued = 0;
            peer.ready();
        }
        if (how != How.READ && !writeShut) {
            writeShut = true;
            peer.endOfStream = true;
            peer.ready();
        }
        ready();
    }

    /** Closes this end and resets the other: its next send, and its recv once its queue is read, fail with ECONNRESET. */
    public void abort() {
        lingerZero = true;
        close();
    }

    /** Closes this end: the other reads end of stream and its sends fail with EPIPE; with unread data here (or a zero linger) it is reset instead. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        boolean reset = queued > 0 || lingerZero;
        queue.clear();
        queued = 0;
        if (!peer.closed) {
            peer.peerGone = true;
            if (reset && peer.error == null) peer.error = Errno.ECONNRESET;
            peer.ready();
        }
        released();
        ready();
    }

    @Override
    public int readiness() {
        if (closed) return PollFd.POLLNVAL;
        int r = error != null ? PollFd.POLLERR : 0;
        if (queued > 0 || endOfStream || peerGone || readShut) r |= PollFd.POLLIN;
        if (peerGone) r |= PollFd.POLLHUP;
        else if (!writeShut && !peer.readShut && peer.capacity > peer.queued) r |= PollFd.POLLOUT;
        return r;
    }

    @Override
    public String toString() { return "socket pair on " + machine.name(); }
}
