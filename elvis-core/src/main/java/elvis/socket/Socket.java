package elvis.socket;

import elvis.machine.Machine;

/**
 * What TCP and UDP sockets share: ownership by a process, the blocking discipline, non-blocking mode
 * and poll readiness. A socket belongs to the process that created or accepted it (or was handed it)
 * and is closed when that process ends.
 */
public abstract sealed class Socket permits StreamSocket, DatagramSocket {
    final Machine machine;
    Process owner;
    Process waiter;                 // the process blocked on this socket, woken by its events
    boolean nonBlocking, closed;

    Socket(Process owner) {
        this.owner = owner;
        this.machine = owner.machine();
    }

    /** In non-blocking mode a call that would block throws EAGAIN (EINPROGRESS for connect). */
    public final void setNonBlocking(boolean on) { nonBlocking = on; }

    public final boolean isNonBlocking() { return nonBlocking; }

    /** The local port, 0 while unbound. */
    public abstract int localPort();

    /** Binds to {@code port}; 0 picks a free ephemeral one. */
    public abstract void bind(int port);

    /** Releases the socket; further calls fail with EBADF. Closing twice is harmless. */
    public abstract void close();

    /** The {@link PollFd} events that hold now. */
    abstract int readiness();

    /** Waits for an event on this socket or the virtual time {@code deadline}; EAGAIN in non-blocking mode. */
    final void await(long deadline) {
        if (nonBlocking) throw fail(Errno.EAGAIN, "call would block");
        Process p = owner.caller();
        if (p == null) throw new IllegalStateException("a blocking socket call needs a process (or non-blocking mode)");
        waiter = p;
        try {
            p.park(deadline);
        } finally {
            waiter = null;
        }
        checkOpen();
    }

    /** Tells a process blocked on this socket that its state changed. */
    final void ready() {
        Process w = waiter;
        if (w != null) w.wake();
    }

    final void checkOpen() {
        if (closed) throw fail(Errno.EBADF, "socket is closed");
    }

    final ErrnoException fail(Errno errno, String what) { return new ErrnoException(errno, what + " on " + this); }

    /** Forgets the socket in its owner's table (on close). */
    final void released() { owner.release(this); }

    final void moveTo(Process p) {
        owner.release(this);
        owner = p;
        p.adopt(this);
    }
}
