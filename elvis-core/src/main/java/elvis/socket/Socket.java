package elvis.socket;

import elvis.machine.Machine;

import java.util.ArrayList;
import java.util.function.BooleanSupplier;

/**
 * What TCP and UDP sockets share: ownership by a process, the blocking discipline, non-blocking mode
 * and poll readiness. A socket belongs to the process that created or accepted it (or was handed it)
 * and is closed when that process ends.
 */
public abstract sealed class Socket permits StreamSocket, DatagramSocket {
    final Machine machine;
    Process owner;
    boolean nonBlocking, closed;
    // The processes blocked on this socket, in the order they blocked: the first in a field, so the
    // common case of one allocates nothing; the others in a list made when a second one blocks.
    private Process firstWaiter;
    private ArrayList<Process> laterWaiters;

    Socket(Process owner) {
        this.owner = owner;
        this.machine = owner.machine();
    }

    /** In non-blocking mode a call that would block throws EAGAIN (EINPROGRESS for connect). */
    public final void setNonBlocking(boolean on) {
        checkOpen();
        nonBlocking = on;
    }

    public final boolean isNonBlocking() { return nonBlocking; }

    /** The local port, 0 while unbound. */
    public abstract int localPort();

    /** Binds to {@code port}; 0 picks a free ephemeral one. */
    public abstract void bind(int port);

    /** Releases the socket; further calls fail with EBADF. Closing twice is harmless. */
    public abstract void close();

    /** The {@link PollFd} events that hold now. */
    abstract int readiness();

    /**
     * The calling process, which now waits on this socket until {@link #stopWaiting}: it stays in line
     * across every {@link #await} of one blocking call, so waiters are served in the order they came.
     * EAGAIN in non-blocking mode.
     */
    final Process startWaiting() {
        if (nonBlocking) throw fail(Errno.EAGAIN, "call would block");
        Process p = owner.caller();
        if (p == null) throw new IllegalStateException("a blocking socket call needs a process (or non-blocking mode)");
        enlist(p);
        return p;
    }

    /** Blocks the calling process until {@code ready} holds, re-checked after each event on this socket. */
    final void awaitUntil(BooleanSupplier ready) {
        if (ready.getAsBoolean()) return;
        Process p = startWaiting();
        try {
            do await(p, Long.MAX_VALUE); while (!ready.getAsBoolean());
        } finally {
            stopWaiting(p);
        }
    }

    /** Parks {@code p}, a waiter of this socket, until an event on it or the virtual time {@code deadline}; EBADF once closed. */
    final void await(Process p, long deadline) {
        p.park(deadline);
        checkOpen();
    }

    /** Takes {@code p} out of line, at the end of its blocking call. */
    final void stopWaiting(Process p) {
        if (firstWaiter == p) firstWaiter = laterWaiters == null || laterWaiters.isEmpty() ? null : laterWaiters.removeFirst();
        else if (laterWaiters != null) laterWaiters.remove(p);
    }

    /** Adds {@code p} to the waiters unless it is one already (poll may list a socket twice). */
    final void enlist(Process p) {
        if (firstWaiter == null) firstWaiter = p;
        else if (firstWaiter != p && (laterWaiters == null || !laterWaiters.contains(p))) {
            if (laterWaiters == null) laterWaiters = new ArrayList<>(2);
            laterWaiters.add(p);
        }
    }

    /**
     * Tells the processes blocked on this socket, in the order they blocked, that its state changed;
     * each re-checks what it waits for and blocks again, keeping its place, if it is not there yet.
     */
    final void ready() {
        Process first = firstWaiter;
        if (first == null) return;
        if (laterWaiters == null || laterWaiters.isEmpty()) {
            first.wake();
            return;
        }
        // A woken process runs at once and may leave or rejoin the line: wake those waiting now.
        Process[] waiting = new Process[1 + laterWaiters.size()];
        waiting[0] = first;
        for (int i = 1; i < waiting.length; i++) waiting[i] = laterWaiters.get(i - 1);
        for (Process p : waiting) p.wake();
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
