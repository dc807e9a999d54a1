package elvis.socket;

import elvis.machine.Upcall;

/**
 * Event code's view of sockets that processes would block on: a watcher {@link Upcall} is marked on
 * every change of a socket's state (data, space, end of stream, reset, close), and so runs from the
 * kernel's upcall drain, never inside TCP. A socket has at most one watcher; sockets without one pay
 * a null check. ModNet's event-API modules watch their ends this way.
 */
public final class SocketWatch {
    private SocketWatch() { }

    /** From now on {@code watcher} is marked on every change of {@code socket}'s kernel socket; null stops it. */
    public static void set(Socket socket, Upcall watcher) { KernelSocket.of(socket).watcher = watcher; }

    /** Tells the processes blocked on (or polling) {@code socket} that its readiness may have changed, as if its state had. */
    public static void changed(Socket socket) { KernelSocket.of(socket).ready(); }

    /** The process that holds {@code socket} (creator, acceptor or the one it was handed to), or null if no process does. */
    public static Process owner(Socket socket) { return KernelSocket.of(socket).owner; }

    /**
     * Hands {@code socket}'s place in its owner's table to {@code replacement}, which the owner holds
     * instead from now on (closed at its exit): how an application's socket is swapped for the
     * intermediate socket of a module chain it applied to it.
     */
    public static void replace(StreamSocket socket, StreamSocket replacement) {
        KernelSocket k = KernelSocket.of(socket);
        Process owner = k.owner;
        if (owner == null) return;
        owner.release(k.outer);
        k.outer = k;
        owner.adopt(replacement);
    }
}
