package elvis.socket;

/** The POSIX error numbers the socket API reports, with their usual text. */
public enum Errno {
    EBADF("Bad file descriptor"),
    EINVAL("Invalid argument"),
    EAGAIN("Resource temporarily unavailable"),
    EINPROGRESS("Operation now in progress"),
    EALREADY("Operation already in progress"),
    EADDRINUSE("Address already in use"),
    ECONNREFUSED("Connection refused"),
    ECONNRESET("Connection reset by peer"),
    ECONNABORTED("Software caused connection abort"),
    ETIMEDOUT("Connection timed out"),
    EPIPE("Broken pipe"),
    ENOTCONN("Transport endpoint is not connected"),
    EISCONN("Transport endpoint is already connected"),
    EDESTADDRREQ("Destination address required"),
    EMSGSIZE("Message too long"),
    ENETUNREACH("Network is unreachable"),
    EHOSTUNREACH("No route to host"),
    ENOPROTOOPT("Protocol not available"),
    EOPNOTSUPP("Operation not supported"),
    /** getaddrinfo's "Name or service not known". */
    EAI_NONAME("Name or service not known"),
    /** getaddrinfo's "Temporary failure in name resolution": no name server answered, or all failed. */
    EAI_AGAIN("Temporary failure in name resolution");

    /** The same error as {@link #EAGAIN}, as in POSIX. */
    public static final Errno EWOULDBLOCK = EAGAIN;

    private final String text;

    Errno(String text) { this.text = text; }

    public String text() { return text; }
}
