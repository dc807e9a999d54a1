package elvis.socket;

/** A failed socket call, typed by its {@link Errno}. Uncaught, it fails the process's application. */
public final class ErrnoException extends RuntimeException {
    private final Errno errno;

    public ErrnoException(Errno errno, String call) {
        super(errno + " (" + errno.text() + "): " + call, null, false, false);
        this.errno = errno;
    }

    public Errno errno() { return errno; }
}
