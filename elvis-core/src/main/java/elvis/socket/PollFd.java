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
