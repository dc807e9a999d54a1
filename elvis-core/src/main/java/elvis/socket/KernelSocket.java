package elvis.socket;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.machine.Upcall;
import elvis.machine.Upcalls;
import elvis.message.Message;

import java.util.ArrayList;
import java.util.function.BooleanSupplier;

/**
 * The kernel's side of a socket, what {@link TcpSocket}, {@link UdpSocket} and {@link PingSocket} share: ownership by a
 * process, the processes blocked on it and non-blocking mode. Protocols deposit data and readiness
 * here and {@link #ready} only marks the socket; its blocked processes are woken from the kernel's
 * {@link Upcalls} drain, never from inside the protocol code that deposited.
 */
abstract sealed class KernelSocket extends Upcall implements Socket permits TcpSocket, UdpSocket, PingSocket, PairSocket {
    final Machine machine;
    Process owner;                           // null for a socket no process holds (an event module's end of a pair)
    Socket outer = this;                     // what the application holds: this, or the factory's wrapper of it
    boolean nonBlocking, closed;
    // The processes blocked on this socket, in the order they blocked: the first in a field, so the
    // common case of one allocates nothing; the others in a list made when a second one blocks.
    private Process firstWaiter;
    private ArrayList<Process> laterWaiters;
    Upcall watcher;                          // event code told of every change ({@link SocketWatch}); null for most sockets

    KernelSocket(Process owner) {
        this.owner = owner;
        this.machine = owner.machine();
    }

    KernelSocket(Machine machine, Process owner) {
        this.owner = owner;
        this.machine = machine;
    }

    /** In non-blocking mode a call that would block throws EAGAIN (EINPROGRESS for connect). */
    public final void setNonBlocking(boolean on) {
        checkOpen();
        nonBlocking = on;
    }

    public final boolean isNonBlocking() { return nonBlocking; }

    @Override
    public final Socket unwrap() { return this; }

    /** The kernel socket under {@code s}. */
    static KernelSocket of(Socket s) {
        if (s.unwrap() instanceof KernelSocket k) return k;
        throw new IllegalArgumentException(s + " wraps no kernel socket (unwrap() must return its delegate's)");
    }

    /**
     * The calling process, which now waits on this socket until {@link #stopWaiting}: it stays in line
     * across every {@link #await} of one blocking call, so waiters are served in the order they came.
     * EAGAIN in non-blocking mode.
     */
    final Process startWaiting() {
        if (nonBlocking) throw fail(Errno.EAGAIN, "call would block");
        Process p = owner != null ? owner.caller() : Dispatcher.of(machine.sim()).running;
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

    /** Its state changed: marks it, so that its blocked processes are woken from the kernel's upcall drain. */
    final void ready() {
        if (watcher == null) {
            if (firstWaiter != null) Upcalls.of(machine.sim()).mark(this);
            return;
        }
        Upcalls upcalls = Upcalls.of(machine.sim());     // a watched socket (a module's end): one lookup for both marks
        if (firstWaiter != null) upcalls.mark(this);
        upcalls.mark(watcher);
    }

    /**
     * The drain: tells the processes blocked on this socket, in the order they blocked, that its state
     * changed; each re-checks what it waits for and blocks again, keeping its place, if it is not there yet.
     */
    @Override
    protected final void run() {
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
    final void released() { if (owner != null) owner.release(outer); }

    final void moveTo(Process p) {
        if (owner != null) owner.release(outer);
        owner = p;
        p.adopt(outer);
    }

    @Override
    protected final Machine machine() { return machine; }

    @Override
    protected final Application application() { return owner == null ? null : owner.owner(); }

    /**
     * Takes at most {@code max} bytes from the front of a stream socket's queue of unread messages,
     * slicing the last one taken (no copy); the caller adjusts its byte count by the result's length.
     */
    static Message takeFrom(java.util.ArrayDeque<Message> unread, int max) {
        Message out = Message.EMPTY;
        while (max > 0 && !unread.isEmpty()) {
            Message head = unread.poll();
            if (head.length() > max) {
                unread.addFirst(head.slice(max));
                head = head.slice(0, max);
            }
            out = out.concat(head);
            max -= head.length();
        }
        return out;
    }
}
