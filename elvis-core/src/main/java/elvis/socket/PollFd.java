package elvis.socket;

/** One entry of {@link Process#poll}: a socket, the events asked for and, after the call, those that occurred. */
public final class PollFd {
    /** Data (or end of stream, or a connection to accept) can be read without blocking. */
    public static final int POLLIN = 0x1;
    /** Data can be sent without blocking. */
    public static final int POLLOUT = 0x4;
    /** An error is pending; always reported. */
    public static final int POLLERR = 0x8;
    /** The connection is gone; always reported. */
    public static final int POLLHUP = 0x10;
    /** The socket is closed; always reported. */
    public static final int POLLNVAL = 0x20;
    /**
     * ModNet's EPOLL_YANK, on a module chain's intermediate socket: a yank it asked for with
     * {@code dontWait}, which failed with EAGAIN while the next module reconstructed, has its result
     * ready; the next yank call on the socket returns it. Reported only when asked for.
     */
    public static final int POLLYANK = 0x40;

    private final Socket socket;
    private final int events;
    private int revents;

    public PollFd(Socket socket, int events) {
        this.socket = socket;
        this.events = events;
    }

    public Socket socket() { return socket; }
    public int events() { return events; }
    public int revents() { return revents; }

    int update() { return revents = socket.readiness() & (events | POLLERR | POLLHUP | POLLNVAL); }
}
