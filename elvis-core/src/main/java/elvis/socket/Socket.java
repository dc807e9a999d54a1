package elvis.socket;

/**
 * What TCP and UDP sockets share: ownership by a process, the blocking discipline, non-blocking mode
 * and poll readiness. A socket belongs to the process that created or accepted it (or was handed it)
 * and is closed when that process ends. Sockets are made by the machine's {@link SocketFactory}, which
 * a module may wrap: the socket an application holds may then be a wrapper ({@link ForwardingStreamSocket},
 * {@link ForwardingDatagramSocket}) around the kernel's.
 */
public interface Socket {
    /** In non-blocking mode a call that would block throws EAGAIN (EINPROGRESS for connect). */
    void setNonBlocking(boolean on);

    boolean isNonBlocking();

    /** The local port, 0 while unbound. */
    int localPort();

    /** Binds to {@code port}; 0 picks a free ephemeral one. */
    void bind(int port);

    /** Releases the socket; further calls fail with EBADF. Closing twice is harmless. */
    void close();

    /** The {@link PollFd} events that hold now. */
    int readiness();

    /** The kernel's socket under any wrappers: the one processes block on. A wrapper returns its delegate's. */
    Socket unwrap();
}
